import { describe, expect, it } from 'vitest'
import { generated } from './family'
import { generatedTheming, themeVotes } from './persona-theme'
import { TEST_THEMES, TRAIN_THEMES } from './themes'

const nurse = {
  description: 'a night-shift nurse in a coastal town who loves birdwatching; patient',
  occupation: 'night-shift nurse',
  setting: 'a coastal town',
  interest: 'birdwatching',
  temperament: 'patient',
}

describe('generated family persona theming', () => {
  it("picks a train theme the persona's occupation, setting or interests name, deterministically", () => {
    const voted = new Set(themeVotes(nurse, TRAIN_THEMES).map((v) => v.theme))
    expect(voted.has('hospital')).toBe(true)
    expect(voted.has('lighthouse')).toBe(true)
    const chosen = new Set<string>()
    for (let i = 0; i < 60; i++) {
      const task = generated.task('train', i)
      const theme = generatedTheming.choose(task, nurse)!
      expect(generatedTheming.choose(task, nurse)).toBe(theme)
      expect(voted.has(theme)).toBe(true)
      chosen.add(theme)
    }
    // The occupation weighs most, but one persona still meets several places it fits.
    expect(chosen.has('hospital')).toBe(true)
    expect(chosen.size).toBeGreaterThan(1)
  })

  it('dresses the world in the theme: its place and nouns change, the task id stays', () => {
    const task = generated.task('train', 3)
    const themed = generatedTheming.apply(task, 'hospital')
    expect(themed.id).toBe(task.id)
    expect(themed.params?.theme).toBe('hospital')
    const world = generated.generated(themed)
    expect(world.theme).toBe('hospital')
    expect(world.theme).not.toBe(generated.generated(task).theme)
    expect(JSON.stringify(world.spec)).toContain('ward')
  })

  it('keeps test themes out of train and train themes out of test', () => {
    const train = generated.task('train', 0)
    const test = generated.task('test', 0)
    const testTheme = TEST_THEMES[0]!.id
    expect(() => generatedTheming.apply(train, testTheme)).toThrow(
      /not a theme of the generated train split/,
    )
    expect(() => generatedTheming.apply(test, 'hospital')).toThrow(/test split/)
    for (let i = 0; i < 40; i++) {
      const theme = generatedTheming.choose(generated.task('train', i), nurse)
      expect(TRAIN_THEMES.some((t) => t.id === theme)).toBe(true)
    }
    const polar = { description: 'a lost polar explorer' }
    const voted = themeVotes(polar, TEST_THEMES).map((v) => v.theme)
    expect(voted).toContain('glacier')
    expect(voted).toContain(generatedTheming.choose(test, polar))
  })

  it('gives a persona that names no theme one hashed from its text', () => {
    const odd = { description: 'someone who likes quiet evenings' }
    const task = generated.task('train', 5)
    const theme = generatedTheming.choose(task, odd)
    expect(theme).toBe(generatedTheming.choose(generated.task('train', 6), odd))
    expect(TRAIN_THEMES.some((t) => t.id === theme)).toBe(true)
  })
})
