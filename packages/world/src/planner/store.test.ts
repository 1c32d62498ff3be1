import { describe, expect, it } from 'vitest'
import miniHousehold from '../__fixtures__/mini-household.json'
import { compileWorld } from '../engine/compile'
import { factTable, initialState } from '../engine/runtime'
import { State } from '../engine/state'
import type { WorldSpecInput } from '../spec'
import { StateStore } from './store'

const world = compileWorld(miniHousehold as WorldSpecInput)
const root = initialState(world, factTable(world))

/** A state of the root's world with these facts (any length) and attributes. */
function variant(true_: number[], length: number, attrs: Float64Array): State {
  const facts = new Uint8Array(length)
  for (const id of true_) facts[id] = 1
  return new State(root.table, facts, attrs, root.ents, root.nAttrs)
}

describe('StateStore', () => {
  it('gives back each state as stored, facts array length included', () => {
    const store = new StateStore(root, undefined, true)
    // Attributes of any length: where entities come and go, so do their values.
    const states = [
      root,
      variant([0, 31, 32, 63, 64], 65, Float64Array.of(0.5, 1.5, 2.5)),
      variant([], 3, new Float64Array(0)),
      variant([5, 100, 147], 148, Float64Array.of(-7, Number.NaN, 1e300, 4, 5)),
    ]
    const ids = states.map((st) => store.add(st))
    expect(ids).toEqual([0, 1, 2, 3])
    const into = root.clone()
    for (const i of [2, 0, 3, 1, 1]) {
      const version = into.version
      store.unpack(i, into)
      expect(into.version).toBeGreaterThan(version)
      expect(Array.from(into.facts)).toEqual(Array.from(states[i]!.facts))
      expect(Array.from(into.attrs)).toEqual(Array.from(states[i]!.attrs))
      expect(into.ents).toBe(states[i]!.ents)
    }
    store.clear()
    expect(store.size).toBe(0)
    expect(store.add(states[3]!)).toBe(0)
    expect(Array.from(store.unpack(0, into).facts)).toEqual(Array.from(states[3]!.facts))
  })

  it('keeps only the attribute values it is told to, the others being the root’s', () => {
    const base = variant([1], 8, Float64Array.of(3, 0, 5, 6))
    const store = new StateStore(base, Int32Array.of(1, 3), true)
    const attrs = Float64Array.of(3, 42, 5, 0.25)
    const id = store.add(variant([2], 8, attrs))
    store.add(base)
    const into = base.clone()
    store.unpack(id, into)
    expect(Array.from(into.attrs)).toEqual(Array.from(attrs))
    expect(Array.from(store.unpack(1, into).attrs)).toEqual([3, 0, 5, 6])
  })
})
