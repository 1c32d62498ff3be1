import { describe, expect, it } from 'vitest'
import miniHousehold from '../__fixtures__/mini-household.json'
import { compileWorld } from '../engine/compile'
import { factTable, initialState } from '../engine/runtime'
import { State } from '../engine/state'
import type { WorldSpecInput } from '../spec'
import { stateKey } from './search'

const world = compileWorld(miniHousehold as WorldSpecInput)
const root = initialState(world, factTable(world))

/** The root with other facts and attributes (one attribute per entity). */
function variant(facts: Uint8Array, attrs: number[]): State {
  return new State(root.table, facts, Float64Array.from(attrs), root.ents, 1)
}

describe('stateKey', () => {
  it('tells apart states that differ in one fact or one attribute, and only those', () => {
    const a = new Uint8Array(40)
    a[3] = 1
    const b = a.slice()
    b[37] = 1
    const longer = new Uint8Array(80)
    longer.set(a)
    expect(stateKey(variant(a, [0, 1]))).not.toBe(stateKey(variant(b, [0, 1])))
    // Trailing false facts (a grown array) do not count.
    expect(stateKey(variant(longer, [0, 1]))).toBe(stateKey(variant(a, [0, 1])))
    expect(stateKey(variant(a, [0, 1]))).not.toBe(stateKey(variant(a, [1, 0])))
    expect(stateKey(variant(a, [0, 2.5]))).not.toBe(stateKey(variant(a, [0, 2])))
    expect(stateKey(variant(a, [0, 70000]))).not.toBe(stateKey(variant(a, [0, 4464])))
    expect(stateKey(variant(a, [-0, 1]))).toBe(stateKey(variant(a, [0, 1])))
    expect(stateKey(variant(a, [-1, 1]))).not.toBe(stateKey(variant(a, [1, 1])))
  })

  it('leaves out the facts a mask clears, wherever they are', () => {
    const a = new Uint8Array(40)
    a[3] = 1
    const b = a.slice()
    b[37] = 1
    const c = a.slice()
    c[20] = 1
    // Fact 37 (bit 5 of the third character) masked: a and b share a key, c still differs.
    const keep = Uint16Array.of(0xffff, 0xffff, 0xffff & ~(1 << 5))
    expect(stateKey(variant(b, [0, 1]), keep)).toBe(stateKey(variant(a, [0, 1]), keep))
    expect(stateKey(variant(c, [0, 1]), keep)).not.toBe(stateKey(variant(a, [0, 1]), keep))
    expect(stateKey(variant(b, [0, 1]), keep)).not.toBe(stateKey(variant(b, [1, 1]), keep))
  })
})
