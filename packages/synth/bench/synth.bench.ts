/**
 * Synthesis benchmark: procedural trajectories of the default family mix (every built-in
 * family, as `refinery synth` without --families) in one process with worker threads
 * (`workers`, a core each; 1 runs in the main thread), as `refinery synth` runs them. Prints JSON and
 * writes out/bench/synth.json with trajectories per second, CPU seconds per trajectory, the
 * process's peak memory (all threads), the load average around the run, the time 64,000
 * would take at the measured rate, the thought variety of the first 2,000 records and the
 * error categories. SYNTH_BENCH_COUNT (default 2,000; 64000 for AgentRefine's largest set),
 * SYNTH_BENCH_WORKERS (default: the cores), SYNTH_BENCH_FAMILIES (comma-separated ids;
 * default: all built-in), SYNTH_BENCH_HEAP_MB (each worker's heap limit, default as the CLI's;
 * 0: none) and SYNTH_BENCH_NAME (the report's name, default `synth`) set it.
 */
import { createReadStream, mkdirSync } from 'node:fs'
import { availableParallelism, loadavg } from 'node:os'
import { dirname, join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { Trajectory } from '@refinery/core'
import { benchMachine, writeBenchReport } from '@refinery/core/bench'
import { runSynthesis } from '../src/run'
import { thoughtVariety } from '../src/variety'
import { DEFAULT_WORKER_HEAP_MB } from '../src/workers'
import { benchRegistry } from './families'

const here = dirname(fileURLToPath(import.meta.url))
const root = join(here, '..', '..', '..')
const count = Number(process.env.SYNTH_BENCH_COUNT ?? 2_000)
const workers = Number(process.env.SYNTH_BENCH_WORKERS ?? availableParallelism())
const registry = benchRegistry()
const families = process.env.SYNTH_BENCH_FAMILIES?.split(',').filter(Boolean) ?? registry.ids()
const name = process.env.SYNTH_BENCH_NAME ?? 'synth'
const heapMb = Number(process.env.SYNTH_BENCH_HEAP_MB ?? DEFAULT_WORKER_HEAP_MB)
const work = join(root, 'out', 'bench', `${name}-run`)
mkdirSync(work, { recursive: true })
const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits

const loadBefore = loadavg()[0] ?? 0
const cpu0 = process.cpuUsage()
const t0 = performance.now()
const summary = await runSynthesis({
  config: { families, count, seed: 2026 },
  registry,
  outDir: work,
  existing: 'force',
  ...(workers > 1
    ? { workers: { count: workers, setup: new URL('./setup.ts', import.meta.url).href, heapMb } }
    : {}),
})
const seconds = (performance.now() - t0) / 1000
const cpu = process.cpuUsage(cpu0)
const loadAfter = loadavg()[0] ?? 0
const sample = await firstRecords(join(work, 'trajectories.jsonl'), 2000)
const rate = summary.kept / seconds
const report = {
  machine: benchMachine(),
  // The machine may be shared: the 1-minute load average before and after the run.
  loadAverage: { atStart: round(loadBefore), atEnd: round(loadAfter) },
  families,
  count,
  workers,
  // Each worker's old-generation limit (0: V8's own), as `refinery synth --worker-heap-mb`.
  workerHeapMb: workers > 1 ? heapMb : null,
  kept: summary.kept,
  attempted: summary.attempted,
  seconds: round(seconds),
  trajectoriesPerSecond: round(rate),
  // CPU of every thread of the process (process.cpuUsage), start-up of the workers included.
  cpuMsPerTrajectory: round((cpu.user + cpu.system) / 1e3 / summary.kept, 2),
  peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
  // At the measured rate; equal to `seconds` when count is 64,000.
  secondsFor64000: round(64_000 / rate),
  // From CPU time instead (a shared machine's wall time says little): 64,000 times the CPU
  // per trajectory, and that spread over `workers` free cores.
  cpuSecondsFor64000: round((64_000 * (cpu.user + cpu.system)) / 1e6 / summary.kept),
  secondsFor64000OnFreeCores: round(
    (64_000 * (cpu.user + cpu.system)) / 1e6 / summary.kept / Math.max(1, workers),
  ),
  perFamily: summary.families,
  // Why attempts were not kept (only the reasons that occurred).
  rejected: Object.fromEntries(Object.entries(summary.rejected).filter(([, n]) => n > 0)),
  errors: summary.errors,
  thoughtVariety: { ...thoughtVariety(sample), sampled: sample.length },
}
console.log(JSON.stringify(report, null, 2))
writeBenchReport(root, name, report)

/** The first `count` records of a JSONL file, read line by line: 64,000 records pass 512 MiB. */
async function firstRecords(path: string, count: number): Promise<Trajectory[]> {
  const records: Trajectory[] = []
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity })
  for await (const line of lines) {
    if (records.length >= count) break
    if (line) records.push(Trajectory.parse(JSON.parse(line)))
  }
  lines.close()
  return records
}
