import { RefineryError, StepStatus } from '@refinery/core'
import { VERIFY_PROBLEM_KINDS, type VerifyProblemKind } from '@refinery/dataset'
import type { SynthConfig } from './config'
import { ERROR_CATEGORIES, type ErrorCategory } from './errors'

/**
 * Why an attempt was not kept: the verification's first problem, a failed episode, an
 * attempt the mode could not prepare (a world its teacher could not write validly),
 * (script mode) no valid script within the repairs, or (procedural) a task whose plan and
 * pairs do not fit in the step limit, or whose plan is shorter than the pairs it needs,
 * given up before it was played.
 */
export type RejectionReason =
  | VerifyProblemKind
  | 'episode failed'
  | 'attempt failed'
  | 'script invalid'
  | 'task too long'
  | 'task too short'
export const REJECTION_REASONS: readonly RejectionReason[] = [
  ...VERIFY_PROBLEM_KINDS,
  'episode failed',
  'attempt failed',
  'script invalid',
  'task too long',
  'task too short',
]

/** An attempt that failed outright: its episode, or its preparation, threw. */
export interface SynthFailure {
  slot: number
  attempt: number
  family: string
  /** The error on one line. */
  error: string
}

/** Failures a summary keeps: the first by slot and attempt, so the bytes never depend on order. */
export const MAX_FAILURES = 20

/** The same shape for every mode; `mode` holds what only one mode has. */
export interface SynthSummary {
  schema: 'refinery.synth-summary.v2'
  config: SynthConfig
  /** The slots of this shard, `[from, to)`. */
  slots: { from: number; to: number }
  /** The first slot not yet decided: equals `slots.to` when the run is complete. */
  nextSlot: number
  /** Bytes of `trajectories.jsonl` holding the slots before `nextSlot` (for `--resume`). */
  bytes: number
  /** True when the run was stopped before every slot was tried. */
  interrupted: boolean
  /**
   * What stopped it: a cancel, the spending cap (`--budget-usd`), or a model server nothing
   * answers at (`model`); null when it ran to the end.
   */
  stoppedBy: 'signal' | 'budget' | 'model' | null
  /** How many times this run was resumed. */
  resumed: number
  kept: number
  attempted: number
  /** Slots given up after `maxAttempts`. */
  failedSlots: number[]
  rejected: Record<RejectionReason, number>
  /**
   * The first failed attempts (`episode failed`, `attempt failed`) with their errors: a count
   * alone does not say what to mend. At most `MAX_FAILURES`, by slot and attempt.
   */
  failures: SynthFailure[]
  families: Record<string, { kept: number; attempted: number }>
  /** Families that cannot be synthesised in this mode, with why. */
  skippedFamilies: Record<string, string>
  /**
   * Kept records whose task a persona themed (`source.theme`), and the families of the run
   * that are not themable (no `theming`: their tasks are used as the family makes them).
   */
  themes: { themed: number; notThemable: string[] }
  meanSteps: number
  meanErrorRefinePairs: number
  /** Mistakes in kept trajectories, by taxonomy category (injected or the teacher's own). */
  errors: Record<ErrorCategory, number>
  /** Assistant turns of kept trajectories, per status. */
  statuses: Record<StepStatus, number>
  /** Figures only this mode has (LLM tokens, cost, DM disagreement…). */
  mode: Record<string, number>
  /** Sums behind the means, so a resumed run continues them. */
  sums: { steps: number; pairs: number }
}

export function emptySummary(
  config: SynthConfig,
  slots: { from: number; to: number },
  families: readonly string[],
): SynthSummary {
  const perFamily: SynthSummary['families'] = {}
  for (const id of [...new Set(families)].sort()) perFamily[id] = { kept: 0, attempted: 0 }
  return {
    schema: 'refinery.synth-summary.v2',
    config,
    slots,
    nextSlot: slots.from,
    bytes: 0,
    interrupted: false,
    stoppedBy: null,
    resumed: 0,
    kept: 0,
    attempted: 0,
    failedSlots: [],
    rejected: Object.fromEntries(REJECTION_REASONS.map((r) => [r, 0])) as Record<
      RejectionReason,
      number
    >,
    failures: [],
    families: perFamily,
    skippedFamilies: {},
    themes: { themed: 0, notThemable: [] },
    meanSteps: 0,
    meanErrorRefinePairs: 0,
    errors: Object.fromEntries(ERROR_CATEGORIES.map((k) => [k, 0])) as Record<
      ErrorCategory,
      number
    >,
    statuses: Object.fromEntries(StepStatus.options.map((s) => [s, 0])) as Record<
      StepStatus,
      number
    >,
    mode: {},
    sums: { steps: 0, pairs: 0 },
  }
}

export function finishMeans(summary: SynthSummary): void {
  const mean = (sum: number) =>
    summary.kept === 0 ? 0 : Math.round((sum / summary.kept) * 1000) / 1000
  summary.meanSteps = mean(summary.sums.steps)
  summary.meanErrorRefinePairs = mean(summary.sums.pairs)
}

/** Keeps the first `MAX_FAILURES` failures by slot and attempt (workers report in any order). */
export function trimFailures(failures: SynthFailure[]): SynthFailure[] {
  return failures.sort((a, b) => a.slot - b.slot || a.attempt - b.attempt).slice(0, MAX_FAILURES)
}

/** An error on one line, for `SynthSummary.failures`. */
export function failureText(error: unknown): string {
  const text = RefineryError.isInstance(error)
    ? error.oneLine
    : error instanceof Error
      ? error.message
      : String(error)
  return text.split('\n')[0]!
}
