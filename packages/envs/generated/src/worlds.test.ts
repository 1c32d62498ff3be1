import { beforeAll, describe, expect, it } from 'vitest'
import { generated } from './family'
import { MECHANICS } from './mechanics'
import { type Survey, survey } from './survey'
import { TRAIN_THEMES } from './themes'

// 1,000 train worlds and the whole test split, each generated, validated and played to its
// goal through the text interface. `pnpm full` runs the same check on 10,000 train worlds.
const TRAIN_SAMPLE = 1_000
let train: Survey
let test: Survey

beforeAll(() => {
  train = survey(generated, 'train', TRAIN_SAMPLE)
  test = survey(generated, 'test', generated.splits.test.size)
}, 900_000) // about 0.1 s of CPU a world, several times that when every package tests at once

describe(`${TRAIN_SAMPLE} train worlds and the test split`, () => {
  it('all validate, and each oracle plan, typed as text by an agent that names only what it was shown, reaches the goal', () => {
    expect(train.failures).toEqual([])
    expect(test.failures).toEqual([])
  })

  it('print how often each mechanic, theme and plan length occurs; every mechanic is in at least 3% of worlds', () => {
    const share = (n: number) => `${((100 * n) / train.worlds).toFixed(1)}%`
    console.log(
      JSON.stringify(
        {
          worlds: train.worlds,
          mechanics: Object.fromEntries(MECHANICS.map((m) => [m, share(train.mechanics[m])])),
          themes: train.themes,
          planLengths: train.planLengths,
        },
        null,
        1,
      ),
    )
    for (const m of MECHANICS)
      expect(train.mechanics[m] / train.worlds, m).toBeGreaterThanOrEqual(0.03)
    const lengths = Object.keys(train.planLengths).map(Number)
    expect(Math.min(...lengths)).toBeGreaterThanOrEqual(4)
    expect(Math.max(...lengths)).toBeLessThanOrEqual(25)
  })

  it('use every train theme and hundreds of action vocabularies, with no two worlds alike', () => {
    expect(train.themeIds.size).toBe(TRAIN_THEMES.length)
    expect(train.vocabularies).toBeGreaterThanOrEqual(TRAIN_SAMPLE / 2)
    expect(train.duplicates).toBe(0)
    expect(test.duplicates).toBe(0)
  })

  it('share no theme and no verb phrasing between test and train', () => {
    expect([...test.themeIds].filter((t) => train.themeIds.has(t))).toEqual([])
    expect([...test.phrasings].filter((p) => train.phrasings.has(p))).toEqual([])
  })
})
