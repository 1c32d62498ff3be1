import type { Rng } from '@refinery/core'
import type { Condition, WorldSpec } from '@refinery/world'
import { articleFor } from './dsl'
import type { Verb } from './phrasings'
import type { Theme } from './themes'

export type Process = NonNullable<WorldSpec['processes']>[number]
export type Subgoal = NonNullable<WorldSpec['goal']['subgoals']>[number]

/** Something a mechanic made that has to be somewhere: an item to get or a fixture to reach. */
export interface Need {
  id: string
  kind: 'item' | 'fixture'
}

export type EntityType = 'item' | 'fixture' | 'person' | 'room' | 'value'

/**
 * A step of a goal's solution as its mechanic knows it: hold an item, make one reachable where
 * it lies, be where a thing is, or take an action there. `solve` expands the first three
 * through whatever gates hide the thing.
 */
export type Task =
  | { get: string }
  | { access: string }
  | { at: string }
  | { act: Verb; args: string[] }

/**
 * The world under construction: mechanics add entities, facts, actions, processes and parts
 * of the goal; `generate` turns it into a WorldSpec.
 */
export class WorldBuilder {
  readonly entities: WorldSpec['entities'] = []
  readonly facts: string[][] = []
  readonly verbs = new Set<Verb>()
  readonly processes: Process[] = []
  readonly attributes: WorldSpec['attributes'] = []
  readonly success: Condition[] = []
  readonly subgoals: Subgoal[] = []
  readonly fail: WorldSpec['goal']['fail'] = []
  /** Sentences of the task, in order. */
  readonly goals: string[] = []
  /** Facts the task states (recipes, what a person wants). */
  readonly notes: string[] = []
  readonly rooms: string[] = []
  /** Rooms a gate closed off (dark, behind a door): nothing else is put there. */
  readonly gated = new Set<string>()
  private readonly names = new Set<string>()
  private readonly ids = new Set<string>()
  /** Theme nouns not used yet, per role list. */
  private readonly spare: string[]
  /** Entities no goal needs: the planner leaves them out. */
  readonly distractors = new Set<string>()
  /** The goals' solutions, in the order of `goals`. */
  readonly solution: Task[] = []
  /** The tool that cuts each sealed container open (any cutter would, but not one inside it). */
  readonly cutterOf = new Map<string, string>()
  /** The lamp that lights each dark room. */
  readonly lampOf = new Map<string, string>()
  unit = ''
  quantity = ''
  light = false
  doors = false

  constructor(
    readonly theme: Theme,
    readonly rng: Rng,
  ) {
    this.spare = rng.shuffle(theme.items)
  }

  get hub(): string {
    return this.rooms[0]!
  }

  /** A new entity with a unique display name; returns its id. */
  entity(
    type: EntityType,
    name: string,
    options: {
      article?: string
      number?: number
      aliases?: string[]
      attributes?: Record<string, number>
    } = {},
  ): string {
    const display = options.number === undefined ? name : `${name} ${options.number}`
    let number = options.number
    if (this.names.has(display)) {
      number = 2
      while (this.names.has(`${name} ${number}`)) number++
    }
    this.names.add(number === undefined ? name : `${name} ${number}`)
    let id = idOf(name)
    if (number !== undefined) id = `${id}_${number}`
    while (this.ids.has(id)) id = `${id}_x`
    this.ids.add(id)
    // The optional keys are set in the schema's order rather than spread in: on Node 20 a
    // literal with spreads costs some µs, and a world makes tens of entities.
    const entity: WorldSpec['entities'][number] = { id, type, name }
    if (number !== undefined) entity.number = number
    entity.article = options.article ?? (type === 'person' ? 'the' : articleFor(name))
    if (options.aliases) entity.aliases = options.aliases
    if (options.attributes) entity.attributes = options.attributes
    this.entities.push(entity)
    return id
  }

  fact(...atom: string[]): void {
    this.facts.push(atom)
  }

  use(...verbs: Verb[]): void {
    for (const verb of verbs) this.verbs.add(verb)
    // What opens can be closed again.
    if (this.verbs.has('open')) this.verbs.add('close')
  }

  /** The display name of an entity (for task sentences). */
  name(id: string): string {
    const e = this.entities.find((x) => x.id === id)
    if (!e) throw new RangeError(`no entity ${id}`)
    return e.number === undefined ? e.name : `${e.name} ${e.number}`
  }

  /** A plain theme item not used yet, or undefined when the theme has none left. */
  spareItem(): string | undefined {
    return this.spare.shift()
  }

  /** Adds the next theme room; undefined when the theme has no more. */
  addRoom(): string | undefined {
    const name = this.theme.rooms[this.rooms.length]
    if (name === undefined) return undefined
    const id = this.entity('room', name, { article: 'the' })
    // A star: every room joins the first, so a door on that join closes a room off.
    const hub = this.rooms[0]
    if (hub !== undefined) {
      this.fact('link', hub, id)
      this.fact('link', id, hub)
    }
    this.rooms.push(id)
    return id
  }

  /** A room other than the hub that no gate has closed off yet, adding one if it must. */
  freshRoom(): string | undefined {
    const free = this.rooms.slice(1).filter((r) => !this.gated.has(r) && !this.placed.has(r))
    if (free.length > 0) return this.rng.pick(free)
    return this.addRoom()
  }

  /** Rooms where anything may go. */
  openRooms(): string[] {
    return this.rooms.filter((r) => !this.gated.has(r))
  }

  /** Rooms something was put in explicitly. */
  private readonly placed = new Set<string>()

  place(need: Need, room: string): void {
    this.fact('loc', need.id, room)
    this.placed.add(room)
  }
}

/** Entity ids by name (theme nouns, a few hundred): three regular expressions each, written once. */
const ids = new Map<string, string>()
const MAX_IDS = 4096

/** The id of an entity named `name`, before any number: lower case, words joined by `_`. */
function idOf(name: string): string {
  let id = ids.get(name)
  if (id === undefined) {
    const base = name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '')
    id = /^[a-z]/.test(base) ? base : `e_${base}`
    if (ids.size >= MAX_IDS) ids.clear()
    ids.set(name, id)
  }
  return id
}
