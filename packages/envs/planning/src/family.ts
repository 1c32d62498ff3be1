import {
  type CreateOptions,
  checkTaskRef,
  deriveSeed,
  type Environment,
  type EnvironmentFamily,
  plainTaskParams,
  RefineryError,
  rngStream,
  SPECIFICATION_VERSION,
  Split,
  type StepResult,
  type TaskRef,
  taskId,
} from '@refinery/core'
import {
  agentboardImportOptions,
  type CompiledWorld,
  compileBuiltWorld,
  createWorldEnvironment,
  deepFreeze,
  type PddlCondition,
  type PddlDomain,
  type PddlProblem,
  type PlanResult,
  type PlanStep,
  packPlan,
  parsePddlDomain,
  parsePddlProblem,
  pddlConverter,
  solvePddl,
  unpackPlan,
  WorldEngine,
  type WorldSpec,
} from '@refinery/world'
import { LRUCache } from 'lru-cache'
import { z } from 'zod'
import { PLANNING_DOMAINS, type PlanningDomain } from './domains'
import { GENERATORS } from './generate'
import { PLANNING_INSTRUCTIONS } from './instructions'
import { AGENTBOARD_PROBLEMS, domainText, isParsedTestProblem } from './problems'

export const FAMILY_ID = 'planning'

/** Test = AgentBoard's 60 problems; train and dev are generated. */
export const DEFAULT_SPLIT_SIZES: Readonly<Record<Split, number>> = {
  train: 4000,
  dev: 200,
  test: AGENTBOARD_PROBLEMS.length,
}

/** Enough for every AgentBoard problem (barman needs the most, about 20,000 states). */
export const DEFAULT_PLANNER = { maxNodes: 200_000 } as const

/** AgentBoard's replies to an action it cannot parse and to one whose conditions do not hold. */
export const AGENTBOARD_PDDL_REPLIES = {
  invalid: 'The action is not valid and therefore takes no effect. Please check valid actions.',
  inapplicable:
    'The action is not valid and therefore takes no effect. Please remember to satisfy the restriction of actions. You can also check valid actions.',
} as const

export function agentboardPddlReply(status: StepResult['status']): string {
  return status === 'precondition_failed' || status === 'no_effect'
    ? AGENTBOARD_PDDL_REPLIES.inapplicable
    : AGENTBOARD_PDDL_REPLIES.invalid
}

const Domain = z.enum(['barman', 'blockworld', 'gripper', 'tyreworld'])

/** A task's params: one of AgentBoard's files, or a generated problem (seed and attempt). */
export const PlanningTaskParams = z.union([
  z.object({ domain: Domain, file: z.string().regex(/^[\w-]+\.pddl$/) }).strict(),
  z
    .object({ domain: Domain, generator: z.number().int(), attempt: z.number().int().min(0) })
    .strict(),
])
export type PlanningTaskParams = z.infer<typeof PlanningTaskParams>

export const PlanningSettings = z
  .object({
    /** Base seed of the generated train and dev problems. Default 0. */
    seed: z.number().int().default(0),
    /** Train and dev sizes; test is always AgentBoard's 60. */
    sizes: z
      .object({
        train: z.number().int().nonnegative().optional(),
        dev: z.number().int().nonnegative().optional(),
      })
      .strict()
      .default({}),
    /** Node budget of the oracle's planner. */
    maxNodes: z.number().int().positive().default(DEFAULT_PLANNER.maxNodes),
  })
  .strict()
export type PlanningSettings = z.input<typeof PlanningSettings>

export interface PlanningFamily extends EnvironmentFamily {
  readonly instructions: string
  /** The PDDL problem text behind a task. */
  problem(task: TaskRef): { domain: PlanningDomain; text: string }
  /** The WorldSpec a task imports to. */
  world(task: TaskRef): WorldSpec
}

/** The planning family: AgentBoard's four PDDL domains, verbalised as AgentBoard does. */
export function createPlanningFamily(settings: PlanningSettings = {}): PlanningFamily {
  const parsed = PlanningSettings.safeParse(settings)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new RefineryError(
      'invalid_input',
      `Bad planning settings: ${issue?.message ?? 'invalid'}.`,
      {
        path: issue?.path.join('.') || undefined,
      },
    )
  }
  const config = parsed.data
  const sizes: Record<Split, number> = {
    train: config.sizes.train ?? DEFAULT_SPLIT_SIZES.train,
    dev: config.sizes.dev ?? DEFAULT_SPLIT_SIZES.dev,
    test: DEFAULT_SPLIT_SIZES.test,
  }

  const task = (split: Split, index: number): TaskRef => {
    const which = Split.safeParse(split)
    if (!which.success) {
      throw new RefineryError('invalid_input', `'${String(split)}' is not a split.`, {
        hint: 'Use train, dev or test.',
      })
    }
    const size = sizes[which.data]
    if (!Number.isInteger(index) || index < 0 || index >= size) {
      throw new RefineryError(
        'unknown_task',
        size > 0
          ? `planning has no task ${index} in ${which.data}; valid indices are 0 to ${size - 1}.`
          : `planning has no tasks in ${which.data}.`,
      )
    }
    // The test split is AgentBoard's, whatever the seed.
    const base = which.data === 'test' ? 0 : config.seed
    const seed = deriveSeed(base, `${FAMILY_ID}/${which.data}`, index)
    const ref = {
      id: taskId(FAMILY_ID, which.data, index),
      family: FAMILY_ID,
      split: which.data,
      index,
      seed,
    }
    if (which.data === 'test') {
      const p = AGENTBOARD_PROBLEMS[index]!
      return { ...ref, params: { domain: p.domain, file: p.file } }
    }
    // Domains in turn; a draw that equals a test problem is drawn again.
    const domain = PLANNING_DOMAINS[index % PLANNING_DOMAINS.length]!
    const drawn = `${domain}/${seed}`
    let attempt = attempts.get(drawn)
    if (attempt === undefined) {
      for (
        attempt = 0;
        isParsedTestProblem(domain, generated(domain, seed, attempt).parsed);
        attempt++
      );
      attempts.set(drawn, attempt)
    }
    return { ...ref, params: { domain, generator: seed, attempt } }
  }
  // Synthesis asks for a task again to replay its episode: the draw that settled it is kept.
  const attempts = new LRUCache<string, number>({ max: TASK_DRAWS })

  const problem = (ref: TaskRef): { domain: PlanningDomain; text: string } => {
    const checked = taskRef(ref)
    const plain = checked.params
    if (plain !== undefined && isGeneratedParams(plain))
      return {
        domain: plain.domain,
        text: generated(plain.domain, plain.generator, plain.attempt).text,
      }
    const params = PlanningTaskParams.safeParse(checked.params)
    if (!params.success) {
      throw new RefineryError('invalid_input', `Task ${checked.id} has no planning params.`, {
        path: `params.${params.error.issues[0]?.path.join('.') ?? ''}`,
        hint: 'Get tasks from planning.task(split, index).',
      })
    }
    const p = params.data
    if ('file' in p) {
      const found = AGENTBOARD_PROBLEMS.find((q) => q.domain === p.domain && q.file === p.file)
      if (!found) {
        throw new RefineryError(
          'unknown_task',
          `AgentBoard has no ${p.domain} problem '${p.file}'.`,
        )
      }
      return { domain: p.domain, text: found.text }
    }
    return { domain: p.domain, text: generated(p.domain, p.generator, p.attempt).text }
  }

  const parsedTask = (
    ref: TaskRef,
  ): { domain: PlanningDomain; problem: PddlProblem; spec: WorldSpec } => {
    const { domain, text } = problem(ref)
    const params = ref.params ?? {}
    // A generated problem was parsed when its task was drawn (the same text, the same file).
    const parsed =
      'file' in params
        ? parsePddlProblem(text, { file: `${domain}/${String(params.file)}` })
        : generated(domain, Number(params.generator), Number(params.attempt)).parsed
    // importPddl in two halves, so the domain file is read once for all its tasks.
    const spec = converter(domain)(parsed, ref.id)
    return { domain, problem: parsed, spec }
  }
  const world = (ref: TaskRef): WorldSpec => parsedTask(ref).spec

  // An episode and its replay build one task's world one after the other (synthesis, `check`):
  // the last few compiled worlds are kept by task, so the PDDL is read and converted once.
  const recent = new LRUCache<string, PlanningWorld>({ max: RECENT_WORLDS })
  const compiled = (ref: TaskRef): PlanningWorld => {
    const key = JSON.stringify([ref.id, ref.seed, ref.params ?? null])
    let known = recent.get(key)
    if (!known) {
      const { domain, problem: parsed, spec } = parsedTask(ref)
      // importPddl's spec has been through the schema already: a second parse would only repeat it.
      const built = compileBuiltWorld(spec)
      known = { world: built, proven: provenByTask(key, built, spec, domain, parsed) }
      recent.set(key, known)
    }
    return known
  }

  // The first plan outlives the compiled world above: synthesis replays a chunk's episodes
  // after playing them all, when their worlds have left `recent` already, and a large run
  // draws each train task a few times (64,000 trajectories: each of a worker's ~2,000
  // planning tasks ~2.7 times), so the memo covers a whole default train split and a repeat
  // skips the search and its replay on the engine. Packed as the world's plan caches pack
  // theirs (one string a plan, three times smaller than its arrays): ~420 characters
  // a task on average (1,923 the most seen), with its key and the cache's entry ~600 bytes,
  // so ~2.5 MB for a full 4,096 (a worker of a two-worker run holds half its tasks).
  // `false`: the fast search is not tried on the task, or found no plan the engine accepts.
  const proven = new LRUCache<string, string | false>({ max: PROVEN_PLANS })
  const provenByTask = (
    key: string,
    built: CompiledWorld,
    spec: WorldSpec,
    domain: PlanningDomain,
    parsed: PddlProblem,
  ): ProvenPlan | undefined => {
    const packed = proven.get(key)
    if (packed !== undefined)
      return packed === false ? undefined : { status: 'solved', ...unpackPlan(packed), expanded: 0 }
    const found = stripsFirst(domain, parsed)
      ? provenPlan(built, spec, parsedDomain(domain), parsed)
      : undefined
    // A plan whose texts hold packPlan's separator is not kept (searched again next time).
    const kept = found ? packPlan(found) : false
    if (kept !== undefined) proven.set(key, kept)
    return found
  }

  return {
    specificationVersion: SPECIFICATION_VERSION,
    id: FAMILY_ID,
    description:
      "AgentBoard's PDDL planning: barman, blocksworld, gripper and tyreworld, with its 60 problems as the test split.",
    instructions: PLANNING_INSTRUCTIONS,
    splits: { train: { size: sizes.train }, dev: { size: sizes.dev }, test: { size: sizes.test } },
    task,
    create(ref: TaskRef, options: CreateOptions = {}): Environment {
      const planner = { maxNodes: config.maxNodes }
      const settings = {
        planner,
        profile: options.profile ?? 'rich',
        agentboardReply: agentboardPddlReply,
      } as const
      if (options.perturbation)
        return createWorldEnvironment(world(ref), {
          ...settings,
          perturbation: options.perturbation,
        })
      const { world: built, proven } = compiled(taskRef(ref))
      if (!proven) return createWorldEnvironment(built, settings)
      // The proven plan answers the oracle from the start; from any other state the narrow
      // search is the planner itself (same budget, so the same remembered plans).
      return createWorldEnvironment(built, {
        ...settings,
        narrowPlanner: planner,
        provenPlan: proven,
      })
    },
    problem,
    world,
  }
}

/**
 * Compiled worlds a family keeps for its latest tasks: more than a synthesis chunk (16 slots on
 * one thread), which plays all its episodes before it replays them.
 */
const RECENT_WORLDS = 32

/**
 * `ref` as checkTaskRef accepts it: a task as `task` makes it is taken as it is, without the
 * schema's parse and copy (see plainTaskParams; the params are checked where they are read).
 */
function taskRef(ref: TaskRef): TaskRef {
  return plainTaskParams(ref, FAMILY_ID) ? ref : checkTaskRef(ref, FAMILY_ID)
}

const DOMAIN_NAMES: ReadonlySet<unknown> = new Set(Domain.options)
const isInt = (v: unknown, min: number): v is number =>
  Number.isSafeInteger(v) && (v as number) >= min

/**
 * Whether `p` is a generated problem's params as PlanningTaskParams accepts them unchanged,
 * checked by hand: the union's parse and copy ran on each task's first create; anything else
 * goes to the schema.
 */
function isGeneratedParams(
  p: Record<string, unknown>,
): p is { domain: PlanningDomain; generator: number; attempt: number } {
  let keys = 0
  for (const key in p) {
    if (!Object.hasOwn(p, key)) continue
    if (key !== 'domain' && key !== 'generator' && key !== 'attempt') return false
    keys++
  }
  return (
    keys === 3 &&
    DOMAIN_NAMES.has(p.domain) &&
    isInt(p.generator, Number.MIN_SAFE_INTEGER) &&
    isInt(p.attempt, 0)
  )
}

type ProvenPlan = Extract<PlanResult, { status: 'solved' }>

interface PlanningWorld {
  world: CompiledWorld
  /** The oracle's plan from the initial state, when the STRIPS search found one (see below). */
  proven: ProvenPlan | undefined
}

/** First plans a family keeps, by task: more than the default train split (see `proven`). */
const PROVEN_PLANS = 4096

/**
 * Domains whose first plan the STRIPS search finds. Not tyreworld: its hubs are independent
 * subproblems, whose interleavings A* walks through where the world planner's greedy search
 * does not, so there the world planner is the cheaper of the two (measured on 200 train tasks:
 * 22 against 9 ms a task).
 */
const STRIPS_DOMAINS: ReadonlySet<PlanningDomain> = new Set(['barman', 'blockworld', 'gripper'])

/**
 * States the STRIPS search may expand for a task's first plan. Nine in ten tasks need far
 * fewer (barman's two-cocktail problems are the rest); past it the world planner searches as
 * it did before, so a task costs at most this much more than without the STRIPS search.
 */
const STRIPS_NODES = 500

/**
 * Whether the STRIPS search goes first. In barman, not where the goal asks for two cocktails:
 * the shaker must then be emptied and cleaned between them, a plateau of h_FF that A* does not
 * leave within its budget (none of 21 such train tasks), so the search would only add its cost.
 */
function stripsFirst(domain: PlanningDomain, problem: PddlProblem): boolean {
  if (!STRIPS_DOMAINS.has(domain)) return false
  if (domain !== 'barman') return true
  const cocktails = new Set(
    problem.objects.filter((o) => o.types.includes('cocktail')).map((o) => o.name),
  )
  const wanted = new Set<string>()
  const visit = (c: PddlCondition): void => {
    if (c.op === 'atom') for (const arg of c.atom.args) if (cocktails.has(arg)) wanted.add(arg)
    if (c.op === 'and') c.args.forEach(visit)
  }
  visit(problem.goal)
  return wanted.size <= 1
}

/**
 * The oracle's first plan by `solvePddl`, an A* on the PDDL task's bit-set states, some ten
 * times cheaper than the world planner, whose every transition runs through the engine. The
 * plan is played on the engine first: undefined (the world planner then searches) when a step
 * fails, when it does not reach the goal, or when the search gave up.
 */
function provenPlan(
  world: CompiledWorld,
  spec: WorldSpec,
  domain: PddlDomain,
  problem: PddlProblem,
): ProvenPlan | undefined {
  const found = solvePddl(domain, problem, { maxNodes: STRIPS_NODES })
  if (!found) return undefined
  const schemaByOperator = new Map(
    spec.actions.map((a) => [
      /^PDDL operator (\S+)$/.exec(a.description ?? '')?.[1] ?? a.name,
      a.name,
    ]),
  )
  const entityByName = new Map(spec.entities.map((e) => [e.name, e.id] as const))
  const engine = new WorldEngine(world)
  engine.reset()
  const steps: PlanStep[] = []
  const actions: string[] = []
  for (const step of found) {
    const schema = schemaByOperator.get(step.action)
    const args = step.args.map((name) => entityByName.get(name))
    if (schema === undefined || !args.every((id) => id !== undefined)) return undefined
    const call = { schema, args: args as string[] }
    actions.push(engine.surface(call.schema, call.args))
    steps.push(call)
    if (engine.step(call).status !== 'ok') return undefined
  }
  if (!engine.success) return undefined
  return { status: 'solved', actions, steps, expanded: 0 }
}

/** Each domain file parsed once: frozen, since every task of the domain converts from it. */
const parsedDomains = new Map<PlanningDomain, PddlDomain>()

function parsedDomain(domain: PlanningDomain): PddlDomain {
  let parsed = parsedDomains.get(domain)
  if (!parsed) {
    parsed = deepFreeze(parsePddlDomain(domainText(domain), { file: `${domain}/domain.pddl` }))
    parsedDomains.set(domain, parsed)
  }
  return parsed
}

/**
 * Each domain's converter (AgentBoard's import options), made once: what a task's spec takes
 * from the domain alone, most of a conversion, is then made once for all its tasks.
 */
const converters = new Map<PlanningDomain, (problem: PddlProblem, id: string) => WorldSpec>()

function converter(domain: PlanningDomain): (problem: PddlProblem, id: string) => WorldSpec {
  let known = converters.get(domain)
  if (!known) {
    known = pddlConverter(parsedDomain(domain), agentboardImportOptions(domain))
    converters.set(domain, known)
  }
  return known
}

/**
 * Task draws a family keeps (a number each, ~100 bytes with its key): the default train split,
 * so a task drawn again in a large run is not generated and parsed again to be told from the
 * test problems.
 */
const TASK_DRAWS = 4096

interface DrawnProblem {
  text: string
  /** Parsed as its task's world reads it (file `<domain>/generated.pddl`); frozen, shared. */
  parsed: PddlProblem
}

/**
 * The latest problems drawn: a task's problem is drawn and parsed to tell it from the test
 * problems, then read again when its world is made.
 */
const drawnProblems = new LRUCache<string, DrawnProblem>({ max: 64 })

function generated(domain: PlanningDomain, seed: number, attempt: number): DrawnProblem {
  const key = `${domain}/${seed}/${attempt}`
  let drawn = drawnProblems.get(key)
  if (drawn === undefined) {
    const text = GENERATORS[domain](rngStream(seed, `${FAMILY_ID}/${domain}`, attempt))
    const parsed = deepFreeze(parsePddlProblem(text, { file: `${domain}/generated.pddl` }))
    drawn = { text, parsed }
    drawnProblems.set(key, drawn)
  }
  return drawn
}

/** The planning family with default settings. */
export const planning: PlanningFamily = createPlanningFamily()
