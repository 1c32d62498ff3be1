import { RefineryError } from '@refinery/core'
import { recomputeDerived, staticEntities } from './runtime'
import { type EntityInfo, EntitySet, type FactTable, State } from './state'
import type { CompiledWorld } from './world'

/** A created entity as a snapshot records it. */
export type CreatedEntity = {
  readonly id: string
  readonly type: string
  readonly name: string
  readonly number: number | null
  readonly article: string
}

/** The world part of a snapshot: enough to rebuild the state exactly. JSON only. */
export type WorldStateData = {
  /** True base facts as `[predicate, ...entity ids]`, sorted; derived facts are recomputed. */
  readonly facts: readonly (readonly string[])[]
  /** Attribute values per entity id (only when the world has attributes). */
  readonly attrs?: Readonly<Record<string, Readonly<Record<string, number>>>>
  readonly created?: readonly CreatedEntity[]
  readonly destroyed?: readonly string[]
}

/** Everything `restore` needs: the world state and the episode's counters. */
export type WorldSnapshot = WorldStateData & {
  readonly world: string
  readonly steps: number
  readonly progress: number
  readonly reached: readonly string[]
  readonly success: boolean
  readonly failed: boolean
  readonly done: boolean
}

export function stateData(world: CompiledWorld, st: State): WorldStateData {
  const { table } = st
  const list = st.ents.list
  const facts: string[][] = []
  for (let id = 0; id < st.facts.length; id++) {
    if (st.facts[id] !== 1) continue
    const pred = table.pred[id]!
    if (world.derivedPreds.has(pred)) continue
    const atom = [world.predicates[pred]!.name]
    for (const a of table.args[id]!) atom.push(list[a]!.id)
    facts.push(atom)
  }
  facts.sort(compareAtoms)
  const out: { -readonly [K in keyof WorldStateData]: WorldStateData[K] } = { facts }
  const n = st.nAttrs
  if (n > 0) {
    const attrs: Record<string, Record<string, number>> = {}
    for (let e = 0; e < list.length; e++) {
      if (st.ents.alive[e] !== 1) continue
      const values: Record<string, number> = {}
      for (let a = 0; a < n; a++) values[world.attributes[a]!.name] = st.attrs[e * n + a]!
      attrs[list[e]!.id] = values
    }
    out.attrs = attrs
  }
  if (list.length > st.ents.staticCount) {
    out.created = list.slice(st.ents.staticCount).map((e) => ({
      id: e.id,
      type: world.types[e.type]!.name,
      name: e.name,
      number: e.number ?? null,
      article: e.article,
    }))
  }
  const destroyed = list.filter((_, e) => st.ents.alive[e] !== 1).map((e) => e.id)
  if (destroyed.length > 0) out.destroyed = destroyed
  return out
}

type AttrRecord = Readonly<Record<string, number>>

/** A writer's files after the initial facts of a world (see the SnapshotWriter constructor). */
interface WriterStart {
  readonly seen: number
  readonly atoms: readonly (readonly string[] | undefined)[]
  readonly sorted: number[]
  readonly loose: readonly number[]
}

const writerStarts = new WeakMap<CompiledWorld, WriterStart>()

/**
 * Writes the snapshot data of one engine's states (one fact table), frozen so that parts
 * which did not change can be shared between snapshots instead of written again: the atom of
 * a fact of static entities is made once per fact id, an entity's attribute record once per
 * set of values, the created and destroyed lists once per entity set. Same data as
 * `stateData`, key order included.
 */
export class SnapshotWriter {
  /** Frozen atom per fact id, for base facts whose entities are all static. */
  private atoms: (readonly string[] | undefined)[] = []
  /** Those fact ids in atom order (the order of `facts` in the data). */
  private sorted: number[] = []
  /** Ids of base facts that name a created entity: their atoms are written each time. */
  private loose: number[] = []
  /** Fact ids below this were sorted into `sorted` or `loose` (or are derived). */
  private seen = 0
  /** Per static entity: the values its cached record was made of, then the record. */
  private readonly values: (Float64Array | undefined)[] = []
  private readonly records: (AttrRecord | undefined)[] = []
  /** The last attribute map written, the values and entity set it was written of. */
  private lastAttrs: Readonly<Record<string, AttrRecord>> | null = null
  private lastValues: Float64Array | null = null
  private lastEnts: EntitySet | null = null
  private createdFor: readonly EntityInfo[] | null = null
  private created: readonly CreatedEntity[] | undefined
  private destroyedFor: EntitySet | null = null
  private destroyed: readonly string[] | undefined
  /** Facts of the engine's initial state, filed per world at the first snapshot (or 0). */
  private startSize: number

  /**
   * `start`: the engine's initial state, made by `newInitialState`. Every engine of a world
   * starts on a copy of one fact table, so the facts interned by then have the same ids in
   * each: they are filed once per world, and a writer takes a copy of that at its first
   * snapshot (an engine may take none).
   */
  constructor(
    private readonly world: CompiledWorld,
    start?: State,
  ) {
    this.startSize = start === undefined ? 0 : start.table.size
  }

  /** Takes the files of the initial facts from the world's, or files them for the world. */
  private seed(st: State): void {
    const size = this.startSize
    this.startSize = 0
    const known = writerStarts.get(this.world)
    if (known === undefined || known.seen !== size) {
      this.sortNewFacts(st, size)
      writerStarts.set(this.world, {
        seen: this.seen,
        atoms: this.atoms.slice(),
        sorted: this.sorted,
        loose: this.loose.slice(),
      })
      return
    }
    this.atoms = known.atoms.slice()
    // Replaced, never changed in place (see sortNewFacts).
    this.sorted = known.sorted
    this.loose = known.loose.slice()
    this.seen = known.seen
  }

  data(st: State): WorldStateData {
    const world = this.world
    const ents = st.ents
    const list = ents.list
    const statics = ents.staticCount
    if (this.startSize > 0 && this.seen === 0) this.seed(st)
    this.sortNewFacts(st)
    const on = st.facts
    const n = on.length
    const facts: (readonly string[])[] = []
    const sorted = this.sorted
    for (let i = 0; i < sorted.length; i++) {
      const id = sorted[i]!
      if (id < n && on[id] === 1) facts.push(this.atoms[id]!)
    }
    if (this.loose.length > 0) this.addLoose(st, facts)
    const out: { -readonly [K in keyof WorldStateData]: WorldStateData[K] } = {
      facts: Object.freeze(facts),
    }
    if (st.nAttrs > 0) out.attrs = this.attrs(st)
    if (list.length > statics) {
      if (this.createdFor !== list) {
        this.createdFor = list
        this.created = Object.freeze(
          list.slice(statics).map((e) =>
            Object.freeze({
              id: e.id,
              type: world.types[e.type]!.name,
              name: e.name,
              number: e.number ?? null,
              article: e.article,
            }),
          ),
        )
      }
      out.created = this.created
    }
    if (this.destroyedFor !== ents) {
      this.destroyedFor = ents
      const destroyed = list.filter((_, e) => ents.alive[e] !== 1).map((e) => e.id)
      this.destroyed = destroyed.length > 0 ? Object.freeze(destroyed) : undefined
    }
    if (this.destroyed !== undefined) out.destroyed = this.destroyed
    return out
  }

  /** Files the facts interned since the last call: derived ones are left out. */
  private sortNewFacts(st: State, upTo = st.table.size): void {
    const { table } = st
    const size = upTo
    if (this.seen === size) return
    const world = this.world
    const statics = world.entities.length
    const fresh: number[] = []
    for (let id = this.seen; id < size; id++) {
      const pred = table.pred[id]!
      if (world.derivedPreds.has(pred)) continue
      const args = table.args[id]!
      let shared = true
      for (let i = 0; i < args.length; i++) if (args[i]! >= statics) shared = false
      // A created entity's id can differ between states (see stateFromData): not cached.
      if (!shared) {
        this.loose.push(id)
        continue
      }
      const atom = [world.predicates[pred]!.name]
      for (let i = 0; i < args.length; i++) atom.push(world.entities[args[i]!]!.id)
      this.atoms[id] = Object.freeze(atom)
      fresh.push(id)
    }
    this.seen = size
    if (fresh.length === 0) return
    // The atoms' order (compareAtoms) by ranks: predicate names and static entity ids are
    // distinct, so comparing their ranks orders as comparing the strings does, and every
    // fact of a predicate has its arity. Ranks are numbers: much cheaper to compare.
    const { pred: predRank, entity: entityRank } = atomRanks(world)
    const byAtom = (a: number, b: number) => {
      const d = predRank[table.pred[a]!]! - predRank[table.pred[b]!]!
      if (d !== 0) return d
      const x = table.args[a]!
      const y = table.args[b]!
      for (let i = 0; i < x.length; i++) {
        const e = entityRank[x[i]!]! - entityRank[y[i]!]!
        if (e !== 0) return e
      }
      return 0
    }
    fresh.sort(byAtom)
    this.sorted = mergeSorted(this.sorted, fresh, byAtom)
  }

  /** Merges the true facts that name created entities into `facts` (sorted). */
  private addLoose(st: State, facts: (readonly string[])[]): void {
    const { table } = st
    const list = st.ents.list
    const extra: (readonly string[])[] = []
    for (const id of this.loose) {
      if (st.facts[id] !== 1) continue
      const atom = [this.world.predicates[table.pred[id]!]!.name]
      for (const a of table.args[id]!) atom.push(list[a]!.id)
      extra.push(Object.freeze(atom))
    }
    if (extra.length === 0) return
    extra.sort(compareAtoms)
    const merged = mergeSorted(facts, extra, compareAtoms)
    facts.length = 0
    for (const atom of merged) facts.push(atom)
  }

  private attrs(st: State): Readonly<Record<string, AttrRecord>> {
    const names = this.world.attributes
    const n = st.nAttrs
    const ents = st.ents
    const now = st.attrs
    const lastValues = this.lastValues
    // The same entities with the same values: the map written last is this one.
    if (this.lastAttrs !== null && ents === this.lastEnts && sameValues(lastValues!, now))
      return this.lastAttrs
    // Another engine of the world may have written these values already (each starts from
    // the same state, and a lab episode's engines walk the same few states): its map is this
    // one, and building a map of some 30 entity keys afresh costs tens of microseconds.
    let recent = recentAttrs.get(this.world)
    if (recent === undefined) {
      recent = []
      recentAttrs.set(this.world, recent)
    }
    for (let i = recent.length - 1; i >= 0; i--) {
      const r = recent[i]!
      if (r.ents === ents && sameValues(r.values, now)) {
        this.lastAttrs = r.attrs
        this.lastValues = r.values
        this.lastEnts = ents
        return r.attrs
      }
    }
    const { list, alive, staticCount } = ents
    const attrs: Record<string, AttrRecord> = {}
    for (let e = 0; e < list.length; e++) {
      if (alive[e] !== 1) continue
      const base = e * n
      let record = e < staticCount ? this.records[e] : undefined
      if (record !== undefined) {
        const was = this.values[e]!
        for (let a = 0; a < n; a++) {
          if (!sameValue(was[a]!, now[base + a]!)) {
            record = undefined
            break
          }
        }
      }
      if (record === undefined) {
        const values: Record<string, number> = {}
        for (let a = 0; a < n; a++) values[names[a]!.name] = now[base + a]!
        record = Object.freeze(values)
        if (e < staticCount) {
          this.records[e] = record
          this.values[e] = now.slice(base, base + n)
        }
      }
      attrs[list[e]!.id] = record
    }
    this.lastAttrs = Object.freeze(attrs)
    this.lastValues = now.slice()
    this.lastEnts = ents
    if (recent.length >= RECENT_ATTRS) recent.shift()
    recent.push({ ents, values: this.lastValues, attrs: this.lastAttrs })
    return this.lastAttrs
  }
}

/** Attribute maps written, the values and entity set of each (never changed once written). */
interface WrittenAttrs {
  readonly ents: EntitySet
  readonly values: Float64Array
  readonly attrs: Readonly<Record<string, AttrRecord>>
}

/** The last attribute maps written per world, by any of its engines: newest last. */
const recentAttrs = new WeakMap<CompiledWorld, WrittenAttrs[]>()
const RECENT_ATTRS = 8

/** `Object.is` for numbers: -0 and 0 differ (they print alike, but a record keeps its own). */
function sameValue(a: number, b: number): boolean {
  return a === b ? a !== 0 || 1 / a === 1 / b : Number.isNaN(a) && Number.isNaN(b)
}

function sameValues(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (!sameValue(a[i]!, b[i]!)) return false
  return true
}

/** Per world: the rank of each predicate's name and each static entity's id, sorted as strings. */
interface AtomRanks {
  readonly pred: Int32Array
  readonly entity: Int32Array
}

const atomRankCache = new WeakMap<CompiledWorld, AtomRanks>()

function atomRanks(world: CompiledWorld): AtomRanks {
  let ranks = atomRankCache.get(world)
  if (ranks === undefined) {
    ranks = {
      pred: rankOf(world.predicates.map((p) => p.name)),
      entity: rankOf(world.entities.map((e) => e.id)),
    }
    atomRankCache.set(world, ranks)
  }
  return ranks
}

/** Each string's position in the list sorted (`<`, as compareAtoms compares). */
function rankOf(names: readonly string[]): Int32Array {
  const order = names.map((_, i) => i)
  order.sort((a, b) => (names[a]! < names[b]! ? -1 : names[a]! > names[b]! ? 1 : a - b))
  const rank = new Int32Array(names.length)
  for (let r = 0; r < order.length; r++) rank[order[r]!] = r
  return rank
}

/** Two sorted lists as one sorted list (ties: `a` first). */
function mergeSorted<T>(a: readonly T[], b: readonly T[], compare: (x: T, y: T) => number): T[] {
  const out: T[] = []
  let i = 0
  let j = 0
  while (i < a.length && j < b.length) out.push(compare(a[i]!, b[j]!) <= 0 ? a[i++]! : b[j++]!)
  while (i < a.length) out.push(a[i++]!)
  while (j < b.length) out.push(b[j++]!)
  return out
}

function sameEntities(ents: EntitySet, list: readonly EntityInfo[], alive: Uint8Array): boolean {
  if (ents.list.length !== list.length) return false
  for (let e = 0; e < list.length; e++) {
    const a = ents.list[e]!
    const b = list[e]!
    if (ents.alive[e] !== alive[e]) return false
    if (a === b) continue
    if (a.id !== b.id || a.type !== b.type || a.name !== b.name || a.number !== b.number)
      return false
    if (a.article !== b.article || a.display !== b.display || a.aliases.length !== 0) return false
  }
  return true
}

function compareAtoms(a: readonly string[], b: readonly string[]): number {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    if (a[i]! < b[i]!) return -1
    if (a[i]! > b[i]!) return 1
  }
  return a.length - b.length
}

const bad = (why: string) =>
  new RefineryError('invalid_input', `Not a snapshot of this world: ${why}.`, {
    hint: 'Pass a value that snapshot() returned for the same world.',
  })

/**
 * Rebuilds a state from snapshot data (derived facts recomputed). When its entities are those
 * of `like`, the state takes that entity set, and with it the caches kept on it.
 */
export function stateFromData(
  world: CompiledWorld,
  table: FactTable,
  data: WorldStateData,
  like?: EntitySet,
): State {
  if (!Array.isArray(data?.facts)) throw bad('facts are missing')
  const list: EntityInfo[] = [...world.entities]
  const index = new Map<string, number>(world.entityIndex)
  for (const c of data.created ?? []) {
    const type = world.typeIndex.get(c.type)
    if (type === undefined) throw bad(`unknown type '${c.type}'`)
    index.set(c.id, list.length)
    const number = c.number ?? undefined
    list.push({
      id: c.id,
      type,
      name: c.name,
      number,
      article: c.article,
      aliases: [],
      display: number === undefined ? c.name : `${c.name} ${number}`,
    })
  }
  const alive = new Uint8Array(list.length).fill(1)
  for (const id of data.destroyed ?? []) {
    const e = index.get(id)
    if (e === undefined) throw bad(`unknown entity '${id}'`)
    alive[e] = 0
  }
  const unchanged = list.length === world.entities.length && !alive.includes(0)
  const ents = unchanged
    ? staticEntities(world)
    : like !== undefined && sameEntities(like, list, alive)
      ? like
      : new EntitySet(list, alive, world.subtype, world.types.length, world.entities.length)
  const n = world.attributes.length
  const attrs = new Float64Array(list.length * n)
  attrs.set(world.initialAttrs)
  for (let e = world.entities.length; e < list.length; e++)
    attrs.set(world.createContext.attrDefaults, e * n)
  for (const [id, values] of Object.entries(data.attrs ?? {})) {
    const e = index.get(id)
    if (e === undefined) throw bad(`unknown entity '${id}'`)
    for (const [name, value] of Object.entries(values)) {
      const a = world.attributeIndex.get(name)
      if (a === undefined || typeof value !== 'number') throw bad(`bad attribute '${name}'`)
      attrs[e * n + a] = value
    }
  }
  const st = new State(table, new Uint8Array(Math.max(64, table.size)), attrs, ents, n)
  const args: number[] = []
  for (const atom of data.facts) {
    const pred = world.predicateIndex.get(atom[0] ?? '')
    if (pred === undefined) throw bad(`unknown predicate '${atom[0]}'`)
    args.length = 0
    for (let i = 1; i < atom.length; i++) {
      const e = index.get(atom[i]!)
      if (e === undefined) throw bad(`unknown entity '${atom[i]}'`)
      args.push(e)
    }
    st.set(table.intern(pred, args), 1)
  }
  recomputeDerived(world, st, new Int32Array(world.envSize))
  return st
}
