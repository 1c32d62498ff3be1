import { RefineryError } from '@refinery/core'
import { describe, expect, it } from 'vitest'
import { parseSynthConfig } from './config'

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
    })
  })

  it('names the bad field', () => {
    try {
      parseSynthConfig({ count: 3, families: ['lockbox'], mode: 'script' })
      expect.unreachable()
    } catch (error) {
      expect(RefineryError.isInstance(error) && error.code).toBe('invalid_input')
      expect(RefineryError.isInstance(error) && error.path).toBe('mode')
    }
  })
})
