/**
 * Environment benchmark, every family the CLI ships: steps per second (step + observation
 * text) on a seeded walk over test tasks, and the oracle's time over the whole test split.
 * Prints JSON and writes out/bench/envs.json at the repository root.
 *
 * Seconds are CPU seconds of this process, so a busy machine skews less. The walk plays four
 * in five actions from `validActions()` and one in five a word salad, as agents err; the
 * calls to `validActions()` are not timed.
 */
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type Environment, type EnvironmentFamily, rngStream } from '@refinery/core'
import { benchMachine, writeBenchReport } from '@refinery/core/bench'
import { defaultRegistry } from 'refinery'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const WALK_STEPS = 20_000
const WALK_TASKS = 20
const ORACLE_STEP_CAP = 500

const cpuSeconds = (start: NodeJS.CpuUsage): number => {
  const used = process.cpuUsage(start)
  return (used.user + used.system) / 1e6
}

/** Steps per CPU second over a seeded walk through the first test tasks. */
async function stepsPerSecond(family: EnvironmentFamily): Promise<number> {
  const rng = rngStream(0, `bench-envs:${family.id}`)
  const tasks = Math.min(WALK_TASKS, family.splits.test.size)
  let env: Environment | null = null
  let timed = 0
  let steps = 0
  for (let i = 0; steps < WALK_STEPS; i++) {
    if (env === null) {
      env = family.create(family.task('test', i % tasks))
      await env.reset()
    }
    const valid = await env.validActions()
    const action = valid.length > 0 && rng.next() < 0.8 ? rng.pick(valid) : 'frobnicate the quux 3'
    const start = process.cpuUsage()
    const result = await env.step(action)
    timed += cpuSeconds(start)
    steps++
    if (result.done) {
      await env.close?.()
      env = null
    }
  }
  await env?.close?.()
  return Math.round(steps / timed)
}

/** The oracle played to the end on every test task: CPU seconds, steps and successes. */
async function oracleSplit(family: EnvironmentFamily) {
  const start = process.cpuUsage()
  let steps = 0
  let solved = 0
  const size = family.splits.test.size
  for (let i = 0; i < size; i++) {
    const env = family.create(family.task('test', i))
    await env.reset()
    if (!env.oracle) break
    for (let n = 0; n < ORACLE_STEP_CAP; n++) {
      const [action] = await env.oracle()
      if (action === undefined) break
      const result = await env.step(action)
      steps++
      if (result.done) {
        if (result.success) solved++
        break
      }
    }
    await env.close?.()
  }
  return { tasks: size, solved, steps, cpuSeconds: Number(cpuSeconds(start).toFixed(3)) }
}

const families: Record<string, unknown> = {}
for (const family of defaultRegistry().list()) {
  families[family.id] = {
    stepsPerSecond: await stepsPerSecond(family),
    oracleTestSplit: await oracleSplit(family),
  }
}
const report = { machine: benchMachine(), families }
console.log(JSON.stringify(report, null, 2))
writeBenchReport(root, 'envs', report)
