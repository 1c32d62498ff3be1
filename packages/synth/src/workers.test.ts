import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FamilyRegistry } from '@refinery/core'
import { createLockboxFamily } from '@refinery/core/testing'
import { describe, expect, it } from 'vitest'
import { runSynthesis } from './run'
import type { SynthWorkers } from './workers'

const registry = new FamilyRegistry([createLockboxFamily()])
const setup = new URL('./__fixtures__/worker-setup.ts', import.meta.url).href

async function synth(workers?: number, shard?: { index: number; of: number }) {
  const dir = await mkdtemp(join(tmpdir(), 'refinery-synth-workers-'))
  const options: SynthWorkers | undefined = workers ? { count: workers, setup } : undefined
  const summary = await runSynthesis({
    config: { families: ['lockbox'], count: 70, seed: 11, ...(shard ? { shard } : {}) },
    registry,
    outDir: dir,
    ...(options ? { workers: options } : {}),
  })
  return { summary, jsonl: await readFile(join(dir, 'trajectories.jsonl'), 'utf8') }
}

describe('runSynthesis in worker threads', () => {
  it('writes the same bytes and summary with no worker, one or two', async () => {
    const inline = await synth()
    const one = await synth(1)
    const two = await synth(2)
    expect(inline.jsonl.split('\n').length).toBeGreaterThan(60)
    expect(one.jsonl).toBe(inline.jsonl)
    expect(two.jsonl).toBe(inline.jsonl)
    const { interrupted: _i, ...expected } = inline.summary
    expect(two.summary).toMatchObject(expected)
    expect(one.summary).toMatchObject(expected)
  })

  it('cuts shards in workers whose concatenation is the unsharded output', async () => {
    const whole = await synth()
    const parts = [await synth(2, { index: 0, of: 2 }), await synth(2, { index: 1, of: 2 })]
    expect(parts.map((p) => p.jsonl).join('')).toBe(whole.jsonl)
  })
})
