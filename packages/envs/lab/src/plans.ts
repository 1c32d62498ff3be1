import type { PlanStep } from '@refinery/world'
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
 * planned before in vain; each plan is packed into one string (`pack`), a third of its size as
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
  return packed === undefined ? undefined : unpack(packed)
}

/** Keeps a plan the oracle found (a stage with no way through throws, and is not kept). */
export function keepPlan(key: string, plan: OraclePlan): void {
  const packed = pack(plan)
  if (packed !== undefined) plans.set(key, packed)
}

/** Separates the fields of a packed plan: a control character no action text or id holds. */
const SEP = '\u001f'

/**
 * A plan as one string: per step its action text, schema, argument count and arguments.
 * Undefined when some text holds the separator (such a plan is not kept).
 */
function pack(plan: OraclePlan): string | undefined {
  const parts: string[] = []
  for (let i = 0; i < plan.steps.length; i++) {
    const step = plan.steps[i]!
    parts.push(plan.actions[i]!, step.schema, String(step.args.length), ...step.args)
  }
  const packed = parts.join(SEP)
  // Each part adds one separator; a part holding one would add more.
  return parts.length > 0 && packed.split(SEP).length !== parts.length ? undefined : packed
}

/** The plan `pack` packed, in new arrays. */
function unpack(packed: string): OraclePlan {
  const actions: string[] = []
  const steps: PlanStep[] = []
  if (packed === '') return { actions, steps }
  const parts = packed.split(SEP)
  let i = 0
  while (i < parts.length) {
    actions.push(parts[i]!)
    const count = Number(parts[i + 2])
    steps.push({ schema: parts[i + 1]!, args: parts.slice(i + 3, i + 3 + count) })
    i += 3 + count
  }
  return { actions, steps }
}
