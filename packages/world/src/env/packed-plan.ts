import type { PlanStep } from '../planner/plan'

/** A plan's action texts and calls, as a cache keeps them. */
export interface PlanSteps {
  readonly actions: readonly string[]
  readonly steps: readonly PlanStep[]
}

/** Separates the fields of a packed plan: a control character no action text or id holds. */
const SEP = '\u001f'

/**
 * A plan as one string: per step its action text, schema, argument count and arguments. As
 * arrays of objects a plan takes some three times the memory, and plan caches hold thousands.
 * Undefined when some text holds the separator (such a plan is not kept).
 */
export function packPlan(plan: PlanSteps): string | undefined {
  const parts: string[] = []
  for (let i = 0; i < plan.steps.length; i++) {
    const step = plan.steps[i]!
    parts.push(plan.actions[i]!, step.schema, String(step.args.length), ...step.args)
  }
  const packed = parts.join(SEP)
  // Each part adds one separator; a part holding one would add more.
  return parts.length > 0 && packed.split(SEP).length !== parts.length ? undefined : packed
}

/** The plan `packPlan` packed, in new arrays (callers may keep or change them). */
export function unpackPlan(packed: string): { actions: string[]; steps: PlanStep[] } {
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
