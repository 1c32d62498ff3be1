import { afterEach, describe, expect, it, vi } from 'vitest'
import mini from '../__fixtures__/mini-household.json'
import { deepFreeze } from '../freeze'
import { plan } from '../planner/plan'
import { WorldSpec } from '../spec'
import { compileBuiltWorld, compileWorldCached, setWorldCacheLimit } from './cache'
import { createWorldEnvironment } from './environment'

// The planner, counted: a remembered plan is one the planner was not asked for again.
vi.mock('../planner/plan', async (original) => {
  const actual = await original<typeof import('../planner/plan')>()
  return { ...actual, plan: vi.fn(actual.plan) }
})

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

  it('tells specs apart by their actions, frozen or not', () => {
    const spec = structuredClone(miniHousehold)
    spec.maxSteps = (spec.maxSteps ?? 30) + 3
    const built = compileBuiltWorld(structuredClone(spec))
    const frozen = compileBuiltWorld({
      ...structuredClone(spec),
      actions: spec.actions.map(deepFreeze),
    })
    expect(frozen).toBe(built)
    const other = structuredClone(spec)
    other.actions[0]!.pattern = `${other.actions[0]!.pattern} now`
    expect(compileBuiltWorld(other)).not.toBe(built)
    expect(compileBuiltWorld(other).actions[0]!.pattern).toBe(other.actions[0]!.pattern)
  })

  it('tells specs apart by their other parts, frozen or not', () => {
    const spec = structuredClone(miniHousehold)
    spec.maxSteps = (spec.maxSteps ?? 30) + 5
    const built = compileBuiltWorld(structuredClone(spec))
    const frozen = {
      ...structuredClone(spec),
      entities: deepFreeze(structuredClone(spec.entities)),
      facts: deepFreeze(structuredClone(spec.facts)),
    }
    expect(compileBuiltWorld(frozen)).toBe(built)
    // The same parts in another order are another spec, as their JSON is another.
    const { maxSteps, ...rest } = structuredClone(spec)
    expect(compileBuiltWorld({ maxSteps, ...rest })).not.toBe(built)
    const fewer = { ...frozen, facts: deepFreeze(structuredClone(spec.facts).slice(1)) }
    expect(compileBuiltWorld(fewer)).not.toBe(built)
    expect(compileBuiltWorld(fewer).initialFacts).toHaveLength(built.initialFacts.length - 1)
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

  it('keeps a plan after its compiled world has left the cache', async () => {
    setWorldCacheLimit(1)
    const spec = structuredClone(miniHousehold)
    spec.maxSteps = (spec.maxSteps ?? 30) + 7
    const first = createWorldEnvironment(structuredClone(spec))
    await first.reset()
    const expected = await first.oracle()
    // Another world takes the one place in the cache, so the next compiles the spec again.
    createWorldEnvironment(structuredClone(miniHousehold))
    const again = createWorldEnvironment(structuredClone(spec))
    expect(again.world).not.toBe(first.world)
    await again.reset()
    const searches = vi.mocked(plan).mock.calls.length
    expect(await again.oracle()).toEqual(expected)
    expect(vi.mocked(plan).mock.calls.length).toBe(searches)
  })

  it('compiles a built spec without the parse into the same cache and plans', async () => {
    const spec = structuredClone(miniHousehold)
    spec.maxSteps = (spec.maxSteps ?? 30) + 11
    const parses = vi.spyOn(WorldSpec, 'safeParse')
    const built = compileBuiltWorld(structuredClone(spec))
    expect(parses).not.toHaveBeenCalled()
    parses.mockRestore()
    expect(compileWorldCached(structuredClone(spec))).toBe(built)
    const first = createWorldEnvironment(built)
    await first.reset()
    const expected = await first.oracle()
    // The world leaves the cache; compiled again from its spec, it meets the plan found above.
    setWorldCacheLimit(1)
    createWorldEnvironment(structuredClone(miniHousehold))
    setWorldCacheLimit(32)
    const again = createWorldEnvironment(structuredClone(spec))
    expect(again.world).not.toBe(built)
    await again.reset()
    const searches = vi.mocked(plan).mock.calls.length
    expect(await again.oracle()).toEqual(expected)
    expect(vi.mocked(plan).mock.calls.length).toBe(searches)
  })
})
