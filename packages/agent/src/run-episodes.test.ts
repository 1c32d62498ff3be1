import { RefineryError } from '@refinery/core'
import { createLockboxFamily } from '@refinery/core/testing'
import { describe, expect, it } from 'vitest'
import type { Agent } from './agent'
import { oracleAgent } from './agents'
import type { EpisodeResult } from './episode'
import { type EpisodeProgress, type EpisodeSink, runEpisodes } from './run-episodes'

const family = createLockboxFamily({ size: 10 })
const jobs = Array.from({ length: 10 }, (_, i) => ({ family, task: family.task('test', i) }))
const source = { kind: 'eval', agent: 'oracle' } as const

function memorySink(held: string[] = []): EpisodeSink & { records: EpisodeResult[] } {
  const records: EpisodeResult[] = []
  return {
    records,
    has: (id) => held.includes(id),
    write: (r) => {
      records.push(r)
    },
  }
}

const sorted = (sink: { records: EpisodeResult[] }) =>
  sink.records.map((r) => JSON.stringify(r.trajectory)).sort()

describe('runEpisodes', () => {
  it('gives the same records at any concurrency, with deterministic ids', async () => {
    const one = memorySink()
    const four = memorySink()
    await runEpisodes({ jobs, agent: oracleAgent(), source, sink: one, concurrency: 1 })
    await runEpisodes({ jobs, agent: oracleAgent(), source, sink: four, concurrency: 4 })
    expect(sorted(four)).toEqual(sorted(one))
    expect(new Set(one.records.map((r) => r.trajectory.id)).size).toBe(10)
  })

  it('gives a job its own step limit over the one of the run', async () => {
    const sink = memorySink()
    const stubborn: Agent = { name: 'stubborn', act: async () => 'Thought: no.\nAction: xyzzy' }
    await runEpisodes({
      jobs: [{ ...jobs[0]!, maxSteps: 2 }, jobs[1]!],
      agent: stubborn,
      source,
      sink,
      maxSteps: 5,
    })
    expect(sink.records.map((r) => r.trajectory.outcome.steps).sort()).toEqual([2, 5])
  })

  it('runs episodes at once up to the limit', async () => {
    let running = 0
    let most = 0
    const oracle = oracleAgent()
    const agent = {
      ...oracle,
      async act(context: Parameters<typeof oracle.act>[0]) {
        running++
        most = Math.max(most, running)
        await new Promise((r) => setTimeout(r, 5))
        running--
        return oracle.act(context)
      },
    }
    await runEpisodes({ jobs, agent, source, sink: memorySink(), concurrency: 3 })
    expect(most).toBe(3)
  })

  it('lets every episode in flight listen to the run signal without a leak warning', async () => {
    const warnings: string[] = []
    const onWarning = (warning: Error) => warnings.push(warning.name)
    process.on('warning', onWarning)
    const oracle = oracleAgent()
    const agent = {
      ...oracle,
      async act(context: Parameters<typeof oracle.act>[0]) {
        // As a model request does: listen to the run's signal while waiting.
        const listener = () => {}
        context.signal.addEventListener('abort', listener)
        await new Promise((r) => setTimeout(r, 5))
        context.signal.removeEventListener('abort', listener)
        return oracle.act(context)
      },
    }
    const many = createLockboxFamily({ size: 30 })
    const wide = Array.from({ length: 30 }, (_, i) => ({
      family: many,
      task: many.task('test', i),
    }))
    await runEpisodes({ jobs: wide, agent, source, sink: memorySink(), concurrency: 30 })
    await new Promise((r) => setImmediate(r))
    process.off('warning', onWarning)
    expect(warnings).not.toContain('MaxListenersExceededWarning')
  })

  it('skips ids the sink already holds (resume) and reports progress', async () => {
    const first = memorySink()
    await runEpisodes({ jobs: jobs.slice(0, 4), agent: oracleAgent(), source, sink: first })
    const held = first.records.map((r) => r.trajectory.id)
    const second = memorySink(held)
    const progress: EpisodeProgress[] = []
    const summary = await runEpisodes({
      jobs,
      agent: oracleAgent(),
      source,
      sink: second,
      concurrency: 2,
      onProgress: (p) => progress.push(p),
    })
    expect(summary).toMatchObject({
      total: 10,
      written: 6,
      skipped: 4,
      failed: [],
      interrupted: false,
    })
    expect(second.records.map((r) => r.trajectory.id).some((id) => held.includes(id))).toBe(false)
    expect(progress.map((p) => p.done)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    expect(progress.filter((p) => p.outcome === 'skipped')).toHaveLength(4)
  })

  it('reports an episode whose model failed and goes on with the others', async () => {
    const oracle = oracleAgent()
    const agent = {
      ...oracle,
      async act(context: Parameters<typeof oracle.act>[0]) {
        if (context.task.index === 3) throw new RefineryError('llm_error', 'The server is down.')
        return oracle.act(context)
      },
    }
    const sink = memorySink()
    const summary = await runEpisodes({ jobs, agent, source, sink, concurrency: 2 })
    expect(summary.written).toBe(9)
    expect(summary.failed).toEqual([
      { id: expect.any(String), task: 'lockbox/test/3', error: 'The server is down.' },
    ])
  })

  it('stops cleanly at the spending cap, keeping what was written', async () => {
    const oracle = oracleAgent()
    const agent = {
      ...oracle,
      async act(context: Parameters<typeof oracle.act>[0]) {
        if (context.task.index >= 5)
          throw new RefineryError('budget_exceeded', 'The cap is reached.')
        return oracle.act(context)
      },
    }
    const sink = memorySink()
    const summary = await runEpisodes({ jobs, agent, source, sink, concurrency: 1 })
    expect(summary.interrupted).toBe(true)
    expect(summary.written).toBe(5)
  })

  it('a cancel stops new episodes and cancels running ones; written records stay', async () => {
    const controller = new AbortController()
    const slow: Agent = {
      name: 'slow',
      async act(context) {
        await new Promise((r) => setTimeout(r, 5))
        if (context.task.index === 2 && context.step === 1) controller.abort()
        return 'Thought: look.\nAction: look'
      },
    }
    const sink = memorySink()
    const summary = await runEpisodes({
      jobs,
      agent: slow,
      source,
      sink,
      maxSteps: 2,
      signal: controller.signal,
    })
    expect(summary.interrupted).toBe(true)
    expect(summary.written).toBe(2)
    expect(sink.records.map((r) => r.trajectory.task)).toEqual(['lockbox/test/0', 'lockbox/test/1'])
  })

  it('throws a bug instead of recording it as a failed episode', async () => {
    const agent: Agent = {
      name: 'buggy',
      async act() {
        throw new TypeError('undefined is not a function')
      },
    }
    await expect(
      runEpisodes({ jobs, agent, source, sink: memorySink(), concurrency: 2 }),
    ).rejects.toThrow(TypeError)
  })
})
