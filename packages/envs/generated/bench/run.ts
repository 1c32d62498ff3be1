/**
 * Generated-worlds benchmark: worlds generated and proven solvable per second of CPU (compose,
 * validate, the planner check, typed replay; one core), and engine steps per second in those worlds (each plan's action
 * texts through the parser and the engine, the way an episode runs them). Prints JSON and
 * writes out/bench/generated.json at the repository root.
 */
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { benchMachine, measureRate, writeBenchReport } from '@refinery/core/bench'
import { createWorldEnvironment, type WorldEnvironment } from '@refinery/world'
import { generated } from '../src/family'
import { generateWorld } from '../src/generate'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..')
// A thousand worlds, after the warm-up below.
const WORLDS = Number(process.env.BENCH_WORLDS ?? 1000)

function cpuSeconds(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start)
  return (used.user + used.system) / 1e6
}

// Warm up on worlds outside the measured set: the JIT, and the caches of shared actions (some
// 700 distinct ones, each compiled once for every world that holds it). With the planner check
// the cost per world keeps falling for about 1,400 worlds (8.1, 6.0, 5.4, 4.8, 4.8 ms over
// successive 400 after the first 200; without it 4.1, then 2.7 from 700 on), and a generating
// process makes thousands (`pnpm full` 10,000). BENCH_WARMUP=200 gives the earlier figure.
const WARMUP = Number(process.env.BENCH_WARMUP ?? 2000)
for (let i = 0; i < WARMUP; i++) generateWorld({ seed: 1_000_000 + i })

const start = process.cpuUsage()
let attempts = 0
let planSteps = 0
const worlds = []
for (let i = 0; i < WORLDS; i++) {
  const task = generated.task('train', i)
  const world = generateWorld({ seed: task.seed, split: 'train', id: task.id })
  attempts += world.attempt + 1
  planSteps += world.plan.length
  worlds.push(world)
}
const generateSeconds = cpuSeconds(start)

// The same worlds without the planner check (`plannerCheck: false`: the composed plan won on
// the engine is the only proof), for what the check costs; their worlds may differ.
const UNCHECKED = Number(process.env.BENCH_UNCHECKED_WORLDS ?? 1000)
const uncheckedStart = process.cpuUsage()
let uncheckedAttempts = 0
let uncheckedSteps = 0
for (let i = 0; i < UNCHECKED; i++) {
  const task = generated.task('train', i)
  const world = generateWorld({ seed: task.seed, split: 'train', id: task.id, plannerCheck: false })
  uncheckedAttempts += world.attempt + 1
  uncheckedSteps += world.plan.length
}
const uncheckedSeconds = cpuSeconds(uncheckedStart)

// Engine steps: the plans' texts, world after world, resetting at each goal.
const envs: { env: WorldEnvironment; plan: string[] }[] = worlds.map((w) => ({
  env: createWorldEnvironment(w.spec),
  plan: w.plan,
}))
let which = 0
let at = 0
for (const e of envs) e.env.engine.reset()
const stepsPerSecond = measureRate(
  () => {
    const current = envs[which]!
    current.env.stepSync(current.plan[at]!)
    at++
    if (at === current.plan.length) {
      current.env.engine.reset()
      at = 0
      which = (which + 1) % envs.length
    }
  },
  { warmup: 5_000, seconds: 0.3 },
)

const report = {
  machine: benchMachine(),
  worlds: WORLDS,
  warmupWorlds: WARMUP,
  worldsPerSecond: Math.round((WORLDS / generateSeconds) * 10) / 10,
  msPerWorld: Math.round((generateSeconds / WORLDS) * 10000) / 10,
  drawsPerWorld: Math.round((attempts / WORLDS) * 100) / 100,
  meanPlanLength: Math.round((planSteps / WORLDS) * 10) / 10,
  engineStepsPerSecond: stepsPerSecond,
  withoutPlannerCheck: {
    worlds: UNCHECKED,
    worldsPerSecond: Math.round((UNCHECKED / uncheckedSeconds) * 10) / 10,
    drawsPerWorld: Math.round((uncheckedAttempts / UNCHECKED) * 100) / 100,
    meanPlanLength: Math.round((uncheckedSteps / UNCHECKED) * 10) / 10,
  },
  note: 'CPU seconds of one process (one core); a world counts once it passes every validation check after the schema (specs are built in the parsed shape; the survey tests parse every world they check), the world planner (the narrow search of the oracle, first plan) solves it within its node budget, the shorter of its plan and the construction plan is within the plan-length knobs and, typed as text, wins on the engine; withoutPlannerCheck: the same worlds with plannerCheck false (the construction plan alone)',
}
console.log(JSON.stringify(report, null, 2))
writeBenchReport(root, 'generated', report)
