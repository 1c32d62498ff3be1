import { rngStream } from '@refinery/core'

/** A mean with its bootstrap 95% confidence interval. */
export interface Estimate {
  mean: number
  low: number
  high: number
  n: number
}

/** Bootstrap resamples: enough for stable 2.5/97.5 percentiles, cheap enough for every cell. */
export const BOOTSTRAP_RESAMPLES = 2000

function mean(values: readonly number[]): number {
  let sum = 0
  for (const v of values) sum += v
  return values.length === 0 ? 0 : sum / values.length
}

function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0
  const at = Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))
  return sorted[at]!
}

/** The mean of `values` with a percentile-bootstrap 95% CI; the same seed and key give the same interval. */
export function bootstrap(values: readonly number[], seed: number, key: string): Estimate {
  const n = values.length
  if (n === 0) return { mean: 0, low: 0, high: 0, n: 0 }
  const rng = rngStream(seed, 'eval.bootstrap', key)
  const means: number[] = []
  for (let r = 0; r < BOOTSTRAP_RESAMPLES; r++) {
    let sum = 0
    for (let i = 0; i < n; i++) sum += values[rng.int(0, n - 1)]!
    means.push(sum / n)
  }
  means.sort((a, b) => a - b)
  return { mean: mean(values), low: percentile(means, 0.025), high: percentile(means, 0.975), n }
}

/** A paired comparison of B against A on the same tasks. */
export interface PairedTest {
  /** Mean of B − A. */
  diff: number
  low: number
  high: number
  /** Two-sided p-value of the paired bootstrap (the share of resampled means on the other side of 0, doubled). */
  p: number
  n: number
  significant: boolean
}

/** Paired bootstrap of the mean difference `b[i] − a[i]`; significant when the 95% CI excludes 0. */
export function pairedBootstrap(
  a: readonly number[],
  b: readonly number[],
  seed: number,
  key: string,
): PairedTest {
  const diffs = a.map((x, i) => b[i]! - x)
  const est = bootstrap(diffs, seed, `paired:${key}`)
  const rng = rngStream(seed, 'eval.paired', key)
  let below = 0
  let above = 0
  const n = diffs.length
  if (n > 0) {
    for (let r = 0; r < BOOTSTRAP_RESAMPLES; r++) {
      let sum = 0
      for (let i = 0; i < n; i++) sum += diffs[rng.int(0, n - 1)]!
      if (sum <= 0) below++
      if (sum >= 0) above++
    }
  }
  const p = n === 0 ? 1 : Math.min(1, (2 * Math.min(below, above)) / BOOTSTRAP_RESAMPLES)
  const significant = n > 0 && (est.low > 0 || est.high < 0)
  return { diff: est.mean, low: est.low, high: est.high, p, n, significant }
}
