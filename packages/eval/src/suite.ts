import type { EpisodeJob } from '@refinery/agent'
import {
  deriveSeed,
  type EnvironmentFamily,
  type FamilyRegistry,
  type FeedbackProfile,
  RefineryError,
  type Split,
} from '@refinery/core'
import { ACTION_PERTURBATION_KIND, evalFamily, type PerturbKind } from './perturb'

/** AgentBoard's step limit: every assistant turn is a step. */
export const DEFAULT_EVAL_STEPS = 30

/**
 * Step limits over the default for families whose test tasks need more: the oracle's plans in
 * adventure's and planning's test splits reach 39 moves, so 30 steps would fail an expert.
 */
export const DEFAULT_STEPS_BY_FAMILY: Readonly<Record<string, number>> = {
  adventure: 50,
  planning: 50,
}

export interface SuiteOptions {
  /** Default: every registered family. */
  families?: readonly string[]
  /** Default `test`. */
  split?: Split
  /** The first `limit` tasks of each family's split. */
  limit?: number
  /** Repeats of every task with different sampling seeds (default 1). */
  seeds?: number
  /** Default 30. */
  maxSteps?: number
  /** Step limits per family id, over `maxSteps` and `DEFAULT_STEPS_BY_FAMILY`. */
  stepsByFamily?: Readonly<Record<string, number>>
  /** The families' feedback profile (default `rich`). */
  profile?: FeedbackProfile
  perturb?: PerturbKind | null
}

/** One episode of a suite: a job for `runEpisodes`, with the repeat and the step limit. */
export interface SuiteJob extends EpisodeJob {
  repeat: number
  maxSteps: number
}

/** The suite's episodes, family by family (sorted), task by task, repeat by repeat. */
export function buildSuite(registry: FamilyRegistry, options: SuiteOptions = {}): SuiteJob[] {
  const ids = options.families?.length ? [...new Set(options.families)].sort() : registry.ids()
  const split = options.split ?? 'test'
  const seeds = options.seeds ?? 1
  positive('seeds', seeds)
  if (options.limit !== undefined) positive('limit', options.limit)
  const jobs: SuiteJob[] = []
  for (const id of ids) {
    const base = registry.get(id)
    const maxSteps =
      options.stepsByFamily?.[id] ??
      (options.maxSteps === undefined ? DEFAULT_STEPS_BY_FAMILY[id] : undefined) ??
      options.maxSteps ??
      DEFAULT_EVAL_STEPS
    positive(`steps of ${id}`, maxSteps)
    const family: EnvironmentFamily = evalFamily(base, {
      ...(options.profile ? { profile: options.profile } : {}),
      perturb: options.perturb ?? null,
    })
    const size = Math.min(base.splits[split].size, options.limit ?? Number.POSITIVE_INFINITY)
    for (let index = 0; index < size; index++) {
      const task = base.task(split, index)
      for (let repeat = 0; repeat < seeds; repeat++) {
        jobs.push({
          family,
          task,
          repeat,
          maxSteps,
          seed: repeat === 0 ? task.seed : deriveSeed(task.seed, 'eval.repeat', repeat),
          perturbation:
            options.perturb === 'actions'
              ? { kind: ACTION_PERTURBATION_KIND, seed: task.seed }
              : null,
        })
      }
    }
  }
  return jobs
}

function positive(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new RefineryError('usage', `${name} must be a positive integer, got ${value}.`, {
      hint: 'Pass a whole number of 1 or more.',
    })
  }
}
