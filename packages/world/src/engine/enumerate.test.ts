import { describe, expect, it } from 'vitest'
import miniHousehold from '../__fixtures__/mini-household.json'
import type { WorldSpecInput } from '../spec'
import { compileWorld } from './compile'
import { enumerateBindings, planBindings } from './enumerate'
import { factTable, initialState } from './runtime'

const world = compileWorld(miniHousehold as WorldSpecInput)

describe('planBindings', () => {
  it('makes the plan of a precondition once, and a filtered plan each time', () => {
    const take = world.actions[world.actionIndex.get('take')!]!
    const plan = planBindings(take.params, take.pre)
    expect(planBindings(take.params, take.pre)).toBe(plan)
    const keep = () => false
    expect(planBindings(take.params, take.pre, keep)).not.toBe(
      planBindings(take.params, take.pre, keep),
    )
    // The shared plan still finds the one thing to take where the agent starts: nothing.
    const st = initialState(world, factTable(world))
    const env = new Int32Array(world.envSize)
    let n = 0
    enumerateBindings(plan, st, env, () => n++)
    expect(n).toBe(0)
  })
})
