import { canonicalJson, SPLITS, type Split } from '@refinery/core'
import { catchRefineryError } from '@refinery/core/testing'
import { describeFamilyConformance } from '@refinery/core/testing/vitest'
import { formatIssues, validateWorldSpec } from '@refinery/world'
import { describe, expect, it } from 'vitest'
import defaultExport, { createGardenFamily, family, GardenTaskParams, garden } from './index.js'

// The conformance kit: spec, determinism, reset/step, progress, valid actions, oracle,
// snapshot/restore and fresh instances, on the first tasks of the test split.
describeFamilyConformance(garden, { tasks: 10, walkSteps: 40 })

function allTasks(split: Split) {
  return Array.from({ length: garden.splits[split].size }, (_, i) => garden.task(split, i))
}

describe('the garden family', () => {
  it('is exported as garden, family and the default, with splits train 200, dev 20, test 50', () => {
    expect(family).toBe(garden)
    expect(defaultExport).toBe(garden)
    expect(garden.id).toBe('garden')
    expect(garden.specificationVersion).toBe('v1')
    expect(garden.splits).toEqual({ train: { size: 200 }, dev: { size: 20 }, test: { size: 50 } })
    expect(garden.instructions).toContain('water {plant} with {tool}')
  })

  it('gives the same task and the same world JSON for the same split and index', () => {
    for (const split of SPLITS) {
      const task = garden.task(split, 7)
      expect(task).toMatchObject({ id: `garden/${split}/7`, family: 'garden', split, index: 7 })
      expect(canonicalJson(garden.task(split, 7))).toBe(canonicalJson(task))
      expect(canonicalJson(createGardenFamily().task(split, 7))).toBe(canonicalJson(task))
      expect(JSON.stringify(garden.world(garden.task(split, 7)))).toBe(
        JSON.stringify(garden.world(task)),
      )
    }
  })

  it('gives different tasks at different indices and in different splits', () => {
    const seen = new Map<string, string>()
    const seeds = new Set<number>()
    for (const split of SPLITS) {
      for (const task of allTasks(split)) {
        const key = canonicalJson(task.params)
        expect(seen.get(key), `${task.id} repeats ${seen.get(key)}`).toBeUndefined()
        seen.set(key, task.id)
        seeds.add(task.seed)
      }
    }
    expect(seeds.size).toBe(270)
  })

  it('draws other tasks under another base seed', () => {
    const other = createGardenFamily({ seed: 1 })
    expect(canonicalJson(other.task('test', 0).params)).not.toBe(
      canonicalJson(garden.task('test', 0).params),
    )
  })

  it('keeps task params in their schema, with 8 to 20 entities per world', () => {
    for (const task of allTasks('test')) {
      const params = GardenTaskParams.parse(task.params)
      const spec = garden.world(task)
      expect(spec.entities.length).toBeGreaterThanOrEqual(8)
      expect(spec.entities.length).toBeLessThanOrEqual(20)
      expect(spec.goal.subgoals.map((s) => s.id)).toEqual(params.targets.map((id) => `water_${id}`))
    }
  })

  it('writes every world of every split as a valid, solvable WorldSpec', () => {
    for (const split of SPLITS) {
      for (const task of allTasks(split)) {
        const result = validateWorldSpec(garden.world(task))
        expect(result.ok ? [] : formatIssues(result.issues), task.id).toEqual([])
      }
    }
  }, 180_000) // 270 validations with a reachability search each: seconds alone, more under CI load

  it('refuses unknown splits, indices and foreign tasks with a clear error', () => {
    expect(catchRefineryError(() => garden.task('test', 50))).toMatchObject({
      code: 'unknown_task',
      message: 'garden has no task 50 in test; valid indices are 0 to 49.',
    })
    expect(catchRefineryError(() => garden.task('nope' as Split, 0)).code).toBe('invalid_input')
    const foreign = { ...garden.task('test', 0), family: 'household' }
    expect(catchRefineryError(() => garden.create(foreign)).code).toBe('invalid_input')
    expect(catchRefineryError(() => createGardenFamily({ sizes: { test: -1 } })).code).toBe(
      'invalid_input',
    )
  })
})
