import { describe, expect, it } from 'vitest'
import miniHousehold from '../__fixtures__/mini-household.json'
import { compileWorld } from '../engine/compile'
import { WorldEngine } from '../engine/engine'
import { factTable, initialState } from '../engine/runtime'
import type { WorldSnapshot } from '../engine/snapshot'
import { stateFromData } from '../engine/snapshot'
import type { CompiledWorld } from '../engine/world'
import type { WorldSpecInput } from '../spec'
import { Grounder, groundActions } from './ground'
import { plan } from './plan'
import { relevantBindings } from './relevance'

const household = compileWorld(miniHousehold as WorldSpecInput)

/** The ground actions relevance keeps from a state, as `schema arg…` lines. */
function relevant(world: CompiledWorld, from?: WorldSnapshot): string[] {
  const table = factTable(world)
  const root = from ? stateFromData(world, table, from) : initialState(world, table)
  const keep = relevantBindings(world, root, null, Number.POSITIVE_INFINITY)?.keep ?? null
  expect(keep).not.toBeNull()
  const g = new Grounder(world, root)
  return groundActions(g, (n) => keep![n] === 1).map(
    (ga) =>
      `${world.actions[ga.schema]!.name} ${Array.from(ga.args, (e) => world.entities[e]!.id).join(' ')}`,
  )
}

describe('relevantBindings', () => {
  it('grounds only actions that can help: nothing about the mug the goal never names', () => {
    const all = groundActions(
      new Grounder(household, initialState(household, factTable(household))),
    )
    const kept = relevant(household)
    expect(kept.length).toBeLessThan(all.length)
    expect(kept.some((a) => a.includes('mug_1'))).toBe(false)
    expect(kept).toContain('take apple_1 countertop_1')
    expect(kept).toContain('put apple_2 fridge_1')
    expect(kept).toContain('clean apple_1 sinkbasin_1')
  })

  it('keeps putting down a held thing the goal never names, since hands must be empty to take', () => {
    const engine = new WorldEngine(household)
    expect(engine.step({ schema: 'go', args: ['countertop_1'] }).status).toBe('ok')
    expect(engine.step({ schema: 'take', args: ['mug_1', 'countertop_1'] }).status).toBe('ok')
    const from = engine.snapshot()
    const kept = relevant(household, from)
    expect(kept).toContain('put mug_1 countertop_1')
    // Cleaning the mug still never helps.
    expect(kept.some((a) => a.startsWith('clean mug_1'))).toBe(false)
    const result = plan(household, { from })
    expect(result.status).toBe('solved')
    if (result.status !== 'solved') return
    expect(result.steps[0]).toEqual({ schema: 'put', args: ['mug_1', 'countertop_1'] })
    const replay = new WorldEngine(household)
    replay.restore(from)
    for (const step of result.steps) expect(replay.step(step).status).toBe('ok')
    expect(replay.success).toBe(true)
  })
})
