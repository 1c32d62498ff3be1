import {
  deriveSeed,
  RefineryError,
  rngStream,
  Split,
  stableHash,
  type TaskRef,
  taskId,
} from '@refinery/core'
import { KINDS } from './kinds'
import { buildGoal, type LabTaskParams } from './world'

export const FAMILY_ID = 'lab'

/** Test as AgentBoard (ScienceWorld's 30 task kinds × 3 variations); train and dev large. */
export const DEFAULT_SPLIT_SIZES: Readonly<Record<Split, number>> = {
  train: 3000,
  dev: 300,
  test: 90,
}

export const TEST_VARIATIONS = 3

/** What makes two worlds the same: the goal and everything placed, not the task id. */
export function worldSignature(kind: string, variation: number, seed: number): string {
  const { b, goal, start } = buildGoal(kind, variation, seed)
  return stableHash({ goal: goal.instruction, things: b.entities(), facts: b.facts, start })
}

/**
 * `task(split, index)`: test task i is kind ⌊i/3⌋, variation i mod 3; train and dev cycle
 * through the kinds with any variation. A train or dev world that equals a test world
 * (same goal and layout) is drawn again with the next seed, so none is shared.
 */
export function createTaskSource(seed: number, sizes: Readonly<Record<Split, number>>) {
  let testWorlds: Set<string> | null = null
  const testSignatures = (): Set<string> => {
    if (testWorlds) return testWorlds
    testWorlds = new Set()
    for (let i = 0; i < sizes.test; i++) {
      const { kind, variation, seed: s } = testTask(seed, i)
      testWorlds.add(worldSignature(kind.id, variation, s))
    }
    return testWorlds
  }
  return (split: Split, index: number): TaskRef => {
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
          ? `lab has no task ${index} in ${which.data}; valid indices are 0 to ${size - 1}.`
          : `lab has no tasks in ${which.data}.`,
      )
    }
    let chosen: { kind: (typeof KINDS)[number]; variation: number; seed: number }
    if (which.data === 'test') chosen = testTask(seed, index)
    else {
      const kind = KINDS[index % KINDS.length]!
      const rng = rngStream(seed, `${FAMILY_ID}/${which.data}/variation`, index)
      const variation = rng.int(0, kind.variations - 1)
      let s = deriveSeed(seed, `${FAMILY_ID}/${which.data}`, index)
      for (let attempt = 1; testSignatures().has(worldSignature(kind.id, variation, s)); attempt++)
        s = deriveSeed(seed, `${FAMILY_ID}/${which.data}/again`, `${index}/${attempt}`)
      chosen = { kind, variation, seed: s }
    }
    const { b, goal } = buildGoal(chosen.kind.id, chosen.variation, chosen.seed)
    void b
    const params: LabTaskParams = {
      kind: chosen.kind.id,
      variation: chosen.variation,
      goal: goal.instruction,
    }
    return {
      id: taskId(FAMILY_ID, which.data, index),
      family: FAMILY_ID,
      split: which.data,
      index,
      seed: chosen.seed,
      params,
    }
  }
}

function testTask(seed: number, index: number) {
  const kind = KINDS[Math.floor(index / TEST_VARIATIONS) % KINDS.length]!
  const variation = index % TEST_VARIATIONS
  return { kind, variation, seed: deriveSeed(seed, `${FAMILY_ID}/test`, index) }
}
