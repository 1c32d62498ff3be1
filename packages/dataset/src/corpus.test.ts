import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Trajectory } from '@refinery/core'
import { describe, expect, it } from 'vitest'
import { goodRecord } from './__fixtures__/records'
import { EvaluationReference, verdictOf } from './contamination'
import { dedupFile, lshParameters } from './dedup'
import { toOpenAiChat } from './formats'
import { readJsonl, toJsonlLine } from './jsonl'
import { generalExample, mixFiles } from './mix'
import { kCenterGreedy, qualitySignals, selectFile } from './select'
import { statsFile } from './stats'
import { mix32 } from './text'

async function fileOf(lines: unknown[]): Promise<{ dir: string; path: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'refinery-corpus-'))
  const path = join(dir, 'in.jsonl')
  await writeFile(path, lines.map(toJsonlLine).join(''))
  return { dir, path }
}

async function ids(path: string): Promise<string[]> {
  const out: string[] = []
  for await (const entry of readJsonl(path)) out.push((entry.value as { id: string }).id)
  return out
}

/** A record whose observations are replaced by the given words (distinct texts). */
function withText(record: Trajectory, id: string, words: string): Trajectory {
  return {
    ...record,
    id,
    messages: record.messages.map((m, i) =>
      m.role === 'user' ? { ...m, content: `${words} ${i} ${words}` } : m,
    ),
  }
}

const LOREM = (k: number) =>
  Array.from({ length: 40 }, (_, i) => `w${mix32(i * 65537 + k * 1000003) % 5000}`).join(' ')

describe('contamination', () => {
  it('a record of a split task is dirty, one of another text is clean, and shared template text counts for neither', () => {
    const template =
      'You are an agent in a text world and must act with one command each turn please.'
    const reference = new EvaluationReference()
    reference.addFamily(
      [
        [template, `task one ${LOREM(1)}`],
        [template, `task two ${LOREM(2)}`],
      ],
      [],
    )
    const msg = (content: string) => ({ role: 'user' as const, content })
    expect(reference.score([msg(template), msg(`task one ${LOREM(1)}`)])).toMatchObject({
      verdict: 'dirty',
      ratio: 1,
    })
    expect(reference.score([msg(template), msg(LOREM(3))])).toMatchObject({
      verdict: 'clean',
      ratio: 0,
      exactHits: 0,
    })
    expect(reference.score([msg(template)]).ratio).toBe(0)
    const half = reference.score([
      msg(
        `${LOREM(1).split(' ').slice(0, 20).join(' ')} ${LOREM(4).split(' ').slice(0, 20).join(' ')}`,
      ),
    ])
    expect(half.verdict).toBe('mixed')
    expect(half.exactHits).toBeGreaterThan(0)
  })

  it('n-grams the template texts (train episodes) hold are not evidence', () => {
    const reference = new EvaluationReference()
    reference.addFamily([[LOREM(5)]], [[LOREM(5)]])
    expect(reference.score([{ role: 'user', content: LOREM(5) }]).ratio).toBe(0)
  })

  it('thresholds: clean below 20%, dirty above 80%', () => {
    expect([0, 0.199, 0.2, 0.8, 0.801].map(verdictOf)).toEqual([
      'clean',
      'clean',
      'mixed',
      'mixed',
      'dirty',
    ])
  })
})

describe('dedup', () => {
  it('removes near duplicates at the threshold and keeps the first of each group', async () => {
    const base = await goodRecord(1)
    const a = withText(base, 'a', LOREM(1))
    const copy = withText(base, 'a-copy', LOREM(1))
    const b = withText(base, 'b', LOREM(2))
    const { dir, path } = await fileOf([a, copy, b])
    const report = await dedupFile(path, join(dir, 'out.jsonl'), { threshold: 0.8 })
    expect(report.removed).toEqual([{ line: 2, id: 'a-copy', duplicateOf: 1 }])
    expect(await ids(join(dir, 'out.jsonl'))).toEqual(['a', 'b'])
    const loose = await dedupFile(path, join(dir, 'loose.jsonl'), { threshold: 0.05 })
    expect(loose.kept).toBeLessThanOrEqual(2)
  })

  it('chooses LSH bands so that rows grow with the threshold', () => {
    const low = lshParameters(0.5, 128)
    const high = lshParameters(0.9, 128)
    expect(low.bands * low.rows).toBe(128)
    expect(high.rows).toBeGreaterThan(low.rows)
  })
})

describe('select', () => {
  it('k-center greedy starts from the best record and then takes the farthest', () => {
    const v = (x: number, y: number) => Float32Array.of(x, y)
    const vectors = [v(1, 0), v(0.99, 0.14), v(0, 1)]
    expect(kCenterGreedy(vectors, [0.9, 0.5, 0.5], 2)).toEqual([0, 2])
    expect(kCenterGreedy(vectors, [0.9, 0.5, 0.5], 2, 0.6)).toEqual([0])
  })

  it('quality signals read turns, pairs, distinct actions and thoughts', async () => {
    const q = qualitySignals(await goodRecord())
    expect(q).toMatchObject({ assistantTurns: 6, errorRefinePairs: 2 })
    expect(q.quality).toBeGreaterThan(0)
    expect(q.quality).toBeLessThanOrEqual(1)
  })

  it('writes the picks in file order', async () => {
    const base = await goodRecord(1)
    const records = [
      withText(base, 'x1', LOREM(1)),
      withText(base, 'x2', LOREM(1)),
      withText(base, 'y', LOREM(9)),
    ]
    const { dir, path } = await fileOf(records)
    const report = await selectFile(path, join(dir, 'sel.jsonl'), { count: 2 })
    expect(report.selected).toBe(2)
    expect(await ids(join(dir, 'sel.jsonl'))).toContain('y')
  })
})

describe('mix', () => {
  it('reads ShareGPT and OpenAI general examples, ending on an assistant turn', () => {
    expect(
      generalExample({
        conversations: [
          { from: 'human', value: 'hi' },
          { from: 'gpt', value: 'hello' },
          { from: 'human', value: '?' },
        ],
      }),
    ).toEqual({
      messages: [
        { role: 'user', content: 'hi' },
        { role: 'assistant', content: 'hello' },
      ],
    })
    expect(generalExample({ messages: [{ role: 'robot', content: 'x' }] })).toBe(
      "turn 0: unknown role 'robot'",
    )
  })

  it('mixes at ratio η, seeded, each stream keeping its order', async () => {
    const agent = [await goodRecord(1), await goodRecord(2)]
    const general = Array.from({ length: 20 }, (_, i) => ({
      messages: [
        { role: 'user', content: `q${i}` },
        { role: 'assistant', content: `a${i}` },
      ],
    }))
    const a = await fileOf(agent)
    const g = await fileOf(general)
    const out = join(a.dir, 'mix.jsonl')
    const report = await mixFiles(a.path, g.path, out, { ratio: 0.2, seed: 3 })
    expect(report.general).toEqual({ available: 20, wanted: 8, used: 8 })
    expect(report.written).toBe(10)
    const text = await readFile(out, 'utf8')
    await mixFiles(a.path, g.path, join(a.dir, 'again.jsonl'), { ratio: 0.2, seed: 3 })
    expect(await readFile(join(a.dir, 'again.jsonl'), 'utf8')).toBe(text)
    const lines = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
    const agentLines = lines.filter((l) => l.messages[0].role === 'system')
    expect(agentLines).toEqual(agent.map(toOpenAiChat))
  })
})

describe('stats', () => {
  it('counts turns, error kinds, personas, verbs and distinct-n', async () => {
    const { path } = await fileOf([await goodRecord(1), await goodRecord(2)])
    const s = await statsFile(path)
    expect(s.turns).toEqual({ min: 6, max: 6, mean: 6 })
    expect(s.errorKinds).toEqual({ precondition_failed: 2, unknown_action: 2 })
    expect(s.personas).toEqual({ 'a tester': 2 })
    expect(s.verbs).toMatchObject({ open: 4, take: 4 })
    expect(s.thoughtDistinct.distinct1).toBeGreaterThan(0)
  })
})
