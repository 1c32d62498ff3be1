import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FamilyRegistry } from '@refinery/core'
import { household } from '@refinery/env-household'
import { lab } from '@refinery/env-lab'
import { describe, expect, it } from 'vitest'
import { compareRuns, comparisonMarkdown } from './compare'
import { runEval } from './run'
import { pairedBootstrap } from './stats'

const registry = new FamilyRegistry([household, lab])
const tmp = () => mkdtempSync(join(tmpdir(), 'refinery-eval-compare-'))

describe('paired comparison', () => {
  it('finds a large difference significant and none between a run and itself', () => {
    const a = Array.from({ length: 40 }, () => 0)
    const b = Array.from({ length: 40 }, (_, i) => (i % 4 === 0 ? 0 : 1))
    const big = pairedBootstrap(a, b, 0, 'x')
    expect(big.diff).toBe(0.75)
    expect(big.significant).toBe(true)
    expect(big.p).toBeLessThan(0.01)
    const same = pairedBootstrap(b, b, 0, 'x')
    expect(same).toMatchObject({ diff: 0, significant: false, p: 1 })
    expect(pairedBootstrap(a, b, 0, 'x')).toEqual(big)
  })

  it('pairs the oracle and the random agent by task and marks the gap significant', async () => {
    const suite = { limit: 8, families: ['household', 'lab'] }
    const oracle = await runEval({ registry, suite, agent: { kind: 'oracle' }, outDir: tmp() })
    const random = await runEval({ registry, suite, agent: { kind: 'random' }, outDir: tmp() })
    const c = compareRuns(oracle, random)
    expect(c.robustness).toBe(false)
    expect(c.overall.pairs).toBe(16)
    expect(c.overall.metrics.success.a).toBe(1)
    expect(c.overall.metrics.success.diff).toBeLessThan(0)
    expect(c.overall.metrics.success.significant).toBe(true)
    const md = comparisonMarkdown(c)
    expect(md).toMatch(/\| all \| success \| 16 \| 100\.0 \|/)
  }, 120_000)
})
