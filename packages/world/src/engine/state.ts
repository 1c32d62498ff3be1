import { RefineryError } from '@refinery/core'

/** Predicates per fact key (numeric keys keep `pred + PRED_BOUND * args…` below 2^53). */
export const PRED_BOUND = 2048
/** Entities per world, created ones included. */
export const ENTITY_BOUND = 16384

/** A display-ready entity. Static ones come from the spec; created ones from `create` effects. */
export interface EntityInfo {
  readonly id: string
  readonly type: number
  readonly name: string
  readonly number: number | undefined
  readonly article: string
  readonly aliases: readonly string[]
  /** `apple 1` */
  readonly display: string
}

/**
 * Interns ground facts to dense ids. Arity ≤ 3 uses a numeric key, wider facts a string key.
 * One table per runtime (an engine, a planner run); ids never leave it.
 */
export class FactTable {
  readonly num: Map<number, number>
  readonly str: Map<string, number>
  readonly pred: number[]
  readonly args: Int32Array[]
  /** Fact ids per predicate, in creation order. */
  readonly byPred: number[][]
  /**
   * Dense id lookups for unary and binary facts of entities below `cap` (binary only while
   * cap ≤ 128): `unary[p][a]`, `binary[p][a * cap + b]`, -1 when not interned. The maps
   * above stay complete; these only make the common lookups a typed-array read. A
   * predicate's array is made at its first fact (until then the answer is -1), since cap²
   * entries for every binary predicate of every table was most of a table's cost (and the
   * cap entries of each of a world's many unary ones, most of them never true, the rest).
   */
  readonly cap: number
  readonly unary: (Int32Array | null)[]
  readonly binary: (Int32Array | null)[]
  private readonly denseBinary: boolean
  /**
   * Ternary facts of entities below `cap` (while cap³ is a small integer), by
   * `a + cap · (b + cap · c)`: made at a predicate's first fact. `num` has them too, but its
   * keys pass 2^31, so each of its lookups hashes a boxed number.
   */
  readonly ternary: (Map<number, number> | null)[]
  private readonly denseTernary: boolean
  /**
   * Per predicate: 1 when its dense arrays are this table's alone. A copy shares them with
   * the table it copies (both marked 0) until one of the two interns a fact of the predicate.
   */
  private readonly owned: Uint8Array

  /** `from`: a copy of that table (same ids), to intern into independently. */
  constructor(arities: readonly number[], entities = 64, from?: FactTable) {
    if (from !== undefined) {
      this.num = new Map(from.num)
      this.str = new Map(from.str)
      this.pred = from.pred.slice()
      // A fact's args never change once interned: shared.
      this.args = from.args.slice()
      this.byPred = from.byPred.map((ids) => ids.slice())
      this.cap = from.cap
      this.unary = from.unary.slice()
      this.binary = from.binary.slice()
      this.denseBinary = from.denseBinary
      this.ternary = from.ternary.slice()
      this.denseTernary = from.denseTernary
      from.owned.fill(0)
      this.owned = new Uint8Array(from.owned.length)
      return
    }
    this.num = new Map()
    this.str = new Map()
    this.pred = []
    this.args = []
    this.byPred = arities.map(() => [])
    let cap = 16
    while (cap < entities + 8) cap *= 2
    this.cap = cap
    this.unary = arities.map(() => null)
    this.binary = arities.map(() => null)
    this.denseBinary = cap <= 128
    this.ternary = arities.map(() => null)
    this.denseTernary = cap <= 1024
    this.owned = new Uint8Array(arities.length).fill(1)
  }

  /** A copy to intern into independently (a new engine starting from a known table). */
  clone(): FactTable {
    return new FactTable([], 0, this)
  }

  get size(): number {
    return this.pred.length
  }

  /** The id of a fact, or -1 when it was never interned (so it is false everywhere). */
  lookup(pred: number, args: ArrayLike<number>): number {
    if (args.length === 3) return this.lookup3(pred, args[0]!, args[1]!, args[2]!)
    if (args.length <= 3) return this.num.get(numericKey(pred, args)) ?? -1
    return this.str.get(stringKey(pred, args)) ?? -1
  }

  lookup1(pred: number, a: number): number {
    if (a < this.cap) {
      const dense = this.unary[pred]
      return dense ? dense[a]! : -1
    }
    return this.num.get(pred + PRED_BOUND * a) ?? -1
  }

  lookup2(pred: number, a: number, b: number): number {
    const dense = this.binary[pred]
    const cap = this.cap
    if (dense && a < cap && b < cap) return dense[a * cap + b]!
    return this.num.get(pred + PRED_BOUND * (a + ENTITY_BOUND * b)) ?? -1
  }

  lookup3(pred: number, a: number, b: number, c: number): number {
    const cap = this.cap
    if (this.denseTernary && a < cap && b < cap && c < cap)
      return this.ternary[pred]?.get(a + cap * (b + cap * c)) ?? -1
    return this.num.get(pred + PRED_BOUND * (a + ENTITY_BOUND * (b + ENTITY_BOUND * c))) ?? -1
  }

  intern(pred: number, args: ArrayLike<number>): number {
    // Most calls find the fact (a rule derives its facts again after every change): the dense
    // lookups answer those without the map's boxed key.
    const n = args.length
    const known =
      n === 1
        ? this.lookup1(pred, args[0]!)
        : n === 2
          ? this.lookup2(pred, args[0]!, args[1]!)
          : n === 3
            ? this.lookup3(pred, args[0]!, args[1]!, args[2]!)
            : -1
    if (known >= 0) return known
    const wide = args.length > 3
    const nkey = wide ? 0 : numericKey(pred, args)
    const skey = wide ? stringKey(pred, args) : ''
    const found = wide ? this.str.get(skey) : this.num.get(nkey)
    if (found !== undefined) return found
    const id = this.pred.length
    this.pred.push(pred)
    // Copied by hand: `Int32Array.from` walks a plain array through its iterator.
    const copy = new Int32Array(n)
    for (let i = 0; i < n; i++) copy[i] = args[i]!
    this.args.push(copy)
    this.byPred[pred]!.push(id)
    if (wide) this.str.set(skey, id)
    else this.num.set(nkey, id)
    const cap = this.cap
    if (args.length <= 3 && this.owned[pred] === 0) this.own(pred)
    if (args.length === 1 && (args[0] as number) < cap) {
      let dense = this.unary[pred]
      if (!dense) {
        dense = new Int32Array(cap).fill(-1)
        this.unary[pred] = dense
      }
      dense[args[0] as number] = id
    } else if (args.length === 2) {
      let dense = this.binary[pred]
      if (!dense && this.denseBinary) {
        dense = new Int32Array(cap * cap).fill(-1)
        this.binary[pred] = dense
      }
      const a = args[0] as number
      const b = args[1] as number
      if (dense && a < cap && b < cap) dense[a * cap + b] = id
    } else if (args.length === 3 && this.denseTernary) {
      const a = args[0] as number
      const b = args[1] as number
      const c = args[2] as number
      if (a < cap && b < cap && c < cap) {
        let map = this.ternary[pred]
        if (!map) {
          map = new Map()
          this.ternary[pred] = map
        }
        map.set(a + cap * (b + cap * c), id)
      }
    }
    return id
  }

  /** Makes a predicate's shared dense arrays this table's own before it writes to them. */
  private own(pred: number): void {
    const unary = this.unary[pred]
    if (unary) this.unary[pred] = unary.slice()
    const binary = this.binary[pred]
    if (binary) this.binary[pred] = binary.slice()
    const ternary = this.ternary[pred]
    if (ternary) this.ternary[pred] = new Map(ternary)
    this.owned[pred] = 1
  }
}

export function numericKey(pred: number, args: ArrayLike<number>): number {
  let key = 0
  for (let i = args.length - 1; i >= 0; i--) key = key * ENTITY_BOUND + (args[i] as number)
  return pred + PRED_BOUND * key
}

function stringKey(pred: number, args: ArrayLike<number>): string {
  let key = `${pred}:`
  for (let i = 0; i < args.length; i++) key += `${args[i]},`
  return key
}

/**
 * The entities that exist in a state, with per-type domains. Immutable: creating or
 * destroying an entity makes a new set, so states share it until one of them changes.
 */
export class EntitySet {
  private domainCache: (Int32Array | undefined)[]
  private rankCache = new Map<number, Int32Array>()

  constructor(
    readonly list: readonly EntityInfo[],
    /** 1 when the entity exists. */
    readonly alive: Uint8Array,
    /** `subtype[t * nTypes + u]` is 1 when type u is t or descends from t. */
    private readonly subtype: Uint8Array,
    private readonly nTypes: number,
    /** Count of static entities (they come first). */
    readonly staticCount: number,
  ) {
    this.domainCache = new Array(nTypes)
  }

  isA(entity: number, type: number): boolean {
    const info = this.list[entity]
    return (
      info !== undefined &&
      this.alive[entity] === 1 &&
      this.subtype[type * this.nTypes + info.type] === 1
    )
  }

  /** Alive entities of a type (subtypes included), in index order. */
  domain(type: number): Int32Array {
    const cached = this.domainCache[type]
    if (cached) return cached
    const out: number[] = []
    for (let e = 0; e < this.list.length; e++) {
      if (this.alive[e] === 1 && this.subtype[type * this.nTypes + this.list[e]!.type] === 1)
        out.push(e)
    }
    const domain = Int32Array.from(out)
    this.domainCache[type] = domain
    return domain
  }

  /**
   * Sort rank per entity: by display name (natural order), or a seeded permutation when a
   * list-shuffle perturbation is on (seed ≠ -1).
   */
  rank(seed: number, shuffle: (n: number, seed: number) => number[]): Int32Array {
    const cached = this.rankCache.get(seed)
    if (cached) return cached
    const n = this.list.length
    const order = seed === -1 ? naturalOrder(this.list) : shuffle(n, seed)
    const rank = new Int32Array(n)
    order.forEach((entity, position) => {
      rank[entity] = position
    })
    this.rankCache.set(seed, rank)
    return rank
  }

  with(list: readonly EntityInfo[], alive: Uint8Array): EntitySet {
    return new EntitySet(list, alive, this.subtype, this.nTypes, this.staticCount)
  }
}

/**
 * Entity indices sorted by display name as `compareNatural` sorts them (ties by index): each
 * name is split into its text and trailing number once, not at every comparison.
 */
function naturalOrder(list: readonly EntityInfo[]): number[] {
  const n = list.length
  const heads: (string | null)[] = new Array(n)
  const numbers = new Float64Array(n)
  for (let e = 0; e < n; e++) {
    const m = /^(.*?)(\d+)$/.exec(list[e]!.display)
    heads[e] = m ? m[1]! : null
    if (m) numbers[e] = Number(m[2])
  }
  const order = Array.from({ length: n }, (_, i) => i)
  return order.sort((a, b) => {
    const ha = heads[a]
    if (ha != null && ha === heads[b]) return numbers[a]! - numbers[b]! || a - b
    const da = list[a]!.display
    const db = list[b]!.display
    return da < db ? -1 : da > db ? 1 : a - b
  })
}

/** `cabinet 2` before `cabinet 10`. */
export function compareNatural(a: string, b: string): number {
  const ra = /^(.*?)(\d+)$/.exec(a)
  const rb = /^(.*?)(\d+)$/.exec(b)
  if (ra && rb && ra[1] === rb[1]) return Number(ra[2]) - Number(rb[2])
  return a < b ? -1 : a > b ? 1 : 0
}

/**
 * A world state: ground facts as a byte per fact id, numeric attributes entity-major, and the
 * entities that exist. Cloning copies two typed arrays.
 */
export class State {
  /** Bumped on every change, so caches keyed by (state, version) stay correct. */
  version = 0

  constructor(
    readonly table: FactTable,
    public facts: Uint8Array,
    public attrs: Float64Array,
    public ents: EntitySet,
    readonly nAttrs: number,
  ) {}

  has(id: number): boolean {
    return this.facts[id] === 1
  }

  set(id: number, value: 0 | 1): void {
    this.version++
    if (id >= this.facts.length) {
      if (value === 0) return
      // Room for the facts interned so far plus some: clones copy the whole array.
      const grown = new Uint8Array(Math.max(64, this.table.size + (this.table.size >> 3) + 16))
      grown.set(this.facts)
      this.facts = grown
    }
    this.facts[id] = value
  }

  attr(entity: number, attr: number): number {
    return this.attrs[entity * this.nAttrs + attr] ?? 0
  }

  clone(): State {
    return new State(this.table, this.facts.slice(), this.attrs.slice(), this.ents, this.nAttrs)
  }
}

export function specError(message: string, path: string, hint?: string): RefineryError {
  return new RefineryError('invalid_spec', message, hint === undefined ? { path } : { path, hint })
}
