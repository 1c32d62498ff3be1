import { describe, expect, it } from 'vitest'
import mini from '../__fixtures__/mini-household.json'
import { WorldSpec } from '../spec'
import { worldFamily } from './family'

describe('worldFamily', () => {
  const spec = WorldSpec.parse(mini)

  it('is one task, the one it was made for, and plays the world', async () => {
    const family = worldFamily(spec, { id: 'written', split: 'train', index: 5, seed: 9 })
    expect(family.splits).toEqual({ train: { size: 6 }, dev: { size: 0 }, test: { size: 0 } })
    const task = family.task('train', 5)
    expect(task).toEqual({
      id: 'written/train/5',
      family: 'written',
      split: 'train',
      index: 5,
      seed: 9,
    })
    expect(() => family.task('train', 4)).toThrow(/no task written\/train\/4/)
    const env = family.create(task)
    const first = await env.reset()
    expect(first.instruction).toMatch(/clean apple/)
    expect((await env.oracle!()).length).toBeGreaterThan(0)
    expect(() => family.create({ ...task, index: 4, id: 'written/train/4' })).toThrow()
  })
})
