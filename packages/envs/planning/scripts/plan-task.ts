// Plans one planning task the way its oracle does from the start (the world planner, the
// family's node budget) and prints what the search cost: heap it held, states, nodes, plan.
// Run from this package: node --expose-gc --conditions=@refinery/source --import tsx
//   scripts/plan-task.ts [split] [index]      (default: train 1936, a two-cocktail barman)
// ROOT=/other/checkout runs that checkout's code instead (A/B against a base tree).
import { getHeapStatistics } from 'node:v8'

const root = process.env.ROOT ?? new URL('../../../..', import.meta.url).pathname
const { planning } = await import(`${root}/packages/envs/planning/src/index.ts`)
const { DEFAULT_PLANNER } = await import(`${root}/packages/envs/planning/src/family.ts`)
const world = await import(`${root}/packages/world/src/index.ts`)
const { Search } = await import(`${root}/packages/world/src/planner/search.ts`)
const runtime = await import(`${root}/packages/world/src/engine/runtime.ts`)

const split = process.argv[2] ?? 'train'
const index = Number(process.argv[3] ?? 1936)
const gc = (globalThis as { gc?: () => void }).gc
if (!gc) throw new Error('run with --expose-gc')
const mib = (n: number) => Math.round((n / 2 ** 20) * 10) / 10

const ref = planning.task(split, index)
const compiled = world.compileBuiltWorld(planning.world(ref))
console.log(`${ref.id} ${JSON.stringify(ref.params)}`)

// The first run of `plan` by hand, so the heap the search holds is measured while it lives.
gc()
const heap0 = process.memoryUsage().heapUsed
const t0 = process.cpuUsage()
const table = runtime.factTable(compiled)
const search = new Search(compiled, runtime.initialState(compiled, table), 'hff')
const first = search.run({
  weight: undefined,
  maxNodes: DEFAULT_PLANNER.maxNodes,
  deadline: Number.POSITIVE_INFINITY,
  bound: compiled.maxSteps === undefined ? Number.POSITIVE_INFINITY : compiled.maxSteps + 1,
})
const cpu = process.cpuUsage(t0)
gc()
const held = process.memoryUsage().heapUsed - heap0
const stored = search.stored ?? search.states?.length
console.log(
  JSON.stringify({
    first: first.status,
    firstLength: first.moves?.length,
    expanded: search.expanded,
    stored,
    heldMiB: mib(held),
    firstCpuMs: Math.round((cpu.user + cpu.system) / 1e3),
  }),
)

// The whole oracle search (`plan` with the family's budget), as the environment runs it but
// for the 30-second clock: on a busy machine it would cut the search short.
const t1 = process.cpuUsage()
const result = world.plan(compiled, { ...DEFAULT_PLANNER, maxMs: Number.POSITIVE_INFINITY })
const cpu1 = process.cpuUsage(t1)
console.log(
  JSON.stringify({
    status: result.status,
    expanded: result.expanded,
    length: result.actions?.length,
    planCpuMs: Math.round((cpu1.user + cpu1.system) / 1e3),
    peakHeapMiB: mib(getHeapStatistics().total_heap_size),
    maxRssMiB: mib(process.resourceUsage().maxRSS * 1024),
  }),
)
console.log((result.actions ?? []).join('\n'))
