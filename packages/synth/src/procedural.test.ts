import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  countErrorRefinePairs,
  FamilyRegistry,
  isErrorStatus,
  RefineryError,
  stableHash,
  Trajectory,
} from '@refinery/core'
import { createLockboxFamily } from '@refinery/core/testing'
import { checkTrajectoryFile, readJsonl } from '@refinery/dataset'
import { describe, expect, it } from 'vitest'
import { parseSynthConfig } from './config'
import { proceduralMode } from './procedural'
import { decideChunk, runSynthesis } from './run'
import { emptySummary, type SynthSummary } from './summary'

const registry = new FamilyRegistry([createLockboxFamily()])

async function run(config: { count: number; seed: number; families?: string[] }) {
  const outDir = await mkdtemp(join(tmpdir(), 'refinery-synth-'))
  const summary = await runSynthesis({
    config: { families: ['lockbox'], ...config },
    registry,
    outDir,
  })
  const jsonl = await readFile(join(outDir, 'trajectories.jsonl'), 'utf8')
  const summaryJson = await readFile(join(outDir, 'summary.json'), 'utf8')
  const records: Trajectory[] = []
  for await (const entry of readJsonl(join(outDir, 'trajectories.jsonl'))) {
    records.push(Trajectory.parse(entry.value))
  }
  return { outDir, summary, jsonl, summaryJson, records }
}

describe('runSynthesis (procedural)', () => {
  it('stops when aborted, keeping whole chunks that a full run also writes', async () => {
    const outDir = await mkdtemp(join(tmpdir(), 'refinery-synth-'))
    const full = await run({ count: 40, seed: 11 })
    const controller = new AbortController()
    const summary = await runSynthesis({
      config: { families: ['lockbox'], count: 40, seed: 11 },
      registry,
      outDir,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.done >= 16) controller.abort()
      },
    })
    expect(summary).toMatchObject({ interrupted: true, kept: 16, nextSlot: 16 })
    const jsonl = await readFile(join(outDir, 'trajectories.jsonl'), 'utf8')
    expect(jsonl).toBe(full.jsonl.split('\n').slice(0, 16).join('\n') + '\n')
    expect(JSON.parse(await readFile(join(outDir, 'summary.json'), 'utf8')).interrupted).toBe(true)
    expect(full.summary.interrupted).toBe(false)
  })

  it('writes byte-identical files for the same config', async () => {
    const a = await run({ count: 6, seed: 11 })
    const b = await run({ count: 6, seed: 11 })
    expect(a.jsonl).toBe(b.jsonl)
    expect(a.summaryJson).toBe(b.summaryJson)
    expect(a.summaryJson).not.toContain(a.outDir)
    const c = await run({ count: 6, seed: 12 })
    expect(c.jsonl).not.toBe(a.jsonl)
  })

  it('keeps only valid, verified trajectories with at least two error→refine pairs', async () => {
    const { records, summary } = await run({ count: 12, seed: 3 })
    expect(records).toHaveLength(12)
    expect(summary.kept).toBe(12)
    for (const record of records) {
      expect(Trajectory.safeParse(record).success).toBe(true)
      expect(record.outcome.success).toBe(true)
      expect(record.outcome.errorRefinePairs).toBeGreaterThanOrEqual(2)
      expect(countErrorRefinePairs(record.messages)).toBe(record.outcome.errorRefinePairs)
      expect(record.verified?.ok).toBe(true)
      for (const message of record.messages) {
        if (message.role === 'assistant') expect(message.train).toBe(!isErrorStatus(message.status))
      }
    }
  })

  it('passes the dataset check', async () => {
    const { outDir } = await run({ count: 10, seed: 5 })
    const report = await checkTrajectoryFile(join(outDir, 'trajectories.jsonl'), registry)
    expect(report.failures).toEqual([])
    expect(report).toMatchObject({ total: 10, passed: 10 })
  })

  it('records the id, seed, source and persona of each slot', async () => {
    const { records } = await run({ count: 3, seed: 9 })
    records.forEach((record, slot) => {
      expect(record.id).toBe(stableHash({ mode: 'procedural', seed: 9, family: 'lockbox', slot }))
      expect(record.env).toBe('lockbox')
      expect(record.task).toMatch(/^lockbox\/train\/\d+$/)
      expect(record.source).toMatchObject({
        kind: 'synth',
        mode: 'procedural',
        teacher: 'oracle+errors',
      })
      expect(record.source.slot).toBe(slot)
      expect(record.source.persona).toMatch(/^an? .+ in .+ who loves .+; .+$/)
      // the persona is on record, never in the agent's voice
      for (const m of record.messages) {
        if (m.role === 'assistant') expect(m.content).not.toContain(String(record.source.persona))
        if (m.role === 'assistant') expect(m.content).not.toMatch(/\bAs an? /)
      }
    })
    expect(new Set(records.map((r) => r.seed)).size).toBe(3)
  })

  it('follows each mistake with a fix whose thought quotes the feedback', async () => {
    const { records } = await run({ count: 8, seed: 21 })
    for (const record of records) {
      const messages = record.messages
      for (let i = 0; i < messages.length; i++) {
        const turn = messages[i]!
        if (turn.role !== 'assistant' || turn.train) continue
        const feedback = messages[i + 1]!.content
        const fix = messages[i + 2]
        expect(fix?.role).toBe('assistant')
        if (fix?.role !== 'assistant') continue
        expect(fix.status).toBe('ok')
        const firstWords = feedback.replace(/"/g, "'").split(/\s+/).slice(0, 3).join(' ')
        expect(fix.thought).toContain(firstWords)
      }
    }
  })

  it('summarises kept counts, means, mistakes and statuses', async () => {
    const { summary, records } = await run({ count: 20, seed: 1 })
    const mistakes = Object.values(summary.errors).reduce((a, b) => a + b, 0)
    const masked = records
      .flatMap((r) => r.messages)
      .filter((m) => m.role === 'assistant' && !m.train)
    expect(mistakes).toBe(masked.length)
    expect(summary).toMatchObject<Partial<SynthSummary>>({
      schema: 'refinery.synth-summary.v2',
      kept: 20,
      failedSlots: [],
      families: { lockbox: { kept: 20, attempted: summary.attempted } },
    })
    expect(summary.config).toMatchObject({
      mode: 'procedural',
      split: 'train',
      minErrorRefinePairs: 2,
      maxSteps: 30,
    })
    const steps = records.reduce((a, r) => a + r.outcome.steps, 0) / records.length
    expect(summary.meanSteps).toBeCloseTo(steps, 3)
    expect(summary.statuses.ok).toBe(
      records.reduce(
        (a, r) => a + r.messages.filter((m) => m.role === 'assistant' && m.status === 'ok').length,
        0,
      ),
    )
    // lockbox can show most of the taxonomy
    const kinds = Object.entries(summary.errors)
      .filter(([, n]) => n > 0)
      .map(([k]) => k)
    expect(kinds.length).toBeGreaterThanOrEqual(4)
  })

  it('gives up a slot it cannot fill after maxAttempts, deterministically', async () => {
    const outDir = await mkdtemp(join(tmpdir(), 'refinery-synth-'))
    // A teacher asked for no mistakes never gives the two pairs a record needs.
    const summary = await runSynthesis({
      config: { families: ['lockbox'], count: 2, errors: { min: 0, max: 0 }, maxAttempts: 3 },
      registry,
      outDir,
    })
    expect(summary).toMatchObject({ kept: 0, attempted: 6, failedSlots: [0, 1] })
    expect(summary.rejected['too few error-refine pairs']).toBe(6)
    expect(await readFile(join(outDir, 'trajectories.jsonl'), 'utf8')).toBe('')
  })

  it('says why an episode failed, the first failures by slot, and retries the slot', async () => {
    const lockbox = createLockboxFamily()
    // A family whose oracle gives up on one task: each slot drawing it fails its attempt.
    const flaky = {
      ...lockbox,
      create(task: Parameters<typeof lockbox.create>[0]) {
        const env = lockbox.create(task)
        if (task.index !== 3) return env
        return Object.assign(env, {
          async oracle(): Promise<string[]> {
            throw new RefineryError('limit', 'The planner ran out of nodes on task 3.')
          },
        })
      },
    }
    const outDir = await mkdtemp(join(tmpdir(), 'refinery-synth-'))
    const summary = await runSynthesis({
      config: { families: ['lockbox'], count: 24, seed: 5 },
      registry: new FamilyRegistry([flaky]),
      outDir,
    })
    expect(summary.rejected['episode failed']).toBeGreaterThan(0)
    expect(summary.failures).toHaveLength(summary.rejected['episode failed'])
    for (const failure of summary.failures) {
      expect(failure).toMatchObject({
        family: 'lockbox',
        error: expect.stringContaining('ran out of nodes on task 3'),
      })
    }
    const order = summary.failures.map((f) => [f.slot, f.attempt])
    expect(order).toEqual([...order].sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!))
    const saved = JSON.parse(await readFile(join(outDir, 'summary.json'), 'utf8')) as SynthSummary
    expect(saved.failures).toEqual(summary.failures)
    expect(summary.kept).toBe(24)
  })

  // Regression: a quarter of adventure's attempts were played to the step limit and then
  // rejected for too few pairs, since their plans alone take nearly every step.
  it('gives up a task whose plan and pairs exceed the step limit before playing it', async () => {
    // The lockbox plan has four steps: with two pairs it needs six.
    const config = parseSynthConfig({
      families: ['lockbox'],
      count: 2,
      maxSteps: 5,
      maxAttempts: 2,
    })
    const tally = emptySummary(config, { from: 0, to: 2 }, ['lockbox'])
    const family = registry.get('lockbox')
    const { decided } = await decideChunk(
      proceduralMode(),
      config,
      [family],
      [0, 1],
      tally,
      undefined,
      1,
    )
    expect(decided.size).toBe(0)
    expect(tally.attempted).toBe(4)
    expect(tally.rejected['task too long']).toBe(4)
    expect(tally.rejected['too few error-refine pairs']).toBe(0)
    // With no task that fits, the family cannot be synthesised, and the run says why.
    const outDir = await mkdtemp(join(tmpdir(), 'refinery-synth-'))
    await expect(runSynthesis({ config, registry, outDir })).rejects.toThrow(
      /lockbox: no trial episode could be played \(task too long: The oracle's plan for lockbox\/train\/\d+ has 4 steps: with 2 error→refine pairs it does not fit in 5 steps/,
    )
    // A plan of four steps cannot carry five pairs, however long the limit.
    const many = parseSynthConfig({ ...config, maxSteps: 30, minErrorRefinePairs: 5 })
    const short = emptySummary(many, { from: 0, to: 2 }, ['lockbox'])
    await decideChunk(proceduralMode(), many, [family], [0, 1], short, undefined, 1)
    expect(short.rejected['task too short']).toBe(4)
    expect(short.rejected['too few error-refine pairs']).toBe(0)
    // Six steps are enough.
    const fits = parseSynthConfig({ ...config, maxSteps: 6 })
    const open = emptySummary(fits, { from: 0, to: 2 }, ['lockbox'])
    const kept = await decideChunk(proceduralMode(), fits, [family], [0, 1], open, undefined, 1)
    expect(open.rejected['task too long']).toBe(0)
    expect(kept.decided.size + open.rejected['too few error-refine pairs']).toBeGreaterThan(0)
  })

  it('rejects a bad config and an unknown family with clear errors', async () => {
    const outDir = await mkdtemp(join(tmpdir(), 'refinery-synth-'))
    await expect(
      runSynthesis({ config: { families: ['lockbox'], count: 0 }, registry, outDir }),
    ).rejects.toSatisfy(
      (e: unknown) =>
        RefineryError.isInstance(e) && e.code === 'invalid_input' && e.path === 'count',
    )
    await expect(
      runSynthesis({ config: { families: ['nope'], count: 1 }, registry, outDir }),
    ).rejects.toSatisfy((e: unknown) => RefineryError.isInstance(e) && e.code === 'unknown_family')
  })

  it('reports progress after every chunk', async () => {
    const outDir = await mkdtemp(join(tmpdir(), 'refinery-synth-'))
    const events: unknown[] = []
    await runSynthesis({
      config: { families: ['lockbox'], count: 20, seed: 4 },
      registry,
      outDir,
      onProgress: (p) => events.push(p),
    })
    expect(events).toHaveLength(2)
    expect(events.at(-1)).toMatchObject({ done: 20, total: 20, kept: 20 })
  })
})
