import {
  type CreateOptions,
  checkTaskRef,
  type EnvironmentFamily,
  plainTaskParams,
  RefineryError,
  SPECIFICATION_VERSION,
  type Split,
  type TaskRef,
} from '@refinery/core'
import { type CompiledWorld, compileBuiltWorld, type WorldSpec } from '@refinery/world'
import { LRUCache } from 'lru-cache'
import { z } from 'zod'
import { LabEnvironment } from './environment'
import { LAB_INSTRUCTIONS } from './instructions'
import { createTaskSource, DEFAULT_SPLIT_SIZES, FAMILY_ID } from './splits'
import { DEFAULT_MAX_STEPS, type LabWorld, labWorld } from './world'

export const LabSettings = z
  .object({
    /** Base seed of every task. Default 0. */
    seed: z.number().int().default(0),
    /** Split sizes; default train 3000, dev 300, test 90. */
    sizes: z
      .object({
        train: z.number().int().nonnegative().optional(),
        dev: z.number().int().nonnegative().optional(),
        test: z.number().int().positive().optional(),
      })
      .strict()
      .default({}),
    /** Time-advancing steps before an episode ends unsuccessfully (default 50). */
    maxSteps: z.number().int().positive().default(DEFAULT_MAX_STEPS),
    /** The oracle's planner budget per stage (default 20,000 states, weight 1). */
    planner: z
      .object({
        maxNodes: z.number().int().positive().default(20_000),
        weight: z.number().min(1).optional(),
      })
      .strict()
      .default({ maxNodes: 20_000 }),
  })
  .strict()
export type LabSettings = z.input<typeof LabSettings>

export interface LabFamily extends EnvironmentFamily {
  readonly instructions: string
  /** The WorldSpec a task builds, for inspection or export. */
  world(task: TaskRef): WorldSpec
  create(task: TaskRef, options?: CreateOptions): LabEnvironment
}

/** A lab family: ScienceWorld's thirty task kinds in a small generated school. */
export function createLabFamily(settings: LabSettings = {}): LabFamily {
  const parsed = LabSettings.safeParse(settings)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new RefineryError('invalid_input', `Bad lab settings: ${issue?.message ?? 'invalid'}.`, {
      path: issue?.path.join('.') || undefined,
    })
  }
  const config = parsed.data
  const sizes: Record<Split, number> = {
    train: config.sizes.train ?? DEFAULT_SPLIT_SIZES.train,
    dev: config.sizes.dev ?? DEFAULT_SPLIT_SIZES.dev,
    test: config.sizes.test ?? DEFAULT_SPLIT_SIZES.test,
  }
  // An episode and its replay create one task's environment one after the other: the latest
  // tasks' worlds are kept, so the second neither builds the spec again nor writes it as JSON
  // to find its compiled world (the key of the world cache).
  const recent = new LRUCache<string, BuiltTask>({ max: RECENT_TASKS })
  const built = (ref: TaskRef): BuiltTask => {
    // The task's world is a function of its id, seed and params and of maxSteps, and the
    // oracle's plan of the world, its stages and the planner budget: all in the key.
    const key = JSON.stringify([
      FAMILY_ID,
      ref.id,
      ref.seed,
      ref.params ?? null,
      config.maxSteps,
      config.planner,
    ])
    let known = recent.get(key)
    if (!known) {
      const world = labWorld(ref, config.maxSteps)
      let compiled: CompiledWorld | undefined
      known = { world, key, compiled: () => (compiled ??= compileBuiltWorld(world.spec)) }
      recent.set(key, known)
    }
    return known
  }

  return {
    specificationVersion: SPECIFICATION_VERSION,
    id: FAMILY_ID,
    description:
      'ScienceWorld-like lab tasks: heat, cool, measure, mix, grow, power, classify, time inclined planes and cross plants in a small school.',
    instructions: LAB_INSTRUCTIONS,
    splits: { train: { size: sizes.train }, dev: { size: sizes.dev }, test: { size: sizes.test } },
    task: createTaskSource(config.seed, sizes),
    create(task: TaskRef, options: CreateOptions = {}): LabEnvironment {
      // A task as `task` makes it is taken as it is: checkTaskRef's parse would copy it
      // unchanged (see plainTaskParams), and labWorld checks its params.
      const ref = plainTaskParams(task, FAMILY_ID) ? task : checkTaskRef(task, FAMILY_ID)
      const { world, compiled, key } = built(ref)
      const { spec, stages, trait, planWith } = world
      return new LabEnvironment(spec, stages, {
        profile: options.profile ?? 'rich',
        perturbation: options.perturbation,
        planner: config.planner,
        trait,
        planWith,
        ...(options.perturbation ? {} : { compiled: compiled(), taskKey: key }),
      })
    },
    world: (task) => labWorld(checkTaskRef(task, FAMILY_ID), config.maxSteps).spec,
  }
}

/** Tasks a family keeps built: more than a synthesis chunk (16 slots on one thread). */
const RECENT_TASKS = 32

interface BuiltTask {
  world: LabWorld
  /** The spec compiled, on first use (a perturbed environment compiles its own). */
  compiled: () => CompiledWorld
  /** What the oracle's plans for the task are kept by. */
  key: string
}

/** The lab family with default settings. */
export const lab: LabFamily = createLabFamily()
