import { describe, expect, it } from 'vitest'
import { plainProgress } from './progress'

describe('plainProgress', () => {
  it('says nothing for the first seconds, then a line at each tenth of the run', () => {
    let clock = 0
    const plain = plainProgress(() => clock)
    const printed: number[] = []
    for (let done = 1; done <= 100; done++) {
      clock = done * 100 // 100 ms a step: 3 s pass at step 30
      if (plain.due(done, 100)) printed.push(done)
    }
    expect(printed).toEqual([30, 40, 50, 60, 70, 80, 90, 100])
  })

  it('a run shorter than a few seconds prints nothing', () => {
    let clock = 0
    const plain = plainProgress(() => clock)
    const printed = [1, 2, 3].filter((done) => {
      clock += 500
      return plain.due(done, 3)
    })
    expect(printed).toEqual([])
  })
})
