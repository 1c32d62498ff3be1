import type { AnyAgent } from '@refinery/agent'
import type { EnvironmentFamily, TaskRef, TrajectorySource } from '@refinery/core'
import type { SynthConfig, SynthModeName } from './config'
import type { ErrorCategory } from './errors'

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
   * False: no trial episode before the run (an LLM mode: it would spend requests, and the
   * run itself reports what fails). Default true.
   */
  readonly trial?: boolean
  /**
   * Slots per checkpoint, at least `concurrency` (default 16, or 4 × concurrency): an LLM
   * mode keeps it small, so a stop at the spending cap drops little finished work.
   */
  readonly chunkSlots?: number
  /** Numbers only this mode has (LLM tokens, DM disagreements…); empty for none. */
  figures(): Record<string, number>
}
