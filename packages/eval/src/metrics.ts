import {
  isErrorStatus,
  type StepStatus,
  StepStatus as StepStatusSchema,
  type Trajectory,
} from '@refinery/core'

/** How an episode ended, most telling first. */
export const OUTCOMES = [
  'success',
  'step_limit',
  'stuck',
  'format_failure',
  'failure',
  'context_limit',
  'model_error',
] as const
export type Outcome = (typeof OUTCOMES)[number]

export const STEP_STATUSES: readonly StepStatus[] = StepStatusSchema.options

/** Tokens and money one episode spent. */
export interface EpisodeUsage {
  promptTokens: number
  completionTokens: number
  costUsd: number
}

export const NO_USAGE: EpisodeUsage = { promptTokens: 0, completionTokens: 0, costUsd: 0 }

/** One episode's AgentBoard metrics. */
export interface EpisodeMetrics {
  id: string
  family: string
  task: string
  /** The sampling seed's index (0 … seeds−1). */
  repeat: number
  success: boolean
  /** Highest progress reached, 0..1. */
  progress: number
  /** Assistant turns, every one a step. */
  steps: number
  /** Valid actions ÷ steps (0 when no step was taken). */
  grounding: number
  statuses: Record<StepStatus, number>
  outcome: Outcome
  /** Progress after each step (the highest so far), for progress-against-step curves. */
  curve: number[]
  usage: EpisodeUsage
  /** Why the episode could not be run to its end, when it could not. */
  error?: string
}

/** Steps the same invalid action must repeat, in a row, for an episode to count as stuck. */
export const STUCK_REPEATS = 3

/** The metrics of a finished episode's record. */
export function episodeMetrics(trajectory: Trajectory): EpisodeMetrics {
  const info = evalInfo(trajectory)
  const statuses = emptyStatuses()
  const curve: number[] = []
  let valid = 0
  let run = 0
  let previous: string | null = null
  let stuck = false
  const turns = trajectory.messages.filter((m) => m.role === 'assistant')
  for (const turn of turns) {
    statuses[turn.status]++
    if (!isErrorStatus(turn.status)) valid++
    const key = isErrorStatus(turn.status)
      ? `${turn.status}\u0000${turn.action ?? turn.content}`
      : null
    run = key !== null && key === previous ? run + 1 : key === null ? 0 : 1
    previous = key
    if (run >= STUCK_REPEATS) stuck = true
  }
  const steps = turns.length
  const outcome: Outcome = trajectory.outcome.success
    ? 'success'
    : stuck
      ? 'stuck'
      : steps > 0 && statuses.format_error * 2 >= steps
        ? 'format_failure'
        : steps < info.maxSteps
          ? 'failure'
          : 'step_limit'
  let highest = 0
  for (const p of info.curve) {
    highest = Math.max(highest, p)
    curve.push(highest)
  }
  return {
    id: trajectory.id,
    family: trajectory.env,
    task: trajectory.task,
    repeat: info.repeat,
    success: trajectory.outcome.success,
    progress: trajectory.outcome.progress,
    steps,
    grounding: steps === 0 ? 0 : valid / steps,
    statuses,
    outcome,
    curve,
    usage: info.usage,
  }
}

/** The metrics of an episode that could not be run to its end (the model failed). */
export function failedMetrics(
  id: string,
  family: string,
  task: string,
  repeat: number,
  error: string,
): EpisodeMetrics {
  return {
    id,
    family,
    task,
    repeat,
    success: false,
    progress: 0,
    steps: 0,
    grounding: 0,
    statuses: emptyStatuses(),
    outcome: /context|maximum.*tokens|too long/i.test(error) ? 'context_limit' : 'model_error',
    curve: [],
    usage: NO_USAGE,
    error,
  }
}

function emptyStatuses(): Record<StepStatus, number> {
  return Object.fromEntries(STEP_STATUSES.map((s) => [s, 0])) as Record<StepStatus, number>
}

/** What evaluation adds to a record's source, so metrics come from the record alone. */
export interface EvalInfo {
  repeat: number
  maxSteps: number
  /** The environment's progress after each step. */
  curve: number[]
  usage: EpisodeUsage
}

/** The evaluation details of a record written by `runEval`. */
export function evalInfo(trajectory: Trajectory): EvalInfo {
  const info = (trajectory.source as { eval?: Partial<EvalInfo> }).eval ?? {}
  return {
    repeat: info.repeat ?? 0,
    maxSteps: info.maxSteps ?? trajectory.outcome.steps,
    curve: info.curve ?? [],
    usage: info.usage ?? NO_USAGE,
  }
}
