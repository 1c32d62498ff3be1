import { describe, expect, it } from 'vitest'
import { ObservedEntities } from './observed'

describe('ObservedEntities', () => {
  const names = ['apple 1', 'apple 2', 'Cabinet 10', 'north', 'crème brûlée 1', 'x']

  it('learns the names a text shows, whole names only', () => {
    const observed = new ObservedEntities(names)
    observed.shown('On the counter: an Apple 1, a northeast door and x. Cabinet 1 is shut.')
    expect(observed.list()).toEqual(['apple 1', 'x'])
    observed.shown('You see cabinet 10 and crème brûlée 1; north is a door.')
    expect(observed.list()).toEqual(['apple 1', 'cabinet 10', 'crème brûlée 1', 'north', 'x'])
    expect(observed.has('Cabinet 10')).toBe(true)
    expect(observed.has('apple 2')).toBe(false)
  })

  it('does not learn a name the agent said itself from the reply', () => {
    const observed = new ObservedEntities(names)
    observed.shown('There is no apple 2 here.', 'take apple 2')
    expect(observed.has('apple 2')).toBe(false)
    expect(observed.inFocus('apple 2')).toBe(true)
  })
})
