import { join, resolve } from 'node:path'
import { stableHash } from '@refinery/core'
import { checkOutput } from '@refinery/dataset'
import type { ClientStats } from '@refinery/llm'
import {
  type ExistingOutput,
  GROUNDED_FAMILY_ID,
  groundedMode,
  groundedRegistry,
  type Persona,
  parseShard,
  proceduralMode,
  readPersonas,
  runSynthesis,
  SYNTH_MODES,
  SynthConfig,
  type SynthMode,
  type SynthProgress,
  type SynthSummary,
} from '@refinery/synth'
import { SingleBar } from 'cli-progress'
import type { Command } from 'commander'
import type { Io } from '../io'
import { parseIntegerOption, usage } from '../io'
import type { CommandContext } from '../main'
import { ensureOutputDir } from './files'
import { type ModelFlags, modelClient, withModelFlags } from './model'

interface SynthOptions extends ModelFlags {
  mode: string
  count: string
  seed: string
  families?: string
  out: string
  personas?: string
  shard?: string
  concurrency: string
  resume?: boolean
  force?: boolean
  quiet?: boolean
  repairs: string
}

/** What a run writes into `--out`. */
const OUTPUTS = ['trajectories.jsonl', 'summary.json'] as const
/** The most trajectories one run may ask for. */
const MAX_COUNT = 10_000_000

export function registerSynth(program: Command, context: CommandContext): void {
  const { io, registry, setExitCode } = context
  const command = program
    .command('synth')
    .description('synthesise verified refinement trajectories (offline procedural mode by default)')
    .option('--mode <mode>', `synthesis mode: ${SYNTH_MODES.join(', ')}`, 'procedural')
    .option('--count <n>', 'number of trajectory slots (all shards together)', '20')
    .option('--seed <s>', 'seed of every random choice', '0')
    .option('--families <ids>', 'comma-separated family ids (default: all)')
    .option('--out <dir>', 'output directory', 'out/synth')
    .option('--personas <file>', 'personas, one per line or Persona Hub JSONL')
    .option('--shard <i/N>', 'write only slice i of N (0-based); slices concatenate to the whole')
    .option('--concurrency <n>', 'episodes at once', '1')
    .option('--resume', 'continue the run in --out where it stopped')
    .option('--force', 'overwrite a run already in --out')
    .option('--quiet', 'no progress display')
    .option('--repairs <n>', 'grounded: repair requests after an invalid world', '2')
  withModelFlags(command).action(async (options: SynthOptions) => {
    if (!SYNTH_MODES.includes(options.mode as (typeof SYNTH_MODES)[number])) {
      throw usage(
        `--mode '${options.mode}' is not available; this build supports: ${SYNTH_MODES.join(', ')}.`,
      )
    }
    if (options.resume && options.force) throw usage('--resume and --force exclude each other.')
    const grounded = options.mode === 'grounded'
    if (grounded && options.families !== undefined)
      throw usage('--families does not apply to --mode grounded: its teacher writes the worlds.')
    const families = grounded
      ? [GROUNDED_FAMILY_ID]
      : options.families === undefined
        ? registry.ids()
        : options.families
            .split(',')
            .map((id) => id.trim())
            .filter(Boolean)
    if (families.length === 0)
      throw usage(
        `--families must name at least one family, got '${options.families}'; see 'refinery envs'.`,
      )
    const runRegistry = grounded ? groundedRegistry() : registry
    for (const id of families) runRegistry.get(id)
    let personas: Persona[] | undefined
    if (options.personas) personas = await readPersonas(resolve(io.cwd, options.personas))
    const parsed = SynthConfig.safeParse({
      mode: options.mode,
      count: parseIntegerOption('count', options.count, 1, MAX_COUNT),
      seed: parseIntegerOption('seed', options.seed),
      families,
      ...(options.shard ? { shard: parseShard(options.shard) } : {}),
      personas: personas ? stableHash(personas.map((p) => p.description)) : null,
    })
    if (!parsed.success)
      throw usage(
        `invalid synth settings: ${parsed.error.issues[0]?.message ?? 'unknown problem'}.`,
      )
    const concurrency = parseIntegerOption('concurrency', options.concurrency, 1)
    const repairs = parseIntegerOption('repairs', options.repairs, 0, 20)
    const outDir = await ensureOutputDir(io, options.out)
    // Existing outputs are refused (one line naming --force) unless resumed or forced.
    if (!options.resume) {
      for (const name of OUTPUTS)
        await checkOutput(join(outDir, name), {
          label: join(options.out, name),
          force: Boolean(options.force),
        })
    }
    const existing: ExistingOutput = options.resume ? 'resume' : options.force ? 'force' : 'refuse'
    // Only an LLM mode makes a client (and so reads the model flags).
    const client = grounded ? modelClient(context, options, { concurrency }) : null
    const mode: SynthMode = client
      ? groundedMode({ client, repairs, ...(personas ? { personas } : {}) })
      : proceduralMode(personas ? { personas } : {})
    const progress = options.quiet
      ? null
      : progressDisplay(io, client ? () => client.stats() : undefined)
    // Ctrl-C (or a TERM from a scheduler) stops after the chunk in progress is dropped:
    // written lines stay whole and --resume continues.
    const controller = new AbortController()
    const stop = () => controller.abort()
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
    try {
      const summary = await runSynthesis({
        config: parsed.data,
        registry: runRegistry,
        outDir,
        mode,
        existing,
        concurrency,
        signal: controller.signal,
        ...(progress ? { onProgress: progress.update } : {}),
      })
      progress?.stop()
      const where = `${options.out}/trajectories.jsonl; summary in ${options.out}/summary.json`
      if (summary.stoppedBy === 'budget') {
        io.stdout(
          `Wrote ${summary.kept} verified trajectories (${summary.attempted} attempted) to ${where}.\n${describe(summary)}`,
        )
        io.stderr(
          `refinery: the spending cap (--budget-usd ${options.budgetUsd}) is reached; no request was sent past it and every record written is whole. Raise the cap and run again with --resume to continue.\n`,
        )
        setExitCode(1)
      } else if (summary.interrupted) {
        io.stderr(
          `refinery: interrupted; kept ${summary.kept} verified trajectories in ${where}. Run again with --resume to continue.\n`,
        )
        setExitCode(130)
      } else {
        io.stdout(
          `Wrote ${summary.kept} verified trajectories (${summary.attempted} attempted) to ${where}.\n${describe(summary)}`,
        )
      }
    } finally {
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
      progress?.stop()
    }
  })
}

/**
 * A bar with rate and ETA on a terminal; a plain line every tenth of the run otherwise. In an
 * LLM mode (`spend` given) both show the tokens and the cost so far.
 */
function progressDisplay(
  io: Io,
  spend?: () => ClientStats,
): { update: (p: SynthProgress) => void; stop: () => void } {
  const money = () => {
    if (!spend) return ''
    const s = spend()
    return ` | ${s.promptTokens + s.completionTokens} tokens | $${s.costUsd.toFixed(4)}`
  }
  if (io.stderrIsTty) {
    const bar = new SingleBar({
      format:
        'synth [{bar}] {value}/{total} slots | {kept} kept | {rate}/s | ETA {eta_formatted}{spend}',
      hideCursor: true,
    })
    let started = false
    const t0 = Date.now()
    return {
      update: (p) => {
        if (!started) bar.start(p.total, 0, { kept: 0, rate: '0', spend: money() })
        started = true
        const rate = (p.done / Math.max(0.001, (Date.now() - t0) / 1000)).toFixed(1)
        bar.update(p.done, { kept: p.kept, rate, spend: money() })
      },
      stop: () => {
        if (started) bar.stop()
        started = false
      },
    }
  }
  let next = 0
  return {
    update: (p) => {
      if (p.done < next && p.done < p.total) return
      next = p.done + Math.max(1, Math.ceil(p.total / 10))
      io.stderr(
        `synth: ${p.done}/${p.total} slots, ${p.kept} kept, ${p.attempted} attempted${money().replaceAll(' |', ',')}\n`,
      )
    },
    stop: () => {},
  }
}

/** A short summary for the terminal. */
function describe(summary: SynthSummary): string {
  const lines = [
    `  families: ${Object.entries(summary.families)
      .map(([id, f]) => `${id} ${f.kept}/${f.attempted}`)
      .join(', ')}`,
    `  mean steps ${summary.meanSteps}, mean error→refine pairs ${summary.meanErrorRefinePairs}`,
    `  mistakes: ${Object.entries(summary.errors)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')}`,
  ]
  const skipped = Object.entries(summary.skippedFamilies)
  if (skipped.length > 0)
    lines.push(`  skipped: ${skipped.map(([id, why]) => `${id} (${why})`).join(', ')}`)
  if (summary.failedSlots.length > 0) lines.push(`  failed slots: ${summary.failedSlots.length}`)
  const mode = summary.mode
  if (mode.requests !== undefined) {
    lines.push(
      `  model: ${mode.requests} requests (${mode.cachedRequests ?? 0} from the cache), ${mode.promptTokens ?? 0} prompt + ${mode.completionTokens ?? 0} completion tokens, $${(mode.costUsd ?? 0).toFixed(4)}`,
    )
  }
  if (mode.worldsRequested !== undefined) {
    const rejected = Object.entries(mode)
      .filter(([k, n]) => k.startsWith('worldsRejected.') && n > 0)
      .map(([k, n]) => `${k.slice('worldsRejected.'.length)} ${n}`)
    lines.push(
      `  worlds: ${mode.worldsAccepted ?? 0} of ${mode.worldsRequested} accepted, ${mode.repairs ?? 0} repairs${rejected.length ? `; rejected: ${rejected.join(', ')}` : ''}`,
    )
  }
  return `${lines.join('\n')}\n`
}
