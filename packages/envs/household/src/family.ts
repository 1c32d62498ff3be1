import {
  type CreateOptions,
  checkTaskRef,
  type Environment,
  type EnvironmentFamily,
  type FeedbackProfile,
  plainTaskParams,
  RefineryError,
  SPECIFICATION_VERSION,
  type Split,
  type TaskRef,
} from '@refinery/core'
import {
  type CompiledWorld,
  compileBuiltWorld,
  createWorldEnvironment,
  type PlanResult,
  packPlan,
  plan,
  unpackPlan,
  type WorldSpec,
} from '@refinery/world'
import { LRUCache } from 'lru-cache'
import { z } from 'zod'
import { HOUSEHOLD_INSTRUCTIONS } from './instructions'
import { HouseholdTaskParams, isHouseholdParams } from './params'
import { householdTheming } from './persona-theme'
import { planLowerBound } from './plan-bound'
import { createTaskSource, DEFAULT_SPLIT_SIZES, FAMILY_ID } from './splits'
import { TASK_TYPES, TaskType } from './task-types'
import { DEFAULT_MAX_STEPS, householdWorld } from './world'

export const DEFAULT_PLANNER = { maxNodes: 10_000, weight: 1 } as const

export const HouseholdSettings = z
  .object({
    /** Base seed of every task; another seed gives other tasks in the same layouts. Default 0. */
    seed: z.number().int().default(0),
    /** Split sizes; default train 2000, dev 100, test 134. */
    sizes: z
      .object({
        train: z.number().int().nonnegative().optional(),
        dev: z.number().int().nonnegative().optional(),
        test: z.number().int().positive().optional(),
      })
      .strict()
      .default({}),
    /** Only these task types (default all six), in ALFWorld's proportions. */
    taskTypes: z.array(TaskType).min(1).optional(),
    /** Time-advancing steps before an episode ends unsuccessfully (default 50, as ALFWorld). */
    maxSteps: z.number().int().positive().default(DEFAULT_MAX_STEPS),
    /**
     * The oracle's search: A* on the planner's h_FF estimate (weight 1: short plans) within a
     * node budget (default 10,000; no default task needs more than about 500). `improveNodes`
     * bounds the second search for a shorter plan (the planner's default: 8× the first
     * search's states, at least 100). Most household plans take about 12 states to find and
     * the second search is then most of the oracle's work: 0 halves the planner's CPU over
     * every start of train, dev and test, and one plan in 750 is a step longer (it fetches a
     * soap bar from the bathtub when one lies by the sink).
     */
    planner: z
      .object({
        maxNodes: z.number().int().positive().default(DEFAULT_PLANNER.maxNodes),
        weight: z.number().min(1).default(DEFAULT_PLANNER.weight),
        improveNodes: z.number().int().nonnegative().optional(),
      })
      .strict()
      .default(DEFAULT_PLANNER),
  })
  .strict()
export type HouseholdSettings = z.input<typeof HouseholdSettings>

export interface HouseholdFamily extends EnvironmentFamily {
  readonly instructions: string
  /** The WorldSpec a task builds, for inspection, export or a custom engine setup. */
  world(task: TaskRef, profile?: FeedbackProfile): WorldSpec
}

/** A household family: ALFWorld's six task types in generated kitchens, living rooms, bedrooms and bathrooms. */
export function createHouseholdFamily(settings: HouseholdSettings = {}): HouseholdFamily {
  const parsed = HouseholdSettings.safeParse(settings)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new RefineryError(
      'invalid_input',
      `Bad household settings: ${issue?.message ?? 'invalid'}.`,
      {
        path: issue?.path.join('.') || undefined,
      },
    )
  }
  const config = parsed.data
  const planner = config.planner
  const sizes: Record<Split, number> = {
    train: config.sizes.train ?? DEFAULT_SPLIT_SIZES.train,
    dev: config.sizes.dev ?? DEFAULT_SPLIT_SIZES.dev,
    test: config.sizes.test ?? DEFAULT_SPLIT_SIZES.test,
  }
  const taskTypes = TASK_TYPES.filter((t) => !config.taskTypes || config.taskTypes.includes(t))
  const task = createTaskSource({ seed: config.seed, sizes, taskTypes })
  // A task as `task` makes it is taken as it is: checkTaskRef's parse would copy it unchanged
  // (see plainTaskParams), and householdWorld checks its params.
  const world = (task: TaskRef, profile: FeedbackProfile = 'rich'): WorldSpec =>
    householdWorld(plainTaskParams(task, FAMILY_ID) ? task : checkTaskRef(task, FAMILY_ID), {
      maxSteps: config.maxSteps,
      profile,
    })
  // Compiled worlds by task and profile: an episode, its replay and a later slot that draws
  // the task again play one world (compiled worlds are immutable). householdWorld writes every
  // default the schema would, so the schema's parse (most of a compile) is skipped.
  const compiled = new LRUCache<string, CompiledWorld>({ max: MAX_COMPILED_WORLDS })
  const compiledWorld = (key: string, ref: TaskRef, profile: FeedbackProfile): CompiledWorld => {
    let known = compiled.get(key)
    if (!known) {
      known = compileBuiltWorld(world(ref, profile))
      compiled.set(key, known)
    }
    return known
  }
  // The oracle's plan from the start, by task, found by the planner's first search alone where
  // it is no longer than `planLowerBound` (2,220 of the 2,234 default tasks): no plan is
  // shorter, and the second search only ever swaps in a shorter one, so the whole planner
  // answers the same plan, for the first search's cost. False where the whole planner answers
  // instead (the first search missed a shorter plan, which the second may find). Kept packed,
  // by task: it outlives the compiled world above, as the world's remembered plans do, since
  // synthesis draws a task again long after.
  const firstPlans = new LRUCache<string, string | false>({ max: FIRST_PLANS })
  const firstPlan = (key: string, built: CompiledWorld, ref: TaskRef): ProvenPlan | undefined => {
    let known = firstPlans.get(key)
    if (known === undefined) {
      known = false
      const found = plan(built, { ...planner, improveNodes: 0 })
      const params = isHouseholdParams(ref.params)
        ? ref.params
        : HouseholdTaskParams.parse(ref.params)
      const bound = planLowerBound(params, built.spec)
      if (found.status === 'solved' && found.actions.length <= bound)
        known = packPlan(found) ?? false
      firstPlans.set(key, known)
    }
    return known === false ? undefined : { status: 'solved', ...unpackPlan(known), expanded: 0 }
  }

  return {
    specificationVersion: SPECIFICATION_VERSION,
    id: FAMILY_ID,
    description:
      'ALFWorld-like household tasks: find, pick up, clean, heat, cool, examine and place objects in numbered rooms.',
    instructions: HOUSEHOLD_INSTRUCTIONS,
    splits: { train: { size: sizes.train }, dev: { size: sizes.dev }, test: { size: sizes.test } },
    task,
    // A persona picks the room type its life fits (see persona-theme.ts).
    theming: householdTheming(task, (split) => sizes[split]),

    create(task: TaskRef, options: CreateOptions = {}): Environment {
      const profile = options.profile ?? 'rich'
      if (options.perturbation)
        return createWorldEnvironment(world(task, profile), {
          planner,
          perturbation: options.perturbation,
          profile,
        })
      const key = JSON.stringify([task.family, task.id, task.seed, task.params ?? null, profile])
      const built = compiledWorld(key, task, profile)
      // The first search runs once per task, when the oracle is first asked for a plan from the
      // start (synthesis asks every environment it makes; an evaluated agent's never is): it
      // costs well under half the whole planner (the second looks at some ten times its
      // states). Where it is not proven shortest, the narrow search, which is the planner itself
      // (same settings, so the same remembered plans; only a search that finds nothing runs
      // twice), answers as the whole planner would.
      return createWorldEnvironment(built, {
        planner,
        profile,
        narrowPlanner: planner,
        provenPlan: () => firstPlan(key, built, task),
      })
    },

    world,
  }
}

/**
 * Compiled worlds a family keeps for its latest tasks. A single-thread synthesis chunk plays
 * 16 episodes before it replays them, so fewer would compile every world twice; a household
 * world takes some 560 KiB, so 16 hold some 9 MiB.
 */
const MAX_COMPILED_WORLDS = 16

type ProvenPlan = Extract<PlanResult, { status: 'solved' }>

/**
 * First plans a family keeps: every task of the default splits (2,234), at a few hundred
 * bytes each.
 */
const FIRST_PLANS = 4096

/** The household family with default settings. */
export const household: HouseholdFamily = createHouseholdFamily()
