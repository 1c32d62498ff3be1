import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FamilyRegistry } from '@refinery/core'
import { grid } from '@refinery/env-grid'
import { lab } from '@refinery/env-lab'
import { describe, expect, it } from 'vitest'
import { runEval } from './run'

describe('report.html', () => {
  it('is one self-contained page holding the numbers of results.json and every conversation', async () => {
    const out = mkdtempSync(join(tmpdir(), 'refinery-eval-html-'))
    const registry = new FamilyRegistry([grid, lab])
    await runEval({
      registry,
      suite: { limit: 3, maxSteps: 6 },
      agent: { kind: 'random' },
      outDir: out,
    })
    const html = readFileSync(join(out, 'report.html'), 'utf8')
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'))
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=/)
    expect(html).toMatch(/Chart\.js v4/)
    const data = JSON.parse(
      html.match(/<script id="data" type="application\/json">(.*?)<\/script>/s)![1]!,
    )
    expect(data.aggregates).toEqual(results.aggregates)
    expect(data.episodes).toHaveLength(6)
    const lines = readFileSync(join(out, 'trajectories.jsonl'), 'utf8').trim().split('\n')
    const first = JSON.parse(lines[0]!)
    expect(data.episodes[0].messages.map((m: { content: string }) => m.content)).toEqual(
      first.messages.map((m: { content: string }) => m.content),
    )
  })
})
