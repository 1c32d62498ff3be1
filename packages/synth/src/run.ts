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
import {
  isRecordMode,
  isUnavailable,
  type RecordMode,
  type SlotAttempt,
  type SynthMode,
} from './mode'
import { proceduralMode } from './procedural'
import { emptySummary, failureText, finishMeans, type SynthSummary, trimFailures } from './summary'
import { type SynthWorkers, startWorkerPool } from './workers'
import { decideWrittenChunk } from './written'

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
  mode?: SynthMode | RecordMode
  /** Default `refuse`: an existing run is never overwritten by accident. */
  existing?: ExistingOutput
  /** Episodes at once (default 1); the output does not depend on it. */
  concurrency?: number
  /**
   * Decide slots in worker threads (procedural mode: CPU-bound); the output does not depend
   * on it. Default: in this thread.
   */
  workers?: SynthWorkers
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
    case 'script':
      throw new RefineryError('usage', 'The script mode needs a model client.', {
        hint: 'Pass mode: scriptMode({ client }) (the CLI builds it from --model and --base-url).',
      })
  }
}

/** A kept slot: its line and what the summary counts of it. */
export interface Decided {
  line: string
  env: string
  steps: number
  pairs: number
  statuses: string[]
  mistakes: ErrorCategory[]
  /** A persona themed its task. */
  themed: boolean
}

/** Summary figures of one batch of attempts, added to the run's summary. */
export type Tally = Pick<SynthSummary, 'attempted' | 'rejected' | 'families' | 'failures'>

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
  const workerCount = options.workers?.count ?? 0
  const ids = [...new Set(config.families)]
  const families: EnvironmentFamily[] = []
  const skipped: Record<string, string> = {}
  // A record mode (script) uses no registered family: it writes its own worlds.
  const episodes = isRecordMode(mode) ? null : mode
  if (isRecordMode(mode)) checkRecordFamilies(mode, ids)
  for (const id of episodes ? ids : []) {
    const family = options.registry.get(id)
    const reason =
      (await episodes!.unusable(family, config)) ??
      (episodes!.trial === false ? null : await trial(episodes!, config, family))
    if (reason) skipped[id] = reason
    else families.push(family)
  }
  if (families.length === 0 && episodes) {
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
  summary.themes.notThemable =
    episodes && !episodes.personaWorlds
      ? families
          .filter((f) => !f.theming)
          .map((f) => f.id)
          .sort()
      : []
  const pool =
    workerCount > 0 && episodes
      ? await startWorkerPool(
          options.workers!,
          config,
          families.map((f) => f.id),
        )
      : null
  // Workers take slots a few at a time; a chunk gives each of them many batches, so the wait
  // for the last batch at the end of a chunk is short beside the chunk. An LLM mode may ask
  // for small chunks, so a cancel or the cap drops little paid work.
  const chunkSize = pool
    ? Math.max(16, workerCount * 128)
    : episodes?.chunkSlots
      ? Math.max(episodes.chunkSlots, concurrency)
      : Math.max(16, concurrency * 4)
  const affinity =
    pool && episodes?.affinity
      ? (slot: number) =>
          episodes.affinity!({ config, family: families[slot % families.length]!, slot })
      : undefined
  const handle = await open(file, 'a')
  // What the run had spent before this process (a resumed run's checkpoint), and counts left
  // from before the first chunk (none, or a trial's) dropped.
  const spentBefore = episodes?.spend ? pickKeys(summary.mode, Object.keys(episodes.spend())) : {}
  episodes?.takeCounts?.()
  const addSpend = () => {
    if (!episodes?.spend) return
    const now = episodes.spend()
    for (const [name, n] of Object.entries(now))
      summary.mode[name] = Math.round(((spentBefore[name] ?? 0) + n) * 1e6) / 1e6
    summary.mode = sortedKeys(summary.mode)
  }
  try {
    while (summary.nextSlot < slots.to) {
      const from = summary.nextSlot
      const to = Math.min(slots.to, from + chunkSize)
      const before = structuredClone(summary)
      const slotList = Array.from({ length: to - from }, (_, i) => from + i)
      const { decided, stoppedBy } = await decideOrStop(
        () =>
          !episodes
            ? writtenChunk(
                mode as RecordMode,
                config,
                from,
                to,
                summary,
                concurrency,
                options.signal,
              )
            : pool
              ? pool
                  .decide(slotList, summary, options.signal, affinity)
                  .then((decided) => ({ decided, stoppedBy: null }))
              : decideChunk(
                  episodes,
                  config,
                  families,
                  slotList,
                  summary,
                  options.signal,
                  concurrency,
                ),
        async (error) => {
          // The model server is gone: every slot would fail alike. Stop as at the spending cap,
          // the chunk in progress dropped, and say so once.
          Object.assign(summary, before, { interrupted: true, stoppedBy: 'model' })
          episodes?.takeCounts?.()
          addSpend()
          await saveSummary(summaryPath, summary)
          return new RefineryError(
            'llm_unavailable',
            `${error.message} The run stopped; its ${summary.kept} verified trajectories in ${file} are whole.`,
            { hint: `${error.hint ?? ''} Then resume the run (--resume).`.trim(), cause: error },
          )
        },
      )
      if (options.signal?.aborted || stoppedBy) {
        // The chunk in progress is dropped whole; its finished episodes come back from the
        // answer cache when the run is resumed.
        Object.assign(summary, before, {
          interrupted: true,
          stoppedBy: stoppedBy ?? 'signal',
        })
        episodes?.takeCounts?.()
        break
      }
      let text = ''
      for (let slot = from; slot < to; slot++) {
        const kept = decided.get(slot)
        if (!kept) {
          summary.failedSlots.push(slot)
          continue
        }
        text += kept.line
        count(summary, kept)
      }
      if (text) await handle.write(text)
      summary.bytes += Buffer.byteLength(text)
      summary.failures = trimFailures(summary.failures)
      summary.nextSlot = to
      addCounts(summary, episodes?.takeCounts?.() ?? {})
      addSpend()
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
    await pool?.close()
  }
  if (options.signal?.aborted && summary.nextSlot < slots.to) {
    summary.interrupted = true
    summary.stoppedBy ??= 'signal'
  }
  addSpend()
  await saveSummary(summaryPath, summary)
  return summary
}

/** A record mode writes one family of its own: the config must name exactly that one. */
function checkRecordFamilies(mode: RecordMode, ids: readonly string[]): void {
  if (ids.length === 1 && ids[0] === mode.family) return
  throw new RefineryError(
    'usage',
    `The ${mode.name} mode writes its own worlds; its families must be ['${mode.family}'], not [${ids.map((id) => `'${id}'`).join(', ')}].`,
    { hint: `Leave out --families with --mode ${mode.name}.` },
  )
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
    // An attempt the mode gives up knowingly (a task too long for the step limit) says
    // nothing about the family: the next attempt is tried instead.
    let given = ''
    for (let attempt = 0; attempt < config.maxAttempts; attempt++) {
      const plan = await mode.attempt({ config, family, slot: 0, attempt })
      try {
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
        const reason = plan.rejected?.()
        if (!reason) throw error
        given = `${reason}: ${RefineryError.isInstance(error) ? error.message : String(error)}`
      }
    }
    return `no trial episode could be played (${given})`
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
 * Plays rounds of attempts until every slot is kept or out of attempts; counts the attempts
 * into `summary`. A slot's attempts depend on the config and the slot only, so any split of
 * the slots (chunks, workers) decides them alike.
 */
export async function decideChunk(
  mode: SynthMode,
  config: SynthConfig,
  families: readonly EnvironmentFamily[],
  slots: readonly number[],
  summary: Tally,
  signal: AbortSignal | undefined,
  concurrency: number,
): Promise<{ decided: Map<number, Decided>; stoppedBy: SynthSummary['stoppedBy'] }> {
  const decided = new Map<number, Decided>()
  let pending = [...slots]
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
          isUnavailable(failure) ||
          isUserError(failure as unknown)
        if (fatal) throw failure
        summary.attempted++
        summary.families[family.id]!.attempted++
        summary.rejected['attempt failed']++
        summary.failures.push({ slot, attempt, family: family.id, error: failureText(failure) })
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
      ...(signal ? { signal } : {}),
    })
    if (signal?.aborted) return { decided, stoppedBy: 'signal' }
    // runEpisodes stops early only on a cancel or at the spending cap.
    if (run.interrupted) return { decided, stoppedBy: 'budget' }
    const failedById = new Map(run.failed.map((f) => [f.id, f.error]))
    for (const [id, { slot, family, plan }] of prepared) {
      summary.attempted++
      summary.families[family.id]!.attempted++
      const result = results.get(id)
      if (!result) {
        const given = plan.rejected?.()
        if (given) summary.rejected[given]++
        else {
          summary.rejected['episode failed']++
          const error = failedById.get(id) ?? 'the episode ended without a result'
          summary.failures.push({ slot, attempt, family: family.id, error })
        }
        continue
      }
      const report = await verifyTrajectory(result.trajectory, plan.family, {
        minErrorRefinePairs: config.minErrorRefinePairs,
        expectedFinalStateHash: result.finalStateHash,
        checkStored: false,
        replayOnlyIfCheapChecksPass: true,
      })
      const problem = report.problems[0]
      if (problem) {
        summary.rejected[problem.kind]++
        continue
      }
      const record: Trajectory = {
        ...result.trajectory,
        verified: { by: 'replay', ok: true, finalStateHash: result.finalStateHash },
      }
      decided.set(slot, {
        line: toJsonlLine(record),
        env: record.env,
        steps: record.outcome.steps,
        pairs: record.outcome.errorRefinePairs,
        statuses: record.messages.flatMap((m) => (m.role === 'assistant' ? [m.status] : [])),
        mistakes: plan.mistakes(),
        themed: mode.personaWorlds === true || record.source.theme !== undefined,
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
    if (out.some((p) => isBudgetStop(p.failure) || isUnavailable(p.failure))) break
  }
  return out
}

/** Runs a chunk's decision; a model server nothing answers at is reported by `stop`, then thrown. */
async function decideOrStop<T>(
  decide: () => Promise<T>,
  stop: (error: RefineryError) => Promise<RefineryError>,
): Promise<T> {
  try {
    return await decide()
  } catch (error) {
    if (isUnavailable(error)) throw await stop(error)
    throw error
  }
}

function isBudgetStop(error: unknown): boolean {
  return RefineryError.isInstance(error) && error.code === 'budget_exceeded'
}

/** A record mode's chunk, in the same shape; `decideWrittenChunk` says null when it stopped. */
async function writtenChunk(
  ...args: Parameters<typeof decideWrittenChunk>
): Promise<{ decided: Map<number, Decided>; stoppedBy: SynthSummary['stoppedBy'] }> {
  const decided = await decideWrittenChunk(...args)
  if (decided) return { decided, stoppedBy: null }
  const signal = args[6]
  return { decided: new Map(), stoppedBy: signal?.aborted ? 'signal' : 'budget' }
}

/** Adds a chunk's mode counts to the summary's, keys sorted so the bytes never depend on order. */
function addCounts(summary: SynthSummary, counts: Record<string, number>): void {
  if (Object.keys(counts).length === 0) return
  for (const [name, n] of Object.entries(counts)) summary.mode[name] = (summary.mode[name] ?? 0) + n
  summary.mode = sortedKeys(summary.mode)
}

function pickKeys(from: Record<string, number>, keys: readonly string[]): Record<string, number> {
  return Object.fromEntries(keys.map((k) => [k, from[k] ?? 0]))
}

function sortedKeys(values: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(values).sort(([a], [b]) => (a < b ? -1 : 1)))
}

function count(summary: SynthSummary, kept: Decided): void {
  summary.kept++
  summary.families[kept.env]!.kept++
  summary.sums.steps += kept.steps
  summary.sums.pairs += kept.pairs
  if (kept.themed) summary.themes.themed++
  for (const category of kept.mistakes) summary.errors[category]++
  for (const status of kept.statuses) summary.statuses[status as keyof SynthSummary['statuses']]++
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
  return {
    ...saved,
    // A reason added since the checkpoint was saved starts at 0, in the fresh run's order.
    rejected: { ...fresh.rejected, ...saved.rejected },
    failures: saved.failures ?? [],
    interrupted: false,
    stoppedBy: null,
    resumed: saved.resumed + 1,
  }
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
