/**
 * Synthesis benchmark: procedural trajectories of the household family, the run cut into
 * one shard per process (`--shard i/N`, a core each) and the shards concatenated, as a user
 * would run it on a many-core machine. Prints JSON and writes out/bench/synth.json with
 * trajectories per second, the peak memory of each process, the thought variety of the first
 * 2,000 records and the error categories. SYNTH_BENCH_COUNT (default 64,000) and
 * SYNTH_BENCH_PROCS (default: the cores) size it.
 */
import { execFile } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { availableParallelism, loadavg } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { Trajectory } from '@refinery/core'
import { benchMachine, writeBenchReport } from '@refinery/core/bench'
import { thoughtVariety } from '../src/variety'

const run = promisify(execFile)
const here = dirname(fileURLToPath(import.meta.url))
const root = join(here, '..', '..', '..')
const count = Number(process.env.SYNTH_BENCH_COUNT ?? 64_000)
const procs = Number(process.env.SYNTH_BENCH_PROCS ?? availableParallelism())
const work = join(root, 'out', 'bench', 'synth-run')
mkdirSync(work, { recursive: true })

const load = loadavg()[0] ?? 0
const t0 = performance.now()
const shards = await Promise.all(
  Array.from({ length: procs }, async (_, i) => {
    const dir = join(work, `shard-${i}`)
    mkdirSync(dir, { recursive: true })
    const { stdout } = await run(
      process.execPath,
      [
        '--conditions=@refinery/source',
        '--import',
        'tsx',
        join(here, 'shard.ts'),
        dir,
        String(count),
        String(i),
        String(procs),
      ],
      { maxBuffer: 1 << 20 },
    )
    return JSON.parse(stdout.trim().split('\n').at(-1)!) as {
      kept: number
      attempted: number
      seconds: number
      maxRssMiB: number
    }
  }),
)
const seconds = (performance.now() - t0) / 1000
const lines: string[] = []
for (let i = 0; i < procs; i++) {
  const text = readFileSync(join(work, `shard-${i}`, 'trajectories.jsonl'), 'utf8')
  for (const line of text.split('\n')) if (line) lines.push(line)
}
writeFileSync(join(work, 'trajectories.jsonl'), lines.map((l) => `${l}\n`).join(''))
const sample = lines.slice(0, 2000).map((l) => Trajectory.parse(JSON.parse(l)))
const variety = thoughtVariety(sample)
const kept = shards.reduce((n, s) => n + s.kept, 0)
const report = {
  machine: benchMachine(),
  loadAverageAtStart: Math.round(load * 10) / 10,
  family: 'household',
  count,
  processes: procs,
  kept,
  attempted: shards.reduce((n, s) => n + s.attempted, 0),
  seconds: Math.round(seconds * 10) / 10,
  trajectoriesPerSecond: Math.round((kept / seconds) * 10) / 10,
  peakRssMiBPerProcess: Math.round(Math.max(...shards.map((s) => s.maxRssMiB))),
  peakRssMiBAllProcesses: Math.round(shards.reduce((n, s) => n + s.maxRssMiB, 0)),
  thoughtVariety: { ...variety, sampled: sample.length },
}
console.log(JSON.stringify(report, null, 2))
writeBenchReport(root, 'synth', report)
