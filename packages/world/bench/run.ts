/**
 * World benchmark: engine steps per second (step + observation text) and validActions calls
 * per second on a household-sized world (42 entities, 12 action schemas), environment steps
 * per second through the parser, and planner time per AgentBoard PDDL problem. Prints JSON
 * and writes out/bench/world.json at the repository root.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { rngStream } from '@refinery/core'
import { benchMachine, measureRate, writeBenchReport } from '@refinery/core/bench'
// The built package, as users run it: tsx-transpiled sources reach each other through
// export getters and measure slower.
import {
  type ActionCall,
  compileWorld,
  createWorldEnvironment,
  type WorldEngine as Engine,
  importPddl,
  plan,
  WorldEngine,
  type WorldSpec,
} from '@refinery/world'
import { householdWorld } from './household'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..')
const PDDL = join(root, 'fixtures', 'agentboard-pddl')

const rate = (fn: (i: number) => unknown) => measureRate(fn)

const world = compileWorld(householdWorld())

/**
 * A seeded walk of 4,096 actions: four in five admissible, one in five a random well-typed
 * action (most fail a check, as an agent's mistakes do). `null` marks an episode reset.
 */
function walk(): (ActionCall | null)[] {
  const engine = new WorldEngine(world)
  engine.reset()
  const rng = rngStream(7, 'bench-walk')
  const out: (ActionCall | null)[] = []
  const byType = (type: number) =>
    world.entities.filter((_, e) => engine.state.ents.isA(e, type)).map((e) => e.id)
  while (out.length < 4096) {
    if (engine.done) {
      engine.reset()
      out.push(null)
      continue
    }
    let call: ActionCall
    if (rng.chance(0.8)) call = rng.pick(engine.applicable())
    else {
      const schema = rng.pick(world.actions)
      call = { schema: schema.name, args: schema.params.map((p) => rng.pick(byType(p.type))) }
    }
    engine.step(call)
    out.push(call)
  }
  return out
}

const trajectory = walk()
const counts: Record<string, number> = {}
{
  const engine = new WorldEngine(world)
  engine.reset()
  for (const call of trajectory) {
    if (call === null) engine.reset()
    else {
      const status = engine.step(call).status
      counts[status] = (counts[status] ?? 0) + 1
    }
  }
}

function replayer(onStep: (engine: Engine, call: ActionCall) => void): (i: number) => void {
  const engine = new WorldEngine(world)
  engine.reset()
  return (i) => {
    const call = trajectory[i % trajectory.length]!
    if (call === null) engine.reset()
    else onStep(engine, call)
  }
}

const stepsPerSecond = rate(replayer((engine, call) => engine.step(call)))
const observationChars = (() => {
  const engine = new WorldEngine(world)
  engine.reset()
  let chars = 0
  let steps = 0
  for (const call of trajectory) {
    if (call === null) engine.reset()
    else {
      chars += engine.step(call).observation.length
      steps++
    }
  }
  return chars / steps
})()
const validActionsEngine = new WorldEngine(world)
validActionsEngine.reset()
const snapshots = trajectory.slice(0, 512).flatMap((call) => {
  if (call === null) validActionsEngine.reset()
  else validActionsEngine.step(call)
  return [validActionsEngine.snapshot()]
})
const validEngines = snapshots.map((s) => {
  const e = new WorldEngine(world)
  e.restore(s)
  return e
})
const validPerCall =
  validEngines.reduce((n, e) => n + e.validActions().length, 0) / validEngines.length
const validActionsPerSecond = rate((i) => validEngines[i % validEngines.length]!.validActions())
const applicablePerSecond = rate((i) => validEngines[i % validEngines.length]!.applicable().length)

const texts = (() => {
  const engine = new WorldEngine(world)
  engine.reset()
  return trajectory.map((call) => (call === null ? null : engine.surface(call.schema, call.args)))
})()
const env = createWorldEnvironment(world)
void env.reset()
const envStepsPerSecond = rate((i) => {
  const text = texts[i % texts.length]
  if (text === null || text === undefined) void env.reset()
  else env.stepSync(text)
})

function timePlan(spec: WorldSpec | ReturnType<typeof householdWorld>, runs: number) {
  const started = performance.now()
  const compiled = compileWorld(spec)
  const compileMs = performance.now() - started
  let result = plan(compiled)
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const t = performance.now()
    result = plan(compiled)
    times.push(performance.now() - t)
  }
  times.sort((a, b) => a - b)
  return {
    status: result.status,
    length: result.status === 'solved' ? result.actions.length : null,
    expanded: result.expanded,
    compileMs: round(compileMs),
    planMs: round(times[Math.floor(times.length / 2)]!),
  }
}

const round = (x: number) => Math.round(x * 100) / 100
const householdPlan = timePlan(householdWorld(), 10)

async function pddlFigures(): Promise<Record<string, unknown>> {
  const problems: Record<string, unknown>[] = []
  for (const domain of readdirSync(PDDL).sort()) {
    const domainText = readFileSync(join(PDDL, domain, 'domain.pddl'), 'utf8')
    for (const file of readdirSync(join(PDDL, domain)).sort()) {
      if (file === 'domain.pddl') continue
      const spec = importPddl(domainText, readFileSync(join(PDDL, domain, file), 'utf8'))
      problems.push({ problem: `${domain}/${file.replace(/\.pddl$/, '')}`, ...timePlan(spec, 3) })
    }
  }
  const ms = problems.map((p) => p.planMs as number).sort((a, b) => a - b)
  return {
    problems: problems.length,
    solved: problems.filter((p) => p.status === 'solved').length,
    planMsTotal: round(ms.reduce((a, b) => a + b, 0)),
    planMsMedian: ms[Math.floor(ms.length / 2)],
    planMsMax: ms[ms.length - 1],
    perProblem: problems,
  }
}

const figures = {
  benchmark: 'world',
  ...benchMachine(),
  world: {
    entities: world.entities.length,
    actionSchemas: world.actions.length,
    walk: { actions: trajectory.length, statuses: counts },
  },
  engine: {
    stepsPerSecond,
    observationCharsPerStep: round(observationChars),
    validActionsPerSecond,
    validActionsPerCall: round(validPerCall),
    applicablePerSecond,
  },
  environment: { textStepsPerSecond: envStepsPerSecond },
  planner: { household: householdPlan, pddl: await pddlFigures() },
}

writeBenchReport(root, 'world', figures)
const { perProblem: _, ...pddlSummary } = figures.planner.pddl as Record<string, unknown>
console.log(
  JSON.stringify({ ...figures, planner: { ...figures.planner, pddl: pddlSummary } }, null, 2),
)
