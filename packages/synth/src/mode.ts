import type { AnyAgent } from '@refinery/agent'
import {
  type EnvironmentFamily,
  RefineryError,
  type TaskRef,
  type Trajectory,
  type TrajectorySource,
} from '@refinery/core'
import type { SynthConfig, SynthModeName } from './config'
import type { ErrorCategory } from './errors'
import type { RejectionReason } from './summary'

/** One attempt at a slot, as a mode prepares it: the run plays it through `runEpisodes`. */
export interface SlotAttempt {
  family: EnvironmentFamily
  task: TaskRef
  /** The record's seed. */
  seed: number
  /** The teacher; it may keep state between turns (one agent per attempt). */
  agent: AnyAgent
  source: TrajectorySource
  /** After the episode: the mistakes made in it, by category (injected or the teacher's own). */
  mistakes(): ErrorCategory[]
  /** After an episode that failed: why, where the mode knows better than `episode failed`. */
  rejected?(): RejectionReason | null
}

/**
 * A way of making trajectories. The run owns slots, attempts, abort, the writer, verification
 * and the summary; a mode only says what each attempt plays and adds its own figures.
 */
export interface SynthMode {
  readonly name: SynthModeName
  /** The teacher's name, for record ids and the summary. */
  readonly teacher: string
  /** Families this mode cannot use, with why; the run skips and reports them. */
  unusable(family: EnvironmentFamily, config: SynthConfig): Promise<string | null>
  attempt(input: {
    config: SynthConfig
    family: EnvironmentFamily
    slot: number
    attempt: number
  }): Promise<SlotAttempt>
  /**
   * What a slot's first attempt shares with other slots' (procedural: its task): worker
   * threads take slots of one key where they can, so a task drawn again meets the plan its
   * worker already searched. It changes only which thread decides a slot, never the output.
   */
  affinity?(input: { config: SynthConfig; family: EnvironmentFamily; slot: number }): string
  /**
   * False: no trial episode before the run (an LLM mode: it would spend requests, and the
   * run itself reports what fails). Default true.
   */
  readonly trial?: boolean
  /**
   * Slots per checkpoint, at least `concurrency` (default 16, or 4 × concurrency): an LLM
   * mode keeps it small, so a stop at the spending cap drops little finished work.
   */
  readonly chunkSlots?: number
  /**
   * True when the mode writes every world from its persona (grounded): each kept record
   * counts as themed. Otherwise a record is themed when its family's `theming` dressed it.
   */
  readonly personaWorlds?: boolean
  /**
   * Counts only this mode has (worlds written, repairs…) of the attempts prepared and played
   * since the last call, which clears them. The run adds a finished chunk's counts to
   * `summary.mode` and drops a dropped chunk's (it is played again on resume), so the counts
   * of a resumed run equal an uninterrupted one's.
   */
  takeCounts?(): Record<string, number>
  /**
   * What this process has spent (model requests, tokens, cost). The run adds it to what the
   * run had spent before it was resumed: the summary's spend is the whole run's, including
   * work a stop dropped (paid for, though played again, or answered from the cache, later).
   */
  spend?(): Record<string, number>
}

/** What a record-writing mode hands the run for one attempt at a slot. */
export interface WrittenAttempt {
  /** The record, not yet verified (the run verifies it); null when the attempt gave up. */
  record: Trajectory | null
  /** Why it gave up, when `record` is null. */
  rejected?: RejectionReason
  mistakes: ErrorCategory[]
  /** This attempt's counts (model calls, tokens, DM disagreements…): the run sums them. */
  counts: Record<string, number>
}

/**
 * A mode with no executable environment (`script`: a model invents every observation). It
 * writes each attempt's record itself; the run owns slots, attempts, abort, the writer,
 * verification (`verifyTrajectory`, here by AgentRefine's rules) and the summary as for
 * any mode. Its records all have `env` equal to `family`, the one entry of `config.families`.
 */
export interface RecordMode {
  readonly name: SynthModeName
  readonly teacher: string
  readonly family: string
  write(input: {
    config: SynthConfig
    slot: number
    /** 0 for the first; each later attempt starts over from a new script. */
    attempt: number
    signal?: AbortSignal
  }): Promise<WrittenAttempt>
  /** Figures derived from the summed counts (rates); they sit beside the counts. */
  figures(counts: Record<string, number>): Record<string, number>
}

export function isRecordMode(mode: SynthMode | RecordMode): mode is RecordMode {
  return 'write' in mode
}

/** The model server cannot be reached (`llm_unavailable`): the whole run stops, keeping its work. */
export function isUnavailable(error: unknown): error is RefineryError {
  return RefineryError.isInstance(error) && error.code === 'llm_unavailable'
}
