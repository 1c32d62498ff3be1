import { describe, expect, it } from 'vitest'
import { adventure } from './family'
import { themeVotes } from './persona-theme'

const geologist = {
  description: 'a field geologist in a mountain village who loves chess problems; curious',
  occupation: 'field geologist',
  setting: 'a mountain village',
  interest: 'chess problems',
}

describe('adventure persona theming', () => {
  it('themes by choosing the nearest task set where the persona fits; replay finds the same task', () => {
    const theming = adventure.theming!
    const fits = themeVotes(geologist).map((v) => v.theme)
    expect(fits.sort()).toEqual(['castle', 'caverns'])
    const seen = new Set<string>()
    for (let i = 0; i < 20; i++) {
      const drawn = adventure.task('train', i)
      const theme = theming.choose(drawn, geologist)!
      expect(theming.choose(drawn, geologist)).toBe(theme)
      expect(fits).toContain(theme)
      const themed = theming.apply(drawn, theme)
      expect(themed.params?.theme).toBe(theme)
      expect(themed.split).toBe('train')
      expect(themed.index).toBeGreaterThanOrEqual(i)
      // What replay does: the record's own task, with the theme it keeps, is itself.
      expect(theming.apply(adventure.task('train', themed.index), theme)).toEqual(themed)
      seen.add(theme)
    }
    expect(seen.size).toBe(2)
  })

  it('leaves a persona it cannot place unthemed, and refuses an unknown theme', () => {
    const nurse = { description: 'x', occupation: 'night-shift nurse', setting: 'a houseboat' }
    expect(adventure.theming!.choose(adventure.task('train', 0), nurse)).toBeNull()
    expect(() => adventure.theming!.apply(adventure.task('train', 0), 'bakery')).toThrow(
      /not one of the adventure family's themes/,
    )
  })
})
