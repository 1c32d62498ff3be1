import {
  type CreateOptions,
  checkTaskRef,
  deriveSeed,
  type EnvironmentFamily,
  type FeedbackProfile,
  plainTaskParams,
  RefineryError,
  rngStream,
  SPECIFICATION_VERSION,
  Split,
  type TaskRef,
  taskId,
} from '@refinery/core'
import { type CompiledWorld, compileBuiltWorld, deepFreeze, type WorldSpec } from '@refinery/world'
import { LRUCache } from 'lru-cache'
import { z } from 'zod'
import type { Blueprint } from './blueprint'
import { AdventureEnvironment } from './environment'
import { generateBlueprint, LEVELS, layoutKey } from './generate'
import { ADVENTURE_INSTRUCTIONS } from './instructions'
import { AdventureTaskParams } from './params'
import { adventureTheming } from './persona-theme'
import { planLength } from './solver'
import { adventureWorld, DEFAULT_MAX_STEPS, goalInstruction } from './world'

export const FAMILY_ID = 'adventure'

/** Train and dev as large as you like; test as AgentBoard's 20 Jericho games. */
export const DEFAULT_SPLIT_SIZES: Readonly<Record<Split, number>> = {
  train: 2000,
  dev: 200,
  test: 20,
}

/**
 * The longest expert plan from the start of a train or dev world, by default: a synthesised
 * episode has 30 steps, and each of its at least two mistakes takes one beside the plan's. A
 * longer world was given up at its first turn, after costing its build and its solve: drawn
 * uniformly over the levels, one train world in four was.
 */
export const DEFAULT_TRAIN_PLAN_STEPS = 28

/** The oracle's search; the largest test world needs a few thousand states. */
export const DEFAULT_PLANNER = { maxNodes: 50_000, weight: 1 } as const

export const AdventureSettings = z
  .object({
    /** Base seed of every task; another seed gives other worlds. Default 0. */
    seed: z.number().int().default(0),
    sizes: z
      .object({
        train: z.number().int().nonnegative().optional(),
        dev: z.number().int().nonnegative().optional(),
        test: z.number().int().positive().optional(),
      })
      .strict()
      .default({}),
    /**
     * Train and dev worlds whose expert plan from the start takes more steps are drawn again
     * (default 28, see DEFAULT_TRAIN_PLAN_STEPS); null keeps them. Test worlds are all kept.
     */
    trainPlanSteps: z.number().int().positive().nullable().default(DEFAULT_TRAIN_PLAN_STEPS),
    /** Time-advancing steps before an episode ends unsuccessfully (default 100). */
    maxSteps: z.number().int().positive().default(DEFAULT_MAX_STEPS),
    planner: z
      .object({
        maxNodes: z.number().int().positive().default(DEFAULT_PLANNER.maxNodes),
        weight: z.number().min(1).default(DEFAULT_PLANNER.weight),
      })
      .strict()
      .default(DEFAULT_PLANNER),
  })
  .strict()
export type AdventureSettings = z.input<typeof AdventureSettings>

export interface AdventureFamily extends EnvironmentFamily {
  readonly instructions: string
  /** The blueprint a task builds: rooms, puzzles and goal as plain data. */
  blueprint(task: TaskRef): Blueprint
  /** The WorldSpec a task builds, in the words of a feedback profile (default rich). */
  world(task: TaskRef, profile?: FeedbackProfile): WorldSpec
  create(task: TaskRef, options?: CreateOptions): AdventureEnvironment
}

/** Blueprints and tasks kept per family: more than the default splits hold. */
const MAX_DRAWN = 4096
/**
 * Compiled worlds kept per family. With the spaces of their views a world holds some 500 KiB:
 * 64 of them held 32 MiB per thread; 16 cost no more CPU in synthesis (1,000 adventure
 * trajectories), where a world is played again mostly by its own replay.
 */
const MAX_COMPILED_WORLDS = 16

/** An adventure family: Jericho-like worlds of rooms, locked doors, dark places and people. */
export function createAdventureFamily(settings: AdventureSettings = {}): AdventureFamily {
  const parsed = AdventureSettings.safeParse(settings)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new RefineryError(
      'invalid_input',
      `Bad adventure settings: ${issue?.message ?? 'invalid'}.`,
      {
        path: issue?.path.join('.') || undefined,
      },
    )
  }
  const config = parsed.data
  const sizes: Record<Split, number> = {
    train: config.sizes.train ?? DEFAULT_SPLIT_SIZES.train,
    dev: config.sizes.dev ?? DEFAULT_SPLIT_SIZES.dev,
    test: config.sizes.test ?? DEFAULT_SPLIT_SIZES.test,
  }
  // Blueprints, layouts and tasks are drawn once: a synthesis run asks for a task many times
  // (theming looks at many, each slot and its replay creates it). Blueprints are frozen, so
  // every caller may share one.
  const blueprints = new LRUCache<string, Blueprint>({ max: MAX_DRAWN })
  const layouts = new WeakMap<Blueprint, string>()
  const draw = (seed: number, level: number, attempt: number): Blueprint => {
    const key = `${seed}/${level}/${attempt}`
    let b = blueprints.get(key)
    if (b === undefined) {
      b = deepFreeze(generateBlueprint(rngStream(seed, `${FAMILY_ID}-world`, attempt), level))
      blueprints.set(key, b)
    }
    return b
  }
  const layoutOf = (b: Blueprint): string => {
    let key = layouts.get(b)
    if (key === undefined) {
      key = layoutKey(b)
      layouts.set(b, key)
    }
    return key
  }

  // Layouts of the test worlds, in order: no other test task and no train or dev task repeats one.
  const testLayouts: string[] = []
  const testWorlds: Found[] = []
  const testTask = (index: number): Found => {
    while (testWorlds.length <= index) {
      const found = pickWorld('test', testWorlds.length, new Set(testLayouts))
      testWorlds.push(found)
      testLayouts.push(layoutOf(found.b))
    }
    return testWorlds[index]!
  }
  let allTestLayouts: ReadonlySet<string> | null = null
  function pickWorld(split: Split, index: number, avoid: ReadonlySet<string>): Found {
    const seed = deriveSeed(config.seed, `${FAMILY_ID}/${split}`, index)
    const levels = rngStream(seed, `${FAMILY_ID}-level`)
    let level = split === 'test' ? index % LEVELS : levels.int(0, LEVELS - 1)
    const longest = split === 'test' ? null : config.trainPlanSteps
    for (let attempt = 0; attempt < 100; attempt++) {
      const b = draw(seed, level, attempt)
      if (longest !== null && planLength(b, longest) === null) {
        // The level is drawn again too, as a synthesis run draws another task: the levels
        // keep the shares they had among the worlds that fit, the large ones rarer.
        level = levels.int(0, LEVELS - 1)
        continue
      }
      if (!avoid.has(layoutOf(b))) return { seed, level, attempt, b }
    }
    throw new RefineryError('internal', `No new world for ${split} task ${index}.`)
  }
  const picked = new LRUCache<string, Found>({ max: MAX_DRAWN })

  const task = (split: Split, index: number): TaskRef => {
    const which = Split.safeParse(split)
    if (!which.success)
      throw new RefineryError('invalid_input', `'${String(split)}' is not a split.`, {
        hint: 'Use train, dev or test.',
      })
    const size = sizes[which.data]
    if (!Number.isInteger(index) || index < 0 || index >= size) {
      throw new RefineryError(
        'unknown_task',
        size > 0
          ? `adventure has no task ${index} in ${which.data}; valid indices are 0 to ${size - 1}.`
          : `adventure has no tasks in ${which.data}.`,
      )
    }
    let found: Found
    if (which.data === 'test') found = testTask(index)
    else {
      const key = `${which.data}/${index}`
      const known = picked.get(key)
      if (known) found = known
      else {
        testTask(sizes.test - 1)
        allTestLayouts ??= new Set(testLayouts)
        found = pickWorld(which.data, index, allTestLayouts)
        picked.set(key, found)
      }
    }
    const { seed, level, attempt, b } = found
    const params: AdventureTaskParams = {
      level,
      attempt,
      theme: b.theme,
      goalKind: b.goal.kind,
      goal: goalInstruction(b),
      rooms: b.rooms.length,
      depth: b.depth,
      layout: layoutOf(b),
    }
    return {
      id: taskId(FAMILY_ID, which.data, index),
      family: FAMILY_ID,
      split: which.data,
      index,
      seed,
      params,
    }
  }

  const blueprint = (ref: TaskRef): Blueprint => {
    const plain = plainTaskParams(ref, FAMILY_ID)
    if (plain && isAdventureParams(plain)) return draw(ref.seed, plain.level, plain.attempt)
    const t = checkTaskRef(ref, FAMILY_ID)
    const p = AdventureTaskParams.safeParse(t.params)
    if (!p.success) {
      throw new RefineryError(
        'invalid_input',
        `Task ${t.id} has bad adventure params: ${p.error.issues[0]?.message}.`,
        {
          hint: 'Build adventure tasks with adventure.task(split, index).',
        },
      )
    }
    return draw(t.seed, p.data.level, p.data.attempt)
  }
  const world = (ref: TaskRef, profile: FeedbackProfile = 'rich'): WorldSpec =>
    adventureWorld(ref.id, blueprint(ref), { voice: profile, maxSteps: config.maxSteps })
  // Compiled worlds by task and profile: an episode, its replay and every later slot that
  // draws the task play the one world (compiled worlds are immutable).
  const compiled = new LRUCache<string, { b: Blueprint; world: CompiledWorld }>({
    max: MAX_COMPILED_WORLDS,
  })
  const compiledWorld = (ref: TaskRef, b: Blueprint, profile: FeedbackProfile): CompiledWorld => {
    const key = `${ref.id}\u0000${profile}`
    const known = compiled.get(key)
    if (known?.b === b) return known.world
    const built = compileBuiltWorld(
      adventureWorld(ref.id, b, { voice: profile, maxSteps: config.maxSteps }),
    )
    compiled.set(key, { b, world: built })
    return built
  }

  return {
    specificationVersion: SPECIFICATION_VERSION,
    id: FAMILY_ID,
    description:
      'Jericho-like interactive fiction: rooms and exits, locked doors and keys, containers, darkness and lamps, people who block or trade, points for milestones.',
    instructions: ADVENTURE_INSTRUCTIONS,
    splits: { train: { size: sizes.train }, dev: { size: sizes.dev }, test: { size: sizes.test } },
    task,
    // A persona picks among the tasks set in a theme it fits (see persona-theme.ts).
    theming: adventureTheming(task, (split) => sizes[split]),
    blueprint,
    world,
    create(ref: TaskRef, options: CreateOptions = {}): AdventureEnvironment {
      const b = blueprint(ref)
      const profile = options.profile ?? 'rich'
      return new AdventureEnvironment(
        options.perturbation
          ? adventureWorld(ref.id, b, { voice: profile, maxSteps: config.maxSteps })
          : compiledWorld(ref, b, profile),
        {
          profile,
          perturbation: options.perturbation,
          planner: config.planner,
          milestones: b.milestones,
          blueprint: b,
          worldKey: `${ref.id}\u0000${profile}\u0000${config.maxSteps}`,
        },
      )
    },
  }
}

/** The adventure family with default settings. */
export const adventure: AdventureFamily = createAdventureFamily()

interface Found {
  seed: number
  level: number
  attempt: number
  b: Blueprint
}

const GOAL_KINDS: ReadonlySet<unknown> = new Set(AdventureTaskParams.shape.goalKind.options)
const PARAM_KEYS = Object.keys(AdventureTaskParams.shape)

const isInt = (v: unknown, min: number, max = Number.MAX_SAFE_INTEGER): v is number =>
  Number.isSafeInteger(v) && (v as number) >= min && (v as number) <= max
const isWord = (v: unknown): v is string => typeof v === 'string' && v.length > 0

/**
 * Whether the params of a plain task ref (`plainTaskParams`) are ones AdventureTaskParams
 * accepts, checked by hand: the schema's parse copies them, and with checkTaskRef's it cost a
 * seventh of a create with the world's build. It answers true only where the schema would;
 * anything else goes to it, which says what is wrong or accepts it.
 */
function isAdventureParams(
  p: Record<string, unknown>,
): p is Record<string, unknown> & { level: number; attempt: number } {
  const keys = Object.keys(p)
  return (
    keys.length === PARAM_KEYS.length &&
    PARAM_KEYS.every((k) => Object.hasOwn(p, k)) &&
    isInt(p.level, 0, LEVELS - 1) &&
    isInt(p.attempt, 0) &&
    isWord(p.theme) &&
    GOAL_KINDS.has(p.goalKind) &&
    isWord(p.goal) &&
    isInt(p.rooms, 1) &&
    isInt(p.depth, 0) &&
    isWord(p.layout)
  )
}
