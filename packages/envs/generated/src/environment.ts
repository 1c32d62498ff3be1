import {
  type CompiledWorld,
  type PlannerBudget,
  type PlanResult,
  type PlanStep,
  WorldEnvironment,
  type WorldEnvironmentOptions,
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

/** The plan from the start that the generator proved by playing it as text on the engine. */
export type ProvenPlan = Extract<PlanResult, { status: 'solved' }>

export interface GeneratedEnvironmentOptions
  extends Omit<WorldEnvironmentOptions, 'planner' | 'narrowPlanner' | 'provenPlan'>,
    OraclePlanners {
  /**
   * The generator's plan from the initial state, or its steps alone: the environment writes
   * their texts with the world's names.
   */
  proven: ProvenPlan | readonly PlanStep[]
}

/**
 * A generated world as an Environment. Its oracle is the world environment's (the narrow
 * search first, then the whole world; a plan remembered for every state along it), given the
 * generator's plan as its answer from the initial state: the world was composed to be solved
 * by that plan, and the generator played it to the goal before the world became a task.
 */
export class GeneratedEnvironment extends WorldEnvironment {
  /** The oracle's answer from the initial state. */
  readonly proven: ProvenPlan

  constructor(world: CompiledWorld, options: GeneratedEnvironmentOptions) {
    const { proven, ...rest } = options
    const plan: ProvenPlan =
      'status' in proven
        ? proven
        : { status: 'solved', actions: [], steps: [...proven], expanded: 0 }
    super(world, { ...rest, provenPlan: plan })
    // The texts need the engine's entity names, there only now; the oracle reads them later.
    if (!('status' in proven))
      for (const step of plan.steps) plan.actions.push(this.engine.surface(step.schema, step.args))
    this.proven = plan
  }
}
