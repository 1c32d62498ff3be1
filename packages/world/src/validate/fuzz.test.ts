import { describe, expect, it } from 'vitest'
import { fuzzBases } from './__fixtures__/fuzz-bases'
import { fuzzWorldSpecs } from './fuzz'

describe('fuzzing validateWorldSpec', () => {
  it('1,000 mutated specs: each validates and plays, or is refused with paths; none crash', () => {
    const summary = fuzzWorldSpecs({ bases: fuzzBases(), cases: 1000, seed: 1 })
    expect(summary.crashes).toEqual([])
    expect(summary.valid + summary.rejected).toBe(1000)
    // Both outcomes are exercised, and every mutation kind changed something.
    expect(summary.valid).toBeGreaterThan(50)
    expect(summary.rejected).toBeGreaterThan(300)
    expect(Object.keys(summary.mutations).length).toBe(11)
  }, 120_000)
})
