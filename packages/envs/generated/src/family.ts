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
  type TaskRef,
  taskId,
} from '@refinery/core'
import { createWorldEnvironment } from '@refinery/world'
import { LRUCache } from 'lru-cache'
import { GeneratedEnvironment, oraclePlanners } from './environment'
import {
  type CompiledGeneratedWorld,
  DEFAULT_PLAN_NODES,
  type GeneratedWorld,
  generateCompiled,
} from './generate'
import { generatedTheming } from './persona-theme'
import { TEST_THEMES, TRAIN_THEMES, themeById } from './themes'

export const FAMILY_ID = 'generated'

/** Train is generated on demand from the index; dev and test are fixed. */
export const DEFAULT_SPLIT_SIZES: Readonly<Record<Split, number>> = {
  train: 1_000_000,
  dev: 1_000,
  test: 200,
}

/** How to act in a generated world, for a system prompt. Each world lists its own actions. */
export const GENERATED_INSTRUCTIONS = `Your task is to act in a small text world to accomplish the task you are given. With each interaction, you will receive an observation. Your role is to decide on one action based on the observation.

Every world is different: its things, its rooms and even its verbs. The task description lists the actions of this world and their exact forms (for example "take {item}" in one world, "grab {item}" in another); use only those forms, filling the slots with the names the observations use. Things may be inside closed containers, behind closed doors, in dark rooms, locked or sealed; read the feedback of a failed action, it says what is wrong.

These always work:
- look: where you are and what is around you.
- inventory: what you are carrying.
- check valid actions: every action you can take now.
- help: the actions of this world.`

export interface GeneratedSettings {
  /** Base seed of every task (default 0). */
  seed?: number
  /** Split sizes; default train 1,000,000, dev 1,000, test 200. */
  sizes?: Partial<Record<Split, number>>
  /** Planner node budget of the oracle (default 20,000). */
  planNodes?: number
  /**
   * The world planner also solves every world before it is a task (see
   * `GenerateOptions.plannerCheck`; default on). Tasks whose first draw it cannot solve
   * within `planNodes` become the next draw; false leaves the search out, and the worlds and
   * oracle plans differ from the default's.
   */
  plannerCheck?: boolean
}

export interface GeneratedFamily extends EnvironmentFamily {
  readonly instructions: string
  /** The world a task builds, with how it was made (mechanics, theme, plan, vocabulary). */
  generated(task: TaskRef): GeneratedWorld
  /** The WorldSpec a task builds. */
  world(task: TaskRef): GeneratedWorld['spec']
}

/**
 * Worlds remembered per family: the conformance kit and an episode create one task often. A
 * world holds some 230 KiB; synthesis draws a generated task again only thousands of slots
 * later, so more worlds than an episode and its replay use would hold memory for nothing.
 */
const CACHE_SIZE = 16
/** Tasks whose seed and theme are remembered (see `recentTasks`). */
const RECENT_TASKS = 256

/** A family of generated worlds: each task is a new composition of mechanics in a theme. */
export function createGeneratedFamily(settings: GeneratedSettings = {}): GeneratedFamily {
  const seed = settings.seed ?? 0
  const planNodes = settings.planNodes ?? DEFAULT_PLAN_NODES
  const sizes: Record<Split, number> = { ...DEFAULT_SPLIT_SIZES, ...settings.sizes }
  for (const [name, value] of Object.entries({ seed, planNodes, ...sizes })) {
    if (!Number.isInteger(value) || (name !== 'seed' && value < 0)) {
      throw new RefineryError('invalid_input', `Bad generated settings: ${name} is ${value}.`, {
        hint: 'Use a whole number (sizes and planNodes not negative).',
      })
    }
  }
  const cache = new LRUCache<string, CompiledGeneratedWorld & { handedOut?: boolean }>({
    max: CACHE_SIZE,
  })
  const made = (task: TaskRef): CompiledGeneratedWorld & { handedOut?: boolean } => {
    // A task as `task` makes it is checked by hand: the schema's parse (and its copy) was a
    // tenth of an episode's create and its replay's, which find the world in the cache. Any
    // other goes through the schema, which accepts it or says what is wrong.
    const ref = plainTaskParams(task, FAMILY_ID) ? task : checkTaskRef(task, FAMILY_ID)
    const key = `${ref.id}/${ref.seed}/${String(ref.params?.theme)}`
    const hit = cache.get(key)
    if (hit) return hit
    const theme = typeof ref.params?.theme === 'string' ? ref.params.theme : undefined
    if (theme !== undefined) themeById(theme)
    const world = generateCompiled({
      seed: ref.seed,
      split: ref.split,
      ...(theme === undefined ? {} : { theme }),
      id: ref.id,
      planNodes,
      plannerCheck: settings.plannerCheck !== false,
    })
    cache.set(key, world)
    return world
  }
  const generated = (task: TaskRef): GeneratedWorld => made(task).world
  /**
   * The seed and theme of recent tasks: synthesis asks for a task when it plays it and again
   * when it replays it a few slots later, and the two seeded streams behind them (some 20 µs)
   * were more than the replay's create, which finds the world in the cache above.
   */
  const recentTasks = new LRUCache<string, { seed: number; theme: string }>({ max: RECENT_TASKS })

  return {
    specificationVersion: SPECIFICATION_VERSION,
    id: FAMILY_ID,
    description:
      'Generated worlds: 2 to 5 mechanics (containers, locks, tools, crafting, heat, light, power, liquids, trade, doors, stacking, collecting, measuring) in one of 48 themes, with their own verbs.',
    instructions: GENERATED_INSTRUCTIONS,
    splits: { train: { size: sizes.train }, dev: { size: sizes.dev }, test: { size: sizes.test } },

    task(split: Split, index: number): TaskRef {
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
            ? `${FAMILY_ID} has no task ${index} in ${which.data}; valid indices are 0 to ${size - 1}.`
            : `${FAMILY_ID} has no tasks in ${which.data}.`,
        )
      }
      const memo = `${which.data}/${index}`
      let known = recentTasks.get(memo)
      if (known === undefined) {
        const taskSeed = deriveSeed(seed, `${FAMILY_ID}/${which.data}`, index)
        const pool = which.data === 'test' ? TEST_THEMES : TRAIN_THEMES
        // Themes go round the pool in a seeded order, so every theme has its share of a split.
        const order = rngStream(
          seed,
          `${FAMILY_ID}/${which.data}/themes`,
          Math.floor(index / pool.length),
        ).shuffle(pool)
        known = { seed: taskSeed, theme: order[index % pool.length]!.id }
        recentTasks.set(memo, known)
      }
      // A new object each time: the caller owns what it is given.
      return {
        id: taskId(FAMILY_ID, which.data, index),
        family: FAMILY_ID,
        split: which.data,
        index,
        seed: known.seed,
        params: { theme: known.theme },
      }
    },

    create(task: TaskRef, options: CreateOptions = {}): Environment {
      const entry = made(task)
      const { world, compiled, proven, played } = entry
      const profile = options.profile ?? 'rich'
      // The first rich environment of a world is the one its typed replay played on (a reset
      // makes it new): its engine and grounding are built already.
      if (!options.perturbation && profile === 'rich' && entry.handedOut !== true) {
        entry.handedOut = true
        return played
      }
      const planners = oraclePlanners(world.distractors, planNodes)
      // A perturbed world is compiled from its perturbed spec, where the generator's plan
      // proves nothing: its oracle searches.
      if (options.perturbation)
        return createWorldEnvironment(world.spec, {
          ...planners,
          perturbation: options.perturbation,
          profile,
        })
      return new GeneratedEnvironment(compiled, { ...planners, proven, profile })
    },

    // A persona picks the theme of a task (see persona-theme.ts).
    theming: generatedTheming,
    generated,
    world: (task) => generated(task).spec,
  }
}

/** The generated family with default settings. */
export const generated: GeneratedFamily = createGeneratedFamily()
