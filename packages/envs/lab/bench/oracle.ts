/**
 * Lab oracle benchmark: CPU per first oracle plan (create, reset, oracle) over the 90 test
 * tasks and the first BENCH_TRAIN train tasks (default 150), the plans' total length and a
 * hash of every plan, so two runs can be compared for speed and for identical plans. Prints
 * JSON; BENCH_PLANS=1 adds each test plan's length.
 */
import { stableHash } from '@refinery/core'
import { lab } from '../src/family'

const TRAIN = Number(process.env.BENCH_TRAIN ?? 150)

function cpuMs(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start)
  return (used.user + used.system) / 1e3
}

async function run(split: 'test' | 'train', count: number) {
  const start = process.cpuUsage()
  const plans: string[][] = []
  for (let i = 0; i < count; i++) {
    const env = lab.create(lab.task(split, i))
    await env.reset()
    plans.push(await env.oracle())
  }
  const ms = cpuMs(start)
  return {
    tasks: count,
    cpuMsPerPlan: Math.round((ms / count) * 10) / 10,
    totalPlanLength: plans.reduce((n, p) => n + p.length, 0),
    plansHash: stableHash(plans),
    ...(process.env.BENCH_PLANS ? { lengths: plans.map((p) => p.length) } : {}),
  }
}

const test = await run('test', lab.splits.test.size)
const train = await run('train', TRAIN)
console.log(JSON.stringify({ test, train }, null, 2))
