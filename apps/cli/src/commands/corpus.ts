import { dedupFile, mixFiles, selectFile, statsFile } from '@refinery/dataset'
import type { Command } from 'commander'
import { type Io, lineList, parseIntegerOption, parseNumberOption } from '../io'
import type { CommandContext } from '../main'
import { lineProgress } from '../progress'
import { table } from './check'
import { assertReadable, prepareOutputs } from './files'

/** `dedup`, `select`, `mix` and `stats`: whole-file operations on trajectory JSONL. */
export function registerCorpus(program: Command, context: CommandContext): void {
  const { io } = context
  program
    .command('dedup')
    .description(
      'remove near-duplicate trajectories (MinHash-LSH over word 5-grams), keeping the first of each group',
    )
    .argument('<file>', 'a refinery.trajectory.v1 JSONL file')
    .requiredOption('--out <file>', 'where to write the kept records')
    .option(
      '--threshold <jaccard>',
      'Jaccard similarity at or above which a record is a near duplicate',
      '0.8',
    )
    .option('--force', 'replace an existing output')
    .option('--quiet', 'no progress report')
    .option('--json', 'print the report as JSON')
    .action(
      async (
        file: string,
        o: { out: string; threshold: string; force?: boolean; quiet?: boolean; json?: boolean },
      ) => {
        const threshold = parseNumberOption('threshold', o.threshold, Number.MIN_VALUE, 1)
        const input = await assertReadable(io, file)
        const [output] = await prepareOutputs(io, [o.out], [input], o.force)
        const progress = await lineProgress(io, input, 'dedup', o)
        const report = await dedupFile(input, output!, {
          threshold,
          onLine: progress.tick,
        }).finally(() => progress.stop())
        if (o.json) io.stdout(`${JSON.stringify(report, null, 2)}\n`)
        else
          io.stdout(
            `Kept ${report.kept} of ${report.records} records in ${o.out}; removed ${report.removed.length} near duplicates (Jaccard ≥ ${threshold}, ${report.bands} bands of ${report.rows}).\n`,
          )
        skippedLines(context, file, report.skipped)
      },
    )

  program
    .command('select')
    .description(
      'select a diverse, good subset: k-center greedy over hashed n-gram vectors, weighted by quality signals that need no LLM',
    )
    .argument('<file>', 'a refinery.trajectory.v1 JSONL file')
    .requiredOption('--count <n>', 'records to keep')
    .requiredOption('--out <file>', 'where to write the selected records')
    .option('--min-quality <q>', 'never pick a record below this quality (0 to 1)', '0')
    .option('--force', 'replace an existing output')
    .option('--quiet', 'no progress report')
    .option('--json', 'print the report as JSON')
    .action(
      async (
        file: string,
        o: {
          count: string
          out: string
          minQuality: string
          force?: boolean
          quiet?: boolean
          json?: boolean
        },
      ) => {
        const count = parseIntegerOption('count', o.count, 1)
        const minQuality = parseNumberOption('min-quality', o.minQuality, 0, 1)
        const input = await assertReadable(io, file)
        const [output] = await prepareOutputs(io, [o.out], [input], o.force)
        const progress = await lineProgress(io, input, 'select', o)
        const report = await selectFile(input, output!, {
          count,
          minQuality,
          onLine: progress.tick,
        }).finally(() => progress.stop())
        if (o.json) io.stdout(`${JSON.stringify(report, null, 2)}\n`)
        else
          io.stdout(
            `Selected ${report.selected} of ${report.records} records into ${o.out} (mean quality ${report.meanQuality.selected}, all ${report.meanQuality.all}).\n`,
          )
        skippedLines(context, file, report.skipped)
      },
    )

  program
    .command('mix')
    .description(
      'mix trajectories with a general chat dataset (ShareGPT or OpenAI messages JSONL) into OpenAI chat JSONL, agent examples a share η',
    )
    .argument('<file>', 'a refinery.trajectory.v1 JSONL file')
    .requiredOption('--with <file>', 'the general chat JSONL')
    .requiredOption('--out <file>', 'where to write the mixed OpenAI chat JSONL')
    .option('--ratio <eta>', 'share of agent examples in the output (AgentTuning: 0.2)', '0.2')
    .option('--seed <n>', 'seed of the sample and the interleaving', '0')
    .option('--force', 'replace an existing output')
    .option('--quiet', 'no progress report')
    .option('--json', 'print the report as JSON')
    .action(
      async (
        file: string,
        o: {
          with: string
          out: string
          ratio: string
          seed: string
          force?: boolean
          quiet?: boolean
          json?: boolean
        },
      ) => {
        const ratio = parseNumberOption('ratio', o.ratio, Number.MIN_VALUE, 1)
        const seed = parseIntegerOption('seed', o.seed, 0)
        const agent = await assertReadable(io, file)
        const general = await assertReadable(io, o.with)
        const [output] = await prepareOutputs(io, [o.out], [agent, general], o.force)
        const progress = await lineProgress(io, agent, 'mix', o)
        const report = await mixFiles(agent, general, output!, {
          ratio,
          seed,
          onLine: progress.tick,
        }).finally(() => progress.stop())
        if (o.json) io.stdout(`${JSON.stringify(report, null, 2)}\n`)
        else
          io.stdout(
            `Wrote ${report.written} examples to ${o.out}: ${report.agent} agent, ${report.general.used} general (η = ${ratio}).\n`,
          )
        if (report.general.used < report.general.wanted) {
          io.stderr(
            `refinery: η = ${ratio} wants ${report.general.wanted} general examples but ${o.with} holds ${report.general.available}; all were used.\n`,
          )
        }
        const [first] = report.skipped
        if (first) {
          io.stderr(
            `refinery: skipped ${report.skipped.length} line${report.skipped.length === 1 ? '' : 's'}; ${first.file} line ${first.line}: ${first.problem}.\n`,
          )
          context.setExitCode(1)
        }
      },
    )

  program
    .command('stats')
    .description(
      'statistics of a trajectories file: turns, error kinds, families, personas, verbs, distinct-n',
    )
    .argument('<file>', 'a refinery.trajectory.v1 JSONL file')
    .option('--json', 'print the statistics as JSON')
    .option('--quiet', 'no progress report')
    .action(async (file: string, o: { json?: boolean; quiet?: boolean }) => {
      const input = await assertReadable(io, file)
      const progress = await lineProgress(io, input, 'stats', o)
      const s = await statsFile(input, { onLine: progress.tick }).finally(() => progress.stop())
      if (o.json) {
        io.stdout(`${JSON.stringify(s, null, 2)}\n`)
        return
      }
      printStats(io, s)
    })
}

function skippedLines(
  context: CommandContext,
  file: string,
  skipped: { line: number; problem: string }[],
): void {
  const [first] = skipped
  if (!first) return
  context.io.stderr(
    `refinery: skipped ${lineList(skipped.map((s) => s.line))} of ${file}; line ${first.line}: ${first.problem}.\n`,
  )
  context.setExitCode(1)
}

function printStats(io: Io, s: Awaited<ReturnType<typeof statsFile>>): void {
  const summary = (x: { min: number; max: number; mean: number }) => `${x.mean} (${x.min}–${x.max})`
  io.stdout(
    table([
      ['', 'value'],
      ['records', String(s.records)],
      ['invalid lines', String(s.invalidLines)],
      ['successful', String(s.successes)],
      ['verified', String(s.verified)],
      ['assistant turns per record', summary(s.turns)],
      ['error→refine pairs', summary(s.errorRefinePairs)],
      ['masked turns', `${s.maskedTurns} of ${s.assistantTurns}`],
      [
        'thought distinct-1 / distinct-2',
        `${s.thoughtDistinct.distinct1} / ${s.thoughtDistinct.distinct2}`,
      ],
    ]),
  )
  for (const [title, counts] of [
    ['family', s.families],
    ['error kind', s.errorKinds],
    ['persona', s.personas],
    ['verb', s.verbs],
  ] as const) {
    const entries = Object.entries(counts).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    if (entries.length === 0) continue
    const shown = entries.slice(0, 15).map(([k, v]) => [k, String(v)])
    if (entries.length > 15) shown.push([`… ${entries.length - 15} more`, ''])
    io.stdout(`\n${table([[title, 'count'], ...shown])}`)
  }
}
