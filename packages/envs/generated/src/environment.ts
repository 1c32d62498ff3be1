import { type Observation, RefineryError, stableHash } from '@refinery/core'
import {
  type CompiledWorld,
  type PlannerBudget,
  type PlanResult,
  type PlanStep,
  plan,
  WorldEngine,
  WorldEnvironment,
  type WorldEnvironmentOptions,
  type WorldSnapshot,
} from '@refinery/world'

/** Nodes the planner may spend shortening its first plan: more is slower, little shorter. */
export const IMPROVE_NODES = 100

/** Actions no plan needs (nothing limits what you carry; nothing needs closing). */
export const IDLE_VERBS: readonly string[] = ['close', 'drop']

/** The two searches behind a generated world's oracle (see `oraclePlanners`). */
export interface OraclePlanners {
  narrowPlanner: PlannerBudget
  planner: PlannerBudget
}

/**
 * First the generator's own search, without distractors, drops and closes: from the start it
 * finds the generator's plan. When the agent has hidden what the goal needs among the
 * distractors, the whole world is searched, still without drops and closes: no goal needs
 * them, and taking and dropping a few loose things multiplies every plateau of the heuristic
 * (it relaxes `not enclosed` and darkness away), which is how test task 106 exhausted the
 * budget.
 */
export function oraclePlanners(distractors: readonly string[], planNodes: number): OraclePlanners {
  return {
    narrowPlanner: {
      maxNodes: planNodes,
      improveNodes: IMPROVE_NODES,
      skip: { actions: IDLE_VERBS, entities: distractors },
    },
    planner: {
      maxNodes: 10 * planNodes,
      improveNodes: IMPROVE_NODES,
      skip: { actions: IDLE_VERBS },
    },
  }
}

/** A plan the generator found from the start with the narrow planner, and proved by replay. */
export type ProvenPlan = Extract<PlanResult, { status: 'solved' }>

export interface GeneratedEnvironmentOptions
  extends Omit<WorldEnvironmentOptions, 'planner' | 'narrowPlanner'>,
    OraclePlanners {
  /** The generator's plan from the initial state, found by `narrowPlanner`. */
  proven: ProvenPlan
}

/**
 * A generated world as an Environment. Its oracle is the world environment's (the narrow
 * search first, then the whole world; a plan remembered for every state along it), except
 * that the narrow search from the initial state is not run again: the generator ran exactly
 * that search to prove the world solvable, so its answer is the search's answer.
 */
export class GeneratedEnvironment extends WorldEnvironment {
  /** The rest of a known plan, by the state it starts from (see `planKey`). */
  private readonly known = new Map<string, readonly string[]>()
  /** A scratch engine to walk found plans on. */
  private probe: WorldEngine | undefined

  constructor(
    world: CompiledWorld,
    private readonly generatedOptions: GeneratedEnvironmentOptions,
  ) {
    const { proven: _proven, narrowPlanner: _n, planner: _p, ...rest } = generatedOptions
    super(world, rest)
  }

  /** Not async: the body of reset runs before it returns, as callers that skip the await expect. */
  override reset(): Promise<Observation> {
    const first = super.reset()
    // The state after reset is the world's initial state: its key, once per compiled world.
    if (!startKeys.has(this.world)) startKeys.set(this.world, planKey(this.engine.snapshot()))
    return first
  }

  override async oracle(): Promise<string[]> {
    if (this.engine.success) return []
    const from = this.engine.snapshot()
    const state = planKey(from)
    const known = this.known.get(state)
    // The rest of a plan is only good while it fits in the steps the episode has left.
    const left = this.world.maxSteps === undefined ? Infinity : this.world.maxSteps - from.steps
    if (known && known.length <= left) return [...known]
    const { narrowPlanner, planner, proven } = this.generatedOptions
    const narrow = searched(this.world, narrowPlanner, proven, from, state)
    const result =
      narrow.status === 'solved' ? narrow : searched(this.world, planner, undefined, from, state)
    if (result.status === 'solved') {
      this.rememberAlong(from, result.steps, result.actions)
      return [...result.actions]
    }
    throw new RefineryError(
      result.status === 'budget' ? 'limit' : 'unsolvable',
      result.status === 'budget'
        ? `The planner ran out of budget after ${result.expanded} states in world '${this.world.id}'.`
        : `The goal of world '${this.world.id}' cannot be reached from this state.`,
      {
        hint:
          result.status === 'budget'
            ? 'Raise planNodes in the family settings.'
            : 'Check the world spec with the validator.',
      },
    )
  }

  /** Walks the plan on a scratch engine, keying each state on the way to the rest of the plan. */
  private rememberAlong(
    from: WorldSnapshot,
    steps: readonly PlanStep[],
    actions: readonly string[],
  ) {
    if (this.known.size > MAX_REMEMBERED_STATES) this.known.clear()
    this.probe ??= new WorldEngine(this.world)
    const probe = this.probe
    probe.restore(from)
    for (let i = 0; i < steps.length; i++) {
      this.known.set(planKey(probe.snapshot()), actions.slice(i))
      if (probe.step(steps[i]!).status !== 'ok') return
    }
  }
}

const MAX_REMEMBERED_STATES = 4096

/**
 * What a plan from a state depends on: the world state and the subgoals reached (ordered
 * subgoals), not the step counter. The same key as the world environment's.
 */
function planKey(snapshot: WorldSnapshot): string {
  const { facts, attrs, created, destroyed, reached, failed } = snapshot
  return stableHash({ facts, attrs, created, destroyed, reached, failed })
}

/** Solved plans per compiled world, by start state, step count and planner. */
const plans = new WeakMap<CompiledWorld, Map<string, PlanResult>>()
const PLANS_PER_WORLD = 32
/** The key of each world's initial state, from the first environment's reset. */
const startKeys = new WeakMap<CompiledWorld, string>()

/**
 * `plan` is a function of the world, the start state (with its step count) and the options,
 * so a solved answer is kept for every environment of the same compiled world (the family
 * hands out one per task). From the initial state the narrow planner's answer is the
 * generator's `proven` plan.
 */
function searched(
  world: CompiledWorld,
  planner: PlannerBudget,
  proven: ProvenPlan | undefined,
  from: WorldSnapshot,
  state: string,
): PlanResult {
  if (proven && from.steps === 0 && state === startKeys.get(world)) return proven
  let byState = plans.get(world)
  if (!byState) {
    byState = new Map()
    plans.set(world, byState)
  }
  const key = `${state}|${from.steps}|${JSON.stringify(planner)}`
  const known = byState.get(key)
  if (known) return known
  const result = plan(world, { ...planner, from })
  if (result.status === 'solved') {
    if (byState.size >= PLANS_PER_WORLD) byState.delete(byState.keys().next().value!)
    byState.set(key, result)
  }
  return result
}
