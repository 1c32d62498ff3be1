import { rngStream } from '@refinery/core'
import { describe, expect, it } from 'vitest'
import miniHousehold from '../__fixtures__/mini-household.json'
import { coinWorld } from '../engine/__fixtures__/worlds'
import { compileWorld } from '../engine/compile'
import { WorldEngine } from '../engine/engine'
import type { CompiledWorld } from '../engine/world'
import { importPddl } from '../pddl'
import { readAgentboard } from '../pddl/__fixtures__/agentboard'
import type { WorldSpecInput } from '../spec'
import { Grounder, groundActions, holds } from './ground'
import { plan } from './plan'

const household = compileWorld(miniHousehold as WorldSpecInput)

/** Plays a plan on a fresh engine (optionally from a snapshot); returns the last result. */
function replay(
  world: CompiledWorld,
  steps: { schema: string; args: string[] }[],
  from?: ReturnType<WorldEngine['snapshot']>,
) {
  const engine = new WorldEngine(world)
  if (from) engine.restore(from)
  for (const step of steps) {
    const r = engine.step(step)
    expect(r.status, `${step.schema} ${step.args.join(' ')}: ${r.observation}`).toBe('ok')
  }
  return engine
}

describe('plan', () => {
  it('solves the mini-household and the plan replays to success', () => {
    const result = plan(household)
    expect(result.status).toBe('solved')
    if (result.status !== 'solved') return
    expect(result.actions).toEqual([
      'go to countertop 1',
      'take apple 1 from countertop 1',
      'go to sinkbasin 1',
      'clean apple 1 with sinkbasin 1',
      'go to fridge 1',
      'open fridge 1',
      'put apple 1 in/on fridge 1',
    ])
    expect(replay(household, result.steps).success).toBe(true)
  })

  it('leaves out the actions and entities it is told to skip, and still plans the whole world', () => {
    const other = plan(household, { skip: { entities: ['apple_1'] } })
    expect(other.status).toBe('solved')
    if (other.status !== 'solved') return
    expect(other.steps.some((s) => s.args.includes('apple_1'))).toBe(false)
    expect(other.actions).toContain('open cabinet 1')
    expect(replay(household, other.steps).success).toBe(true)
    // Every plan cleans the apple: without that action there is none.
    expect(plan(household, { skip: { actions: ['clean'] } }).status).toBe('unsolvable')
  })

  it('plans from a snapshot', () => {
    const engine = new WorldEngine(household)
    engine.step({ schema: 'go', args: ['cabinet_1'] })
    engine.step({ schema: 'open', args: ['cabinet_1'] })
    const from = engine.snapshot()
    const result = plan(household, { from })
    expect(result.status).toBe('solved')
    if (result.status !== 'solved') return
    expect(result.actions[0]).toBe('take apple 2 from cabinet 1')
    expect(replay(household, result.steps, from).success).toBe(true)
    expect(plan(engine)).toEqual(result)
  })

  it('is deterministic', () => {
    expect(plan(household)).toEqual(plan(household))
  })

  it('reports unsolvable when the relaxed goal is unreachable', () => {
    const world = compileWorld(
      coinWorld({ goal: { instruction: 'Lock the box.', success: { fact: ['locked', 'box'] } } }),
    )
    expect(plan(world)).toEqual({ status: 'unsolvable', expanded: 1 })
  })

  it('reports unsolvable after exhausting the states when only the relaxation could win', () => {
    // Both coins in the box, but taking needs free hands and nothing ever frees them.
    const spec = coinWorld({
      actions: [coinWorld().actions[0]!],
      goal: {
        instruction: 'Hold both.',
        success: { all: [{ fact: ['holding', 'coin_1'] }, { fact: ['holding', 'coin_2'] }] },
      },
    })
    const result = plan(compileWorld(spec))
    expect(result.status).toBe('unsolvable')
  })

  it('reports budget when the node budget runs out', () => {
    expect(plan(household, { maxNodes: 2 })).toEqual({ status: 'budget', expanded: 2 })
  })

  it('returns an empty plan when the goal already holds', () => {
    const spec = coinWorld({
      goal: { instruction: 'Nothing.', success: { fact: ['in', 'coin_2', 'table'] } },
    })
    expect(plan(compileWorld(spec))).toEqual({
      status: 'solved',
      actions: [],
      steps: [],
      expanded: 0,
    })
  })

  it('avoids states where a fail condition holds', () => {
    const spec = coinWorld({
      goal: {
        instruction: 'Put both coins on the table without touching coin 2.',
        success: {
          all: [{ fact: ['in', 'coin_1', 'table'] }, { fact: ['in', 'coin_2', 'table'] }],
        },
        fail: [{ when: { fact: ['holding', 'coin_2'] }, message: 'Burnt.' }],
      },
    })
    const result = plan(compileWorld(spec))
    expect(result.status).toBe('solved')
    if (result.status === 'solved')
      expect(result.actions).toEqual(['take coin 1 from box', 'put coin 1 in table'])
  })

  it('plans with numbers, processes and created entities through the engine semantics', () => {
    const spec: WorldSpecInput = {
      ...coinWorld(),
      attributes: [{ name: 'charge', type: 'place' }],
      processes: [
        {
          name: 'drain',
          params: [],
          when: { compare: [{ attr: ['charge', 'box'] }, '>', 0] },
          effects: [{ decrease: { attr: ['charge', 'box'], value: 1 } }],
        },
      ],
      actions: [
        ...coinWorld().actions,
        {
          name: 'charge',
          params: [],
          pattern: 'charge',
          effects: [{ increase: { attr: ['charge', 'box'], value: 3 } }],
          message: 'Charged.',
        },
        {
          name: 'mint',
          params: [],
          pattern: 'mint',
          checks: [
            {
              require: { compare: [{ attr: ['charge', 'box'] }, '>=', 4] },
              fail: 'Not enough charge.',
            },
          ],
          effects: [
            { create: { as: 'c', type: 'coin', name: 'coin', facts: [['in', '?c', 'box']] } },
            { set: { attr: ['charge', 'box'], value: 0 } },
          ],
          message: 'Minted.',
        },
      ],
      goal: {
        instruction: 'Hold a new coin.',
        success: {
          exists: {
            vars: [{ name: 'c', type: 'coin' }],
            where: {
              all: [
                { fact: ['holding', '?c'] },
                { not: { eq: ['?c', 'coin_1'] } },
                { not: { eq: ['?c', 'coin_2'] } },
              ],
            },
          },
        },
      },
    }
    const world = compileWorld(spec)
    const result = plan(world)
    expect(result.status).toBe('solved')
    if (result.status !== 'solved') return
    // charge → 3, drains to 2; charge → 5, drains to 4; mint; take.
    expect(result.actions).toEqual(['charge', 'charge', 'mint', 'take coin 3 from box'])
    expect(replay(world, result.steps).success).toBe(true)
  })
})

describe('grounding', () => {
  it('agrees with the engine on applicable actions along random walks', () => {
    const specs: WorldSpecInput[] = [miniHousehold as WorldSpecInput, coinWorld()]
    for (const [domain, problem] of [
      ['barman', 'p01'],
      ['tyreworld', 'p02'],
    ] as const) {
      specs.push(
        importPddl(
          readAgentboard(domain, 'domain.pddl'),
          readAgentboard(domain, `${problem}.pddl`),
        ),
      )
    }
    for (const spec of specs) {
      const world = compileWorld(spec)
      const engine = new WorldEngine(world)
      const grounded = groundActions(new Grounder(world, engine.state))
      const rng = rngStream(1, 'grounding-walk')
      for (let step = 0; step < 60 && !engine.done; step++) {
        const fromEngine = engine
          .applicable()
          .map((a) => `${a.schema}(${a.args.join(',')})`)
          .sort()
        const fromGround = grounded
          .filter((g) => holds(g.pre, engine.state))
          .map(
            (g) =>
              `${world.actions[g.schema]!.name}(${Array.from(g.args, (e) => world.entities[e]!.id).join(',')})`,
          )
          .sort()
        expect(fromGround).toEqual(fromEngine)
        const options = engine.applicable()
        if (options.length === 0) break
        engine.step(rng.pick(options))
      }
    }
  })
})

describe('plan and the step limit', () => {
  it('finds no plan longer than the steps left, unless told to ignore the limit', () => {
    const tight = compileWorld({ ...(miniHousehold as WorldSpecInput), maxSteps: 6 })
    expect(plan(tight).status).toBe('unsolvable')
    expect(plan(tight, { ignoreStepLimit: true }).status).toBe('solved')
    const exact = compileWorld({ ...(miniHousehold as WorldSpecInput), maxSteps: 7 })
    const result = plan(exact)
    expect(result.status === 'solved' && result.actions.length).toBe(7)
    const engine = new WorldEngine(exact)
    engine.step({ schema: 'go', args: ['cabinet_1'] })
    expect(plan(engine).status).toBe('unsolvable')
  })
})
