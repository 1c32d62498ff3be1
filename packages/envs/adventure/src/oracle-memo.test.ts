import { describe, expect, it, vi } from 'vitest'
import { adventure } from './family'
import { solve } from './solver'

// The solver, counted: a remembered plan is one it was not asked for again.
vi.mock('./solver', async (original) => {
  const actual = await original<typeof import('./solver')>()
  return { ...actual, solve: vi.fn(actual.solve) }
})

describe("the adventure oracle's memory", () => {
  it('solves a state once for every environment of the task', async () => {
    const ref = adventure.task('train', 11)
    const first = adventure.create(ref)
    await first.reset()
    const plan = await first.oracle()
    expect(plan.length).toBeGreaterThan(0)
    const calls = vi.mocked(solve).mock.calls.length
    // The caller may change its copy.
    plan.length = 0
    const second = adventure.create(adventure.task('train', 11))
    await second.reset()
    const again = await second.oracle()
    expect(vi.mocked(solve).mock.calls.length).toBe(calls)
    expect(again.length).toBeGreaterThan(0)
    // A new state is solved, and its plan is the rest of the first.
    await second.step(again[0]!)
    expect(await second.oracle()).toEqual(again.slice(1))
    expect(vi.mocked(solve).mock.calls.length).toBe(calls + 1)
    // Played out, the remembered plan wins.
    for (const action of again.slice(1)) await second.step(action)
    expect(second.inner.engine.success).toBe(true)
  })

  it('remembers plans of a task whose compiled world the family let go', async () => {
    const ref = adventure.task('train', 12)
    const first = adventure.create(ref)
    await first.reset()
    const plan = await first.oracle()
    const calls = vi.mocked(solve).mock.calls.length
    // More tasks than the family keeps compiled worlds for.
    for (let index = 100; index < 140; index++) adventure.create(adventure.task('train', index))
    const again = adventure.create(ref)
    expect(again.inner.world).not.toBe(first.inner.world)
    await again.reset()
    expect(await again.oracle()).toEqual(plan)
    expect(vi.mocked(solve).mock.calls.length).toBe(calls)
  })
})
