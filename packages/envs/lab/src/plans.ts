import { type PlanStep, packPlan, unpackPlan } from '@refinery/world'
import { LRUCache } from 'lru-cache'

/** The oracle's plan from one state: each action's text and its call. */
export interface OraclePlan {
  readonly actions: readonly string[]
  readonly steps: readonly PlanStep[]
}

/**
 * Plans by task and start state, least recently used first out. A synthesis run draws each
 * lab task again and again (3,000 train tasks, some 10,000 lab trajectories in a
 * 64,000-trajectory run), and the first plan of an episode starts from the task's initial
 * state every time: planning it again builds the stage world and searches every stage anew,
 * most of a lab trajectory's CPU. Every train task fits, so a worker draws no task it has
 * planned before in vain; each plan is packed into one string (`packPlan`), a third of its size as
 * arrays of objects.
 */
const MAX_PLANS = 4096
const plans = new LRUCache<string, string>({ max: MAX_PLANS })

/**
 * The plan kept under `key` (the task's digest and the start state: the oracle's answer is a
 * function of the two), or undefined.
 */
export function recallPlan(key: string): OraclePlan | undefined {
  const packed = plans.get(key)
  return packed === undefined ? undefined : unpackPlan(packed)
}

/** Keeps a plan the oracle found (a stage with no way through throws, and is not kept). */
export function keepPlan(key: string, plan: OraclePlan): void {
  const packed = packPlan(plan)
  if (packed !== undefined) plans.set(key, packed)
}

/**
 * Where the oracle's answer puts `look around` into a plan (before which of its actions), by
 * the plan's key and what the agent has been shown: the answer is a function of the two, and
 * finding it plays the plan again with a view of every state. A task drawn again asks the
 * same first question (its start state, what looking around there shows), so it is kept
 * beside the plan, as the positions joined by commas.
 */
const looks = new LRUCache<string, string>({ max: MAX_PLANS })

/** The positions kept under `key`, or undefined. */
export function recallLooks(key: string): number[] | undefined {
  const packed = looks.get(key)
  if (packed === undefined) return undefined
  return packed === '' ? [] : packed.split(',').map(Number)
}

/** Keeps where the oracle put its looks into a plan. */
export function keepLooks(key: string, positions: readonly number[]): void {
  looks.set(key, positions.join(','))
}
