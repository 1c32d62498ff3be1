import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { FamilyRegistry } from '@refinery/core'
import { grid } from '@refinery/env-grid'
import { household } from '@refinery/env-household'
import { describe, expect, it } from 'vitest'
import { runEval } from './run'

const root = resolve(__dirname, '../../..')

describe('report.html in headless Chromium', () => {
  it('renders without errors, its charts hold the numbers of results.json, and a screenshot is saved', async () => {
    const out = mkdtempSync(join(tmpdir(), 'refinery-eval-browser-'))
    const registry = new FamilyRegistry([grid, household])
    const results = await runEval({
      registry,
      suite: { limit: 6, maxSteps: 10 },
      agent: { kind: 'random' },
      outDir: out,
    })
    const chromium = execFileSync('bash', [join(root, 'scripts/ensure-chromium.sh')], {
      encoding: 'utf8',
    }).trim()
    const page = `file://${join(out, 'report.html')}`
    const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--virtual-time-budget=10000']
    const dom = execFileSync(
      chromium,
      [...flags, '--enable-logging=stderr', '--v=0', '--dump-dom', page],
      {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        maxBuffer: 64 * 1024 * 1024,
      },
    )
    const text = (id: string) => {
      const m = dom.match(new RegExp(`<pre id="${id}"[^>]*>([\\s\\S]*?)</pre>`))
      return (m?.[1] ?? '')
        .replace(/&quot;/g, '"')
        .replace(/&amp;/g, '&')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
    }
    expect(text('page-errors')).toBe('')
    const charts = JSON.parse(text('chart-numbers'))
    const pct = (x: number) => Math.round(1000 * x) / 10
    const fams = Object.keys(results.aggregates.families)
    expect(charts.families[0].data).toEqual(
      fams.map((f) => pct(results.aggregates.families[f]!.success.mean)),
    )
    expect(charts.families[1].data).toEqual(
      fams.map((f) => pct(results.aggregates.families[f]!.progress.mean)),
    )
    expect(charts.families[0].errors).toEqual(
      fams.map((f) => [
        pct(results.aggregates.families[f]!.success.low),
        pct(results.aggregates.families[f]!.success.high),
      ]),
    )
    expect(charts.curve.map((d: { label: string }) => d.label)).toEqual(fams)
    expect(charts.outcomes.find((d: { label: string }) => d.label === 'success').data).toEqual(
      fams.map((f) => pct(results.aggregates.families[f]!.outcomes.success.mean)),
    )
    expect(dom).toMatch(/12 of 12 episodes/)
    mkdirSync(join(root, 'out'), { recursive: true })
    const shot = join(root, 'out', 'eval-report.png')
    execFileSync(chromium, [...flags, '--window-size=1280,1800', `--screenshot=${shot}`, page], {
      stdio: 'ignore',
    })
    expect(readFileSync(shot).subarray(1, 4).toString()).toBe('PNG')
  }, 180_000)
})
