import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { dirname, join } from 'node:path'

export interface RateOptions {
  /** Calls before timing, so the JIT has settled (default 20,000). */
  warmup?: number
  /** Timed rounds; the best counts, so a busy machine skews less (default 5). */
  rounds?: number
  /** Seconds per round (default 0.4). */
  seconds?: number
  /** Calls between clock reads (default 1,000). */
  batch?: number
}

/**
 * Operations per second of `fn(i)`: the best of several short rounds. Seconds are CPU seconds
 * of this process (`process.cpuUsage`, user + system), so time a shared machine gives to
 * other work does not count against the code measured; GC helper threads count for it.
 */
export function measureRate(fn: (i: number) => unknown, options: RateOptions = {}): number {
  const { warmup = 20_000, rounds = 5, seconds = 0.4, batch = 1_000 } = options
  for (let i = 0; i < warmup; i++) fn(i)
  const budget = seconds * 1e6
  let best = 0
  for (let round = 0; round < rounds; round++) {
    let count = 0
    const start = process.cpuUsage()
    let elapsed = 0
    while (elapsed < budget) {
      for (let i = 0; i < batch; i++) fn(count + i)
      count += batch
      const used = process.cpuUsage(start)
      elapsed = used.user + used.system
    }
    best = Math.max(best, Math.round(count / (elapsed / 1e6)))
  }
  return best
}

/** What every benchmark report opens with: which machine and runtime measured it. */
export function benchMachine(): { node: string; cpu: string; cores: number } {
  const all = cpus()
  return { node: process.version, cpu: all[0]?.model ?? 'unknown', cores: all.length }
}

/**
 * Writes `out/bench/<name>.json` under `root` (the repository root) and returns its path.
 * Benchmarks print their figures too; the file is what later runs compare against.
 */
export function writeBenchReport(root: string, name: string, report: unknown): string {
  const file = join(root, 'out', 'bench', `${name}.json`)
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`)
  return file
}
