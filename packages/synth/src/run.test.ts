import { spawn } from 'node:child_process'
import { appendFile, mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type EnvironmentFamily, FamilyRegistry, RefineryError } from '@refinery/core'
import { createLockboxFamily } from '@refinery/core/testing'
import { checkTrajectoryFile } from '@refinery/dataset'
import { describe, expect, it } from 'vitest'
import { runSynthesis } from './run'

const lockbox = createLockboxFamily()
const registry = new FamilyRegistry([lockbox])
const CHILD = fileURLToPath(new URL('./__fixtures__/synth-child.ts', import.meta.url))

async function synth(count: number, extra: Record<string, unknown> = {}, outDir?: string) {
  const dir = outDir ?? (await mkdtemp(join(tmpdir(), 'refinery-synth-run-')))
  const summary = await runSynthesis({
    config: { families: ['lockbox'], count, seed: 7, ...extra },
    registry,
    outDir: dir,
    ...(outDir ? { existing: 'resume' as const } : {}),
  })
  const jsonl = await readFile(join(dir, 'trajectories.jsonl'), 'utf8')
  return { dir, summary, jsonl }
}

/** Runs the child until it reports `after` slots done, then SIGKILLs it. */
function killPartWay(outDir: string, count: number, after: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--conditions=@refinery/source', '--import', 'tsx', CHILD, outDir, String(count)],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    )
    let done = 0
    let err = ''
    child.stdout.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) if (line) done = Number(line)
      if (done >= after) child.kill('SIGKILL')
    })
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString()
    })
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve(done)
      else reject(new Error(`the child ended (${code}) before it was killed: ${err}`))
    })
  })
}

describe('runSynthesis at scale', () => {
  it('resumes a SIGKILLed run into a file byte-identical to an uninterrupted one', async () => {
    const count = 160
    const full = await synth(count)
    const dir = await mkdtemp(join(tmpdir(), 'refinery-synth-kill-'))
    const doneAtKill = await killPartWay(dir, count, 48)
    expect(doneAtKill).toBeLessThan(count)
    // As if the kill had also cut a line in half while it was written.
    await appendFile(join(dir, 'trajectories.jsonl'), '{"id":"half a li')
    const resumed = await synth(count, {}, dir)
    expect(resumed.jsonl).toBe(full.jsonl)
    expect(resumed.summary).toMatchObject({
      kept: full.summary.kept,
      attempted: full.summary.attempted,
      resumed: 1,
      interrupted: false,
      nextSlot: count,
    })
    expect(resumed.summary.errors).toEqual(full.summary.errors)
  })

  it('cuts shards whose concatenation in order is the unsharded output', async () => {
    const full = await synth(50)
    const parts = []
    for (let index = 0; index < 3; index++) parts.push(await synth(50, { shard: { index, of: 3 } }))
    expect(parts.map((p) => p.jsonl).join('')).toBe(full.jsonl)
    expect(parts.reduce((n, p) => n + p.summary.kept, 0)).toBe(full.summary.kept)
    expect(parts.map((p) => p.summary.slots)).toEqual([
      { from: 0, to: 16 },
      { from: 16, to: 33 },
      { from: 33, to: 50 },
    ])
  })

  it('does not depend on concurrency', async () => {
    const one = await synth(24)
    const dir = await mkdtemp(join(tmpdir(), 'refinery-synth-conc-'))
    await runSynthesis({
      config: { families: ['lockbox'], count: 24, seed: 7 },
      registry,
      outDir: dir,
      concurrency: 4,
    })
    expect(await readFile(join(dir, 'trajectories.jsonl'), 'utf8')).toBe(one.jsonl)
  })

  it('refuses existing output unless forced or resumed, and a resume with other settings', async () => {
    const { dir, jsonl } = await synth(8)
    const again = (existing?: 'force' | 'resume', count = 8) =>
      runSynthesis({
        config: { families: ['lockbox'], count, seed: 7 },
        registry,
        outDir: dir,
        ...(existing ? { existing } : {}),
      })
    await expect(again()).rejects.toSatisfy(
      (e: unknown) =>
        RefineryError.isInstance(e) && e.code === 'usage' && /--resume/.test(e.hint ?? ''),
    )
    await expect(again('resume', 9)).rejects.toThrow(/other settings/)
    const resumed = await again('resume')
    expect(resumed.resumed).toBe(1)
    expect(await readFile(join(dir, 'trajectories.jsonl'), 'utf8')).toBe(jsonl)
    await again('force')
    expect(await readFile(join(dir, 'trajectories.jsonl'), 'utf8')).toBe(jsonl)
  })

  it('skips and reports a family it cannot synthesise instead of failing', async () => {
    const noOracle: EnvironmentFamily = {
      ...lockbox,
      id: 'no-oracle',
      create: (task, options) => {
        const env = lockbox.create(task, options)
        return Object.assign(Object.create(Object.getPrototypeOf(env)), env, { oracle: undefined })
      },
    }
    // An oracle that gives up: the trial episode fails, the family is skipped, the run goes on.
    const emptyPlan: EnvironmentFamily = {
      ...lockbox,
      id: 'empty-plan',
      create: (task, options) => {
        const env = lockbox.create(task, options)
        return Object.assign(Object.create(Object.getPrototypeOf(env)), env, {
          oracle: async () => [],
        })
      },
    }
    const both = new FamilyRegistry([lockbox, noOracle, emptyPlan])
    const dir = await mkdtemp(join(tmpdir(), 'refinery-synth-skip-'))
    const summary = await runSynthesis({
      config: { families: ['lockbox', 'no-oracle', 'empty-plan'], count: 4 },
      registry: both,
      outDir: dir,
    })
    expect(summary.kept).toBe(4)
    expect(summary.skippedFamilies).toMatchObject({ 'no-oracle': 'it has no oracle to teach with' })
    expect(summary.skippedFamilies['empty-plan']).toMatch(/^a trial episode failed: .*empty plan/)
    const report = await checkTrajectoryFile(join(dir, 'trajectories.jsonl'), both)
    expect(report).toMatchObject({ total: 4, passed: 4, failures: [] })
    await expect(
      runSynthesis({
        config: { families: ['no-oracle'], count: 1 },
        registry: both,
        outDir: await mkdtemp(join(tmpdir(), 'refinery-synth-skip-')),
      }),
    ).rejects.toThrow(/No family can be synthesised/)
  })
})
