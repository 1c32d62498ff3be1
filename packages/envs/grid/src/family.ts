import {
  type CreateOptions,
  checkTaskRef,
  deriveSeed,
  type EnvironmentFamily,
  plainTaskParams,
  RefineryError,
  SPECIFICATION_VERSION,
  Split,
  type TaskRef,
  taskId,
} from '@refinery/core'
import { LRUCache } from 'lru-cache'
import { z } from 'zod'
import { GridEnvironment } from './env'
import { drawWorld, findWorld } from './generate'
import { GRID_INSTRUCTIONS } from './instructions'
import { LEVELS, type Level, TEST_LEVELS } from './levels'
import { gridPerturbation } from './perturb'
import type { GridWorld } from './types'

export const FAMILY_ID = 'grid'

/** Test as AgentBoard: 28 levels × 4 seeds (BabyAI's harder levels); train and dev as large as you like. */
export const DEFAULT_SPLIT_SIZES: Readonly<Record<Split, number>> = {
  train: 5000,
  dev: 1000,
  test: 112,
}

/** Seeds per level in the test split, as AgentBoard (seeds 1234 to 1237). */
export const SEEDS_PER_LEVEL = 4

/** Macro actions before an episode ends unsuccessfully (AgentBoard's BabyAI default). */
export const DEFAULT_MAX_STEPS = 50

/** The oracle solves every task within this many macro actions (AgentBoard's step limit). */
export const MAX_PLAN = 30

/**
 * Test worlds need at least this many of the oracle's macro actions: BabyAI draws many worlds
 * whose target is in sight from the start, which one "go to" or "pickup" finishes, so a test
 * task keeps the target some way off (through doors, behind a key, after a detour).
 */
export const MIN_TEST_PLAN = 8

/**
 * The fewest and most of the oracle's macro actions from the start of a train or dev world, by
 * default. A synthesised trajectory needs two error→refine pairs, each ending in a step of the
 * plan, within 30 steps, each mistake one beside the plan's: a world outside 2 to 28 was given
 * up at its first turn, after costing its draw and its solve. One train world in seven was,
 * nearly all of them one "go to" or "open" away (GoToDoor, OpenRedDoor, GoToObjS6…).
 */
export const DEFAULT_TRAIN_PLAN_STEPS = { min: 2, max: 28 } as const

export const GridTaskParams = z.object({
  level: z.string(),
  agentboardLevel: z.number().int(),
  /** Which draw of the level's seeded stream made the world (rejection sampling). */
  attempt: z.number().int().nonnegative(),
  mission: z.string(),
})
export type GridTaskParams = z.infer<typeof GridTaskParams>

export const GridSettings = z
  .object({
    seed: z.number().int().default(0),
    sizes: z
      .object({
        train: z.number().int().nonnegative().optional(),
        dev: z.number().int().nonnegative().optional(),
        test: z.number().int().positive().max(DEFAULT_SPLIT_SIZES.test).optional(),
      })
      .strict()
      .default({}),
    /**
     * Train and dev worlds whose oracle plan from the start takes fewer or more macro actions
     * are drawn again, from the level's next draw (default 2 to 28, see
     * DEFAULT_TRAIN_PLAN_STEPS); null keeps every world the oracle solves within MAX_PLAN.
     * Test worlds keep MIN_TEST_PLAN to MAX_PLAN.
     */
    trainPlanSteps: z
      .object({
        min: z.number().int().nonnegative(),
        max: z.number().int().positive().max(MAX_PLAN),
      })
      .strict()
      .refine((s) => s.min <= s.max, 'trainPlanSteps.min must not exceed trainPlanSteps.max')
      .nullable()
      .default(DEFAULT_TRAIN_PLAN_STEPS),
    maxSteps: z.number().int().positive().default(DEFAULT_MAX_STEPS),
  })
  .strict()
export type GridSettings = z.input<typeof GridSettings>

export interface GridFamily extends EnvironmentFamily {
  readonly instructions: string
  /** The world a task builds, for inspection. */
  world(task: TaskRef): GridWorld
  create(task: TaskRef, options?: CreateOptions): GridEnvironment
}

/** A grid family: BabyAI's levels as AgentBoard plays them in text. */
export function createGridFamily(settings: GridSettings = {}): GridFamily {
  const parsed = GridSettings.safeParse(settings)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new RefineryError('invalid_input', `Bad grid settings: ${issue?.message ?? 'invalid'}.`, {
      path: issue?.path.join('.') || undefined,
    })
  }
  const config = parsed.data
  const sizes: Record<Split, number> = {
    train: config.sizes.train ?? DEFAULT_SPLIT_SIZES.train,
    dev: config.sizes.dev ?? DEFAULT_SPLIT_SIZES.dev,
    test: config.sizes.test ?? DEFAULT_SPLIT_SIZES.test,
  }
  // Test tasks are made in order, so none repeats another's world and mission; but only two worlds
  // with as many cells can be the same (a key hashes the walls, one character a cell), so the test
  // tasks fall into groups by cells, each made when a task first needs it: a train or dev task
  // needs only its own size's test worlds (those it must not repeat), a test task only those
  // before it of its size. Making all 112 took ~0.8 s of CPU at a process's first task.
  const testTasks: TaskRef[] = []
  const testGroups = new Map<number, TestGroup>()
  for (let i = 0; i < DEFAULT_SPLIT_SIZES.test; i++) {
    const level = TEST_LEVELS[Math.floor(i / SEEDS_PER_LEVEL)]!
    const n = cells(level)
    let group = testGroups.get(n)
    if (!group) {
      group = { indices: [], made: 0, keys: new Set() }
      testGroups.set(n, group)
    }
    group.indices.push(i)
  }
  const made = new Map<string, TaskRef>()

  const makeTask = (
    split: Split,
    index: number,
    level: Level,
    accept: (key: string) => boolean,
  ) => {
    const seed = deriveSeed(config.seed, `${FAMILY_ID}/${split}`, index)
    const steps =
      split === 'test'
        ? { min: MIN_TEST_PLAN, max: MAX_PLAN }
        : (config.trainPlanSteps ?? { min: 0, max: MAX_PLAN })
    const found = findWorld(level, seed, MAX_PLAN, accept, steps)
    worlds.set(drawKey(level, seed, found.attempt), found.world)
    const params: GridTaskParams = {
      level: level.name,
      agentboardLevel: level.agentboard,
      attempt: found.attempt,
      mission: found.world.mission.text,
    }
    const task: TaskRef = {
      id: taskId(FAMILY_ID, split, index),
      family: FAMILY_ID,
      split,
      index,
      seed,
      params,
    }
    return { task, key: found.key }
  }

  /** Makes the test tasks of `group` up to index `upTo`, in order. */
  const makeTests = (group: TestGroup, upTo: number) => {
    const { indices, keys } = group
    while (group.made < indices.length && indices[group.made]! <= upTo) {
      const i = indices[group.made]!
      const level = TEST_LEVELS[Math.floor(i / SEEDS_PER_LEVEL)]!
      const { task, key } = makeTask('test', i, level, (k) => !keys.has(k))
      keys.add(key)
      testTasks[i] = task
      group.made++
    }
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
          ? `grid has no task ${index} in ${which.data}; valid indices are 0 to ${size - 1}.`
          : `grid has no tasks in ${which.data}.`,
      )
    }
    if (which.data === 'test') {
      const level = TEST_LEVELS[Math.floor(index / SEEDS_PER_LEVEL)]!
      makeTests(testGroups.get(cells(level))!, index)
      return structuredClone(testTasks[index]!)
    }
    const id = taskId(FAMILY_ID, which.data, index)
    let ref = made.get(id)
    if (!ref) {
      // Every level, the test ones and those for training only, in turn.
      const level = LEVELS[index % LEVELS.length]!
      const group = testGroups.get(cells(level))
      if (group) makeTests(group, Number.POSITIVE_INFINITY)
      ref = makeTask(which.data, index, level, (k) => !group?.keys.has(k)).task
      if (made.size > 10_000) made.clear()
      made.set(id, ref)
    }
    return structuredClone(ref)
  }

  /** The level, seed and draw a task names; throws when it names no grid world. */
  const drawOf = (ref: TaskRef) => {
    const plain = plainTaskParams(ref, FAMILY_ID)
    if (plain && isGridParams(plain)) {
      const level = LEVELS.find((l) => l.name === plain.level)
      if (level) return { id: ref.id, level, seed: ref.seed, attempt: plain.attempt }
    }
    const checked = checkTaskRef(ref, FAMILY_ID)
    const params = GridTaskParams.safeParse(checked.params)
    const level = params.success ? LEVELS.find((l) => l.name === params.data.level) : undefined
    if (!level || !params.success) throw notAWorld(checked.id)
    return { id: checked.id, level, seed: checked.seed, attempt: params.data.attempt }
  }

  const world = (ref: TaskRef): GridWorld => {
    const { id, level, seed, attempt } = drawOf(ref)
    const built = drawWorld(level, seed, attempt)
    if (!built) throw notAWorld(id)
    return built
  }

  /**
   * Worlds by draw, shared by the environments of a task: an episode, its replay and the next
   * episode of the task draw the world once. Nothing changes a world once drawn; `world`
   * still hands out a fresh one, to inspect or change at will.
   */
  const worlds = new LRUCache<string, GridWorld>({ max: MAX_WORLDS })
  const drawKey = (level: Level, seed: number, attempt: number) =>
    `${level.name}|${seed}|${attempt}`
  const sharedWorld = (ref: TaskRef): GridWorld => {
    const { id, level, seed, attempt } = drawOf(ref)
    const key = drawKey(level, seed, attempt)
    const known = worlds.get(key)
    if (known) return known
    const drawn = drawWorld(level, seed, attempt)
    if (!drawn) throw notAWorld(id)
    worlds.set(key, drawn)
    return drawn
  }

  return {
    specificationVersion: SPECIFICATION_VERSION,
    id: FAMILY_ID,
    description:
      'BabyAI-like grid worlds in AgentBoard text: go to, pick up, open and put things next to each other in rooms joined by doors, some locked.',
    instructions: GRID_INSTRUCTIONS,
    splits: { train: { size: sizes.train }, dev: { size: sizes.dev }, test: { size: sizes.test } },
    task,
    create(ref: TaskRef, options: CreateOptions = {}): GridEnvironment {
      const w = sharedWorld(ref)
      return new GridEnvironment(w, {
        profile: options.profile ?? 'rich',
        maxSteps: config.maxSteps,
        help: GRID_INSTRUCTIONS,
        ...(options.perturbation
          ? {
              perturbation: gridPerturbation(options.perturbation, w.things.length),
              perturbationKey: `${options.perturbation.kind}/${options.perturbation.seed}`,
            }
          : {}),
      })
    },
    world,
  }
}

/** Test tasks whose worlds have one number of cells: those made so far and their keys. */
interface TestGroup {
  /** Their indices in the test split, in order. */
  readonly indices: number[]
  /** How many of them are made (the first ones). */
  made: number
  readonly keys: Set<string>
}

/** Cells of a level's grid (RoomGridBuilder's width × height). */
function cells(level: Level): number {
  return ((level.roomSize - 1) * level.cols + 1) * ((level.roomSize - 1) * level.rows + 1)
}

/** Worlds a family keeps for its environments: a few KiB each. */
const MAX_WORLDS = 64

function notAWorld(id: string): RefineryError {
  return new RefineryError('invalid_input', `Task ${id} does not describe a grid world.`, {
    hint: 'Get tasks from grid.task(split, index).',
  })
}

const isInt = (v: unknown, min: number): v is number =>
  Number.isSafeInteger(v) && (v as number) >= min

/**
 * Whether the params of a plain task ref (`plainTaskParams`) are ones GridTaskParams accepts,
 * checked by hand: the schema's parse copies them, and with checkTaskRef's it cost a third of a
 * create. It answers true only where the schema would; anything else goes to it.
 */
function isGridParams(
  p: Record<string, unknown>,
): p is { level: string; attempt: number; agentboardLevel: number; mission: string } {
  return (
    typeof p.level === 'string' &&
    isInt(p.agentboardLevel, Number.MIN_SAFE_INTEGER) &&
    isInt(p.attempt, 0) &&
    typeof p.mission === 'string'
  )
}

/** The grid family with default settings. */
export const grid: GridFamily = createGridFamily()
