import { canonicalJson, FEEDBACK_PROFILES, SPLITS, type Split, stableHash } from '@refinery/core'
import { catchRefineryError } from '@refinery/core/testing'
import { setWorldCacheLimit, WorldEnvironment, WorldSpec } from '@refinery/world'
import { describe, expect, it } from 'vitest'
import { createHouseholdFamily, household } from './family'
import { layout } from './layouts'
import { HouseholdTaskParams } from './params'
import { TASK_TYPE_INFO, TASK_TYPES, type TaskType } from './task-types'

function allTasks(split: Split) {
  return Array.from({ length: household.splits[split].size }, (_, i) => household.task(split, i))
}

describe('the household family', () => {
  it('implements spec v1 with AgentBoard-sized splits and a system-prompt instruction', () => {
    expect(household.specificationVersion).toBe('v1')
    expect(household.id).toBe('household')
    expect(household.splits).toEqual({
      train: { size: 2000 },
      dev: { size: 100 },
      test: { size: 134 },
    })
    for (const form of [
      'go to {recep}',
      'take {obj} from {recep}',
      'put {obj} in/on {recep}',
      'heat {obj} with {recep}',
      'use {lamp}',
      'check valid actions',
    ]) {
      expect(household.instructions).toContain(form)
    }
  })

  it('gives the same TaskRef for the same split and index, with type, objects and layout in its params', () => {
    const task = household.task('test', 17)
    expect(canonicalJson(household.task('test', 17))).toBe(canonicalJson(task))
    expect(canonicalJson(createHouseholdFamily().task('test', 17))).toBe(canonicalJson(task))
    expect(task).toMatchObject({
      id: 'household/test/17',
      family: 'household',
      split: 'test',
      index: 17,
    })
    const params = HouseholdTaskParams.parse(task.params)
    expect(TASK_TYPES).toContain(params.taskType)
    expect(params.layout).toMatch(/^(kitchen|livingroom|bedroom|bathroom)-\d+$/)
  })

  it("mixes task types in the test split exactly as AgentBoard's 134 ALFWorld games", () => {
    const counts: Partial<Record<TaskType, number>> = {}
    for (const task of allTasks('test')) {
      const type = HouseholdTaskParams.parse(task.params).taskType
      counts[type] = (counts[type] ?? 0) + 1
    }
    expect(counts).toEqual(Object.fromEntries(TASK_TYPES.map((t) => [t, TASK_TYPE_INFO[t].test])))
  })

  it('sets test tasks in unseen layouts only, and train and dev tasks in seen ones', () => {
    for (const split of SPLITS) {
      const tasks = split === 'train' ? allTasks(split).slice(0, 300) : allTasks(split)
      for (const task of tasks) {
        expect(layout(HouseholdTaskParams.parse(task.params).layout).unseen, task.id).toBe(
          split === 'test',
        )
      }
    }
  })

  it('never gives a test world that equals a train or dev world, nor shares a seed across splits', () => {
    const seeds = new Map<number, string>()
    const worlds = new Map<string, string>()
    for (const split of SPLITS) {
      for (const task of allTasks(split)) {
        expect(seeds.get(task.seed), `${task.id} reuses a seed`).toBeUndefined()
        seeds.set(task.seed, task.id)
        const { id: _id, ...world } = household.world(task)
        const hash = stableHash(world)
        if (split !== 'train')
          expect(worlds.get(hash), `${task.id} repeats a world`).toBeUndefined()
        worlds.set(hash, task.id)
      }
    }
  })

  it('rejects a task index out of range with one line that gives the valid range', () => {
    for (const index of [134, -1, 1.5, Number.NaN]) {
      const error = catchRefineryError(() => household.task('test', index))
      expect(error.code).toBe('unknown_task')
      expect(error.oneLine).not.toContain('\n')
    }
    expect(catchRefineryError(() => household.task('test', 134)).message).toBe(
      'household has no task 134 in test; valid indices are 0 to 133.',
    )
    expect(catchRefineryError(() => household.task('validation' as Split, 0)).code).toBe(
      'invalid_input',
    )
  })

  it('takes settings: a seed for other tasks, fewer task types, other sizes, its own step limit', () => {
    const other = createHouseholdFamily({
      seed: 7,
      sizes: { test: 12 },
      taskTypes: ['pick_heat_then_place', 'look_at_obj'],
      maxSteps: 30,
    })
    expect(other.splits.test.size).toBe(12)
    const types = new Set(
      Array.from(
        { length: 12 },
        (_, i) => HouseholdTaskParams.parse(other.task('test', i).params).taskType,
      ),
    )
    expect([...types].sort()).toEqual(['look_at_obj', 'pick_heat_then_place'])
    expect(other.task('test', 0).seed).not.toBe(household.task('test', 0).seed)
    expect(other.world(other.task('test', 0)).maxSteps).toBe(30)
  })

  it('rejects bad settings with invalid_input and the path of the bad field', () => {
    const error = catchRefineryError(() =>
      createHouseholdFamily({ taskTypes: ['pick_and_dance' as TaskType] }),
    )
    expect(error.code).toBe('invalid_input')
    expect(error.path).toBe('taskTypes.0')
    expect(catchRefineryError(() => createHouseholdFamily({ sizes: { test: 0 } })).code).toBe(
      'invalid_input',
    )
  })

  it('rejects a task of another family and one that is not a TaskRef', () => {
    const task = household.task('test', 0)
    expect(catchRefineryError(() => household.create({ ...task, family: 'lockbox' })).code).toBe(
      'invalid_input',
    )
    expect(catchRefineryError(() => household.create({ id: 'x' } as never)).code).toBe(
      'invalid_input',
    )
  })

  // The family compiles its worlds without the schema's parse (compileBuiltWorld): that is
  // sound only while a built world is exactly what the parse would give.
  it('builds worlds the schema would give back unchanged', () => {
    for (const task of allTasks('test')) {
      for (const profile of FEEDBACK_PROFILES) {
        const world = household.world(task, profile)
        expect(WorldSpec.parse(world)).toStrictEqual(world)
      }
    }
  })

  it('plays a task drawn again in the one compiled world, and a perturbed one apart', () => {
    const family = createHouseholdFamily()
    const task = household.task('train', 3)
    const worldOf = (env: unknown) => (env as WorldEnvironment).world
    const first = family.create(task)
    expect(first).toBeInstanceOf(WorldEnvironment)
    // The family's own cache, not only the world package's cache by spec.
    setWorldCacheLimit(0)
    try {
      expect(worldOf(family.create(task))).toBe(worldOf(first))
    } finally {
      setWorldCacheLimit(32)
    }
    expect(
      worldOf(family.create(task, { perturbation: { kind: 'paraphrase', seed: 1 } })),
    ).not.toBe(worldOf(first))
    expect(worldOf(family.create(household.task('train', 4)))).not.toBe(worldOf(first))
  })
})
