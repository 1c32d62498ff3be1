import { FamilyRegistry } from '@refinery/core'
import {
  assertSplit,
  type ContaminationReport,
  checkTrajectoryFile,
  contaminationFile,
  EvaluationReference,
} from '@refinery/dataset'
import type { Command } from 'commander'
import { unknownFamilyHint } from '../config'
import { type Io, lineList, parseIntegerOption, usage } from '../io'
import type { CommandContext } from '../main'
import { lineProgress } from '../progress'
import { assertReadable } from './files'

interface CheckFlags {
  json?: boolean
  against?: string
  limit?: string
  families?: string
  templateSample: string
  quiet?: boolean
}

export function registerCheck(program: Command, context: CommandContext): void {
  const { io, registry } = context
  program
    .command('check')
    .description(
      'check a trajectories file: schema, replay on a fresh environment, error→refine pairs, loss mask; with --against, contamination against an evaluation split instead',
    )
    .argument('<file>', 'a refinery.trajectory.v1 JSONL file')
    .option('--json', 'print the report as JSON')
    .option(
      '--against <split>',
      'report contamination against this split of every registered family (Llama 2 method: 10-gram overlap; clean < 20%, dirty > 80%; exact 13-gram hits)',
    )
    .option('--limit <n>', 'with --against: split tasks per family (default: all)')
    .option(
      '--families <ids>',
      'with --against: only these families (comma-separated; default: all)',
    )
    .option(
      '--template-sample <n>',
      'with --against: train tasks per family whose oracle episodes count as template',
      '200',
    )
    .option('--quiet', 'no progress report')
    .action(async (file: string, options: CheckFlags) => {
      const path = await assertReadable(io, file)
      if (options.against !== undefined) return contamination(context, file, path, options)
      const progress = await lineProgress(io, path, 'check', options)
      const report = await checkTrajectoryFile(path, registry, { onLine: progress.tick }).finally(
        () => progress.stop(),
      )
      if (options.json) io.stdout(`${JSON.stringify(report, null, 2)}\n`)
      else {
        for (const failure of report.failures) {
          io.stdout(
            `line ${failure.line}${failure.id ? ` (${failure.id})` : ''}: ${failure.problems.join('; ')}\n`,
          )
        }
        io.stdout(`${report.passed} of ${report.total} records pass.\n`)
      }
      if (report.failures.length > 0 || report.total === 0) {
        if (report.total === 0) io.stderr(`refinery: ${file} holds no records.\n`)
        else {
          const unknown = report.failures.some((f) =>
            f.problems.some((p) => /unknown family/.test(p)),
          )
          const hint = unknown ? ` ${unknownFamilyHint(registry.ids())}` : ''
          io.stderr(
            `refinery: ${report.failures.length} of ${report.total} records fail, on ${lineList(report.failures.map((f) => f.line))}.${hint}\n`,
          )
        }
        context.setExitCode(1)
      }
    })
}

async function contamination(
  context: CommandContext,
  file: string,
  path: string,
  options: CheckFlags,
): Promise<void> {
  const { io } = context
  const split = assertSplit(options.against!)
  const registry =
    options.families === undefined ? context.registry : only(context, options.families)
  const limit =
    options.limit === undefined ? undefined : parseIntegerOption('limit', options.limit, 1)
  const templateSample = parseIntegerOption('template-sample', options.templateSample, 0)
  if (!options.quiet)
    io.stderr(
      `refinery: running the ${split} split of ${registry.ids().join(', ')} for reference…\n`,
    )
  const reference = await EvaluationReference.fromRegistry(registry, {
    split,
    templateSample,
    ...(limit === undefined ? {} : { limit }),
  })
  const progress = await lineProgress(io, path, 'contamination', options)
  const report = await contaminationFile(path, reference, { split, onLine: progress.tick }).finally(
    () => progress.stop(),
  )
  if (options.json)
    io.stdout(`${JSON.stringify({ ...report, reference: reference.episodes }, null, 2)}\n`)
  else printContamination(io, report)
  const dirty = report.flagged.filter((f) => f.verdict === 'dirty')
  if (dirty.length > 0) {
    io.stderr(
      `refinery: ${dirty.length} of ${report.total} records of ${file} are dirty against the ${split} split, on ${lineList(dirty.map((d) => d.line))}.\n`,
    )
    context.setExitCode(1)
  } else if (report.total === 0) {
    io.stderr(`refinery: ${file} holds no records.\n`)
    context.setExitCode(1)
  }
}

function printContamination(io: Io, report: ContaminationReport): void {
  const rows = Object.entries(report.families).map(([id, f]) => [
    id,
    String(f.records),
    String(f.clean),
    String(f.mixed),
    String(f.dirty),
    String(f.exactHitRecords),
    f.meanRatio.toFixed(3),
  ])
  io.stdout(
    table([
      ['family', 'records', 'clean', 'mixed', 'dirty', '13-gram hits', 'mean ratio'],
      ...rows,
    ]),
  )
  for (const f of report.flagged) {
    io.stdout(
      `line ${f.line} (${f.id}): ${f.verdict}, ${(f.ratio * 100).toFixed(1)}% contaminated, ${f.exactHits} exact 13-gram hits\n`,
    )
  }
  io.stdout(
    `${report.total - report.flagged.length} of ${report.total} records are clean against the ${report.split} split.\n`,
  )
}

/** Rows as aligned columns, the first row a header. */
export function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)))
  return rows
    .map((r) =>
      r
        .map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
        .join('  '),
    )
    .join('\n')
    .concat('\n')
}

/** The registry narrowed to `--families`; an unknown id gets the registry's one-line error. */
function only(context: CommandContext, list: string): FamilyRegistry {
  const ids = list
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean)
  if (ids.length === 0) throw usage('--families must name at least one family, got none.')
  return new FamilyRegistry(ids.map((id) => context.registry.get(id)))
}
