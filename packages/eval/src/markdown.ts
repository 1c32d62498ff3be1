import type { EvalResults } from './run'
import type { Estimate } from './stats'

const pct = (e: Estimate) => (100 * e.mean).toFixed(1)
const ci = (e: Estimate) => `${pct(e)} ±${((100 * (e.high - e.low)) / 2).toFixed(1)}`

/**
 * AgentRefine's table: one row per run, success and progress rate (%) per family, then the
 * average; the CI half-width after ±. Then each run's outcome breakdown and grounding.
 */
export function resultsMarkdown(runs: readonly EvalResults[]): string {
  const families = [...new Set(runs.flatMap((r) => Object.keys(r.aggregates.families)))].sort()
  const head = [
    'Run',
    ...families.flatMap((f) => [`${f} success`, `${f} progress`]),
    'All success',
    'All progress',
  ]
  const lines = [
    '# Evaluation results',
    '',
    'Success and progress rates in percent, with half the bootstrap 95% CI after ±.',
    '',
    `| ${head.join(' | ')} |`,
    `| ${head.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`,
  ]
  for (const run of runs) {
    const cells = families.flatMap((f) => {
      const g = run.aggregates.families[f]
      return g ? [ci(g.success), ci(g.progress)] : ['–', '–']
    })
    const all = run.aggregates.overall
    lines.push(`| ${[run.label, ...cells, ci(all.success), ci(all.progress)].join(' | ')} |`)
  }
  for (const run of runs) {
    const all = run.aggregates.overall
    const outcomes = Object.entries(all.outcomes)
      .filter(([, e]) => e.mean > 0)
      .map(([o, e]) => `${o} ${pct(e)}%`)
      .join(', ')
    lines.push(
      '',
      `## ${run.label}`,
      '',
      `${all.episodes} episodes${run.complete ? '' : ' (incomplete run)'}; grounding accuracy ${ci(all.grounding)}%; outcomes: ${outcomes || 'none'}; tokens ${all.tokens.prompt} prompt + ${all.tokens.completion} completion; cost $${all.costUsd.toFixed(4)}.`,
    )
  }
  return `${lines.join('\n')}\n`
}
