import {
  type CreateOptions,
  checkTaskRef,
  type Environment,
  type EnvironmentFamily,
  RefineryError,
  SPECIFICATION_VERSION,
  type Split,
  type TaskRef,
  taskId,
} from '@refinery/core'
import { type CompiledWorld, compileWorld } from '../engine'
import type { WorldSpec } from '../spec'
import { createWorldEnvironment } from './environment'

export interface WorldFamilyOptions {
  /** The family id the records carry (`grounded`). */
  id: string
  /** The one task this world is: its split and index (the index names the slot that made it). */
  split: Split
  index: number
  /** The task's seed (default 0). */
  seed?: number
  description?: string
  /** How to act in the world, for a system prompt. */
  instructions?: string
}

/**
 * One written world as a family of one task, the way `env-generated` wraps its worlds: what
 * an LLM-written WorldSpec plays through the episode loop as, and what `verifyTrajectory`
 * rebuilds from a record that carries its world. The world is compiled once.
 */
export function worldFamily(spec: WorldSpec, options: WorldFamilyOptions): EnvironmentFamily {
  const { id, split, index } = options
  let compiled: CompiledWorld | null = null
  const ref: TaskRef = {
    id: taskId(id, split, index),
    family: id,
    split,
    index,
    seed: options.seed ?? 0,
  }
  const splits = { train: { size: 0 }, dev: { size: 0 }, test: { size: 0 } }
  splits[split] = { size: index + 1 }
  return {
    specificationVersion: SPECIFICATION_VERSION,
    id,
    description: options.description ?? spec.title ?? 'A written world.',
    ...(options.instructions === undefined ? {} : { instructions: options.instructions }),
    splits,
    task(which: Split, i: number): TaskRef {
      if (which !== split || i !== index) {
        throw new RefineryError(
          'unknown_task',
          `This ${id} world is task ${ref.id}; it has no task ${taskId(id, which, i)}.`,
        )
      }
      return ref
    },
    create(task: TaskRef, options: CreateOptions = {}): Environment {
      const checked = checkTaskRef(task, id)
      if (checked.id !== ref.id) this.task(checked.split, checked.index)
      if (options.perturbation) {
        return createWorldEnvironment(spec, {
          perturbation: options.perturbation,
          profile: options.profile ?? 'rich',
        })
      }
      compiled ??= compileWorld(spec)
      return createWorldEnvironment(compiled, { profile: options.profile ?? 'rich' })
    },
  }
}
