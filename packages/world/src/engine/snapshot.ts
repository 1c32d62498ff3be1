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

/** Rebuilds a state from snapshot data (derived facts recomputed). */
export function stateFromData(world: CompiledWorld, table: FactTable, data: WorldStateData): State {
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
