import {
  type EnvironmentFamily,
  RefineryError,
  SPECIFICATION_VERSION,
  type Split,
  taskId,
} from '@refinery/core'
import { describeFamilyConformance, probeTest } from '@refinery/core/testing/vitest'
import { describe, expect, it, vi } from 'vitest'
import miniHousehold from '../__fixtures__/mini-household.json'
import { compileWorld } from '../engine/compile'
import { importPddl } from '../pddl'
import { perturbWorld } from '../perturb'
import { WorldSpec, type WorldSpecInput } from '../spec'
import { manyBlocksPddl } from '../validate/explosive'
import { createWorldEnvironment } from './environment'

const world = compileWorld(miniHousehold as WorldSpecInput)

/** The mini-household world as a one-task family, to run the conformance kit on the adapter. */
const family: EnvironmentFamily = {
  specificationVersion: SPECIFICATION_VERSION,
  id: 'mini-household',
  description: 'Clean an apple and put it in the fridge.',
  splits: { train: { size: 1 }, dev: { size: 1 }, test: { size: 1 } },
  task(split: Split, index: number) {
    if (index !== 0) throw new RefineryError('unknown_task', `No task ${index}.`)
    return {
      id: taskId('mini-household', split, index),
      family: 'mini-household',
      split,
      index,
      seed: 0,
    }
  },
  create: () => createWorldEnvironment(world),
}

describeFamilyConformance(family, { tasks: 1, walkSteps: 40 })

describe('createWorldEnvironment', () => {
  it('grounds text with the parser and answers meta-actions without advancing time', async () => {
    const env = createWorldEnvironment(miniHousehold as WorldSpecInput)
    const first = await env.reset()
    expect(first.instruction).toBe('Your task is to: put a clean apple in fridge.')
    expect(first.observation).toMatchInlineSnapshot(
      `"You are in the middle of a room. Looking quickly around you, you see a cabinet 1, a countertop 1, a fridge 1, and a sinkbasin 1."`,
    )
    const go = await env.step('go to countertop 1')
    expect(go).toMatchObject({ status: 'ok', done: false })
    expect(go.observation).toBe(
      'You arrive at countertop 1. On the countertop 1, you see a apple 1, and a mug 1.',
    )
    const valid = await env.step('check valid actions')
    expect(valid.status).toBe('meta')
    expect(valid.observation).toMatch(
      /^Choose an action from these valid actions: check valid actions, go to cabinet 1, /,
    )
    expect(env.engine.steps).toBe(1)
    expect((await env.step('xyzzy')).status).toBe('unknown_action')
    expect((await env.step('take fridge 1 from countertop 1')).status).toBe('invalid_argument')
    const inventory = await env.step('inventory')
    expect(inventory).toMatchObject({ status: 'meta', observation: 'You are carrying: nothing.' })
    const help = await env.step('help')
    expect(help.observation).toContain('take <item> from <receptacle>')
  })

  it('tries the narrow planner first and searches the whole world when it finds no plan', async () => {
    const narrow = createWorldEnvironment(world, {
      narrowPlanner: { skip: { entities: ['apple_1'] } },
    })
    await narrow.reset()
    const plan = await narrow.oracle()
    expect(plan.join(' / ')).not.toContain('apple 1')
    expect(plan).toContain('open cabinet 1')
    // No plan cleans nothing: the narrow search fails and the whole one answers.
    const fallback = createWorldEnvironment(world, {
      narrowPlanner: { skip: { actions: ['clean'] } },
    })
    await fallback.reset()
    const whole = createWorldEnvironment(world)
    await whole.reset()
    expect(await fallback.oracle()).toEqual(await whole.oracle())
  })

  // A world searched with the narrow planner, and a marked copy of its plan as a proof: a
  // search would answer the real plan, not this one.
  const provenSetup = async () => {
    const narrowPlanner = { skip: { entities: ['apple_1'] } }
    const searched = createWorldEnvironment(world, { narrowPlanner })
    await searched.reset()
    const real = await searched.oracle()
    const marked = {
      status: 'solved' as const,
      steps: [],
      expanded: 0,
      actions: real.map((a) => `${a} `),
    }
    return { narrowPlanner, searched, real, marked }
  }

  it('answers a proven plan from the initial state only, and searches from any other', async () => {
    const { narrowPlanner, searched, real, marked } = await provenSetup()
    const proven = createWorldEnvironment(world, { narrowPlanner, provenPlan: marked })
    await proven.reset()
    expect(await proven.oracle()).toEqual(marked.actions)
    await proven.step(real[0]!)
    await searched.step(real[0]!)
    expect(await proven.oracle()).toEqual(await searched.oracle())
  })

  it('asks a proven plan given as a function only when the oracle is asked from the start', async () => {
    const { narrowPlanner, real, marked } = await provenSetup()
    let asked = 0
    const lazy = createWorldEnvironment(world, {
      narrowPlanner,
      provenPlan: () => {
        asked++
        return marked
      },
    })
    await lazy.reset()
    await lazy.step('look')
    expect(asked).toBe(0)
    await lazy.reset()
    expect(await lazy.oracle()).toEqual(marked.actions)
    expect(asked).toBe(1)
    // Undefined: the narrow search answers, as without a proof.
    const unproven = createWorldEnvironment(world, { narrowPlanner, provenPlan: () => undefined })
    await unproven.reset()
    expect(await unproven.oracle()).toEqual(real)
  })

  it('keeps a snapshot small over a long episode of repeated texts (play keeps one per step)', async () => {
    const env = createWorldEnvironment(miniHousehold as WorldSpecInput)
    await env.reset()
    await env.step('look')
    const size = JSON.stringify(env.snapshot()).length
    for (let i = 0; i < 500; i++) await env.step('look')
    expect(JSON.stringify(env.snapshot()).length).toBe(size)
  })

  it('plays the oracle to success with reward 1 on the winning step only', async () => {
    const env = createWorldEnvironment(world)
    await env.reset()
    const plan = await env.oracle()
    const rewards: number[] = []
    let last = await env.step(plan[0]!)
    rewards.push(last.reward)
    for (const action of plan.slice(1)) {
      last = await env.step(action)
      rewards.push(last.reward)
    }
    expect(last).toMatchObject({ success: true, done: true, progress: 1, reward: 1 })
    expect(rewards.slice(0, -1).every((r) => r === 0)).toBe(true)
    expect(await env.oracle()).toEqual([])
  })

  it('steps only what it rejects when asked to, with the result a step gives', async () => {
    const probed = createWorldEnvironment(world)
    const stepped = createWorldEnvironment(world)
    await probed.reset()
    await stepped.reset()
    const plan = await stepped.oracle()
    const probes = probeTest()
    for (const next of plan) {
      const tries = [
        ...(await stepped.validActions()),
        'xyzzy',
        'take fridge 1 from countertop 1',
        'open fridge 1',
        'take apple 7 from countertop 1',
        next,
      ]
      await probes.agree(probed, stepped, tries)
      expect((await probed.step(next)).status).toBe('ok')
      expect((await stepped.step(next)).status).toBe('ok')
    }
    probes.expectEveryStatus()
  })

  it('plans within its state budget however slow the clock says it is (same plan on any host)', async () => {
    const tower = manyBlocksPddl(24)
    if (tower.kind !== 'pddl') throw new Error('a PDDL case was expected')
    const env = createWorldEnvironment(importPddl(tower.domain, tower.problem))
    await env.reset()
    // Every reading of the clock an hour later: a deadline in wall-clock time would end the
    // search at its first look (it did, with the planner's 30 s default), states do not.
    const real = Date.now
    let readings = 0
    const clock = vi.spyOn(Date, 'now').mockImplementation(() => real() + ++readings * 3_600_000)
    try {
      const plan = await env.oracle()
      expect(readings).toBeGreaterThan(0)
      expect(plan.length).toBeGreaterThan(24)
    } finally {
      clock.mockRestore()
    }
  })

  it('gives the rest of its plan along the way, and a fresh one after a detour', async () => {
    const env = createWorldEnvironment(world)
    await env.reset()
    const plan = await env.oracle()
    expect((await env.step('fly to the moon')).status).toBe('unknown_action')
    expect(await env.oracle()).toEqual(plan)
    expect((await env.step(plan[0]!)).status).toBe('ok')
    expect(await env.oracle()).toEqual(plan.slice(1))

    // a detour the plan did not take: whatever comes back must still reach the goal
    const detour = (await env.validActions()).find(
      (a) => a !== plan[1] && !a.startsWith('examine'),
    )!
    await env.step(detour)
    const fresh = await env.oracle()
    let last = null
    for (const action of fresh) last = await env.step(action)
    expect(last).toMatchObject({ done: true, success: true })
    // a fresh environment plans the same as one that has already planned: memo or not
    const other = createWorldEnvironment(world)
    await other.reset()
    expect(await other.oracle()).toEqual(plan)
  })

  it('does not hand out the rest of a plan that no longer fits in the steps left', async () => {
    const spec = miniHousehold as WorldSpecInput
    const env = createWorldEnvironment({ ...spec, maxSteps: 9 })
    await env.reset()
    const plan = await env.oracle()
    expect(plan.length).toBeLessThanOrEqual(9)
    // burn steps with failing actions: the state stays, the steps left shrink
    for (let i = 0; i < 9 - plan.length + 1; i++)
      expect((await env.step('open fridge 1')).status).toBe('precondition_failed')
    await expect(env.oracle()).rejects.toMatchObject({ code: 'unsolvable' })
  })

  it('plays a perturbed world when asked, and refuses to perturb a compiled one', async () => {
    const spec = miniHousehold as WorldSpecInput
    const perturbation = { kind: 'rename_verbs', seed: 2 }
    const env = createWorldEnvironment(spec, { perturbation })
    const expected = perturbWorld(WorldSpec.parse(spec), perturbation).spec
    expect(env.actionSpace.templates.map((t) => t.pattern)).toEqual(
      expected.actions.map((a) => a.pattern),
    )
    expect(env.actionSpace).not.toEqual(createWorldEnvironment(spec).actionSpace)
    expect(() => createWorldEnvironment(world, { perturbation })).toThrow(
      /compiled world cannot be perturbed/,
    )
  })

  it('puts the instruction prefix in front of the goal', async () => {
    const env = createWorldEnvironment(world, { instructionPrefix: 'Task: ' })
    expect((await env.reset()).instruction).toBe(
      'Task: Your task is to: put a clean apple in fridge.',
    )
  })
})

describe('feedback names only what the agent has observed', () => {
  const spec = miniHousehold as WorldSpecInput

  it('answers an unseen thing exactly as a thing that does not exist, without using a step', async () => {
    const env = createWorldEnvironment(spec)
    await env.reset()
    const unseen = await env.step('take apple 1 from countertop 1')
    const missing = await env.step('take teddybear 1 from countertop 1')
    expect(unseen.status).toBe(missing.status)
    expect(unseen.observation).toBe('There is no "apple 1" here. Check valid actions.')
    expect(missing.observation).toBe('There is no "teddybear 1" here. Check valid actions.')
    expect(env.engine.steps).toBe(0)
  })

  it('offers no unseen name: no "which one", no "did you mean"', async () => {
    const env = createWorldEnvironment(spec)
    await env.reset()
    for (const action of ['take apple from countertop 1', 'take aple 1 from countertop 1']) {
      const reply = (await env.step(action)).observation
      expect(reply).not.toMatch(/apple \d/)
    }
  })

  it('learns names from observations, not from its own words echoed back', async () => {
    const env = createWorldEnvironment(spec)
    await env.reset()
    await env.step('take apple 1 from countertop 1')
    expect((await env.step('take apple 1 from countertop 1')).status).toBe('invalid_argument')
    expect((await env.step('go to countertop 1')).observation).toContain('apple 1')
    expect((await env.step('take apple 1 from countertop 1')).status).toBe('ok')
  })

  it('keeps what was observed across snapshot and restore', async () => {
    const env = createWorldEnvironment(spec)
    await env.reset()
    const before = env.snapshot()
    await env.step('go to countertop 1')
    const after = env.snapshot()
    env.restore(before)
    expect((await env.step('take mug 1 from countertop 1')).observation).toBe(
      'There is no "mug 1" here. Check valid actions.',
    )
    env.restore(after)
    expect(JSON.parse(JSON.stringify(env.snapshot()))).toEqual(after)
  })
})
