import type { EpisodeMetrics } from './metrics'
import type { EvalResults } from './run'
import { type PairedTest, pairedBootstrap } from './stats'

export const COMPARED_METRICS = ['success', 'progress', 'grounding'] as const
export type ComparedMetric = (typeof COMPARED_METRICS)[number]

/** B against A on one family (or all), metric by metric, on the tasks both ran. */
export interface FamilyComparison {
  family: string
  pairs: number
  metrics: Record<ComparedMetric, PairedTest & { a: number; b: number }>
}

export interface Comparison {
  a: string
  b: string
  /** True when exactly one run is perturbed: B − A is then the robustness drop (or gain). */
  robustness: boolean
  families: FamilyComparison[]
  overall: FamilyComparison
}

const value = (e: EpisodeMetrics, m: ComparedMetric) =>
  m === 'success' ? (e.success ? 1 : 0) : m === 'progress' ? e.progress : e.grounding

/**
 * Compares two runs paired by task and repeat (so a perturbed run pairs with its clean one),
 * with a seeded paired bootstrap per family and metric.
 */
export function compareRuns(a: EvalResults, b: EvalResults, seed = 0): Comparison {
  const key = (e: EpisodeMetrics) => `${e.task}#${e.repeat}`
  const inB = new Map(b.episodes.map((e) => [key(e), e]))
  const pairs = a.episodes.flatMap((e) => {
    const other = inB.get(key(e))
    return other ? [[e, other] as const] : []
  })
  const families = [...new Set(pairs.map(([e]) => e.family))].sort()
  const compare = (
    family: string,
    list: (readonly [EpisodeMetrics, EpisodeMetrics])[],
  ): FamilyComparison => {
    const metrics = Object.fromEntries(
      COMPARED_METRICS.map((m) => {
        const xs = list.map(([x]) => value(x, m))
        const ys = list.map(([, y]) => value(y, m))
        const test = pairedBootstrap(xs, ys, seed, `${family}:${m}`)
        const mean = (v: number[]) => (v.length ? v.reduce((s, x) => s + x, 0) / v.length : 0)
        return [m, { ...test, a: mean(xs), b: mean(ys) }]
      }),
    ) as FamilyComparison['metrics']
    return { family, pairs: list.length, metrics }
  }
  return {
    a: a.label,
    b: b.label,
    robustness: (a.settings.perturb === null) !== (b.settings.perturb === null),
    families: families.map((f) =>
      compare(
        f,
        pairs.filter(([e]) => e.family === f),
      ),
    ),
    overall: compare('all', pairs),
  }
}

const pct = (x: number) => (100 * x).toFixed(1)
const signed = (x: number) => `${x >= 0 ? '+' : ''}${pct(x)}`

/** The comparison as a markdown table: A, B, B − A with its 95% CI and p, and a verdict. */
export function comparisonMarkdown(c: Comparison): string {
  const lines = [
    `# ${c.b} against ${c.a}`,
    '',
    c.robustness
      ? 'One run is perturbed: B − A is the robustness drop (negative) per family.'
      : 'B − A per family, paired by task.',
    'Significant: the paired bootstrap 95% CI of the difference excludes 0.',
    '',
    '| Family | Metric | Pairs | A % | B % | B − A | 95% CI | p | Significant |',
    '| --- | --- | ---: | ---: | ---: | ---: | --- | ---: | --- |',
  ]
  for (const f of [...c.families, c.overall]) {
    for (const m of COMPARED_METRICS) {
      const t = f.metrics[m]
      lines.push(
        `| ${f.family} | ${m} | ${f.pairs} | ${pct(t.a)} | ${pct(t.b)} | ${signed(t.diff)} | [${signed(t.low)}, ${signed(t.high)}] | ${t.p.toFixed(3)} | ${t.significant ? 'yes' : 'no'} |`,
      )
    }
  }
  return `${lines.join('\n')}\n`
}
