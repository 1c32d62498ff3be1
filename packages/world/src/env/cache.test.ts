import { afterEach, describe, expect, it } from 'vitest'
import mini from '../__fixtures__/mini-household.json'
import { WorldSpec } from '../spec'
import { setWorldCacheLimit } from './cache'
import { createWorldEnvironment } from './environment'

const miniHousehold = WorldSpec.parse(mini)

afterEach(() => setWorldCacheLimit(32))

describe('the world cache', () => {
  it('shares one compiled world between environments of the same spec', () => {
    const a = createWorldEnvironment(structuredClone(miniHousehold))
    const b = createWorldEnvironment(structuredClone(miniHousehold))
    expect(b.world).toBe(a.world)
    const other = structuredClone(miniHousehold)
    other.maxSteps = (other.maxSteps ?? 30) + 1
    expect(createWorldEnvironment(other).world).not.toBe(a.world)
    setWorldCacheLimit(0)
    expect(createWorldEnvironment(structuredClone(miniHousehold)).world).not.toBe(a.world)
  })

  it('gives a second environment of the world the same plan, as a copy it may change', async () => {
    const first = createWorldEnvironment(structuredClone(miniHousehold))
    await first.reset()
    const plan = await first.oracle()
    plan.length = 0
    const second = createWorldEnvironment(structuredClone(miniHousehold))
    await second.reset()
    setWorldCacheLimit(0)
    const fresh = createWorldEnvironment(structuredClone(miniHousehold))
    await fresh.reset()
    const expected = await fresh.oracle()
    expect(expected.length).toBeGreaterThan(0)
    expect(await second.oracle()).toEqual(expected)
    expect(await first.oracle()).toEqual(expected)
  })
})
