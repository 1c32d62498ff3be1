import { type EpisodeMetrics, OUTCOMES, type Outcome } from './metrics'
import { bootstrap, type Estimate } from './stats'

/** The aggregates of one group of episodes (a family, or all). */
export interface GroupResult {
  episodes: number
  success: Estimate
  progress: Estimate
  grounding: Estimate
  /** Share of episodes per outcome, each with its CI. */
  outcomes: Record<Outcome, Estimate>
  /** Mean highest progress after step k (1-based index k−1); an ended episode keeps its last value. */
  curve: number[]
  steps: number
  tokens: { prompt: number; completion: number }
  costUsd: number
}

export interface Aggregates {
  overall: GroupResult
  families: Record<string, GroupResult>
}

/** Aggregates per family (sorted by id) and overall; CIs from a seeded bootstrap. */
export function aggregate(episodes: readonly EpisodeMetrics[], seed = 0): Aggregates {
  const byFamily = new Map<string, EpisodeMetrics[]>()
  for (const e of episodes) {
    const list = byFamily.get(e.family) ?? []
    list.push(e)
    byFamily.set(e.family, list)
  }
  const families: Record<string, GroupResult> = {}
  for (const id of [...byFamily.keys()].sort()) {
    families[id] = group(byFamily.get(id)!, seed, id)
  }
  return { overall: group(episodes, seed, '*'), families }
}

function group(episodes: readonly EpisodeMetrics[], seed: number, key: string): GroupResult {
  const stat = (name: string, values: number[]) => bootstrap(values, seed, `${key}:${name}`)
  const outcomes = Object.fromEntries(
    OUTCOMES.map((o) => [
      o,
      stat(
        `outcome:${o}`,
        episodes.map((e) => (e.outcome === o ? 1 : 0)),
      ),
    ]),
  ) as Record<Outcome, Estimate>
  const longest = Math.max(0, ...episodes.map((e) => e.curve.length))
  const curve: number[] = []
  for (let k = 0; k < longest; k++) {
    let sum = 0
    for (const e of episodes) sum += e.curve[Math.min(k, e.curve.length - 1)] ?? 0
    curve.push(episodes.length === 0 ? 0 : sum / episodes.length)
  }
  return {
    episodes: episodes.length,
    success: stat(
      'success',
      episodes.map((e) => (e.success ? 1 : 0)),
    ),
    progress: stat(
      'progress',
      episodes.map((e) => e.progress),
    ),
    grounding: stat(
      'grounding',
      episodes.map((e) => e.grounding),
    ),
    outcomes,
    curve,
    steps: episodes.reduce((s, e) => s + e.steps, 0),
    tokens: {
      prompt: episodes.reduce((s, e) => s + e.usage.promptTokens, 0),
      completion: episodes.reduce((s, e) => s + e.usage.completionTokens, 0),
    },
    costUsd: episodes.reduce((s, e) => s + e.usage.costUsd, 0),
  }
}
