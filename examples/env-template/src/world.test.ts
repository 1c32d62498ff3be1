import type { Environment, StepResult, TaskRef } from '@refinery/core'
import { describe, expect, it } from 'vitest'
import { garden } from './family.js'
import { GardenTaskParams, PLANT_KINDS } from './params.js'

/** Where things are in a task, as display names. */
function layout(task: TaskRef) {
  const params = GardenTaskParams.parse(task.params)
  const name = (id: string) => id.replace('_', ' ')
  const target = params.plants.find((p) => `${p.kind}_${p.number}` === params.targets[0])!
  return {
    params,
    can: name(params.can),
    target: `${target.kind} ${target.number}`,
    targetBed: `bed ${target.bed}`,
  }
}

async function play(env: Environment, actions: readonly string[]): Promise<StepResult[]> {
  const out: StepResult[] = []
  for (const action of actions) out.push(await env.step(action))
  return out
}

/** Steps that end with the watering can in hand, wherever it lies and whether the shed is shut. */
function fetchCan(task: TaskRef): string[] {
  const { params, can } = layout(task)
  const steps = [`go to ${can}`]
  if (params.can === 'shed' && !params.shedOpen) steps.push('open shed')
  steps.push(`take watering can from ${can}`)
  return steps
}

describe('garden worlds', () => {
  it('describe the garden in plain second person, as ALFWorld does', async () => {
    const env = garden.create(garden.task('test', 0))
    const first = await env.reset()
    expect(first.instruction).toBe(
      'Your task is to: water the pumpkin 1, the sunflower 1, and the rose 2.',
    )
    expect(first.observation).toBe(
      'You are in the middle of a garden. Looking quickly around you, you see a bed 1, a bed 2, a shed, and a tap.',
    )
    const [bed, tap, take, fill, water] = await play(env, [
      'go to bed 2',
      'fill watering can at tap',
      'take watering can from bed 2',
      'go to tap',
      'fill watering can at tap',
    ])
    expect(bed!.observation).toBe(
      'You arrive at the bed 2. In the bed 2, you see a rose 1, a thistle 1, and a watering can.',
    )
    expect(tap).toMatchObject({
      status: 'precondition_failed',
      observation: 'You are not carrying the watering can. Take it first.',
    })
    expect(take!.observation).toBe('You pick up the watering can from the bed 2.')
    expect(fill!.observation).toBe('You arrive at the tap. Next to the tap, you see nothing.')
    expect(water!.observation).toBe(
      'You fill the watering can at the tap. It holds water for 3 plants.',
    )
  })

  it('refuse to water with an empty can: precondition_failed, fill it at the tap first', async () => {
    for (const task of [garden.task('test', 0), garden.task('test', 1), garden.task('dev', 3)]) {
      const { target, targetBed } = layout(task)
      const env = garden.create(task)
      await env.reset()
      const steps = await play(env, [...fetchCan(task), `go to ${targetBed}`])
      expect(steps.map((s) => s.status)).toEqual(steps.map(() => 'ok'))
      const result = await env.step(`water ${target} with watering can`)
      expect(result).toMatchObject({
        status: 'precondition_failed',
        observation: 'The watering can is empty. Fill it at the tap first.',
        done: false,
        progress: 0,
      })
      expect(result.place).toBeUndefined()
    }
  })

  it('check in order: the can in hand, then water in it, then standing at the bed', async () => {
    const task = garden.task('test', 0)
    const { target, targetBed } = layout(task)
    const env = garden.create(task)
    await env.reset()
    // Unseen, the can reads as a thing that is not here; once seen, the check about it answers.
    expect((await env.step(`water ${target} with watering can`)).observation).toBe(
      (await env.step(`water ${target} with golden trowel`)).observation.replace(
        'golden trowel',
        'watering can',
      ),
    )
    const steps = fetchCan(task)
    await play(env, steps.slice(0, -1))
    expect((await env.step(`water ${target} with watering can`)).observation).toBe(
      'You are not carrying the watering can. Take it first.',
    )
    await play(env, [...steps.slice(-1), 'go to tap', 'fill watering can at tap'])
    const far = await env.step(`water ${target} with watering can`)
    expect(far).toMatchObject({
      status: 'precondition_failed',
      place: true,
      observation: `You are not at the bed where the ${target} grows. Go to the ${targetBed} first.`,
    })
    expect((await env.step('fill watering can at tap')).status).toBe('no_effect')
    expect((await env.step('fill watering can at bed 1')).observation).toBe(
      'There is no water at the bed 1. Fill the watering can at the tap.',
    )
    await env.step(`go to ${targetBed}`)
    const ok = await env.step(`water ${target} with watering can`)
    expect(ok).toMatchObject({ status: 'ok', done: false })
    expect(ok.observation).toBe(
      `You water the ${target} with the watering can. The watering can still holds water for 2 more plants.`,
    )
    expect(ok.progress).toBeCloseTo(1 / 3)
    expect((await env.step(`water ${target} with watering can`)).observation).toBe(
      `You already watered the ${target}.`,
    )
  })

  it('do not water a plant whose soil is damp, and lose the episode when a weed is watered', async () => {
    const task = garden.task('test', 0)
    const env = garden.create(task)
    await env.reset()
    await play(env, [...fetchCan(task), 'go to tap', 'fill watering can at tap', 'go to bed 2'])
    expect(await env.step('water rose 1 with watering can')).toMatchObject({
      status: 'no_effect',
      observation: 'The soil around the rose 1 is still damp. It does not need water.',
    })
    expect(PLANT_KINDS.thistle).toBe('weed')
    const weed = await env.step('water thistle 1 with watering can')
    expect(weed).toMatchObject({ status: 'ok', done: true, success: false })
    expect(weed.observation).toContain('You watered a weed')
  })

  it('are solved by the oracle on every test task', async () => {
    const lengths: number[] = []
    for (let i = 0; i < garden.splits.test.size; i++) {
      const env = garden.create(garden.task('test', i))
      await env.reset()
      const plan = await env.oracle!()
      const results = await play(env, plan)
      expect(
        results.map((r) => r.status),
        `garden/test/${i}`,
      ).toEqual(plan.map(() => 'ok'))
      expect(results.at(-1), `garden/test/${i}`).toMatchObject({
        done: true,
        success: true,
        progress: 1,
        reward: 1,
      })
      lengths.push(plan.length)
    }
    expect(Math.min(...lengths)).toBeGreaterThanOrEqual(4)
    expect(Math.max(...lengths)).toBeLessThan(30)
  })

  it('stay solvable under every perturbation', async () => {
    for (const kind of [
      'rename_verbs',
      'shuffle_numbering',
      'shuffle_lists',
      'paraphrase',
      'all',
    ]) {
      const env = garden.create(garden.task('test', 2), { perturbation: { kind, seed: 5 } })
      await env.reset()
      const results = await play(env, await env.oracle!())
      expect(results.at(-1), kind).toMatchObject({ done: true, success: true })
    }
  })
})
