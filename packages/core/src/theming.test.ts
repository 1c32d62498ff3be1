import { describe, expect, it } from 'vitest'
import type { Split, TaskRef } from './spec'
import { drawPersonaTheme, personaThemeVotes, taskChoiceTheming } from './theming'

const HINTS = { sea: ['sailor', 'coastal'], shop: ['baker', 'market town'], lab: ['chemist'] }
const sailor = {
  description: 'a retired sailor in a coastal town who loves baking',
  occupation: 'retired sailor',
  setting: 'a coastal town',
  interest: 'baking',
}

/** Tasks 0…9 of a toy family: task i is set in `sea` when i is even, `shop` when odd. */
const task = (split: Split, index: number): TaskRef => ({
  id: `toy/${split}/${index}`,
  family: 'toy',
  split,
  index,
  seed: index * 7,
  params: { place: index % 2 === 0 ? 'sea' : 'shop' },
})
const theming = taskChoiceTheming({
  hints: HINTS,
  themeOf: (t) => t.params?.place as string,
  task,
  size: () => 10,
})

describe('persona theming helpers', () => {
  it('weighs occupation over setting and interests, whole words only', () => {
    expect(personaThemeVotes(sailor, HINTS)).toEqual([{ theme: 'sea', weight: 5 }])
    expect(personaThemeVotes({ description: 'a chemistry supplier' }, HINTS)).toEqual([])
    expect(personaThemeVotes({ description: 'two old chemists' }, HINTS)).toEqual([
      { theme: 'lab', weight: 1 },
    ])
  })

  it('draws a theme by the task seed, or null when the persona names none', () => {
    expect(drawPersonaTheme(task('train', 1), sailor, HINTS)).toBe('sea')
    expect(drawPersonaTheme(task('train', 1), { description: 'a poet' }, HINTS)).toBeNull()
  })

  it('chooses the nearest task in the theme, wrapping; a task in its theme is itself', () => {
    expect(theming.apply(task('train', 3), 'sea').index).toBe(4)
    expect(theming.apply(task('train', 9), 'sea').index).toBe(0)
    expect(theming.apply(task('train', 4), 'sea')).toEqual(task('train', 4))
    expect(() => theming.apply(task('train', 4), 'lab')).toThrow(/within 64 of toy\/train\/4/)
    expect(() => theming.apply(task('train', 4), 'moon')).toThrow(
      /not one of the toy family's themes/,
    )
  })
})
