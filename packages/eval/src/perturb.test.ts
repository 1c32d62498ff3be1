import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FamilyRegistry, rngStream } from '@refinery/core'
import { household } from '@refinery/env-household'
import { describe, expect, it } from 'vitest'
import { compareRuns } from './compare'
import { evalFamily, noisyText, paraphraseInstruction } from './perturb'
import { runEval } from './run'

const registry = new FamilyRegistry([household])
const tmp = () => mkdtempSync(join(tmpdir(), 'refinery-eval-perturb-'))

describe('perturbations', () => {
  it('observation noise is seeded and changes the text', () => {
    const text =
      'You arrive at the countertop 1. On the countertop 1, you see a apple 1, and a bread 2.\nNothing happens around your cabinet.'
    const a = noisyText(text, rngStream(1, 'n'))
    expect(a).toBe(noisyText(text, rngStream(1, 'n')))
    const outs = new Set(Array.from({ length: 8 }, (_, i) => noisyText(text, rngStream(i, 'n'))))
    expect(outs.size).toBeGreaterThan(1)
    expect([...outs].some((o) => o !== text)).toBe(true)
  })

  it('a paraphrased goal keeps the task', () => {
    const out = paraphraseInstruction(
      'Your task is to: put a clean apple in fridge.',
      rngStream(0, 'p'),
    )
    expect(out).toMatch(/^What you need to achieve: put a clean apple in fridge\. /)
  })

  it('the agent reads perturbed observations while the environment scores the real task', async () => {
    const task = household.task('test', 0)
    const clean = await household.create(task).reset()
    const noisy = await evalFamily(household, { perturb: 'instructions' }).create(task).reset()
    expect(noisy.instruction).not.toBe(clean.instruction)
    expect(noisy.observation).toBe(clean.observation)
  })

  it('each kind runs, and the report pairs it with the clean run as a robustness drop', async () => {
    const suite = { limit: 4, maxSteps: 8 }
    const clean = await runEval({ registry, suite, agent: { kind: 'random' }, outDir: tmp() })
    for (const perturb of ['actions', 'observations', 'instructions'] as const) {
      const run = await runEval({
        registry,
        suite: { ...suite, perturb },
        agent: { kind: 'random' },
        outDir: tmp(),
      })
      expect(run.settings.perturb).toBe(perturb)
      expect(run.label).toBe(`random, perturb ${perturb}`)
      const c = compareRuns(clean, run)
      expect(c.robustness).toBe(true)
      expect(c.overall.pairs).toBe(4)
      const cleanIds = new Set(clean.episodes.map((e) => e.id))
      expect(run.episodes.filter((e) => cleanIds.has(e.id))).toEqual([])
    }
  }, 120_000)
})
