/**
 * Planner benchmark: the plan calls synthesis makes, replayed. `planner-tasks.jsonl.gz` holds
 * 40 lab stage worlds and 40 planning-family worlds as the synth bench's oracles planned them
 * (spec, options, start snapshot; one JSON object a line). PLANNER_BENCH_TASKS names another
 * such file. Each task is planned PLANNER_BENCH_RUNS times (default 3) after one warm-up; the
 * figures are per plan call: CPU ms (median and total of the per-task medians) and states
 * evaluated per CPU second, with a digest of every plan so a change that alters one shows.
 * Prints JSON and writes out/bench/planner.json at the repository root. Run from
 * packages/world: `node --conditions=@refinery/source --import tsx bench/planner.ts`.
 *
 * The tasks were captured by logging `plan`'s arguments (compiled.spec, the options without
 * `from`, the start snapshot) during `SYNTH_BENCH_FAMILIES=lab,planning SYNTH_BENCH_COUNT=300`
 * at 384411b, then keeping every 4th lab and every 3rd planning call.
 */
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gunzipSync } from 'node:zlib'
import { textDigest } from '@refinery/core'
import { benchMachine, writeBenchReport } from '@refinery/core/bench'
import { compileWorld, type PlanOptions, plan, type WorldSpec } from '@refinery/world'

const here = dirname(fileURLToPath(import.meta.url))
const root = join(here, '..', '..', '..')
const file = process.env.PLANNER_BENCH_TASKS ?? join(here, 'planner-tasks.jsonl.gz')
const runs = Number(process.env.PLANNER_BENCH_RUNS ?? 3)

interface Task {
  spec: WorldSpec
  options: PlanOptions
  from: PlanOptions['from'] | null
}

const raw = readFileSync(file)
const text = file.endsWith('.gz') ? gunzipSync(raw).toString('utf8') : raw.toString('utf8')
const tasks: Task[] = text
  .split('\n')
  .filter((line) => line.length > 0)
  .map((line) => JSON.parse(line) as Task)

const cpuMs = () => {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1e3
}
const round = (x: number) => Math.round(x * 100) / 100
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

const byFamily = new Map<string, { ms: number[]; expanded: number }>()
const results: unknown[] = []
let expanded = 0
for (const task of tasks) {
  const world = compileWorld(task.spec)
  const options: PlanOptions = { ...task.options, ...(task.from ? { from: task.from } : {}) }
  const result = plan(world, options)
  results.push(result)
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const t = cpuMs()
    plan(world, options)
    times.push(cpuMs() - t)
  }
  const family = task.spec.id.split('/')[0]!
  const entry = byFamily.get(family) ?? { ms: [], expanded: 0 }
  entry.ms.push(median(times))
  entry.expanded += result.expanded
  byFamily.set(family, entry)
  expanded += result.expanded
}

const all = [...byFamily.values()].flatMap((f) => f.ms)
const totalMs = all.reduce((a, b) => a + b, 0)
const figures = {
  benchmark: 'planner',
  ...benchMachine(),
  tasks: tasks.length,
  runs,
  cpuMsPerPlanMedian: round(median(all)),
  cpuMsTotal: round(totalMs),
  statesPerCpuSecond: Math.round((expanded / totalMs) * 1e3),
  families: Object.fromEntries(
    [...byFamily].map(([name, f]) => [
      name,
      {
        tasks: f.ms.length,
        cpuMsPerPlanMedian: round(median(f.ms)),
        cpuMsTotal: round(f.ms.reduce((a, b) => a + b, 0)),
        expanded: f.expanded,
      },
    ]),
  ),
  plansDigest: textDigest(JSON.stringify(results)),
}
writeBenchReport(root, 'planner', figures)
console.log(JSON.stringify(figures, null, 2))
