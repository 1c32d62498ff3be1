import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type { Trajectory } from '@refinery/core'
import { type Comparison, compareRuns } from './compare'
import type { EvalResults } from './run'

/** Chart.js, read from the installed package and inlined so the page needs nothing else. */
function chartLibrary(): string {
  const require = createRequire(import.meta.url)
  // The package exports no path to its UMD build; it sits beside the main entry in dist/.
  return readFileSync(join(dirname(require.resolve('chart.js')), 'chart.umd.min.js'), 'utf8')
}

/** JSON safe inside a <script> element. */
function embed(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')
}

export interface HtmlReportInput {
  run: EvalResults
  /** The run's records, for the episode browser. */
  trajectories: readonly Trajectory[]
  /** Perturbed runs of the same suite: the robustness drop against `run` per family. */
  perturbed?: readonly EvalResults[]
}

/**
 * One self-contained page: success and progress per family with 95% CIs, progress against
 * step, the outcome breakdown, the robustness drop, and a filterable list of episodes.
 */
export function reportHtml(input: HtmlReportInput): string {
  const drops: Comparison[] = (input.perturbed ?? []).map((p) => compareRuns(input.run, p))
  const data = {
    label: input.run.label,
    aggregates: input.run.aggregates,
    robustness: drops.map((c) => ({
      label: c.b,
      families: c.families.map((f) => ({
        family: f.family,
        success: f.metrics.success.diff,
        progress: f.metrics.progress.diff,
      })),
    })),
    episodes: input.run.episodes.map((e) => ({
      id: e.id,
      family: e.family,
      task: e.task,
      repeat: e.repeat,
      success: e.success,
      progress: e.progress,
      steps: e.steps,
      outcome: e.outcome,
      messages:
        input.trajectories
          .find((t) => t.id === e.id)
          ?.messages.map((m) => ({
            role: m.role,
            content: m.content,
            status: m.role === 'assistant' ? m.status : null,
          })) ?? [],
    })),
  }
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Refinery evaluation: ${escapeHtml(input.run.label)}</title>
<style>
body{font:14px system-ui,sans-serif;margin:24px;color:#222;max-width:1200px}
.grid{display:grid;grid-template-columns:1fr 1fr;gap:24px}
.card{border:1px solid #ddd;border-radius:6px;padding:12px}
pre{white-space:pre-wrap;margin:4px 0}
.m-assistant{background:#eef5ff}.m-user{background:#f7f7f7}.m-system{background:#fff8e6}
.status{font-weight:600;font-size:12px}.bad{color:#b00020}.good{color:#0a7d32}
details{border-bottom:1px solid #eee;padding:4px 0}
</style></head><body>
<h1>Evaluation: ${escapeHtml(input.run.label)}</h1>
<p id="summary"></p>
<div class="grid">
<div class="card"><h2>Success and progress per family</h2><canvas id="families"></canvas></div>
<div class="card"><h2>Progress against step</h2><canvas id="curve"></canvas></div>
<div class="card"><h2>Outcomes</h2><canvas id="outcomes"></canvas></div>
<div class="card"><h2>Robustness drop</h2><canvas id="robustness"></canvas><p id="no-robustness"></p></div>
</div>
<h2>Episodes</h2>
<p><input id="filter" placeholder="filter: family, task, outcome…" size="40"> <span id="count"></span></p>
<div id="episodes"></div>
<pre id="page-errors" hidden></pre>
<pre id="chart-numbers" hidden></pre>
<script>
// Errors of the page itself, where a test (or a person) can read them.
window.addEventListener('error', (e) => { document.getElementById('page-errors').textContent += String(e.message) + '\\n' })
</script>
<script id="data" type="application/json">${embed(data)}</script>
<script>${chartLibrary()}</script>
<script>
${PAGE_SCRIPT}
</script>
</body></html>
`
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

// The page's own script: plain DOM and Chart.js; text goes in through textContent only.
const PAGE_SCRIPT = `
const data = JSON.parse(document.getElementById('data').textContent)
const fams = Object.keys(data.aggregates.families)
const pct = (x) => Math.round(1000 * x) / 10
const all = data.aggregates.overall
document.getElementById('summary').textContent =
  all.episodes + ' episodes; success ' + pct(all.success.mean) + '% [' + pct(all.success.low) + ', ' + pct(all.success.high) + '], progress ' + pct(all.progress.mean) + '%, grounding ' + pct(all.grounding.mean) + '%.'
// Error bars: whiskers from each bar's low to high, drawn after the bars.
const errorBars = {
  id: 'errorBars',
  afterDatasetsDraw(chart) {
    const ctx = chart.ctx
    chart.data.datasets.forEach((ds, i) => {
      if (!ds.errors) return
      chart.getDatasetMeta(i).data.forEach((bar, j) => {
        const e = ds.errors[j]
        const y = chart.scales.y
        ctx.save(); ctx.strokeStyle = '#333'; ctx.beginPath()
        ctx.moveTo(bar.x, y.getPixelForValue(e[0])); ctx.lineTo(bar.x, y.getPixelForValue(e[1]))
        ctx.moveTo(bar.x - 4, y.getPixelForValue(e[0])); ctx.lineTo(bar.x + 4, y.getPixelForValue(e[0]))
        ctx.moveTo(bar.x - 4, y.getPixelForValue(e[1])); ctx.lineTo(bar.x + 4, y.getPixelForValue(e[1]))
        ctx.stroke(); ctx.restore()
      })
    })
  },
}
const charts = {}
window.refineryCharts = charts
const metric = (name) => ({
  label: name + ' %',
  data: fams.map((f) => pct(data.aggregates.families[f][name].mean)),
  errors: fams.map((f) => [pct(data.aggregates.families[f][name].low), pct(data.aggregates.families[f][name].high)]),
})
charts.families = new Chart(document.getElementById('families'), {
  type: 'bar', data: { labels: fams, datasets: [metric('success'), metric('progress')] },
  options: { scales: { y: { min: 0, max: 100 } } }, plugins: [errorBars],
})
const longest = Math.max(0, ...fams.map((f) => data.aggregates.families[f].curve.length))
charts.curve = new Chart(document.getElementById('curve'), {
  type: 'line',
  data: { labels: Array.from({ length: longest }, (_, i) => i + 1),
    datasets: fams.map((f) => ({ label: f, data: data.aggregates.families[f].curve.map(pct), pointRadius: 0 })) },
  options: { scales: { y: { min: 0, max: 100, title: { display: true, text: 'progress %' } }, x: { title: { display: true, text: 'step' } } } },
})
const outcomeNames = Object.keys(all.outcomes)
charts.outcomes = new Chart(document.getElementById('outcomes'), {
  type: 'bar',
  data: { labels: fams, datasets: outcomeNames.map((o) => ({ label: o, data: fams.map((f) => pct(data.aggregates.families[f].outcomes[o].mean)) })) },
  options: { scales: { x: { stacked: true }, y: { stacked: true, min: 0, max: 100 } } },
})
if (data.robustness.length) {
  charts.robustness = new Chart(document.getElementById('robustness'), {
    type: 'bar',
    data: { labels: fams, datasets: data.robustness.map((r) => ({ label: r.label + ' (success)', data: fams.map((f) => { const x = r.families.find((y) => y.family === f); return x ? pct(x.success) : null }) })) },
    options: { scales: { y: { title: { display: true, text: 'change in success, points' } } } },
  })
} else document.getElementById('no-robustness').textContent = 'No perturbed run was given.'
const list = document.getElementById('episodes')
for (const e of data.episodes) {
  const d = document.createElement('details')
  d.dataset.text = [e.family, e.task, e.outcome, e.success ? 'success' : 'failure'].join(' ')
  const s = document.createElement('summary')
  s.textContent = e.task + ' #' + e.repeat + ' — ' + e.outcome + ', progress ' + pct(e.progress) + '%, ' + e.steps + ' steps'
  s.className = e.success ? 'good' : 'bad'
  d.append(s)
  d.addEventListener('toggle', () => {
    if (d.childElementCount > 1) return
    for (const m of e.messages) {
      const p = document.createElement('pre'); p.className = 'm-' + m.role
      if (m.status) { const b = document.createElement('span'); b.className = 'status ' + (m.status === 'ok' || m.status === 'meta' ? 'good' : 'bad'); b.textContent = '[' + m.status + '] '; p.append(b) }
      p.append(document.createTextNode(m.role + ': ' + m.content))
      d.append(p)
    }
  })
  list.append(d)
}
const filter = document.getElementById('filter')
const count = document.getElementById('count')
const apply = () => {
  const q = filter.value.toLowerCase(); let shown = 0
  for (const d of list.children) { const on = d.dataset.text.toLowerCase().includes(q); d.hidden = !on; if (on) shown++ }
  count.textContent = shown + ' of ' + data.episodes.length + ' episodes'
}
filter.addEventListener('input', apply); apply()
// What each chart holds, as numbers, so a test can check them against results.json.
document.getElementById('chart-numbers').textContent = JSON.stringify(
  Object.fromEntries(Object.entries(charts).map(([k, c]) => [k, c.data.datasets.map((d) => ({ label: d.label, data: d.data, errors: d.errors || null }))])),
)
`
