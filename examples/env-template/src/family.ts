import {
  type CreateOptions,
  checkTaskRef,
  deriveSeed,
  type Environment,
  type EnvironmentFamily,
  RefineryError,
  rngStream,
  SPECIFICATION_VERSION,
  Split,
  type TaskRef,
  taskId,
} from '@refinery/core'
import { createWorldEnvironment, type WorldSpec } from '@refinery/world'
import { sampleGardenParams } from './params.js'
import { DEFAULT_MAX_STEPS, gardenWorld } from './world.js'

/** The family id: task ids read `garden/test/7`. Change it when you copy this template. */
export const FAMILY_ID = 'garden'

export const DEFAULT_SPLIT_SIZES: Readonly<Record<Split, number>> = {
  train: 200,
  dev: 20,
  test: 50,
}

/** How to act in a garden world, for a system prompt. */
export const GARDEN_INSTRUCTIONS = `Your task is to interact with a virtual garden simulator to accomplish a specific task. With each interaction, you will receive an observation. Your role is to decide on an action based on the observation. Name things exactly as the observations do, with their numbers (tomato 1, bed 2).

The available actions are:
- go to {place}: walk to the shed, the tap or a bed and see what is there.
- open {place}: open the shed door.
- take {tool} from {place}: pick up a tool at the place you are at. You can carry one thing at a time.
- put {obj} in/on {place}: put down what you carry at the place you are at.
- fill {tool} at {place}: fill the watering can you carry at the tap.
- water {plant} with {tool}: water a plant in the bed you are at with the watering can you carry.
- inventory: what you are carrying.
- look: where you are and what is around you.
- check valid actions: every action you can take now.
- help: these actions again.

Water only the plants the task names; a full can waters only a few plants, and weeds must never be watered.`

export interface GardenSettings {
  /** Base seed of every task; another seed gives other tasks. Default 0. */
  seed?: number
  /** Split sizes; default train 200, dev 20, test 50. */
  sizes?: Partial<Record<Split, number>>
  /** Time-advancing steps before an episode ends unsuccessfully (default 40). */
  maxSteps?: number
}

export interface GardenFamily extends EnvironmentFamily {
  readonly instructions: string
  /** The WorldSpec a task builds, for inspection, export or a custom engine setup. */
  world(task: TaskRef): WorldSpec
}

/** A garden family: fetch the watering can, fill it at the tap, water the named plants. */
export function createGardenFamily(settings: GardenSettings = {}): GardenFamily {
  const seed = settings.seed ?? 0
  const maxSteps = settings.maxSteps ?? DEFAULT_MAX_STEPS
  const sizes: Record<Split, number> = { ...DEFAULT_SPLIT_SIZES, ...settings.sizes }
  for (const [name, value] of Object.entries({ seed, maxSteps, ...sizes })) {
    if (!Number.isInteger(value) || (name !== 'seed' && value < 0)) {
      throw new RefineryError('invalid_input', `Bad garden settings: ${name} is ${value}.`, {
        hint: 'Use a whole number (sizes and maxSteps not negative).',
      })
    }
  }
  const world = (task: TaskRef): WorldSpec =>
    gardenWorld(checkTaskRef(task, FAMILY_ID), { maxSteps })

  return {
    specificationVersion: SPECIFICATION_VERSION,
    id: FAMILY_ID,
    description:
      'A small garden: take the watering can from the shed, fill it at the tap and water the named plants, never the weeds.',
    instructions: GARDEN_INSTRUCTIONS,
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
      // One seed per (base seed, split, index); the params come from that seed's own stream.
      const taskSeed = deriveSeed(seed, `${FAMILY_ID}/${which.data}`, index)
      const params = sampleGardenParams(rngStream(taskSeed, `${FAMILY_ID}-task`))
      return {
        id: taskId(FAMILY_ID, which.data, index),
        family: FAMILY_ID,
        split: which.data,
        index,
        seed: taskSeed,
        params,
      }
    },

    create(task: TaskRef, options: CreateOptions = {}): Environment {
      return createWorldEnvironment(world(task), { perturbation: options.perturbation })
    },

    world,
  }
}

/** The garden family with default settings. */
export const garden: GardenFamily = createGardenFamily()
