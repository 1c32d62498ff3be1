import { createWorldEnvironment, WorldEngine } from '@refinery/world'
import { describe, expect, it } from 'vitest'
import { GeneratedEnvironment, oraclePlanners } from './environment'
import { createGeneratedFamily, generated } from './family'
import { generateCompiled } from './generate'

const tasks = [
  ...[0, 1, 2, 3, 4, 5].map((i) => generated.task('train', i)),
  ...[0, 1, 2, 106].map((i) => generated.task('test', i)),
]

describe('GeneratedEnvironment', () => {
  it('answers from the start with the generator’s plan, whose steps win on the engine', async () => {
    for (const task of tasks) {
      const theme = String(task.params?.theme)
      const made = generateCompiled({ seed: task.seed, split: task.split, id: task.id, theme })
      expect(made.proven.actions).toEqual(made.world.plan)
      const engine = new WorldEngine(made.compiled)
      engine.reset()
      made.proven.steps.forEach((step, i) => {
        expect(engine.surface(step.schema, step.args)).toBe(made.world.plan[i])
        expect(engine.step(step).status).toBe('ok')
      })
      expect(engine.success, task.id).toBe(true)
      const env = generated.create(task)
      await env.reset()
      expect(await env.oracle!()).toEqual(made.world.plan)
    }
  })

  it('does not search again from the start: the proven plan is the oracle’s first answer', async () => {
    const task = generated.task('train', 7)
    const made = generateCompiled({ seed: task.seed, split: task.split, id: task.id })
    const planners = oraclePlanners(made.world.distractors, 20_000)
    // A marked copy of the proof: a search would answer the real plan, not this one.
    const marked = { ...made.proven, actions: made.proven.actions.map((a) => `${a} `) }
    const env = new GeneratedEnvironment(made.compiled, { ...planners, proven: marked })
    await env.reset()
    expect(await env.oracle()).toEqual(marked.actions)
  })

  it('gives the same oracle answers as a world environment with the same planners and proven plan, on and off the plan', async () => {
    for (const task of tasks.slice(0, 6)) {
      const world = generated.generated(task)
      const mine = generated.create(task) as GeneratedEnvironment
      const plain = createWorldEnvironment(world.spec, {
        ...oraclePlanners(world.distractors, 20_000),
        provenPlan: mine.proven,
      })
      expect(mine).toBeInstanceOf(GeneratedEnvironment)
      expect(await mine.reset()).toEqual(await plain.reset())
      expect(await mine.oracle()).toEqual(world.plan)
      expect(await plain.oracle()).toEqual(world.plan)
      // Off the plan: a valid action the plan does not start with, then the oracle again.
      const first = world.plan[0]
      const other = (await plain.validActions()).find((a) => a !== first && !a.startsWith('look'))
      if (other) {
        expect(await mine.step(other)).toEqual(await plain.step(other))
        expect(await mine.oracle()).toEqual(await plain.oracle())
      }
      // Following the oracle wins.
      for (let turn = 0; turn < 30; turn++) {
        const plan = await mine.oracle()
        if (plan.length === 0) break
        const [a, b] = [await mine.step(plan[0]!), await plain.step(plan[0]!)]
        expect(a).toEqual(b)
        if (a.done) break
      }
      expect(mine.engine.success, task.id).toBe(true)
    }
  })

  it('hands out the environment the typed replay played on once, and after reset it plays as a new one', async () => {
    const family = createGeneratedFamily()
    const task = family.task('train', 11)
    const first = family.create(task) as GeneratedEnvironment
    const second = family.create(task) as GeneratedEnvironment
    expect(first).not.toBe(second)
    // The first one ended the typed replay at the goal.
    expect(first.engine.success).toBe(true)
    expect(await first.reset()).toEqual(await second.reset())
    expect(first.snapshot()).toEqual(second.snapshot())
    for (const action of ['look', ...family.generated(task).plan])
      expect(await first.step(action)).toEqual(await second.step(action))
    expect(first.snapshot()).toEqual(second.snapshot())
  })

  it('is made for unperturbed worlds only; a perturbed world searches with the same planners', async () => {
    const family = createGeneratedFamily()
    const task = family.task('test', 1)
    const env = family.create(task, { perturbation: { kind: 'all', seed: 3 } })
    expect(env).not.toBeInstanceOf(GeneratedEnvironment)
    await env.reset()
    expect((await env.oracle!()).length).toBeGreaterThan(0)
  })
})
