import { WorldEngine } from '@refinery/world'
import { describe, expect, it, vi } from 'vitest'
import { LabEnvironment } from './environment'
import { lab } from './family'
import { playReplanning } from './test-support'

/**
 * The oracle solves every test task, and its plan replays to success in both feedback
 * profiles. The plan is computed once per task (in the rich profile) and replayed in both:
 * profiles change only the words of failed actions, never the state.
 */
describe('the lab oracle', () => {
  it('reaches the goal of every one of the 90 test tasks, in the rich and the agentboard profile', async () => {
    const failures: string[] = []
    const lengths: number[] = []
    for (let i = 0; i < lab.splits.test.size; i++) {
      const task = lab.task('test', i)
      const rich = lab.create(task)
      await rich.reset()
      const plan = await rich.oracle()
      lengths.push(plan.length)
      for (const profile of ['rich', 'agentboard'] as const) {
        const env = lab.create(task, { profile })
        await env.reset()
        let last = null
        for (const action of plan) {
          last = await env.step(action)
          if (last.status !== 'ok') break
        }
        if (!last?.success || last.progress !== 1)
          failures.push(`${task.id} (${profile}): ${last?.status} ${last?.observation}`)
      }
    }
    expect(failures).toEqual([])
    // Every plan fits AgentBoard's 30-step episodes.
    expect(Math.max(...lengths)).toBeLessThanOrEqual(30)
  }, 900_000)

  it('re-plans from a state the agent reached by its own detour', async () => {
    const task = lab.task('test', 0)
    const env = lab.create(task, { profile: 'agentboard' })
    await env.reset()
    await env.step('wait')
    await env.step('look around')
    const plan = await env.oracle()
    let last = null
    for (const action of plan) last = await env.step(action)
    expect(last?.success).toBe(true)
  })

  it('re-plans at every step, as eval does, once an intermediate product is used up', async () => {
    // lab/test/57-59 (66-68 before the inclined-plane and genetics kinds): the orange paint of
    // "make yellow-orange paint" is gone once mixed in, and the oracle, planning its first
    // stage again, found no way to make it.
    const tasks = Array.from({ length: lab.splits.test.size }, (_, i) =>
      lab.task('test', i),
    ).filter((t) => (t.params as { kind: string }).kind === 'chemistry-mix-paint-tertiary-color')
    expect(tasks.map((t) => t.id)).toContain('lab/test/57')
    for (const task of tasks) {
      const { last } = await playReplanning(task)
      expect(last?.success, task.id).toBe(true)
    }
  }, 120_000)

  it('answers from its last plan while the episode follows it, by the state of the world', async () => {
    const env = lab.create(lab.task('test', 3))
    await env.reset()
    const start = env.snapshot()
    const plan = await env.oracle()
    await env.step(plan[0]!)
    expect(await env.oracle()).toEqual(plan.slice(1))
    env.restore(start)
    expect(await env.oracle()).toEqual(plan)
    // A look changes nothing in the world, so the same plan holds.
    await env.step('look around')
    expect(await env.oracle()).toEqual(plan)
  })

  it('plans a task drawn again from its remembered plan, and follows it without planning', async () => {
    const task = lab.task('test', 4)
    const first = lab.create(task)
    await first.reset()
    const plan = await first.oracle()
    // Every plan made anew is made by planStages; a remembered one is replayed.
    const planning = vi.spyOn(
      LabEnvironment.prototype as unknown as { planStages: () => void },
      'planStages',
    )
    try {
      const again = lab.create(task)
      await again.reset()
      expect(await again.oracle()).toEqual(plan)
      await again.step(plan[0]!)
      await again.step(plan[1]!)
      // The states the remembered plan passes through are known too: two steps on, no search.
      expect(await again.oracle()).toEqual(plan.slice(2))
      expect(planning).not.toHaveBeenCalled()
    } finally {
      planning.mockRestore()
    }
  })

  it('answers a task drawn again at its start by the task alone: no snapshot, no search', async () => {
    const task = lab.task('test', 7)
    const first = lab.create(task)
    await first.reset()
    const plan = await first.oracle()
    const again = lab.create(task)
    await again.reset()
    const snapshots = vi.spyOn(WorldEngine.prototype, 'snapshot')
    try {
      expect(await again.oracle()).toEqual(plan)
      expect(snapshots).not.toHaveBeenCalled()
    } finally {
      snapshots.mockRestore()
    }
    // Followed one step, it answers from the start's plan, whose states it finds then.
    await again.step(plan[0]!)
    expect(await again.oracle()).toEqual(plan.slice(1))
  })

  it('puts the looks into a task drawn again where it put them before, without walking the plan', async () => {
    const task = lab.task('test', 0)
    const first = lab.create(task)
    await first.reset()
    const plan = await first.oracle()
    expect(plan).toContain('look around')
    const walking = vi.spyOn(
      LabEnvironment.prototype as unknown as { looksBefore: () => number[] },
      'looksBefore',
    )
    try {
      const again = lab.create(task)
      await again.reset()
      expect(await again.oracle()).toEqual(plan)
      expect(walking).not.toHaveBeenCalled()
    } finally {
      walking.mockRestore()
    }
  })
})

describe('the lab oracle as a typed agent', () => {
  it('names nothing in an action before an observation has shown it', async () => {
    for (let i = 0; i < lab.splits.test.size; i++) {
      const task = lab.task('test', i)
      const env = lab.create(task)
      const first = await env.reset()
      let shown = first.observation
      const names = env.allNames().sort((a, b) => b.length - a.length)
      let last = null
      for (let step = 0; step < 60 && !last?.done; step++) {
        const [action] = await env.oracle()
        let rest = ` ${action!} `
        for (const name of names) {
          const at = rest.indexOf(` ${name} `)
          if (at < 0) continue
          expect(shown, `${task.id}: "${action}" names ${name} unseen`).toContain(name)
          rest = rest.replace(` ${name} `, '  ')
        }
        last = await env.step(action!)
        shown += `\n${last.observation}`
      }
      expect(last?.success, task.id).toBe(true)
    }
  }, 300_000)
})
