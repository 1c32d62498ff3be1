import type { CompiledWorld, WorldEngine } from '@refinery/world'
import { PLANT_STAGES, SUBSTANCES } from './catalog'
import type { TraitShown } from './task'

type State = WorldEngine['state']

/**
 * What the agent can perceive, read from the engine's state: the same visibility as the
 * world's derived `here` fact (the room's things, the inventory, and what lies in open
 * containers, three levels deep). ScienceWorld's descriptions are written from it, so no text
 * ever names a thing the agent cannot see.
 */
export class LabView {
  readonly room: string
  private readonly contents = new Map<string, string[]>()
  /**
   * Attribute values and facts: copied for a view kept while the engine moves on (the engine
   * changes its state in place), the state's own for a `live` one.
   */
  private readonly attrs: Float64Array
  private readonly facts: Uint8Array
  private readonly table: State['table']
  private readonly nAttrs: number
  private readonly attrIndex: ReadonlyMap<string, number>
  private readonly entityIndex: ReadonlyMap<string, number>
  /** Entity ids by index in the state (the world's, unless entities were made since). */
  private readonly ids: ReadonlyMap<string, number>
  private readonly preds: ViewPredicates
  private readonly list: State['ents']['list']
  readonly adjacent: string[] = []
  readonly visible = new Set<string>()
  private readonly wires = new Set<string>()

  constructor(
    engine: WorldEngine,
    private readonly names: ReadonlyMap<string, string>,
    private readonly trait?: TraitShown,
    /**
     * Whether the view reads the state in place instead of a copy: only for a view used
     * before the state changes (an environment's, kept by state and version, is: see
     * `LabEnvironment.view`). Two typed arrays fewer a view, and a turn builds several.
     */
    live = false,
  ) {
    // A turn builds several views, and most of a state's facts are roles that a description
    // asks about one at a time: the view reads the facts of the four relations it lays out
    // (by predicate, in the fact table's order) and looks roles up when asked.
    const { world, state } = engine
    this.attrs = live ? state.attrs : state.attrs.slice()
    this.facts = live ? state.facts : state.facts.slice()
    this.table = state.table
    this.nAttrs = state.nAttrs
    this.attrIndex = world.attributeIndex
    this.list = state.ents.list
    this.entityIndex = world.entityIndex
    this.ids = this.list.length === world.entities.length ? world.entityIndex : indexOf(this.list)
    const preds = viewPredicates(world)
    this.preds = preds
    // Plain loops over the four relations' facts (no callback per fact): a turn builds several
    // views, and the oracle one per state of its plan.
    const { byPred, args } = this.table
    const facts = this.facts
    const list = this.list
    let room = ''
    if (preds.at >= 0)
      for (const id of byPred[preds.at] ?? []) if (facts[id] === 1) room = list[args[id]![0]!]!.id
    const contents = this.contents
    if (preds.in >= 0)
      for (const id of byPred[preds.in] ?? []) {
        if (facts[id] !== 1) continue
        const a = args[id]!
        const x = list[a[0]!]!.id
        const c = list[a[1]!]!.id
        const inside = contents.get(c)
        if (inside) inside.push(x)
        else contents.set(c, [x])
      }
    if (preds.wired >= 0)
      for (const id of byPred[preds.wired] ?? []) {
        if (facts[id] !== 1) continue
        const a = args[id]!
        this.wires.add(`${list[a[0]!]!.id}|${list[a[1]!]!.id}`)
      }
    // What a container holds, by id (the order a snapshot's sorted facts gave).
    for (const inside of contents.values()) if (inside.length > 1) inside.sort(byId)
    this.room = room
    // The rooms whose doors are in view: `adjacent` facts from this room.
    if (preds.adjacent >= 0)
      for (const id of byPred[preds.adjacent] ?? []) {
        if (facts[id] !== 1) continue
        const a = args[id]!
        if (list[a[0]!]!.id === room) this.adjacent.push(list[a[1]!]!.id)
      }
    this.adjacent.sort()
    // Three levels: the inventory and the room's things, what lies in those of them that are
    // open containers, and what lies in those in turn (insertion order as the levels go).
    const visible = this.visible
    visible.add('inventory')
    for (const x of this.in('inventory')) visible.add(x)
    for (const x of this.in(room)) visible.add(x)
    const level1 = [...visible]
    for (const c of level1) if (this.reachable(c)) for (const x of this.in(c)) visible.add(x)
    const level2 = [...visible]
    for (const c of level2) if (this.reachable(c)) for (const x of this.in(c)) visible.add(x)
  }

  /** Calls `visit` with the arguments of each true fact of a base predicate, in table order. */
  private each(pred: number, visit: (args: Int32Array) => void): void {
    if (pred < 0) return
    const ids = this.table.byPred[pred]
    if (ids === undefined) return
    for (const id of ids) if (this.facts[id] === 1) visit(this.table.args[id]!)
  }

  /** Whether a thing has a role: a true unary base fact (`at` is the agent's room, not a role). */
  has(id: string, role: string): boolean {
    const p = this.preds.roles.get(role)
    const e = this.ids.get(id)
    if (p === undefined || e === undefined) return false
    const f = this.table.lookup1(p, e)
    return f >= 0 && this.facts[f] === 1
  }

  in(c: string): string[] {
    return this.contents.get(c) ?? []
  }

  reachable(c: string): boolean {
    return this.has(c, 'container') && (!this.has(c, 'openable') || this.has(c, 'opened'))
  }

  attr(id: string, name: string, fallback: number): number {
    const e = this.entityIndex.get(id)
    const a = this.attrIndex.get(name)
    if (e === undefined || a === undefined) return fallback
    return this.attrs[e * this.nAttrs + a] ?? fallback
  }

  name(id: string): string {
    return this.names.get(id) ?? id
  }

  /** `ice`, `liquid chocolate`, `water`: a substance named by its state of matter. */
  substanceName(id: string): string {
    const base = this.name(id)
    const t = this.attr(id, 'temp', 20)
    const mp = this.attr(id, 'mp', 0)
    const bp = this.attr(id, 'bp', 100)
    const state = t < mp ? 'solid' : t >= bp ? 'gas' : 'liquid'
    const natural = 20 < mp ? 'solid' : 20 >= bp ? 'gas' : 'liquid'
    const kind = Object.values(SUBSTANCES).find((s) => s.name === base.replace(/ \d+$/, ''))
    if (state === 'solid' && kind && 'solid' in kind) return kind.solid
    if (state === 'gas' && kind && 'gas' in kind) return kind.gas
    if (state === natural) return base
    return `${state === 'gas' ? 'gaseous' : state} ${base}`
  }

  /** What a thing is called now: a substance by its state of matter (ice, water, steam). */
  label(id: string): string {
    return this.has(id, 'substance') ? this.substanceName(id) : this.name(id)
  }

  /**
   * One thing as ScienceWorld writes it, with what it visibly contains; `detailed` (look at)
   * adds what only a close look shows, such as a stopwatch's reading.
   */
  describe(id: string, depth = 0, detailed = false): string {
    const name = this.name(id)
    if (this.has(id, 'substance')) return `a substance called ${this.substanceName(id)}`
    if (this.has(id, 'plane')) return this.describePlane(id)
    if (this.has(id, 'stopwatch')) {
      const state = `a ${name}, which is ${this.has(id, 'active') ? 'activated' : 'deactivated'}`
      return detailed ? `${state}. The time reads ${this.attr(id, 'ticks', 0)} ticks` : state
    }
    let out = withArticle(name)
    if (this.has(id, 'seed')) {
      const g = this.attr(id, 'growth', 0)
      const stage = [...PLANT_STAGES].reverse().find(([, at]) => g >= at)![0]
      if (stage !== 'seed') out += ` (in the ${stage} stage)`
      if (this.has(id, 'genetic')) out = this.withTrait(id, out, g)
    }
    if (this.has(id, 'device')) out += `, which is turned ${this.has(id, 'active') ? 'on' : 'off'}`
    if (this.has(id, 'bulb')) out += `, which is ${this.lit(id) ? 'on' : 'off'}`
    if (!this.has(id, 'container')) return out
    if (this.has(id, 'openable') && !this.has(id, 'opened')) return `${out}. The ${name} is closed`
    const inner = depth < 2 ? this.listOf(this.in(id), depth + 1) : 'things'
    if (this.has(id, 'device') || this.has(id, 'openable'))
      return `${out}. In the ${name} is: ${inner}`
    return `${out} (containing ${inner})`
  }

  /** A plant's value of its world's trait, once its life stage shows it (ScienceWorld's wording). */
  private withTrait(id: string, described: string, growth: number): string {
    const t = this.trait
    if (!t) return described
    const value = this.attr(id, 'allele', 0) >= 1 ? t.dominant : t.recessive
    const phrase = t.phrase.replace('{v}', value)
    if (t.shows === 'seed')
      return growth < 1 ? `${withArticle(`${phrase} ${this.name(id)}`)}` : described
    const from = PLANT_STAGES.find(([n]) => n === t.shows)![1]
    return growth >= from ? `${described} ${phrase}` : described
  }

  /** An inclined plane and where on it each thing is, as ScienceWorld describes it. */
  private describePlane(id: string): string {
    const on = this.in(id)
    if (on.length === 0) return withArticle(this.name(id))
    const where = (x: string) => {
      const pos = this.attr(x, 'pos', 0)
      if (pos >= 100) return 'at the bottom of the plane'
      if (pos <= 1) return 'at the top of the plane'
      return `approximately ${Math.round(pos)}% down the plane`
    }
    const items = [...on]
      .sort((a, b) => (this.name(a) < this.name(b) ? -1 : 1))
      .map((x) => `${withArticle(this.name(x))} ${where(x)}`)
    return `${withArticle(this.name(id))}, with: ${items.join(', ')}`
  }

  listOf(ids: readonly string[], depth: number): string {
    if (ids.length === 0) return 'nothing'
    return [...ids]
      .sort((a, b) => (this.name(a) < this.name(b) ? -1 : 1))
      .map((x) => this.describe(x, depth))
      .join(', ')
  }

  /** Whether a bulb is lit, as the world's derived `lit` says. */
  private lit(id: string): boolean {
    const wired = (a: string, b: string) => this.wires.has(`${a}|${b}`)
    const sources: string[] = []
    this.each(this.preds.roles.get('source') ?? -1, (a) => {
      const x = this.list[a[0]!]!.id
      if (!this.has(x, 'renewable') || this.within(x, 'outside')) sources.push(x)
    })
    for (const s of sources) {
      if (wired(id, s)) return true
      for (const w of this.wires) {
        const [a, b] = w.split('|') as [string, string]
        if (a === id && this.has(b, 'conductive') && wired(b, s)) return true
      }
    }
    return false
  }

  private within(x: string, place: string): boolean {
    if (this.in(place).includes(x)) return true
    return this.in(place).some((c) => this.in(c).includes(x))
  }

  lookAround(): string {
    const things = this.in(this.room)
      .slice()
      .sort((a, b) => (this.name(a) < this.name(b) ? -1 : 1))
      .map((x) => `\t${this.describe(x)}`)
    const doors = this.adjacent.map((r) => `\tA door to the ${r} (that is open)`)
    return [
      `This room is called the ${this.room}. In it, you see: `,
      '\tthe agent',
      '\ta substance called air',
      ...things,
      'You also see:',
      ...doors,
    ].join('\n')
  }

  inventory(): string {
    const items = this.in('inventory')
    return `In your inventory, you see:\n${items.length === 0 ? '\tnothing' : items.map((x) => `\t${this.describe(x)}`).join('\n')}`
  }

  lookIn(id: string): string {
    return `Inside the ${this.name(id)} is: \n${
      this.in(id)
        .map((x) => `\t${this.describe(x)}`)
        .join('\n') || '\tnothing'
    }`
  }
}

const byId = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0)

function withArticle(name: string): string {
  return /^[aeiou]/i.test(name) ? `an ${name}` : `a ${name}`
}

/** The predicates a view reads, by index (-1 when the world has none, or derives it). */
interface ViewPredicates {
  at: number
  in: number
  wired: number
  adjacent: number
  /** Unary base predicates but `at`, by name. */
  roles: ReadonlyMap<string, number>
}

const predicatesOf = new WeakMap<CompiledWorld, ViewPredicates>()

function viewPredicates(world: CompiledWorld): ViewPredicates {
  let known = predicatesOf.get(world)
  if (known) return known
  const base = (name: string) => {
    const p = world.predicateIndex.get(name)
    return p === undefined || world.derivedPreds.has(p) ? -1 : p
  }
  const roles = new Map<string, number>()
  for (const [p, info] of world.predicates.entries())
    if (info.params.length === 1 && info.name !== 'at' && !world.derivedPreds.has(p))
      roles.set(info.name, p)
  known = {
    at: base('at'),
    in: base('in'),
    wired: base('wired'),
    adjacent: base('adjacent'),
    roles,
  }
  predicatesOf.set(world, known)
  return known
}

/** Entity ids by index, for a state with entities the world did not start with. */
function indexOf(list: State['ents']['list']): Map<string, number> {
  return new Map(list.map((e, i) => [e.id, i]))
}
