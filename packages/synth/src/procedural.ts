import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { replayTrajectory, runEpisode } from '@refinery/agent'
import {
  deriveSeed,
  type EnvironmentFamily,
  type FamilyRegistry,
  isUserError,
  RefineryError,
  rngStream,
  StepStatus,
  stableHash,
  type Trajectory,
} from '@refinery/core'
import { openJsonlWriter } from '@refinery/dataset'
import { parseSynthConfig, type SynthConfig, type SynthConfigInput } from './config'
import { ERROR_KINDS, type ErrorKind } from './errors'
import { pickPersona } from './personas'
import { type InjectedError, ProceduralTeacher } from './teacher'

/** Why an attempt was not kept. */
export const REJECTION_REASONS = [
  'goal not reached',
  'too few error-refine pairs',
  'replay mismatch',
  'episode failed',
] as const
export type RejectionReason = (typeof REJECTION_REASONS)[number]

/** Reported after every attempt. */
export interface SynthProgress {
  slot: number
  attempt: number
  family: string
  task: string
  /** True when this attempt was kept. */
  ok: boolean
  /** Why this attempt was not kept; null when it was. */
  reason: RejectionReason | null
  /** Trajectories kept so far. */
  kept: number
  /** Attempts made so far. */
  attempted: number
  /** Trajectories asked for. */
  count: number
}

export interface RunSynthesisOptions {
  config: SynthConfigInput
  registry: FamilyRegistry
  /** Gets `trajectories.jsonl` and `summary.json`. */
  outDir: string
  onProgress?: (progress: SynthProgress) => void
  /**
   * Stops the run between attempts: what was kept so far stays in `trajectories.jsonl`
   * (every line whole) and the summary says `interrupted: true`.
   */
  signal?: AbortSignal
}

export interface SynthSummary {
  schema: 'refinery.synth-summary.v1'
  config: SynthConfig
  /** True when the run was stopped before every slot was tried. */
  interrupted: boolean
  kept: number
  attempted: number
  /** Slots given up after `maxAttempts`. */
  failedSlots: number[]
  rejected: Record<RejectionReason, number>
  families: Record<string, { kept: number; attempted: number }>
  meanSteps: number
  meanErrorRefinePairs: number
  /** Mistakes made in kept trajectories, per kind. */
  injectedErrors: Record<ErrorKind, number>
  /** Assistant turns of kept trajectories, per status. */
  statuses: Record<StepStatus, number>
}

/** One verified trajectory, or why the attempt failed. */
interface Attempt {
  record: Trajectory | null
  reason: RejectionReason | null
  injected: InjectedError[]
  task: string
}

/**
 * Procedural synthesis: for each slot, the oracle teacher plays a task of the slot's family
 * with injected mistakes; a trajectory is kept when it reaches the goal with enough
 * error→refine pairs and a replay in a fresh environment matches it. A failed slot is retried
 * with the next attempt index. Output bytes depend on the config only.
 */
export async function runSynthesis(options: RunSynthesisOptions): Promise<SynthSummary> {
  const config = parseSynthConfig(options.config)
  const families = config.families.map((id) => options.registry.get(id))
  const summary = emptySummary(config)
  let steps = 0
  let pairs = 0
  await mkdir(options.outDir, { recursive: true })
  const writer = await openJsonlWriter(join(options.outDir, 'trajectories.jsonl'))
  try {
    for (let slot = 0; slot < config.count; slot++) {
      if (options.signal?.aborted) {
        summary.interrupted = true
        break
      }
      const family = families[slot % families.length]!
      const tasks = rngStream(config.seed, `task/${family.id}`, slot)
      const size = family.splits[config.split].size
      let kept = false
      for (let attempt = 0; attempt < config.maxAttempts && !kept; attempt++) {
        if (options.signal?.aborted) break
        const index = tasks.int(0, size - 1)
        const result = await synthesizeOne(config, family, slot, attempt, index)
        summary.attempted++
        summary.families[family.id]!.attempted++
        if (result.record) {
          kept = true
          await writer.write(result.record)
          summary.kept++
          summary.families[family.id]!.kept++
          steps += result.record.outcome.steps
          pairs += result.record.outcome.errorRefinePairs
          for (const error of result.injected) summary.injectedErrors[error.kind]++
          for (const message of result.record.messages) {
            if (message.role === 'assistant') summary.statuses[message.status]++
          }
        } else if (result.reason) {
          summary.rejected[result.reason]++
        }
        options.onProgress?.({
          slot,
          attempt,
          family: family.id,
          task: result.task,
          ok: result.record !== null,
          reason: result.reason,
          kept: summary.kept,
          attempted: summary.attempted,
          count: config.count,
        })
      }
      if (options.signal?.aborted && !kept) {
        summary.interrupted = true
        break
      }
      if (!kept) summary.failedSlots.push(slot)
    }
  } finally {
    await writer.close()
  }
  summary.meanSteps = mean(steps, summary.kept)
  summary.meanErrorRefinePairs = mean(pairs, summary.kept)
  await writeFile(join(options.outDir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`)
  return summary
}

async function synthesizeOne(
  config: SynthConfig,
  family: EnvironmentFamily,
  slot: number,
  attempt: number,
  index: number,
): Promise<Attempt> {
  const task = family.task(config.split, index)
  const seed = deriveSeed(config.seed, `procedural/${family.id}`, `${slot}/${attempt}`)
  const persona = pickPersona(seed)
  const wanted = Math.max(2, config.minErrorRefinePairs)
  const errors = rngStream(seed, 'error-count').int(wanted, Math.max(4, wanted))
  const teacher = new ProceduralTeacher({ seed, persona, errors })
  const fail = (reason: RejectionReason): Attempt => ({
    record: null,
    reason,
    injected: [],
    task: task.id,
  })
  let episode: Awaited<ReturnType<typeof runEpisode>>
  try {
    episode = await runEpisode({
      family,
      task,
      agent: teacher,
      maxSteps: config.maxSteps,
      source: { kind: 'synth', mode: 'procedural', teacher: teacher.name, persona: persona.name },
      id: stableHash({ mode: config.mode, seed: config.seed, family: family.id, slot }),
      seed,
    })
  } catch (error) {
    // A family's own run-time failure fails this attempt; a user mistake or a bug stops the run.
    if (!RefineryError.isInstance(error) || isUserError(error)) throw error
    return fail('episode failed')
  }
  const record = episode.trajectory
  if (!record.outcome.success) return fail('goal not reached')
  if (record.outcome.errorRefinePairs < config.minErrorRefinePairs)
    return fail('too few error-refine pairs')
  const replay = await replayTrajectory(record, family)
  if (!replay.ok || replay.finalStateHash !== episode.finalStateHash) return fail('replay mismatch')
  return {
    record: {
      ...record,
      verified: { by: 'replay', ok: true, finalStateHash: episode.finalStateHash },
    },
    reason: null,
    injected: teacher.injected,
    task: task.id,
  }
}

function emptySummary(config: SynthConfig): SynthSummary {
  const families: SynthSummary['families'] = {}
  for (const id of [...new Set(config.families)].sort()) families[id] = { kept: 0, attempted: 0 }
  return {
    schema: 'refinery.synth-summary.v1',
    config,
    interrupted: false,
    kept: 0,
    attempted: 0,
    failedSlots: [],
    rejected: Object.fromEntries(REJECTION_REASONS.map((r) => [r, 0])) as Record<
      RejectionReason,
      number
    >,
    families,
    meanSteps: 0,
    meanErrorRefinePairs: 0,
    injectedErrors: Object.fromEntries(ERROR_KINDS.map((k) => [k, 0])) as Record<ErrorKind, number>,
    statuses: Object.fromEntries(StepStatus.options.map((s) => [s, 0])) as Record<
      StepStatus,
      number
    >,
  }
}

function mean(sum: number, count: number): number {
  return count === 0 ? 0 : Math.round((sum / count) * 1000) / 1000
}
