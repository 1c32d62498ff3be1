import { describe, expect, it } from 'vitest'
import { household } from './family'
import { themeVotes } from './persona-theme'

const cook = {
  description: 'a line cook in a busy city flat who loves crossword puzzles; cheerful',
  occupation: 'line cook',
  setting: 'a busy city flat',
  interest: 'crossword puzzles',
}

describe('household persona theming', () => {
  it('picks a room type the persona fits and plays the nearest task in one; replay finds it again', () => {
    const theming = household.theming!
    expect(themeVotes(cook)).toEqual([
      { theme: 'kitchen', weight: 5 },
      { theme: 'livingroom', weight: 2 },
    ])
    const rooms = new Set<string>()
    for (let i = 0; i < 30; i++) {
      const drawn = household.task('train', i)
      const room = theming.choose(drawn, cook)!
      const themed = theming.apply(drawn, room)
      expect(String(themed.params?.layout)).toMatch(new RegExp(`^${room}-\\d+$`))
      expect(theming.apply(household.task('train', themed.index), room)).toEqual(themed)
      rooms.add(room)
    }
    expect([...rooms].sort()).toEqual(['kitchen', 'livingroom'])
  })

  it('leaves a persona that names no room unthemed', () => {
    const tester = {
      description: 'x',
      occupation: 'software tester',
      setting: 'a mountain village',
    }
    expect(household.theming!.choose(household.task('train', 0), tester)).toBeNull()
  })
})
