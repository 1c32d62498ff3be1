import { describe, expect, it } from 'vitest'
import { plan } from '../planner/plan'
import { coinWorld } from './__fixtures__/worlds'
import { compileWorld } from './compile'
import { WorldEngine } from './engine'
import { goalHolds } from './goal'

describe('goalHolds', () => {
  it("answers like a one-node plan: whether the world's goal holds in a snapshot", () => {
    const world = compileWorld(coinWorld())
    const engine = new WorldEngine(world)
    const oneNode = () => {
      const result = plan(world, { maxNodes: 1, improveNodes: 0, from: engine.snapshot() })
      return result.status === 'solved' && result.steps.length === 0
    }
    expect(goalHolds(world, engine.snapshot())).toBe(false)
    expect(oneNode()).toBe(false)
    engine.step({ schema: 'take', args: ['coin_1', 'box'] })
    engine.step({ schema: 'drop', args: ['coin_1', 'table'] })
    expect(goalHolds(world, engine.snapshot())).toBe(true)
    expect(oneNode()).toBe(true)
  })

  it('reads a snapshot of the same world under another goal', () => {
    const spec = coinWorld()
    const variant = compileWorld({
      ...spec,
      goal: { instruction: 'Hold a coin.', success: { fact: ['holding', 'coin_2'] } },
    })
    const engine = new WorldEngine(compileWorld(spec))
    expect(goalHolds(variant, engine.snapshot())).toBe(false)
    engine.step({ schema: 'take', args: ['coin_2', 'table'] })
    expect(goalHolds(variant, engine.snapshot())).toBe(true)
  })
})
