import { RefineryError } from '@refinery/core'
import type { WorldEngine } from '@refinery/world'
import type { Blueprint, ContainerPlan, Direction, PersonPlan } from './blueprint'
import { dirId, worldFacts } from './world'

/** Steps the solver may take before it gives up (the largest test world needs about 60). */
const MAX_PLAN = 400

/**
 * An expert plan from the engine's current state, worked out from the blueprint's puzzle
 * structure: to get an item, fetch what opens its container or wins over who holds it; to
 * reach a room, walk the tree and open what is in the way; light a dark room before looking
 * for things in it. The engine is read, never stepped: each step is checked and played on a
 * copy of the state's facts with the world's checks and effects for the solver's verbs (the
 * engine would also render every reply, which a plan never shows). It throws when a step's
 * check fails or the goal is out of reach (the caller falls back to the planner).
 */
export function solve(engine: WorldEngine, b: Blueprint): string[] {
  const plan = play(Model.read(engine, b), (schema, args) => engine.surface(schema, args))
  if (plan === null)
    throw new RefineryError(
      'unsolvable',
      `The adventure solver found no plan for '${engine.world.id}'.`,
    )
  return plan
}

/**
 * The number of steps of the solver's plan from a blueprint's first state, without building
 * its world; null when the solver finds none within `limit` steps (default 400). A family that
 * only asks whether a plan fits a length passes it as the limit: longer plans are not played
 * to their end.
 */
export function planLength(b: Blueprint, limit = MAX_PLAN): number | null {
  try {
    return play(Model.start(b), () => '', limit)?.length ?? null
  } catch {
    return null
  }
}

/**
 * The solver's steps played on `model` till the goal, in the words of `say`; null if none
 * within `limit` steps.
 */
function play(
  model: Model,
  say: (schema: string, args: string[]) => string,
  limit = MAX_PLAN,
): string[] | null {
  const out: string[] = []
  for (let n = 0; n < Math.min(limit, MAX_PLAN) && !model.success; n++) {
    const next = model.next()
    if (!next) break
    const [schema, ...args] = next as [string, ...string[]]
    const text = say(schema, args)
    const failed = model.play(schema, args)
    if (failed !== null)
      throw new RefineryError('internal', `The adventure solver's step '${text}' failed: ${failed}`)
    out.push(text)
  }
  return model.success ? out : null
}

type Call = string[]

/** Null when `ok`, else why not (a check's answer). Defined once: a closure per check cost. */
function need(ok: boolean, why: string): string | null {
  return ok ? null : why
}

/** One move on a tree path, with what may stand in its way there (found once per blueprint). */
interface Move {
  from: string
  dir: Direction
  /** The door at this side of the exit, as `doorAt` finds it. */
  door: string | undefined
  /** Who may block this exit, each with the fact that says so while they do. */
  guards: readonly { person: PersonPlan; blocks: string }[]
}

/** What the solver looks up in a blueprint, indexed once per blueprint (blueprints are frozen). */
interface BlueprintIndex {
  links: ReadonlyMap<string, readonly { dir: Direction; to: string }[]>
  /** `room dir` → the door there. */
  doors: ReadonlyMap<string, string>
  /** Door or container → the key that opens it. */
  keys: ReadonlyMap<string, string>
  people: ReadonlyMap<string, PersonPlan>
  containers: ReadonlyMap<string, ContainerPlan>
  /** Entities of type item (keys and lamps among them), and of type lamp. */
  items: ReadonlySet<string>
  lamps: readonly string[]
  /** `room dir` (a direction's entity id) → every door there (doorways never change). */
  doorways: ReadonlyMap<string, readonly string[]>
  /** Door → the rooms it stands in. */
  doorRooms: ReadonlyMap<string, ReadonlySet<string>>
  /** `from to` → the moves on the tree path between them, found once. */
  paths: Map<string, readonly Move[]>
  /** `room dir` (a direction's entity id) → the room the first exit there leads to. */
  exitTo: ReadonlyMap<string, string>
  /** Each person's `blocks` fact up to the room: `blocks <id> `, in the blueprint's order. */
  blockPrefixes: readonly string[]
  /** Each container's `in` facts up to the place: `in <id> `, in the index's order. */
  inPrefixes: readonly { id: string; prefix: string }[]
  /** Room → the breadth-first search tree from it: room → the move that first reached it. */
  searches: Map<string, ReadonlyMap<string, { from: string; dir: Direction }>>
}

const indexes = new WeakMap<Blueprint, BlueprintIndex>()

/**
 * The blueprint's index, kept for the next call when `keep`: a family measures every world it
 * draws (see planLength) and keeps the blueprints, while only the worlds played need it again.
 */
function indexOf(b: Blueprint, keep = true): BlueprintIndex {
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
  const items = new Set(b.items.map((i) => i.id))
  const lamps = b.items.filter((i) => i.kind === 'lamp').map((i) => i.id)
  const doorways = new Map<string, string[]>()
  const doorRooms = new Map<string, Set<string>>()
  for (const d of b.doors)
    for (const side of d.sides) {
      const key = `${side.room} ${dirId(side.dir)}`
      doorways.set(key, [...(doorways.get(key) ?? []), d.id])
      doorRooms.set(d.id, (doorRooms.get(d.id) ?? new Set()).add(side.room))
    }
  // The first link in a room's list that goes in a direction wins, as `find` over it would.
  const exitTo = new Map<string, string>()
  for (const [from, list] of links)
    for (const link of list) {
      const key = `${from} ${dirId(link.dir)}`
      if (!exitTo.has(key)) exitTo.set(key, link.to)
    }
  index = {
    links,
    doors,
    keys,
    people,
    containers,
    items,
    lamps,
    doorways,
    doorRooms,
    paths: new Map(),
    exitTo,
    blockPrefixes: b.people.map((p) => `blocks ${p.id} `),
    inPrefixes: [...containers.keys()].map((id) => ({ id, prefix: `in ${id} ` })),
    searches: new Map(),
  }
  if (keep) indexes.set(b, index)
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

/**
 * The world's state read through the blueprint, played on by the solver, and the next step
 * towards the goal. It keeps the facts the world is made of (derived ones left out) and the
 * engine's counters, and plays the solver's verbs as the world's action schemas do (see
 * actions.ts): their checks in order, then their effects, each read in the state before it.
 */
class Model {
  /** The true facts (derived ones left out) as `pred arg arg`. */
  private readonly facts = new Set<string>()
  /** `in` facts: thing → the places it is in. */
  private readonly places = new Map<string, string[]>()
  private here = ''
  private readonly links: BlueprintIndex['links']
  private steps: number
  private done: boolean
  private readonly maxSteps: number | undefined
  success: boolean

  private constructor(
    private readonly b: Blueprint,
    private readonly index: BlueprintIndex,
    counters: { steps: number; done: boolean; success: boolean; maxSteps: number | undefined },
    read: (model: Model) => void,
  ) {
    read(this)
    this.here = this.room()
    this.links = index.links
    this.steps = counters.steps
    this.done = counters.done
    this.success = counters.success
    this.maxSteps = counters.maxSteps
  }

  /** The engine's state and counters. */
  static read(engine: WorldEngine, b: Blueprint): Model {
    const world = engine.world
    return new Model(
      b,
      indexOf(b),
      { steps: engine.steps, done: engine.done, success: engine.success, maxSteps: world.maxSteps },
      (model) => {
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
          model.facts.add(atom)
          const place = atoms.place[id]
          if (place !== undefined) model.addPlace(place[0], place[1])
        }
      },
    )
  }

  /** The first state of a blueprint's world, with no step limit. */
  static start(b: Blueprint): Model {
    return new Model(
      b,
      indexOf(b, false),
      { steps: 0, done: false, success: false, maxSteps: undefined },
      (model) => {
        for (const fact of worldFacts(b)) {
          model.facts.add(fact.join(' '))
          if (fact[0] === 'in') model.addPlace(fact[1]!, fact[2]!)
        }
      },
    )
  }

  /**
   * Plays a call as the engine would: null when it is done, or why it was refused (the engine
   * would have refused it too, so the plan is no good).
   */
  play(schema: string, args: readonly string[]): string | null {
    if (this.done) return 'the episode is over'
    const failed = this.check(schema, args)
    if (failed !== null) return failed
    this.apply(schema, args)
    this.steps++
    if (this.reached()) {
      this.success = true
      this.done = true
    } else if (this.maxSteps !== undefined && this.steps >= this.maxSteps) this.done = true
    return null
  }

  /** The first of the action's checks that fails, as a short reason; null when all pass. */
  private check(schema: string, args: readonly string[]): string | null {
    const [x = '', y = ''] = args
    switch (schema) {
      case 'go':
        return (
          need(this.exitTo(x) !== undefined, 'no exit') ??
          need(
            !this.doorsAt(this.here, x).some((d) => this.facts.has(`closed ${d}`)),
            'door closed',
          ) ??
          need(!this.blocked(x), 'blocked')
        )
      case 'take':
        return (
          need(this.visible(x), 'not in view') ??
          need(this.index.items.has(x), 'not an item') ??
          need(!this.facts.has(`held ${x}`), 'held already')
        )
      case 'put':
        return (
          need(this.visible(x), 'not in view') ??
          need(this.visible(y), 'not in view') ??
          need(this.facts.has(`held ${x}`), 'not held') ??
          need(this.index.containers.has(y), 'not a container') ??
          need(!this.facts.has(`closed ${y}`), 'closed')
        )
      case 'open':
        return (
          need(this.visible(x), 'not in view') ??
          need(this.facts.has(`openable ${x}`), 'not openable') ??
          need(this.facts.has(`closed ${x}`), 'open already') ??
          need(!this.facts.has(`locked ${x}`), 'locked')
        )
      case 'unlock':
        return (
          need(this.visible(x), 'not in view') ??
          need(this.visible(y), 'not in view') ??
          need(this.facts.has(`lockable ${x}`), 'not lockable') ??
          need(this.facts.has(`locked ${x}`), 'unlocked already') ??
          need(this.facts.has(`held ${y}`), 'key not held') ??
          need(this.facts.has(`fits ${y} ${x}`), 'key does not fit')
        )
      case 'turn_on':
        return (
          need(this.visible(x), 'not in view') ??
          need(this.index.lamps.includes(x), 'not a lamp') ??
          need(!this.facts.has(`on ${x}`), 'on already')
        )
      case 'give':
        return (
          need(this.visible(x), 'not in view') ??
          need(this.visible(y), 'not in view') ??
          need(this.facts.has(`held ${x}`), 'not held') ??
          need(this.facts.has(`wants ${y} ${x}`), 'not wanted')
        )
      default:
        return `no verb '${schema}'`
    }
  }

  private apply(schema: string, args: readonly string[]): void {
    const [x = '', y = ''] = args
    switch (schema) {
      case 'go': {
        const to = this.exitTo(x)!
        this.facts.delete(`at ${this.here}`)
        this.facts.add(`at ${to}`)
        this.here = this.room()
        return
      }
      case 'take':
        this.unplace(x)
        this.facts.add(`held ${x}`)
        return
      case 'put':
        this.facts.delete(`held ${x}`)
        this.place(x, y)
        return
      case 'open':
        this.facts.delete(`closed ${x}`)
        return
      case 'unlock':
        this.facts.delete(`locked ${x}`)
        return
      case 'turn_on':
        this.facts.add(`on ${x}`)
        return
      case 'give': {
        // What the person held before is handed over; the gift stays with them.
        const rewards = [...this.places.entries()]
          .filter(([, at]) => at.includes(y))
          .map(([thing]) => thing)
        this.facts.delete(`held ${x}`)
        this.place(x, y)
        this.facts.delete(`wants ${y} ${x}`)
        this.facts.add(`satisfied ${y}`)
        // A guard blocks one exit, as the blueprint says, until won over.
        const guard = this.index.people.get(y)
        if (guard?.blocks) this.facts.delete(`blocks ${y} ${guard.room} ${dirId(guard.blocks)}`)
        for (const r of rewards) {
          this.facts.delete(`in ${r} ${y}`)
          const left = this.places.get(r)!.filter((at) => at !== y)
          if (left.length > 0) this.places.set(r, left)
          else this.places.delete(r)
          this.facts.add(`held ${r}`)
        }
        return
      }
    }
  }

  /** The goal's condition (see successCondition in world.ts). */
  private reached(): boolean {
    const { kind, treasure, target } = this.b.goal
    if (kind === 'put') return this.facts.has(`in ${treasure} ${target}`)
    if (kind === 'give') return this.facts.has(`satisfied ${target}`)
    return this.facts.has(`held ${treasure}`)
  }

  /** The room the player is in: the first in the blueprint's order. */
  private room(): string {
    for (const r of this.b.rooms) if (this.facts.has(`at ${r.id}`)) return r.id
    // As `find(...)!.id` did: no room held the player.
    throw new TypeError("Cannot read properties of undefined (reading 'id')")
  }

  private exitTo(dir: string): string | undefined {
    // Exits never change: the blueprint's are the world's.
    return this.index.exitTo.get(`${this.here} ${dir}`)
  }

  private doorsAt(room: string, dir: string): readonly string[] {
    return this.index.doorways.get(`${room} ${dir}`) ?? []
  }

  private blocked(dir: string): boolean {
    const rest = `${this.here} ${dir}`
    for (const prefix of this.index.blockPrefixes) if (this.facts.has(prefix + rest)) return true
    return false
  }

  /** The world's derived `lit`: not dark, or a lamp switched on held or lying there. */
  private lit(room: string): boolean {
    if (!this.facts.has(`dark ${room}`)) return true
    for (const l of this.index.lamps)
      if (
        this.facts.has(`on ${l}`) &&
        (this.facts.has(`held ${l}`) || this.facts.has(`in ${l} ${room}`))
      )
        return true
    return false
  }

  /**
   * The world's derived `visible`: held, or in the lit room, in an open container there, or
   * a door of it.
   */
  private visible(x: string): boolean {
    if (this.facts.has(`held ${x}`)) return true
    const room = this.here
    if (!this.lit(room)) return false
    if (this.facts.has(`in ${x} ${room}`)) return true
    for (const { id, prefix } of this.index.inPrefixes)
      if (
        this.facts.has(prefix + room) &&
        !this.facts.has(`closed ${id}`) &&
        this.facts.has(`in ${x} ${id}`)
      )
        return true
    return this.index.doorRooms.get(x)?.has(room) === true
  }

  private addPlace(thing: string, at: string): void {
    const known = this.places.get(thing)
    if (known === undefined) this.places.set(thing, [at])
    else if (!known.includes(at)) known.push(at)
  }

  private place(thing: string, at: string): void {
    this.facts.add(`in ${thing} ${at}`)
    this.addPlace(thing, at)
  }

  private unplace(thing: string): void {
    for (const at of this.places.get(thing) ?? []) this.facts.delete(`in ${thing} ${at}`)
    this.places.delete(thing)
  }

  next(): Call | null {
    const { kind, treasure, target } = this.b.goal
    const got = this.get(treasure)
    if (got || kind === 'find') return got
    if (kind === 'put') return this.goTo(this.b.rooms[0]!.id) ?? ['put', treasure, target!]
    const patron = this.b.people.find((p) => p.id === target)!
    return this.goTo(patron.room) ?? ['give', treasure, patron.id]
  }

  /** Where an item lies: a room, a container or a person. */
  private where(item: string): string | undefined {
    // The first `in` fact of a thing in sorted order, as a scan of sorted facts finds it.
    let first: string | undefined
    for (const at of this.places.get(item) ?? []) if (first === undefined || at < first) first = at
    return first
  }

  /** The next step towards holding `item`, or null when it is held. */
  private get(item: string): Call | null {
    if (this.facts.has(`held ${item}`)) return null
    const at = this.where(item)
    const person = at === undefined ? undefined : this.index.people.get(at)
    if (person) return this.satisfy(person.id)
    const box = at === undefined ? undefined : this.index.containers.get(at)
    const room = box ? box.room : at!
    // Fetch the lamp before walking into the dark, not after.
    const lamp = this.b.lamp && this.facts.has(`dark ${room}`) ? this.get(this.b.lamp) : null
    if (lamp) return lamp
    if (box && this.facts.has(`locked ${box.id}`)) return this.unlock(box.id, room)
    if (box && this.facts.has(`closed ${box.id}`))
      return this.goTo(room) ?? this.light(room) ?? ['open', box.id]
    return this.goTo(room) ?? this.light(room) ?? ['take', item]
  }

  private unlock(thing: string, room: string): Call | null {
    const key = this.index.keys.get(thing)!
    return this.get(key) ?? this.goTo(room) ?? this.light(room) ?? ['unlock', thing, key]
  }

  private satisfy(person: string): Call | null {
    if (this.facts.has(`satisfied ${person}`)) return null
    const p = this.index.people.get(person)!
    return this.get(p.wants!) ?? this.goTo(p.room) ?? ['give', p.wants!, p.id]
  }

  /** Light for a dark room: the lamp held and switched on. */
  private light(room: string): Call | null {
    const lamp = this.b.lamp
    if (!this.facts.has(`dark ${room}`) || !lamp) return null
    if (
      this.facts.has(`on ${lamp}`) &&
      (this.facts.has(`held ${lamp}`) || this.facts.has(`in ${lamp} ${room}`))
    )
      return null
    return this.get(lamp) ?? (this.facts.has(`on ${lamp}`) ? null : ['turn_on', lamp])
  }

  /**
   * The next step towards `room`: first fetch what every obstacle on the way needs (so the
   * walk is not undone half-way), then open or win over what stands at the next exit, then move.
   */
  private goTo(room: string): Call | null {
    if (this.here === room) return null
    const path = this.path(room)
    for (const step of path) {
      const door = step.door
      if (door && this.facts.has(`locked ${door}`)) {
        const fetch = this.get(this.index.keys.get(door)!)
        if (fetch) return fetch
      }
      const guard = this.guardAt(step)
      if (guard) {
        const fetch = this.get(guard.wants!)
        if (fetch) return fetch
      }
    }
    const step = path[0]!
    const door = step.door
    if (door && this.facts.has(`locked ${door}`)) return this.unlock(door, this.here)
    if (door && this.facts.has(`closed ${door}`)) return ['open', door]
    const guard = this.guardAt(step)
    if (guard) return this.satisfy(guard.id)
    return ['go', dirId(step.dir)]
  }

  /** The first person in the blueprint's order who blocks the move now. */
  private guardAt(step: Move): PersonPlan | undefined {
    for (const g of step.guards) if (this.facts.has(g.blocks)) return g.person
    return undefined
  }

  /** The moves on the tree path from here to `room`. */
  private path(room: string): readonly Move[] {
    const key = `${this.here} ${room}`
    const known = this.index.paths.get(key)
    if (known) return known
    const back = this.search(this.here)
    const out: Move[] = []
    for (let r = room; r !== this.here; ) {
      const step = back.get(r)
      if (!step) throw new RefineryError('internal', `No way to ${room}.`)
      const { from, dir } = step
      const guards: { person: PersonPlan; blocks: string }[] = []
      for (const person of this.b.people)
        if (person.blocks === dir && person.room === from)
          guards.push({ person, blocks: `blocks ${person.id} ${from} ${dirId(dir)}` })
      out.push({ from, dir, door: this.index.doors.get(`${from} ${dir}`), guards })
      r = from
    }
    // Found walking back from the room: the first move is the last found.
    out.reverse()
    this.index.paths.set(key, out)
    return out
  }

  /** The breadth-first search from `start` over the exits, kept: the plan walks from few rooms. */
  private search(start: string): ReadonlyMap<string, { from: string; dir: Direction }> {
    const known = this.index.searches.get(start)
    if (known) return known
    const back = new Map<string, { from: string; dir: Direction }>()
    const queue = [start]
    const seen = new Set(queue)
    for (let at = 0; at < queue.length; at++) {
      const r = queue[at]!
      for (const link of this.links.get(r) ?? []) {
        if (seen.has(link.to)) continue
        seen.add(link.to)
        back.set(link.to, { from: r, dir: link.dir })
        queue.push(link.to)
      }
    }
    this.index.searches.set(start, back)
    return back
  }
}
