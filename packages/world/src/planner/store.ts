import type { EntitySet, State } from '../engine/state'

/**
 * The states a search keeps, packed: facts as bits in one growing word array, attributes in
 * one growing value array, each state a number. A `State` of its own (an object and two typed
 * arrays, most of it header) took some 600 bytes where barman's facts are 20 bytes of bits,
 * and a search keeps one per state it reaches: 196,000 of them for a two-cocktail barman task.
 * `unpack` gives a state back exactly as it was stored, its facts array's length included.
 */
export class StateStore {
  // Small to start (they double): a generated world's search keeps some 40 states, and
  // allocating room for thousands cost it more than storing them.
  private words = new Uint32Array(256)
  private wordEnd = 0
  /** Per state: where its facts start in `words` (the next state's start ends them). */
  private factStart = new Int32Array(64)
  /** Per state: its facts array's length (trailing false facts are kept as they were). */
  private factLength = new Int32Array(64)
  private values = new Float64Array(0)
  private valueEnd = 0
  /** Per state: where its attribute values start in `values` (the next state's start ends them). */
  private valueStart = new Int32Array(64)
  /** Per state, its entity set; null when every state has the root's. */
  private readonly ents: EntitySet[] | null
  private n = 0

  constructor(
    private readonly root: State,
    /**
     * The attribute values kept (the rest are the root's in every state: an entity set that
     * never changes, and values no effect writes); every value when undefined.
     */
    private readonly attrIndex: Int32Array | undefined,
    fixedEntities: boolean,
  ) {
    this.ents = fixedEntities ? null : []
  }

  get size(): number {
    return this.n
  }

  /** Forgets every state: numbers start from 0 again. */
  clear(): void {
    this.n = 0
    this.wordEnd = 0
    this.valueEnd = 0
    if (this.ents) this.ents.length = 0
  }

  /** Stores a copy of `st`; its number. */
  add(st: State): number {
    const id = this.n++
    if (id + 1 >= this.factStart.length) this.growIndex()
    const f = st.facts
    const length = f.length
    const nWords = (length + 31) >> 5
    if (this.wordEnd + nWords > this.words.length) {
      this.words = grown(this.words, this.wordEnd + nWords)
    }
    const words = this.words
    let w = this.wordEnd
    this.factStart[id] = w
    this.factLength[id] = length
    for (let i = 0; i < length; i += 32) {
      let bits = 0
      const stop = Math.min(32, length - i)
      for (let j = 0; j < stop; j++) if (f[i + j] === 1) bits |= 1 << j
      words[w++] = bits
    }
    this.wordEnd = w
    this.factStart[id + 1] = w
    const { attrIndex } = this
    const a = st.attrs
    const nValues = attrIndex !== undefined ? attrIndex.length : a.length
    if (this.valueEnd + nValues > this.values.length) {
      this.values = grown(this.values, this.valueEnd + nValues)
    }
    const values = this.values
    this.valueStart[id] = this.valueEnd
    if (attrIndex !== undefined)
      for (let k = 0; k < nValues; k++) values[this.valueEnd + k] = a[attrIndex[k]!]!
    else values.set(a, this.valueEnd)
    this.valueEnd += nValues
    this.valueStart[id + 1] = this.valueEnd
    if (this.ents) this.ents[id] = st.ents
    return id
  }

  /**
   * State `id` written into `into` (a state of the same world made by cloning the root, whose
   * attributes only ever changed at the indices the store keeps); its version is bumped, so
   * caches keyed by state and version see a new state.
   */
  unpack(id: number, into: State): State {
    const length = this.factLength[id]!
    let f = into.facts
    if (f.length === length) f.fill(0)
    else {
      f = new Uint8Array(length)
      into.facts = f
    }
    const words = this.words
    const end = this.factStart[id + 1]!
    for (let w = this.factStart[id]!, base = 0; w < end; w++, base += 32) {
      let bits = words[w]! | 0
      // Only the true facts are written: most are false.
      while (bits !== 0) {
        const low = bits & -bits
        f[base + 31 - Math.clz32(low)] = 1
        bits ^= low
      }
    }
    const { attrIndex, values } = this
    const start = this.valueStart[id]!
    if (attrIndex !== undefined) {
      const a = into.attrs
      for (let k = 0; k < attrIndex.length; k++) a[attrIndex[k]!] = values[start + k]!
    } else {
      const nValues = this.valueStart[id + 1]! - start
      if (into.attrs.length !== nValues) into.attrs = new Float64Array(nValues)
      into.attrs.set(values.subarray(start, start + nValues))
    }
    into.ents = this.ents ? this.ents[id]! : this.root.ents
    into.version++
    return into
  }

  private growIndex(): void {
    const size = 2 * this.factStart.length
    this.factStart = grown(this.factStart, size)
    this.factLength = grown(this.factLength, size)
    this.valueStart = grown(this.valueStart, size)
  }
}

/** A typed array of at least `least` elements (doubling), holding `a`'s. */
function grown<T extends Uint32Array | Int32Array | Float64Array>(a: T, least: number): T {
  const out = new (a.constructor as new (n: number) => T)(Math.max(least, 2 * a.length, 16))
  out.set(a)
  return out
}

/** A growing list of 32-bit integers: 4 bytes an entry, where a number[] takes 8 and more. */
export class IntList {
  /** Small to start, like the store's arrays: a search holds a dozen lists. */
  data = new Int32Array(64)
  length = 0

  push(v: number): void {
    if (this.length === this.data.length) this.data = grown(this.data, this.length + 1)
    this.data[this.length++] = v
  }

  clear(): void {
    this.length = 0
  }
}
