import type { StepResult, TaskRef } from '@refinery/core'
import { lab } from './family'

/**
 * Plays a task with an oracle that plans afresh at every step: a new environment restored to
 * the state reached (one that followed its own plan would answer from that plan). For tests.
 */
export async function playReplanning(
  task: TaskRef,
  maxSteps = 30,
): Promise<{ last: StepResult | null; actions: string[] }> {
  const env = lab.create(task)
  await env.reset()
  const actions: string[] = []
  let last: StepResult | null = null
  for (let step = 0; step < maxSteps && !last?.done; step++) {
    const planner = lab.create(task)
    await planner.reset()
    planner.restore(env.snapshot())
    const [action] = await planner.oracle!()
    actions.push(action!)
    last = await env.step(action!)
  }
  return { last, actions }
}
