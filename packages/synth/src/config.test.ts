import { RefineryError } from '@refinery/core'
import { describe, expect, it } from 'vitest'
import { parseShard, parseSynthConfig, shardSlots } from './config'

describe('SynthConfig', () => {
  it('fills the defaults', () => {
    expect(parseSynthConfig({ count: 3, families: ['lockbox'] })).toEqual({
      mode: 'procedural',
      count: 3,
      seed: 0,
      families: ['lockbox'],
      split: 'train',
      minErrorRefinePairs: 2,
      maxSteps: 30,
      maxAttempts: 8,
      errors: { min: 2, max: 4 },
      shard: { index: 0, of: 1 },
      personas: null,
    })
  })

  it('cuts shards that tile the slots', () => {
    const config = (index: number) =>
      parseSynthConfig({ count: 10, families: ['x'], shard: { index, of: 3 } })
    expect([0, 1, 2].map((i) => shardSlots(config(i)))).toEqual([
      { from: 0, to: 3 },
      { from: 3, to: 6 },
      { from: 6, to: 10 },
    ])
    expect(parseShard('2/3')).toEqual({ index: 2, of: 3 })
    for (const bad of ['3/3', 'a/b', '1', '-1/2']) expect(() => parseShard(bad)).toThrow(/i\/N/)
  })

  it('names the bad field', () => {
    try {
      parseSynthConfig({ count: 3, families: ['lockbox'], mode: 'magic' })
      expect.unreachable()
    } catch (error) {
      expect(RefineryError.isInstance(error) && error.code).toBe('invalid_input')
      expect(RefineryError.isInstance(error) && error.path).toBe('mode')
    }
  })
})
