import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FamilyRegistry } from '@refinery/core'
import { createLockboxFamily } from '@refinery/core/testing'
import { describe, expect, it } from 'vitest'
import { runSynthesis } from './run'
import { affinityQueues, type SynthWorkers } from './workers'

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

  it('says in one line when a worker runs out of its heap limit', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'refinery-synth-workers-'))
    const hungry = new URL('./__fixtures__/hungry-setup.ts', import.meta.url).href
    const run = runSynthesis({
      config: { families: ['lockbox'], count: 8, seed: 1 },
      registry,
      outDir: dir,
      workers: { count: 1, setup: hungry, heapMb: 64 },
    })
    await expect(run).rejects.toMatchObject({
      code: 'limit',
      message: 'A synthesis worker ran out of its 64 MiB heap.',
    })
  })

  it('queues the slots of one affinity key for one worker, in slot order', () => {
    const slots = Array.from({ length: 40 }, (_, i) => i)
    const key = (slot: number) => `task/${slot % 5}`
    const queues = affinityQueues(slots, 3, key)
    const owner = new Map<string, number>()
    for (const [w, queue] of queues.entries()) {
      const mine = queue.flat()
      expect(mine).toEqual([...mine].sort((a, b) => a - b))
      for (const slot of mine) {
        expect(owner.get(key(slot)) ?? w).toBe(w)
        owner.set(key(slot), w)
      }
    }
    expect(queues.flat(2).sort((a, b) => a - b)).toEqual(slots)
    // Without keys, batches go to the workers in turn.
    const plain = affinityQueues(slots, 2, undefined)
    expect(plain.map((q) => q.flat().length)).toEqual([20, 20])
    expect(plain[0]![0]).toEqual([0, 1, 2, 3])
    expect(plain[1]![0]).toEqual([4, 5, 6, 7])
  })
})
