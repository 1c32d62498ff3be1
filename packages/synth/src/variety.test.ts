import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FamilyRegistry, Trajectory } from '@refinery/core'
import { readJsonl } from '@refinery/dataset'
import { household } from '@refinery/env-household'
import { describe, expect, it } from 'vitest'
import { ERROR_CATEGORIES } from './errors'
import { runSynthesis } from './run'
import { skeletonOf, thoughtVariety } from './variety'

const COUNT = 300
/** Measured 0.413 on this seed (0.379 before the thoughts read the step before). */
const RATIO = 0.4

describe('thought variety and the error taxonomy', () => {
  it('masks names, numbers and quotes in skeletons', () => {
    const names = new Set(['take', 'key', 'box'])
    expect(skeletonOf('"The box is locked." So I take key 2.', names)).toBe('"Q" So I E N.')
  })

  // 300 household trajectories on a fixed seed: the figures of the 2,000-trajectory,
  // all-family measure (README) scaled to what a test run can afford.
  it('over 300 trajectories: 4-gram ratio, no skeleton above 2%, every category >= 10%', async () => {
    const outDir = await mkdtemp(join(tmpdir(), 'refinery-synth-variety-'))
    const summary = await runSynthesis({
      config: { families: ['household'], count: COUNT, seed: 2026 },
      registry: new FamilyRegistry([household]),
      outDir,
      concurrency: 4,
    })
    const records: Trajectory[] = []
    for await (const entry of readJsonl(join(outDir, 'trajectories.jsonl'))) {
      records.push(Trajectory.parse(entry.value))
    }
    const variety = thoughtVariety(records)
    const injected = Object.values(summary.errors).reduce((a, b) => a + b, 0)
    const shares = Object.fromEntries(
      ERROR_CATEGORIES.map((c) => [c, Math.round((summary.errors[c] / injected) * 1000) / 1000]),
    )
    console.log(JSON.stringify({ trajectories: records.length, ...variety, errorShares: shares }))
    expect(records).toHaveLength(COUNT)
    expect(variety.distinct4gramRatio).toBeGreaterThanOrEqual(RATIO)
    expect(variety.topSkeletonShare).toBeLessThanOrEqual(0.02)
    for (const category of ERROR_CATEGORIES) expect(shares[category]).toBeGreaterThanOrEqual(0.1)
    // 2 to 4 mistakes in every kept trajectory
    for (const record of records) {
      const masked = record.messages.filter((m) => m.role === 'assistant' && !m.train).length
      expect(masked).toBeGreaterThanOrEqual(2)
      expect(masked).toBeLessThanOrEqual(4)
    }
  }, 1_200_000)
})
