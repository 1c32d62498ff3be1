import { RefineryError } from '@refinery/core'
import type { PlanStep, WorldEngine, WorldSnapshot } from '@refinery/world'
import { stageHolds } from './holds'
import type { Stage } from './task'

/** One planned step, played on a scratch engine: its text and its call. */
export interface RehearsedStep {
  text: string
  step: PlanStep
}

/**
 * The shortest wait for a stage: `wait` on the scratch engine until the stage holds. Only
 * time passes, so this is the plan a search over `wait` alone finds (the least number of
 * waits), found by ticking instead of grounding and searching a world. Like the planner, it
 * gives up when the stage would not hold within the steps the episode has left.
 */
export function rehearseWait(
  probe: WorldEngine,
  stage: Stage,
  /** Called after each wait played. */
  after?: () => void,
): RehearsedStep[] {
  const out: RehearsedStep[] = []
  const step: PlanStep = { schema: 'wait', args: [] }
  const text = probe.surface('wait', [])
  const left = (probe.world.maxSteps ?? Number.POSITIVE_INFINITY) - probe.steps
  while (!stageHolds(probe, stage)) {
    if (out.length >= left) {
      throw new RefineryError(
        'unsolvable',
        `The lab oracle found no way through a stage of '${probe.world.id}' (unsolvable).`,
        { hint: 'Raise the planner budget or check the task.' },
      )
    }
    probe.step(step)
    after?.()
    out.push({ text, step })
  }
  return out
}

/** The world's state in a snapshot, as a string: equal strings, equal states. */
export function stateKey(snapshot: WorldSnapshot): string {
  const { facts, attrs, created, destroyed } = snapshot
  return JSON.stringify([facts, attrs ?? null, created ?? null, destroyed ?? null])
}
