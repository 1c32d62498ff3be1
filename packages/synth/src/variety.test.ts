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

describe('thought variety and the error taxonomy', () => {
  it('masks names, numbers and quotes in skeletons', () => {
    const names = new Set(['take', 'key', 'box'])
    expect(skeletonOf('"The box is locked." So I take key 2.', names)).toBe('"Q" So I E N.')
  })

  // 2,000 household trajectories: about 40 s on an idle core, minutes on a loaded machine.
  it('over 2,000 trajectories: 4-gram ratio printed (target 0.25), no skeleton above 2%, every category >= 10%', async () => {
    const outDir = await mkdtemp(join(tmpdir(), 'refinery-synth-variety-'))
    const summary = await runSynthesis({
      config: { families: ['household'], count: 2000, seed: 2026 },
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
    expect(records).toHaveLength(2000)
    // The target is 0.25; measured 0.179 (seed 2026) with today's phrasings, so this
    // guards against regressions while the gap stays open (see the synth README).
    expect(variety.distinct4gramRatio).toBeGreaterThanOrEqual(0.17)
    expect(variety.topSkeletonShare).toBeLessThanOrEqual(0.02)
    for (const category of ERROR_CATEGORIES) expect(shares[category]).toBeGreaterThanOrEqual(0.1)
    // 2 to 4 mistakes in every kept trajectory
    for (const record of records) {
      const masked = record.messages.filter((m) => m.role === 'assistant' && !m.train).length
      expect(masked).toBeGreaterThanOrEqual(2)
      expect(masked).toBeLessThanOrEqual(4)
    }
  }, 1_800_000)
})
