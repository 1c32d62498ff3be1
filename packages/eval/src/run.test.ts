import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FamilyRegistry } from '@refinery/core'
import { adventure } from '@refinery/env-adventure'
import { grid } from '@refinery/env-grid'
import { household } from '@refinery/env-household'
import { lab } from '@refinery/env-lab'
import { planning } from '@refinery/env-planning'
import { describe, expect, it } from 'vitest'
import { runEval } from './run'

const registry = () => new FamilyRegistry([adventure, grid, household, lab, planning])
const tmp = () => mkdtempSync(join(tmpdir(), 'refinery-eval-'))

describe('runEval', () => {
  it('the oracle succeeds on every task of every family', async () => {
    const results = await runEval({
      registry: registry(),
      suite: { limit: 3 },
      agent: { kind: 'oracle' },
      outDir: tmp(),
    })
    expect(Object.keys(results.aggregates.families)).toEqual([
      'adventure',
      'grid',
      'household',
      'lab',
      'planning',
    ])
    expect(results.aggregates.overall.success.mean).toBe(1)
    expect(results.aggregates.overall.progress.mean).toBe(1)
    expect(results.aggregates.overall.grounding.mean).toBe(1)
    expect(results.aggregates.overall.outcomes.success.mean).toBe(1)
    expect(results.episodes.every((e) => e.statuses.ok === e.steps && e.curve.at(-1) === 1)).toBe(
      true,
    )
  })

  it('gives adventure its own step limit, so the oracle wins its long tasks', async () => {
    // adventure/test/17 takes the oracle 39 moves: more than AgentBoard's 30.
    const results = await runEval({
      registry: registry(),
      suite: { families: ['adventure'], limit: 18 },
      agent: { kind: 'oracle' },
      outDir: tmp(),
      concurrency: 2,
    })
    expect(results.settings.maxSteps).toEqual({ adventure: 50 })
    const long = results.episodes.find((e) => e.task === 'adventure/test/17')!
    expect(long).toMatchObject({ success: true, outcome: 'success' })
    expect(long.steps).toBeGreaterThan(30)
  }, 120_000)

  it('the random agent has low success and some progress', async () => {
    const results = await runEval({
      registry: registry(),
      suite: { limit: 4 },
      agent: { kind: 'random' },
      outDir: tmp(),
    })
    const all = results.aggregates.overall
    expect(all.success.mean).toBeLessThan(0.5)
    expect(all.progress.mean).toBeGreaterThan(0)
    expect(all.success.low).toBeLessThanOrEqual(all.success.mean)
    expect(all.success.high).toBeGreaterThanOrEqual(all.success.mean)
  })

  it('refuses an existing run, resumes one, and a re-run is byte-identical', async () => {
    const out = tmp()
    const options = {
      registry: registry(),
      suite: { limit: 2, families: ['grid', 'lab'] },
      agent: { kind: 'random' as const },
      outDir: out,
    }
    await runEval(options)
    const first = readFileSync(join(out, 'trajectories.jsonl'), 'utf8')
    const results = readFileSync(join(out, 'results.json'), 'utf8')
    await expect(runEval(options)).rejects.toMatchObject({ code: 'output_exists' })
    // A killed run: two whole records, then a torn line.
    const lines = first.split('\n')
    writeFileSync(
      join(out, 'trajectories.jsonl'),
      `${lines[2]}\n${lines[0]}\n${lines[1]!.slice(0, 40)}`,
    )
    await runEval({ ...options, resume: true, concurrency: 3 })
    expect(readFileSync(join(out, 'trajectories.jsonl'), 'utf8')).toBe(first)
    expect(readFileSync(join(out, 'results.json'), 'utf8')).toBe(results)
    await runEval({ ...options, force: true, concurrency: 4 })
    expect(readFileSync(join(out, 'trajectories.jsonl'), 'utf8')).toBe(first)
  })

  it('seeds repeat every task with another sampling seed', async () => {
    const results = await runEval({
      registry: registry(),
      suite: { limit: 2, families: ['grid'], seeds: 3 },
      agent: { kind: 'random' },
      outDir: tmp(),
    })
    expect(results.episodes.map((e) => `${e.task}#${e.repeat}`)).toEqual([
      'grid/test/0#0',
      'grid/test/0#1',
      'grid/test/0#2',
      'grid/test/1#0',
      'grid/test/1#1',
      'grid/test/1#2',
    ])
    expect(new Set(results.episodes.map((e) => e.id)).size).toBe(6)
  })
})
