import { RefineryError } from '@refinery/core'
import type { WorldEngine } from '@refinery/world'
import type { Blueprint, ContainerPlan, Direction, PersonPlan } from './blueprint'
import { dirId } from './world'

/** Steps the solver may take before it gives up (the largest test world needs about 60). */
const MAX_PLAN = 400

/**
 * An expert plan from the engine's current state, worked out from the blueprint's puzzle
 * structure: to get an item, fetch what opens its container or wins over who holds it; to
 * reach a room, walk the tree and open what is in the way; light a dark room before looking
 * for things in it. Each step is played on the engine, so the plan is checked as it is made;
 * it throws when the state leaves the goal out of reach (the caller falls back to the planner).
 */
export function solve(engine: WorldEngine, b: Blueprint): string[] {
  const out: string[] = []
  const index = indexOf(b)
  for (let n = 0; n < MAX_PLAN && !engine.success; n++) {
    const next = new View(engine, b, index).next()
    if (!next) break
    const [schema, ...args] = next as [string, ...string[]]
    const text = engine.surface(schema, args)
    const result = engine.step({ schema, args })
    if (result.status !== 'ok')
      throw new RefineryError(
        'internal',
        `The adventure solver's step '${text}' failed: ${result.observation}`,
      )
    out.push(text)
  }
  if (!engine.success)
    throw new RefineryError(
      'unsolvable',
      `The adventure solver found no plan for '${engine.world.id}'.`,
    )
  return out
}

type Call = string[]

/** What the solver looks up in a blueprint, indexed once per blueprint (blueprints are frozen). */
interface BlueprintIndex {
  links: ReadonlyMap<string, readonly { dir: Direction; to: string }[]>
  /** `room dir` → the door there. */
  doors: ReadonlyMap<string, string>
  /** Door or container → the key that opens it. */
  keys: ReadonlyMap<string, string>
  people: ReadonlyMap<string, PersonPlan>
  containers: ReadonlyMap<string, ContainerPlan>
}

const indexes = new WeakMap<Blueprint, BlueprintIndex>()

function indexOf(b: Blueprint): BlueprintIndex {
  let index = indexes.get(b)
  if (index) return index
  const links = new Map<string, { dir: Direction; to: string }[]>()
  for (const e of b.exits) {
    const list = links.get(e.from) ?? []
    list.push({ dir: e.dir, to: e.to })
    links.set(e.from, list)
  }
  const doors = new Map<string, string>()
  // The first door listed at a side wins, as a search of the list in order finds it.
  for (const d of b.doors)
    for (const side of d.sides) {
      const key = `${side.room} ${side.dir}`
      if (!doors.has(key)) doors.set(key, d.id)
    }
  const keys = new Map<string, string>()
  for (const i of b.items) if (i.opens !== undefined && !keys.has(i.opens)) keys.set(i.opens, i.id)
  const people = new Map<string, PersonPlan>()
  for (const p of b.people) if (!people.has(p.id)) people.set(p.id, p)
  const containers = new Map<string, ContainerPlan>()
  for (const c of b.containers) if (!containers.has(c.id)) containers.set(c.id, c)
  index = { links, doors, keys, people, containers }
  indexes.set(b, index)
  return index
}

/**
 * Each fact's atom (`pred arg arg`; null for a derived one) and, for an `in` fact, its thing
 * and place, by fact id: an id names one fact of a fact table for good, written with the
 * entity ids of one entity list. A solver's plan reads the state once a step, so the atoms are
 * written once per table instead.
 */
interface Atoms {
  list: WorldEngine['state']['ents']['list']
  atom: (string | null | undefined)[]
  place: ([string, string] | undefined)[]
}
const ATOMS = new WeakMap<object, Atoms>()

function atomsOf(st: WorldEngine['state']): Atoms {
  let atoms = ATOMS.get(st.table)
  if (atoms?.list !== st.ents.list) {
    atoms = { list: st.ents.list, atom: [], place: [] }
    ATOMS.set(st.table, atoms)
  }
  return atoms
}

/** One state of the world read through the blueprint, and the next step towards the goal. */
class View {
  /** The true facts (derived ones left out) as `pred arg arg`. */
  private readonly facts = new Set<string>()
  /** `in` facts: thing → where it is. */
  private readonly places = new Map<string, string>()
  private readonly here: string
  private readonly links: BlueprintIndex['links']

  constructor(
    engine: WorldEngine,
    private readonly b: Blueprint,
    private readonly index: BlueprintIndex,
  ) {
    const world = engine.world
    const st = engine.state
    const atoms = atomsOf(st)
    for (let id = 0; id < st.facts.length; id++) {
      if (st.facts[id] !== 1) continue
      let atom = atoms.atom[id]
      if (atom === undefined) {
        const pred = st.table.pred[id]!
        const args = st.table.args[id]!
        const list = st.ents.list
        atom = world.derivedPreds.has(pred) ? null : world.predicates[pred]!.name
        if (atom !== null) for (const a of args) atom += ` ${list[a]!.id}`
        atoms.atom[id] = atom
        if (atom !== null && world.predicates[pred]!.name === 'in' && args.length === 2)
          atoms.place[id] = [list[args[0]!]!.id, list[args[1]!]!.id]
      }
      if (atom === null) continue
      this.facts.add(atom)
      // The first `in` fact of a thing in sorted order, as a scan of sorted facts finds it.
      const place = atoms.place[id]
      if (place !== undefined) {
        const [thing, at] = place
        const known = this.places.get(thing)
        if (known === undefined || at < known) this.places.set(thing, at)
      }
    }
    this.here = b.rooms.find((r) => this.has('at', r.id))!.id
    this.links = index.links
  }

  next(): Call | null {
    const { kind, treasure, target } = this.b.goal
    const got = this.get(treasure)
    if (got || kind === 'find') return got
    if (kind === 'put') return this.goTo(this.b.rooms[0]!.id) ?? ['put', treasure, target!]
    const patron = this.b.people.find((p) => p.id === target)!
    return this.goTo(patron.room) ?? ['give', treasure, patron.id]
  }

  private has(...atom: string[]): boolean {
    return this.facts.has(atom.join(' '))
  }

  /** Where an item lies: a room, a container or a person. */
  private where(item: string): string | undefined {
    return this.places.get(item)
  }

  /** The next step towards holding `item`, or null when it is held. */
  private get(item: string): Call | null {
    if (this.has('held', item)) return null
    const at = this.where(item)
    const person = at === undefined ? undefined : this.index.people.get(at)
    if (person) return this.satisfy(person.id)
    const box = at === undefined ? undefined : this.index.containers.get(at)
    const room = box ? box.room : at!
    // Fetch the lamp before walking into the dark, not after.
    const lamp = this.b.lamp && this.has('dark', room) ? this.get(this.b.lamp) : null
    if (lamp) return lamp
    if (box && this.has('locked', box.id)) return this.unlock(box.id, room)
    if (box && this.has('closed', box.id))
      return this.goTo(room) ?? this.light(room) ?? ['open', box.id]
    return this.goTo(room) ?? this.light(room) ?? ['take', item]
  }

  private unlock(thing: string, room: string): Call | null {
    const key = this.index.keys.get(thing)!
    return this.get(key) ?? this.goTo(room) ?? this.light(room) ?? ['unlock', thing, key]
  }

  private satisfy(person: string): Call | null {
    if (this.has('satisfied', person)) return null
    const p = this.index.people.get(person)!
    return this.get(p.wants!) ?? this.goTo(p.room) ?? ['give', p.wants!, p.id]
  }

  /** Light for a dark room: the lamp held and switched on. */
  private light(room: string): Call | null {
    const lamp = this.b.lamp
    if (!this.has('dark', room) || !lamp) return null
    if (this.has('on', lamp) && (this.has('held', lamp) || this.has('in', lamp, room))) return null
    return this.get(lamp) ?? (this.has('on', lamp) ? null : ['turn_on', lamp])
  }

  /**
   * The next step towards `room`: first fetch what every obstacle on the way needs (so the
   * walk is not undone half-way), then open or win over what stands at the next exit, then move.
   */
  private goTo(room: string): Call | null {
    if (this.here === room) return null
    const path = this.path(room)
    for (const step of path) {
      const door = this.doorAt(step.from, step.dir)
      if (door && this.has('locked', door)) {
        const fetch = this.get(this.index.keys.get(door)!)
        if (fetch) return fetch
      }
      const guard = this.guardAt(step.from, step.dir)
      if (guard) {
        const fetch = this.get(guard.wants!)
        if (fetch) return fetch
      }
    }
    const step = path[0]!
    const door = this.doorAt(this.here, step.dir)
    if (door && this.has('locked', door)) return this.unlock(door, this.here)
    if (door && this.has('closed', door)) return ['open', door]
    const guard = this.guardAt(this.here, step.dir)
    if (guard) return this.satisfy(guard.id)
    return ['go', dirId(step.dir)]
  }

  private doorAt(room: string, dir: Direction): string | undefined {
    return this.index.doors.get(`${room} ${dir}`)
  }

  private guardAt(room: string, dir: Direction) {
    return this.b.people.find(
      (p) => p.blocks === dir && p.room === room && this.has('blocks', p.id, p.room, dirId(dir)),
    )
  }

  /** The moves on the tree path from here to `room`. */
  private path(room: string): { from: string; dir: Direction }[] {
    const back = new Map<string, { from: string; dir: Direction }>()
    const queue = [this.here]
    const seen = new Set(queue)
    while (queue.length > 0) {
      const r = queue.shift()!
      for (const link of this.links.get(r) ?? []) {
        if (seen.has(link.to)) continue
        seen.add(link.to)
        back.set(link.to, { from: r, dir: link.dir })
        queue.push(link.to)
      }
    }
    const out: { from: string; dir: Direction }[] = []
    for (let r = room; r !== this.here; ) {
      const step = back.get(r)
      if (!step) throw new RefineryError('internal', `No way to ${room}.`)
      out.unshift(step)
      r = step.from
    }
    return out
  }
}
