import { open, readFile, rename, stat, truncate, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { type EpisodeJob, type EpisodeResult, runEpisode, runEpisodes } from '@refinery/agent'
import {
  type EnvironmentFamily,
  type FamilyRegistry,
  isUserError,
  RefineryError,
  stableHash,
  type Trajectory,
} from '@refinery/core'
import { toJsonlLine, verifyTrajectory } from '@refinery/dataset'
import { parseSynthConfig, type SynthConfig, type SynthConfigInput, shardSlots } from './config'
import type { ErrorCategory } from './errors'
import type { SlotAttempt, SynthMode } from './mode'
import { proceduralMode } from './procedural'
import { emptySummary, finishMeans, type SynthSummary } from './summary'

/** What to do when the output directory already holds a run. */
export type ExistingOutput = 'refuse' | 'force' | 'resume'

/** Reported after every chunk of slots is written. */
export interface SynthProgress {
  /** Slots of this shard decided so far, and how many it has. */
  done: number
  total: number
  kept: number
  attempted: number
}

export interface RunSynthesisOptions {
  config: SynthConfigInput
  registry: FamilyRegistry
  /** Gets `trajectories.jsonl` and `summary.json`. */
  outDir: string
  /** Default: the mode `config.mode` names, with its default options. */
  mode?: SynthMode
  /** Default `refuse`: an existing run is never overwritten by accident. */
  existing?: ExistingOutput
  /** Episodes at once (default 1); the output does not depend on it. */
  concurrency?: number
  onProgress?: (progress: SynthProgress) => void
  /**
   * Stops the run: what was written stays (whole chunks of slots, every line whole), the
   * summary says `interrupted: true`, and `existing: 'resume'` continues it.
   */
  signal?: AbortSignal
}

export const TRAJECTORIES_FILE = 'trajectories.jsonl'
export const SUMMARY_FILE = 'summary.json'

/** Modes by name, with default options. */
export function createMode(name: SynthConfig['mode']): SynthMode {
  switch (name) {
    case 'procedural':
      return proceduralMode()
    case 'grounded':
      throw new RefineryError('usage', 'The grounded mode needs a model client.', {
        hint: 'Pass mode: groundedMode({ client }) to runSynthesis.',
      })
  }
}

interface Decided {
  record: Trajectory
  mistakes: ErrorCategory[]
}

/**
 * The one synthesis run, for every mode. Slots are decided in chunks: each round plays one
 * attempt of every undecided slot through `runEpisodes`, verifies it with the same
 * `verifyTrajectory` that `refinery check` runs, and retries the rejected ones; a chunk's
 * kept records are appended in slot order, then the summary is saved as a checkpoint. So the
 * bytes depend on the config only (not on concurrency, shards or interruptions), and a
 * resumed run truncates to the last checkpoint and goes on from there.
 */
export async function runSynthesis(options: RunSynthesisOptions): Promise<SynthSummary> {
  const config = parseSynthConfig(options.config)
  const mode = options.mode ?? createMode(config.mode)
  const slots = shardSlots(config)
  const concurrency = options.concurrency ?? 1
  const chunkSize = mode.chunkSlots
    ? Math.max(mode.chunkSlots, concurrency)
    : Math.max(16, concurrency * 4)
  const ids = [...new Set(config.families)]
  const families: EnvironmentFamily[] = []
  const skipped: Record<string, string> = {}
  for (const id of ids) {
    const family = options.registry.get(id)
    const reason =
      (await mode.unusable(family, config)) ??
      (mode.trial === false ? null : await trial(mode, config, family))
    if (reason) skipped[id] = reason
    else families.push(family)
  }
  if (families.length === 0) {
    const why = Object.entries(skipped)
      .map(([id, reason]) => `${id}: ${reason}`)
      .join('; ')
    throw new RefineryError(
      'invalid_input',
      `No family can be synthesised in ${mode.name} mode (${why}).`,
      {
        hint: 'Pass --families with families that have an oracle and tasks in the split.',
      },
    )
  }
  const file = join(options.outDir, TRAJECTORIES_FILE)
  const summaryPath = join(options.outDir, SUMMARY_FILE)
  const summary = await startSummary(options, config, slots, ids, file, summaryPath)
  summary.skippedFamilies = skipped
  const handle = await open(file, 'a')
  try {
    while (summary.nextSlot < slots.to) {
      const from = summary.nextSlot
      const to = Math.min(slots.to, from + chunkSize)
      const before = structuredClone(summary)
      const { decided, stoppedBy } = await decideChunk(
        mode,
        config,
        families,
        from,
        to,
        summary,
        options,
        concurrency,
      )
      if (options.signal?.aborted || stoppedBy) {
        // The chunk in progress is dropped whole; its finished episodes come back from the
        // answer cache when the run is resumed.
        Object.assign(summary, before, {
          interrupted: true,
          stoppedBy: stoppedBy ?? 'signal',
        })
        break
      }
      let text = ''
      for (let slot = from; slot < to; slot++) {
        const kept = decided.get(slot)
        if (!kept) {
          summary.failedSlots.push(slot)
          continue
        }
        text += toJsonlLine(kept.record)
        count(summary, kept)
      }
      if (text) await handle.write(text)
      summary.bytes += Buffer.byteLength(text)
      summary.nextSlot = to
      summary.mode = mode.figures()
      await saveSummary(summaryPath, summary)
      options.onProgress?.({
        done: to - slots.from,
        total: slots.to - slots.from,
        kept: summary.kept,
        attempted: summary.attempted,
      })
    }
  } finally {
    await handle.close()
  }
  if (options.signal?.aborted && summary.nextSlot < slots.to) {
    summary.interrupted = true
    summary.stoppedBy ??= 'signal'
  }
  summary.mode = mode.figures()
  await saveSummary(summaryPath, summary)
  return summary
}

/**
 * Plays one attempt of the family before the run, so a family the mode cannot drive (its
 * oracle fails, its actions do not parse back) is skipped and reported instead of stopping
 * the run half-way. Returns why, or null when it played.
 */
async function trial(
  mode: SynthMode,
  config: SynthConfig,
  family: EnvironmentFamily,
): Promise<string | null> {
  try {
    const plan = await mode.attempt({ config, family, slot: 0, attempt: 0 })
    await runEpisode({
      family: plan.family,
      task: plan.task,
      agent: plan.agent,
      seed: plan.seed,
      source: plan.source,
      id: 'trial',
      maxSteps: config.maxSteps,
    })
    return null
  } catch (error) {
    const text = RefineryError.isInstance(error)
      ? error.message
      : error instanceof Error
        ? error.message
        : String(error)
    return `a trial episode failed: ${text.split('\n')[0]}`
  }
}

/**
 * Plays rounds of attempts until every slot of `[from, to)` is kept or out of attempts; stops
 * early (and says why) on a cancel or at the spending cap.
 */
async function decideChunk(
  mode: SynthMode,
  config: SynthConfig,
  families: readonly EnvironmentFamily[],
  from: number,
  to: number,
  summary: SynthSummary,
  options: RunSynthesisOptions,
  concurrency: number,
): Promise<{ decided: Map<number, Decided>; stoppedBy: SynthSummary['stoppedBy'] }> {
  const decided = new Map<number, Decided>()
  let pending = Array.from({ length: to - from }, (_, i) => from + i)
  for (let attempt = 0; attempt < config.maxAttempts && pending.length > 0; attempt++) {
    const prepared = new Map<
      string,
      { slot: number; family: EnvironmentFamily; plan: SlotAttempt }
    >()
    const jobs: EpisodeJob[] = []
    const plans = await prepareAttempts(mode, config, families, pending, attempt, concurrency)
    if (plans.some((p) => isBudgetStop(p.failure))) return { decided, stoppedBy: 'budget' }
    for (const { slot, family, plan, failure } of plans) {
      if (!plan) {
        // The mode could not prepare this attempt (its teacher wrote no valid world).
        const fatal =
          !RefineryError.isInstance(failure) ||
          failure.code === 'internal' ||
          isUserError(failure as unknown)
        if (fatal) throw failure
        summary.attempted++
        summary.families[family.id]!.attempted++
        summary.rejected['attempt failed']++
        continue
      }
      const id = stableHash({ mode: config.mode, seed: config.seed, family: family.id, slot })
      prepared.set(id, { slot, family, plan })
      jobs.push({ family: plan.family, task: plan.task, seed: plan.seed, id, source: plan.source })
    }
    const results = new Map<string, EpisodeResult>()
    const run = await runEpisodes({
      jobs,
      agent: (_job, id) => prepared.get(id)!.plan.agent,
      agentName: mode.teacher,
      source: { kind: 'synth', mode: config.mode, teacher: mode.teacher },
      sink: { has: () => false, write: (result) => void results.set(result.trajectory.id, result) },
      concurrency,
      maxSteps: config.maxSteps,
      ...(options.signal ? { signal: options.signal } : {}),
    })
    if (options.signal?.aborted) return { decided, stoppedBy: 'signal' }
    // runEpisodes stops early only on a cancel or at the spending cap.
    if (run.interrupted) return { decided, stoppedBy: 'budget' }
    for (const [id, { slot, family, plan }] of prepared) {
      summary.attempted++
      summary.families[family.id]!.attempted++
      const result = results.get(id)
      if (!result) {
        summary.rejected['episode failed']++
        continue
      }
      const report = await verifyTrajectory(result.trajectory, plan.family, {
        minErrorRefinePairs: config.minErrorRefinePairs,
        expectedFinalStateHash: result.finalStateHash,
        checkStored: false,
      })
      const problem = report.problems[0]
      if (problem) {
        summary.rejected[problem.kind]++
        continue
      }
      decided.set(slot, {
        record: {
          ...result.trajectory,
          verified: { by: 'replay', ok: true, finalStateHash: result.finalStateHash },
        },
        mistakes: plan.mistakes(),
      })
    }
    pending = pending.filter((slot) => !decided.has(slot))
  }
  return { decided, stoppedBy: null }
}

interface PreparedAttempt {
  slot: number
  family: EnvironmentFamily
  plan: SlotAttempt | null
  failure: unknown
}

/**
 * Every pending slot's attempt, `concurrency` at a time (an LLM mode writes its worlds here);
 * in slot order whatever order they finish in. A failed attempt comes back with its error.
 */
async function prepareAttempts(
  mode: SynthMode,
  config: SynthConfig,
  families: readonly EnvironmentFamily[],
  pending: readonly number[],
  attempt: number,
  concurrency: number,
): Promise<PreparedAttempt[]> {
  const out: PreparedAttempt[] = []
  for (let i = 0; i < pending.length; i += concurrency) {
    const group = pending.slice(i, i + concurrency)
    const settled = await Promise.allSettled(
      group.map((slot) =>
        mode.attempt({ config, family: families[slot % families.length]!, slot, attempt }),
      ),
    )
    settled.forEach((result, j) => {
      const slot = group[j]!
      const family = families[slot % families.length]!
      out.push(
        result.status === 'fulfilled'
          ? { slot, family, plan: result.value, failure: null }
          : { slot, family, plan: null, failure: result.reason },
      )
    })
    if (out.some((p) => isBudgetStop(p.failure))) break
  }
  return out
}

function isBudgetStop(error: unknown): boolean {
  return RefineryError.isInstance(error) && error.code === 'budget_exceeded'
}

function count(summary: SynthSummary, kept: Decided): void {
  const record = kept.record
  summary.kept++
  summary.families[record.env]!.kept++
  summary.sums.steps += record.outcome.steps
  summary.sums.pairs += record.outcome.errorRefinePairs
  for (const category of kept.mistakes) summary.errors[category]++
  for (const message of record.messages) {
    if (message.role === 'assistant') summary.statuses[message.status]++
  }
  finishMeans(summary)
}

/** A fresh summary, or the checkpoint of the run being resumed (its file cut back to it). */
async function startSummary(
  options: RunSynthesisOptions,
  config: SynthConfig,
  slots: { from: number; to: number },
  families: readonly string[],
  file: string,
  summaryPath: string,
): Promise<SynthSummary> {
  const existing = options.existing ?? 'refuse'
  const fresh = emptySummary(config, slots, families)
  const present = (await exists(file)) || (await exists(summaryPath))
  if (present && existing === 'refuse') {
    throw new RefineryError('usage', `${options.outDir} already holds a synthesis run.`, {
      hint: 'Pass --resume to continue it, --force to overwrite it, or another --out.',
      path: options.outDir,
    })
  }
  if (!present || existing === 'force') {
    await writeFile(file, '')
    return fresh
  }
  let saved: SynthSummary | null = null
  try {
    saved = JSON.parse(await readFile(summaryPath, 'utf8')) as SynthSummary
  } catch {
    saved = null // killed before the first checkpoint: start over
  }
  if (!saved || saved.schema !== fresh.schema) {
    await writeFile(file, '')
    return fresh
  }
  if (stableHash(saved.config) !== stableHash(config)) {
    throw new RefineryError('usage', `${options.outDir} holds a run with other settings.`, {
      hint: 'Resume with the same --mode, --count, --seed, --families and --shard, or pass --force.',
      path: options.outDir,
    })
  }
  const size = (await stat(file).catch(() => null))?.size ?? 0
  if (size < saved.bytes) {
    throw new RefineryError('invalid_input', `${file} is shorter than its checkpoint says.`, {
      hint: 'The file was changed by hand; pass --force to start over.',
      path: file,
    })
  }
  // Lines after the checkpoint belong to a chunk whose summary was never saved: cut them,
  // the chunk is played again and gives the same bytes.
  await truncate(file, saved.bytes)
  return { ...saved, interrupted: false, stoppedBy: null, resumed: saved.resumed + 1 }
}

async function saveSummary(path: string, summary: SynthSummary): Promise<void> {
  const temp = `${path}.tmp`
  await writeFile(temp, `${JSON.stringify(summary, null, 2)}\n`)
  await rename(temp, path)
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  )
}
