import { setMaxListeners } from 'node:events'
import {
  type EnvironmentFamily,
  isUserError,
  type Perturbation,
  RefineryError,
  stableHash,
  type TaskRef,
  type TrajectorySource,
} from '@refinery/core'
import type { AnyAgent } from './agent'
import {
  DEFAULT_MAX_STEPS,
  type EpisodeResult,
  type ParseOptions,
  type RunEpisodeOptions,
  runEpisode,
} from './episode'

/** One episode to run. */
export interface EpisodeJob {
  family: EnvironmentFamily
  task: TaskRef
  perturbation?: Perturbation | null
  /** The record's seed (default: the task's). */
  seed?: number
  /** The record's id (default: `episodeId` of the job, agent and source). */
  id?: string
  /** This record's source, when it differs from the run's (a synthesis slot's persona). */
  source?: TrajectorySource
  /** This episode's step limit, over the run's `maxSteps` (families that need more turns). */
  maxSteps?: number
}

/** Where finished episodes go: a JSONL writer, an array, a database. */
export interface EpisodeSink {
  /** True when the sink already holds this id: the episode is skipped (resume). */
  has(id: string): boolean | Promise<boolean>
  /** Takes one finished episode; calls come one at a time, in the order episodes finish. */
  write(result: EpisodeResult): void | Promise<void>
}

export interface EpisodeProgress {
  id: string
  task: string
  /** What happened to this episode. */
  outcome: 'written' | 'skipped' | 'failed'
  /** The failure, on one line, when it failed. */
  error: string | null
  /** Episodes ended so far (written, skipped or failed), and how many there are. */
  done: number
  total: number
}

export interface RunEpisodesOptions {
  jobs: readonly EpisodeJob[]
  /** One agent for all, or one per episode for agents that keep state between turns. */
  agent: AnyAgent | ((job: EpisodeJob, id: string) => AnyAgent)
  /** The agent's name for record ids, needed when `agent` is a factory. */
  agentName?: string
  source: TrajectorySource
  sink: EpisodeSink
  /** Episodes at once (default 1). */
  concurrency?: number
  /** Stops starting episodes and cancels those running; what was written stays written. */
  signal?: AbortSignal
  onProgress?: (progress: EpisodeProgress) => void
  maxSteps?: number
  systemPrompt?: string
  parse?: ParseOptions
}

export interface RunEpisodesSummary {
  total: number
  written: number
  skipped: number
  /** Episodes whose agent or environment failed at run time (a model error, say), by id. */
  failed: { id: string; task: string; error: string }[]
  /** True when the run stopped early: cancelled, or the spending cap was reached. */
  interrupted: boolean
}

/** The record id of a job: a hash of what decides the episode's content. */
export function episodeId(
  job: EpisodeJob,
  agent: string,
  source: TrajectorySource,
  maxSteps: number,
): string {
  return stableHash({
    agent,
    source,
    task: job.task.id,
    seed: job.seed ?? job.task.seed,
    perturbation: job.perturbation ?? null,
    maxSteps,
  })
}

/**
 * Runs tasks × agent with a concurrency limit: the one pool synthesis and evaluation share.
 * Records have deterministic ids and their content does not depend on the concurrency; ids
 * the sink already holds are skipped, so a stopped run resumes where it was. A run-time
 * failure of one episode is reported and the others go on; the spending cap or a cancel
 * stops the run cleanly; a user mistake, a bug or an unreachable model server
 * (`llm_unavailable`) stops it and is thrown.
 */
export async function runEpisodes(options: RunEpisodesOptions): Promise<RunEpisodesSummary> {
  const concurrency = options.concurrency ?? 1
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new RefineryError(
      'usage',
      `concurrency must be a positive integer, got ${concurrency}.`,
      {
        hint: 'Pass --concurrency 1 or more.',
      },
    )
  }
  const maxSteps = options.maxSteps ?? DEFAULT_MAX_STEPS
  const name = typeof options.agent === 'function' ? options.agentName : options.agent.name
  if (!name) {
    throw new RefineryError('usage', 'runEpisodes needs agentName when agent is a factory.', {
      hint: 'Pass agentName: the name the agents it makes carry.',
    })
  }
  const stop = new AbortController()
  // Every episode in flight listens to this one signal (its model request, its limiter wait):
  // Node's leak warning at 10 listeners would fire on any run with more than a few episodes.
  setMaxListeners(4 * concurrency + 16, stop.signal)
  const onAbort = () => stop.abort(options.signal?.reason)
  options.signal?.addEventListener('abort', onAbort, { once: true })
  if (options.signal?.aborted) stop.abort()
  const summary: RunEpisodesSummary = {
    total: options.jobs.length,
    written: 0,
    skipped: 0,
    failed: [],
    interrupted: false,
  }
  let next = 0
  let done = 0
  let fatal: unknown = null
  let writing: Promise<void> = Promise.resolve()
  const report = (
    id: string,
    task: string,
    outcome: EpisodeProgress['outcome'],
    error: string | null,
  ) => {
    done++
    options.onProgress?.({ id, task, outcome, error, done, total: summary.total })
  }

  const one = async (job: EpisodeJob): Promise<void> => {
    const agent = typeof options.agent === 'function' ? null : options.agent
    const steps = job.maxSteps ?? maxSteps
    const id = job.id ?? episodeId(job, name, options.source, steps)
    if (await options.sink.has(id)) {
      summary.skipped++
      report(id, job.task.id, 'skipped', null)
      return
    }
    let result: EpisodeResult
    try {
      // Optional keys set after the literal, not spread into its middle (which makes V8 build
      // the object key by key, at every episode).
      const episode: RunEpisodeOptions = {
        family: job.family,
        task: job.task,
        agent: agent ?? (options.agent as (job: EpisodeJob, id: string) => AnyAgent)(job, id),
        maxSteps: steps,
        perturbation: job.perturbation ?? null,
        source: job.source ?? options.source,
        id,
        signal: stop.signal,
      }
      if (job.seed !== undefined) episode.seed = job.seed
      if (options.systemPrompt !== undefined) episode.systemPrompt = options.systemPrompt
      if (options.parse) episode.parse = options.parse
      result = await runEpisode(episode)
    } catch (error) {
      if (stop.signal.aborted && !fatal) return
      if (RefineryError.isInstance(error) && error.code === 'budget_exceeded') {
        summary.interrupted = true
        stop.abort(error)
      }
      // A user's mistake, a bug or a model server nothing answers at would fail every
      // episode alike: stop and throw it.
      const user = isUserError(error as unknown)
      if (
        !RefineryError.isInstance(error) ||
        user ||
        error.code === 'internal' ||
        error.code === 'llm_unavailable'
      ) {
        fatal ??= error
        stop.abort(error)
        return
      }
      summary.failed.push({ id, task: job.task.id, error: error.oneLine })
      report(id, job.task.id, 'failed', error.oneLine)
      return
    }
    // Writes are chained so the sink sees one call at a time.
    writing = writing.then(async () => {
      await options.sink.write(result)
      summary.written++
      report(id, job.task.id, 'written', null)
    })
    await writing
  }

  const worker = async (): Promise<void> => {
    while (!stop.signal.aborted && next < options.jobs.length) {
      await one(options.jobs[next++]!)
    }
  }
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, options.jobs.length) }, worker))
    await writing
  } finally {
    options.signal?.removeEventListener('abort', onAbort)
  }
  if (fatal) throw fatal
  if (stop.signal.aborted) summary.interrupted = true
  return summary
}
