import { canonicalJson, RefineryError, type TaskRef } from '@refinery/core'
import { WorldSpec } from '@refinery/world'
import { describe, expect, it } from 'vitest'
import { LAMP_PLACES, OBJECTS, type ObjectKindName, OPENABLE, placesFor, TOOLS } from './catalog'
import { household } from './family'
import { layout } from './layouts'
import { HouseholdTaskParams } from './params'
import { treatmentOf } from './task-types'
import { householdWorld } from './world'

const testTasks = Array.from({ length: 134 }, (_, i) => household.task('test', i))
const trainSample = Array.from({ length: 150 }, (_, i) => household.task('train', i * 13))
const tasks = [...testTasks, ...trainSample]

function paramsOf(task: TaskRef): HouseholdTaskParams {
  return HouseholdTaskParams.parse(task.params)
}

/** Where each object starts: object id → receptacle id. */
function locations(world: WorldSpec): Map<string, string> {
  return new Map(
    world.facts.filter((f) => f[0] === 'in').map((f) => [f[1] as string, f[2] as string]),
  )
}

describe('householdWorld', () => {
  it('builds a valid, already normalised WorldSpec for every test task and a sample of train tasks', () => {
    for (const task of tasks) {
      const world = householdWorld(task)
      const parsed = WorldSpec.safeParse(world)
      expect(parsed.success, `${task.id}: ${parsed.error?.issues[0]?.message}`).toBe(true)
      expect(canonicalJson(parsed.data)).toBe(canonicalJson(world))
    }
  })

  it('gives byte-identical worlds for the same task', () => {
    for (const task of testTasks.slice(0, 20)) {
      expect(JSON.stringify(householdWorld(household.task(task.split, task.index)))).toBe(
        JSON.stringify(householdWorld(task)),
      )
    }
  })

  // Worlds share their action schemas, predicates and (per layout) observations: a change to
  // one world's copy would change every other world.
  it('shares no part between worlds that a caller could change', () => {
    const [a, b] = [householdWorld(testTasks[0]!), householdWorld(testTasks[1]!)]
    expect(b.actions).toBe(a.actions)
    expect(() => {
      ;(a.actions[0] as { name: string }).name = 'walk'
    }).toThrow(TypeError)
    expect(() => a.predicates.pop()).toThrow(TypeError)
    expect(() => (a.observations.look as unknown[]).push('x')).toThrow(TypeError)
    expect(householdWorld(testTasks[1]!)).toEqual(b)
  })

  it('never starts with the goal already holding: no goal object lies in/on a target receptacle', () => {
    for (const task of tasks) {
      const params = paramsOf(task)
      if (!params.receptacle) continue
      const world = householdWorld(task)
      const typeOf = new Map(world.entities.map((e) => [e.id, e.type]))
      for (const [object, receptacle] of locations(world)) {
        if (typeOf.get(object) === params.object)
          expect(typeOf.get(receptacle), task.id).not.toBe(params.receptacle)
      }
    }
  })

  it('holds what each task needs: enough goal objects, the target, the tool, the lamp', () => {
    for (const task of tasks) {
      const params = paramsOf(task)
      const world = householdWorld(task)
      const count = (type: string) => world.entities.filter((e) => e.type === type).length
      expect(count(params.object), task.id).toBeGreaterThanOrEqual(
        params.taskType === 'pick_two_obj' ? 2 : 1,
      )
      if (params.receptacle) expect(count(params.receptacle), task.id).toBeGreaterThanOrEqual(1)
      const treatment = treatmentOf(params.taskType)
      if (treatment) expect(count(TOOLS[treatment]), task.id).toBeGreaterThanOrEqual(1)
      if (params.taskType === 'look_at_obj')
        expect(count(params.lamp ?? 'desklamp'), task.id).toBe(1)
    }
  })

  it('numbers every receptacle and object from 1 per kind, ALFWorld style', () => {
    for (const task of tasks.slice(0, 60)) {
      const world = householdWorld(task)
      const byName = new Map<string, number[]>()
      for (const e of world.entities) {
        expect(e.name, task.id).toMatch(/^[a-z]+$/)
        expect(e.id).toBe(`${e.name}_${e.number}`)
        byName.set(e.name, [...(byName.get(e.name) ?? []), e.number ?? 0])
      }
      for (const numbers of byName.values()) expect(numbers).toEqual(numbers.map((_, i) => i + 1))
    }
  })

  it('places objects where they plausibly lie in that room', () => {
    for (const task of tasks) {
      const world = householdWorld(task)
      const room = layout(paramsOf(task).layout).room
      const typeOf = new Map(world.entities.map((e) => [e.id, e.type]))
      for (const [object, receptacle] of locations(world)) {
        const kind = typeOf.get(object) as string
        const places =
          kind in OBJECTS ? placesFor(kind as ObjectKindName, room) : (LAMP_PLACES[room] ?? [])
        expect(places, `${task.id}: ${object} in ${receptacle}`).toContain(typeOf.get(receptacle))
      }
    }
  })

  it('hides a fair share of goal objects behind doors, as ALFWorld does', () => {
    let closed = 0
    let total = 0
    for (const task of testTasks) {
      const world = householdWorld(task)
      const typeOf = new Map(world.entities.map((e) => [e.id, e.type]))
      for (const [object, receptacle] of locations(world)) {
        if (typeOf.get(object) !== paramsOf(task).object) continue
        total++
        if (OPENABLE.has(typeOf.get(receptacle) as never)) closed++
      }
    }
    expect(closed / total).toBeGreaterThan(0.15)
    expect(closed / total).toBeLessThan(0.7)
  })

  // Regression: the planner's relaxed heuristic counts a goal with more than 32 alternatives
  // as true, which left 'put two pencil in drawer' (3 pencils, 8 drawers) unsolved.
  it('keeps every goal within 32 alternatives for the planner', () => {
    for (const task of tasks) {
      const params = paramsOf(task)
      if (!params.receptacle) continue
      const world = householdWorld(task)
      const count = (type: string) => world.entities.filter((e) => e.type === type).length
      const objects = count(params.object)
      const choices = params.taskType === 'pick_two_obj' ? (objects * (objects - 1)) / 2 : objects
      expect(choices * count(params.receptacle), task.id).toBeLessThanOrEqual(32)
    }
  })

  it('rejects params that are not household params, naming the field', () => {
    const task = testTasks[0] as TaskRef
    const bad = { ...task, params: { ...task.params, object: 'unicorn' } }
    expect(() => householdWorld(bad)).toThrow(RefineryError)
    try {
      householdWorld(bad)
    } catch (error) {
      expect(RefineryError.isInstance(error) && error.code).toBe('invalid_input')
      expect(RefineryError.isInstance(error) && error.path).toBe('params.object')
    }
  })

  it('rejects a goal that cannot be set in the layout', () => {
    const task = testTasks.find((t) => paramsOf(t).layout.startsWith('bedroom')) as TaskRef
    const heat = {
      ...task,
      params: {
        ...task.params,
        taskType: 'pick_heat_then_place',
        object: 'apple',
        receptacle: 'fridge',
      },
    }
    expect(() => householdWorld(heat)).toThrow(/cannot be set in layout bedroom-/)
  })
})
