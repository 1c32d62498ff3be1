import { availableParallelism } from 'node:os'
import { join, resolve } from 'node:path'
import { stableHash } from '@refinery/core'
import { checkOutput } from '@refinery/dataset'
import type { ClientStats } from '@refinery/llm'
import {
  DEFAULT_WORKER_HEAP_MB,
  type ExistingOutput,
  GROUNDED_FAMILY_ID,
  groundedMode,
  groundedRegistry,
  type Persona,
  parseShard,
  proceduralMode,
  type RecordMode,
  readPersonas,
  runSynthesis,
  SYNTH_MODES,
  SynthConfig,
  type SynthMode,
  type SynthProgress,
  type SynthSummary,
  type SynthWorkers,
  scriptMode,
  shardSlots,
} from '@refinery/synth'
import { SingleBar } from 'cli-progress'
import type { Command } from 'commander'
import type { Io } from '../io'
import { parseIntegerOption, usage } from '../io'
import type { CommandContext } from '../main'
import { plainProgress } from '../progress'
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
  maxSteps: string
  workers?: string
  workerHeapMb: string
  resume?: boolean
  force?: boolean
  quiet?: boolean
  repairs: string
}

/** What a run writes into `--out`. */
const OUTPUTS = ['trajectories.jsonl', 'summary.json'] as const
/** The most trajectories one run may ask for. */
const MAX_COUNT = 10_000_000
/** The longest episode `--max-steps` allows. */
const MAX_STEPS = 1000
/** A worker's heap below this could not hold one family's compiled worlds and plans. */
const MIN_WORKER_HEAP_MB = 128
/** Below this many slots a run stays in one thread: starting workers would cost more. */
const MIN_SLOTS_FOR_WORKERS = 64

export function registerSynth(program: Command, context: CommandContext): void {
  const { io, registry, settings, setExitCode } = context
  // The model flags serve the LLM modes (grounded, script); the procedural mode ignores them.
  withModelFlags(program.command('synth'))
    .description('synthesise verified refinement trajectories (offline procedural mode by default)')
    .option('--mode <mode>', `synthesis mode: ${SYNTH_MODES.join(', ')}`, 'procedural')
    .option('--count <n>', 'number of trajectory slots (all shards together)', '20')
    .option('--seed <s>', 'seed of every random choice', '0')
    .option('--families <ids>', 'comma-separated family ids (default: all)')
    .option('--out <dir>', 'output directory', 'out/synth')
    .option('--personas <file>', 'personas, one per line or Persona Hub JSONL')
    .option('--shard <i/N>', 'write only slice i of N (0-based); slices concatenate to the whole')
    .option('--concurrency <n>', 'episodes at once', '1')
    .option(
      '--max-steps <n>',
      'step limit of each episode (AgentBoard: 30); a task whose plan and pairs need more is skipped',
      '30',
    )
    .option(
      '--workers <n>',
      `worker threads for procedural synthesis (default: the cores, ${availableParallelism()} here)`,
    )
    .option(
      '--worker-heap-mb <n>',
      'heap limit of each worker thread in MiB (0: no limit; two workers stay near 1 GiB with the default)',
      String(DEFAULT_WORKER_HEAP_MB),
    )
    .option('--resume', 'continue the run in --out where it stopped')
    .option('--force', 'overwrite a run already in --out')
    .option('--quiet', 'no progress display')
    .option('--repairs <n>', 'grounded: repair requests after an invalid world', '2')
    .action(async (options: SynthOptions) => {
      if (!SYNTH_MODES.includes(options.mode as (typeof SYNTH_MODES)[number])) {
        throw usage(
          `--mode '${options.mode}' is not available; this build supports: ${SYNTH_MODES.join(', ')}.`,
        )
      }
      if (options.resume && options.force) throw usage('--resume and --force exclude each other.')
      const script = options.mode === 'script'
      const grounded = options.mode === 'grounded'
      if (script && options.families !== undefined)
        throw usage('--families does not apply to --mode script: the model writes its own worlds.')
      if (grounded && options.families !== undefined)
        throw usage('--families does not apply to --mode grounded: its teacher writes the worlds.')
      const families = script
        ? ['script']
        : grounded
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
      if (!script) for (const id of families) runRegistry.get(id)
      let personas: Persona[] | undefined
      if (options.personas) personas = await readPersonas(resolve(io.cwd, options.personas))
      const parsed = SynthConfig.safeParse({
        mode: options.mode,
        count: parseIntegerOption('count', options.count, 1, MAX_COUNT),
        seed: parseIntegerOption('seed', options.seed),
        families,
        maxSteps: parseIntegerOption('max-steps', options.maxSteps, 1, MAX_STEPS),
        ...(options.shard ? { shard: parseShard(options.shard) } : {}),
        personas: personas ? stableHash(personas.map((p) => p.description)) : null,
      })
      if (!parsed.success)
        throw usage(
          `invalid synth settings: ${parsed.error.issues[0]?.message ?? 'unknown problem'}.`,
        )
      const concurrency = parseIntegerOption('concurrency', options.concurrency, 1)
      const repairs = parseIntegerOption('repairs', options.repairs, 0, 20)
      const workerCount =
        options.workers === undefined
          ? availableParallelism()
          : parseIntegerOption('workers', options.workers, 1, 256)
      const heapMb = parseIntegerOption('worker-heap-mb', options.workerHeapMb, 0, 1 << 20)
      if (heapMb > 0 && heapMb < MIN_WORKER_HEAP_MB)
        throw usage(
          `--worker-heap-mb must be 0 (no limit) or at least ${MIN_WORKER_HEAP_MB}, got ${heapMb}.`,
        )
      const slots = shardSlots(parsed.data)
      const workers: SynthWorkers | undefined =
        !script && !grounded && workerCount > 1 && slots.to - slots.from >= MIN_SLOTS_FOR_WORKERS
          ? {
              count: workerCount,
              setup: setupModule(),
              data: { families: settings.families, personas: personas ?? null },
              heapMb,
            }
          : undefined
      const outDir = await ensureOutputDir(io, options.out)
      // Existing outputs are refused (one line naming --force) unless resumed or forced.
      if (!options.resume) {
        for (const name of OUTPUTS)
          await checkOutput(join(outDir, name), {
            label: join(options.out, name),
            force: Boolean(options.force),
          })
      }
      const existing: ExistingOutput = options.resume
        ? 'resume'
        : options.force
          ? 'force'
          : 'refuse'
      // Only an LLM mode makes a client (and so reads the model flags).
      const client = script || grounded ? modelClient(context, options, { concurrency }) : null
      const mode: SynthMode | RecordMode = !client
        ? proceduralMode(personas ? { personas } : {})
        : script
          ? scriptMode({ client, ...(personas ? { personas } : {}) })
          : groundedMode({ client, repairs, ...(personas ? { personas } : {}) })
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
          ...(workers ? { workers } : {}),
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
            `refinery: the spending cap (--budget-usd ${options.budgetUsd}) is reached; no request was sent past it and the ${summary.kept} verified trajectories in ${where} are whole. Raise the cap and run again with --resume to continue.\n`,
          )
          setExitCode(1)
        } else if (summary.interrupted) {
          io.stderr(
            `refinery: interrupted; kept ${summary.kept} of ${summary.slots.to - summary.slots.from} verified trajectories in ${where}. Run again with --resume to continue.\n`,
          )
          setExitCode(130)
        } else {
          io.stdout(
            `Wrote ${summary.kept} verified trajectories (${summary.attempted} attempted) to ${where}.\n${describe(summary)}`,
          )
        }
        if (client) {
          const spent = client.stats()
          io.stdout(
            `  model ${client.model}: ${spent.requests} requests, ${spent.cachedRequests} from the cache, $${spent.costUsd.toFixed(4)}\n`,
          )
        }
      } finally {
        process.off('SIGINT', stop)
        process.off('SIGTERM', stop)
        progress?.stop()
      }
    })
}

/** The module each worker imports to build its registry and mode (`synth-setup.ts`). */
function setupModule(): string {
  const here = import.meta.url
  // From sources this file is src/commands/synth.ts; bundled, every entry sits in dist/.
  return here.endsWith('.ts')
    ? new URL('../synth-setup.ts', here).href
    : new URL('./synth-setup.js', here).href
}

/**
 * A bar with rate and ETA on a terminal; otherwise a plain line every tenth of the run, once
 * it has gone on for a few seconds (a short run says nothing but its summary). In an LLM mode
 * (`spend` given) both show the tokens and the cost so far.
 */
export function progressDisplay(
  io: Io,
  spend?: () => ClientStats,
  now?: () => number,
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
  const plain = plainProgress(now)
  return {
    update: (p) => {
      if (!plain.due(p.done, p.total)) return
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
  const { themed, notThemable } = summary.themes
  lines.push(
    `  themed by persona: ${themed} of ${summary.kept}${notThemable.length ? ` (not themable: ${notThemable.join(', ')})` : ''}`,
  )
  const rejected = Object.entries(summary.rejected).filter(([, n]) => n > 0)
  if (rejected.length > 0)
    lines.push(`  rejected: ${rejected.map(([why, n]) => `${why} ${n}`).join(', ')}`)
  const skipped = Object.entries(summary.skippedFamilies)
  if (skipped.length > 0)
    lines.push(`  skipped: ${skipped.map(([id, why]) => `${id} (${why})`).join(', ')}`)
  if (summary.failedSlots.length > 0) lines.push(`  failed slots: ${summary.failedSlots.length}`)
  const first = summary.failures[0]
  if (first) {
    lines.push(
      `  failed attempts: ${summary.rejected['episode failed'] + summary.rejected['attempt failed']}; the first, ${first.family} slot ${first.slot} attempt ${first.attempt}: ${first.error} (more in summary.json)`,
    )
  }
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
  if (summary.config.mode === 'script') {
    const m = summary.mode
    lines.push(
      `  scripts ${m.scripts ?? 0} (${m.newScripts ?? 0} new after a failure), regenerations from a verified prefix ${m.regenerations ?? 0}`,
      `  DM flags contradicting the rules: ${m.dmDisagreements ?? 0} of ${m.dmJudgedTurns ?? 0} judged turns (${(100 * (m.dmDisagreementRate ?? 0)).toFixed(1)}%)`,
    )
  }
  return `${lines.join('\n')}\n`
}
