import {
  deriveSeed,
  RefineryError,
  rngStream,
  Split,
  stableHash,
  type TaskRef,
  taskId,
} from '@refinery/core'
import { LRUCache } from 'lru-cache'
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
  return built(kind, variation, seed).signature
}

/** A world's signature and its goal's instruction, from one build of its goal. */
function built(
  kind: string,
  variation: number,
  seed: number,
): { signature: string; instruction: string } {
  const { b, goal, start } = buildGoal(kind, variation, seed)
  const signature = stableHash({
    goal: goal.instruction,
    things: b.entities(),
    facts: b.facts,
    start,
  })
  return { signature, instruction: goal.instruction }
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
  // A task is a function of its split and index: a synthesis run asks for each drawn task
  // again and again (to attempt it, to replay it), and finding one builds its goal twice
  // and hashes its world. Each is found once; every caller gets its own copy.
  const found = new LRUCache<string, TaskRef>({ max: MAX_FOUND })
  return (split: Split, index: number): TaskRef => {
    // Anything but a string and a number is checked (and refused) as before.
    if (typeof split !== 'string' || typeof index !== 'number') return find(split, index)
    const key = `${split}\u0000${index}`
    let ref = found.get(key)
    if (ref === undefined) {
      ref = find(split, index)
      found.set(key, ref)
    }
    return { ...ref, params: { ...(ref.params as LabTaskParams) } }
  }

  function find(split: Split, index: number): TaskRef {
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
    let instruction: string
    if (which.data === 'test') {
      chosen = testTask(seed, index)
      instruction = buildGoal(chosen.kind.id, chosen.variation, chosen.seed).goal.instruction
    } else {
      const kind = KINDS[index % KINDS.length]!
      const rng = rngStream(seed, `${FAMILY_ID}/${which.data}/variation`, index)
      const variation = rng.int(0, kind.variations - 1)
      let s = deriveSeed(seed, `${FAMILY_ID}/${which.data}`, index)
      let world = built(kind.id, variation, s)
      for (let attempt = 1; testSignatures().has(world.signature); attempt++) {
        s = deriveSeed(seed, `${FAMILY_ID}/${which.data}/again`, `${index}/${attempt}`)
        world = built(kind.id, variation, s)
      }
      chosen = { kind, variation, seed: s }
      instruction = world.instruction
    }
    const params: LabTaskParams = {
      kind: chosen.kind.id,
      variation: chosen.variation,
      goal: instruction,
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

/** Tasks a task source keeps found: every default train, dev and test task. */
const MAX_FOUND = 4096

function testTask(seed: number, index: number) {
  const kind = KINDS[Math.floor(index / TEST_VARIATIONS) % KINDS.length]!
  const variation = index % TEST_VARIATIONS
  return { kind, variation, seed: deriveSeed(seed, `${FAMILY_ID}/test`, index) }
}
