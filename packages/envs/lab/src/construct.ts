import type { Condition, PlanStep, WorldEngine, WorldSnapshot } from '@refinery/world'
import { DOORS, ROOMS, SUNNY } from './catalog'
import { eachBaseFact } from './facts'
import { factHolds, holds } from './holds'

/**
 * Plans for a lab stage written the way the task was built, instead of searched for. A lab
 * stage asks for a handful of facts (a thing focused on, in a box, on the stove, in a watered
 * pot in the sun, a product mixed), and each has a known way there: walk to the thing, open
 * what hides it, carry it or what it goes into, then act. The ways that differ (carry the
 * thing or the box, which pot, which recipe, which alternative of a find task) are each played
 * and the shortest kept. Every step is played on the engine as it is chosen, so a construction
 * that goes wrong stops there; the caller checks that the stage holds at the end, and searches
 * when it does not.
 */
export function constructStage(
  probe: WorldEngine,
  goal: Condition,
  allowed: readonly string[] | undefined,
): PlanStep[] | null {
  const attempt = new Attempt(probe, allowed)
  return achieve(attempt, goal) && attempt.holds(goal) ? attempt.steps : null
}

const ROOM_SET: ReadonlySet<string> = new Set(ROOMS)

/** Rooms next to each room, in a fixed order (so walks are deterministic). */
const NEIGHBOURS: ReadonlyMap<string, readonly string[]> = new Map(
  ROOMS.map((r) => [r, DOORS.flatMap(([a, b]) => (a === r ? [b] : b === r ? [a] : [])).sort()]),
)

/** The base facts of a state that constructions read: where things are, and their roles. */
class Layout {
  room = ''
  readonly holder = new Map<string, string>()
  readonly contents = new Map<string, string[]>()
  readonly roles = new Map<string, Set<string>>()
  readonly makes: Array<readonly [string, string, string]> = []

  /** Read from the engine's fact table in place (`eachBaseFact`). */
  constructor(engine: WorldEngine) {
    eachBaseFact(engine, (pred, arity, a, b, c) => {
      if (pred === 'at') this.room = a!
      else if (pred === 'in') {
        this.holder.set(a!, b!)
        const inside = this.contents.get(b!)
        if (inside) inside.push(a!)
        else this.contents.set(b!, [a!])
      } else if (pred === 'makes') this.makes.push([a!, b!, c!])
      else if (arity === 1) {
        const set = this.roles.get(a!)
        if (set) set.add(pred)
        else this.roles.set(a!, new Set([pred]))
      }
    })
    // Recipes in a fixed order, whatever order the facts came about in.
    this.makes.sort((x, y) => {
      const [p, q] = [x.join('\0'), y.join('\0')]
      return p < q ? -1 : p > q ? 1 : 0
    })
  }

  has(id: string, role: string): boolean {
    return this.roles.get(id)?.has(role) ?? false
  }

  /** Things with a role, in id order. */
  withRole(role: string): string[] {
    return [...this.roles.entries()]
      .filter(([, set]) => set.has(role))
      .map(([id]) => id)
      .sort()
  }

  in(c: string): readonly string[] {
    return this.contents.get(c) ?? []
  }

  /** The room a thing is in (through what holds it), `inventory`, or undefined. */
  roomOf(id: string): string | undefined {
    let at: string | undefined = id
    for (let depth = 0; at !== undefined && depth < 8; depth++) {
      if (ROOM_SET.has(at) || at === 'inventory') return at
      at = this.holder.get(at)
    }
    return undefined
  }

  /** What holds a thing, from the innermost out, up to its room or the inventory. */
  holders(id: string): string[] {
    const out: string[] = []
    for (let at = this.holder.get(id); at !== undefined; at = this.holder.get(at)) {
      if (ROOM_SET.has(at) || at === 'inventory' || out.length >= 8) break
      out.push(at)
    }
    return out
  }
}

/** A construction in progress: the steps so far, played on the probe. */
class Attempt {
  steps: PlanStep[] = []
  /** The most steps this attempt may take (see `best`). */
  private limit = Number.POSITIVE_INFINITY
  /**
   * The layout of each state read, by state and version (see `layout`): the ways of `best`
   * each start from the same state, restored from its snapshot (the same state object again).
   */
  private readonly layouts = new WeakMap<object, { version: number; layout: Layout }>()

  constructor(
    readonly probe: WorldEngine,
    private readonly allowed: readonly string[] | undefined,
  ) {}

  get layout(): Layout {
    // The engine bumps a state's version at every change in place; a step from a state that a
    // snapshot pinned, or a restore, puts in another state object.
    const state = this.probe.state
    const known = this.layouts.get(state)
    if (known?.version === state.version) return known.layout
    const layout = new Layout(this.probe)
    this.layouts.set(state, { version: state.version, layout })
    return layout
  }

  /** Plays one step; false when it is not allowed, does not work or ends the episode unwon. */
  do(schema: string, ...args: string[]): boolean {
    if (this.steps.length >= this.limit) return false
    if (this.allowed && !this.allowed.includes(schema)) return false
    const result = this.probe.step({ schema, args })
    if (result.status !== 'ok' || (this.probe.done && !this.probe.success)) return false
    this.steps.push({ schema, args })
    return true
  }

  /** Whether a fact (base or derived) holds now. */
  fact(atom: readonly string[]): boolean {
    return factHolds(this.probe, atom)
  }

  /** Whether a condition holds now. */
  holds(cond: Condition): boolean {
    return holds(this.probe, cond)
  }

  /**
   * Plays each way from here and keeps the shortest that works (the first of equals); false
   * when none does.
   */
  best(ways: ReadonlyArray<(a: Attempt) => boolean>): boolean {
    if (ways.length === 1) return ways[0]!(this)
    const start = this.probe.snapshot()
    const before = this.steps
    const outer = this.limit
    let won: { steps: PlanStep[]; end: WorldSnapshot | null } | null = null
    for (const [i, way] of ways.entries()) {
      if (i > 0) this.probe.restore(start)
      this.steps = [...before]
      // Only a shorter way can win from here on: one that gets as long stops there.
      this.limit = won === null ? outer : Math.min(outer, won.steps.length - 1)
      if (way(this) && (won === null || this.steps.length < won.steps.length)) {
        const last = i === ways.length - 1
        won = { steps: this.steps, end: last ? null : this.probe.snapshot() }
      }
    }
    this.limit = outer
    if (won === null) {
      this.probe.restore(start)
      this.steps = before
      return false
    }
    // A way that won last left the probe where it ended.
    if (won.end !== null) this.probe.restore(won.end)
    this.steps = won.steps
    return true
  }
}

function achieve(a: Attempt, cond: Condition): boolean {
  if (a.holds(cond)) return true
  if ('all' in cond) {
    // In every order of what does not hold yet: one part done first can make another dearer
    // (a focus walks away from where the water is). Focusing comes last among equals: it
    // changes nothing, and every step before it is time the stove or the pot has already had,
    // so the wait after the stage is shorter.
    const open = cond.all.filter((c) => !a.holds(c))
    open.sort((x, y) => Number(isFocus(x)) - Number(isFocus(y)))
    return (
      a.best(orders(open).map((order) => (b) => order.every((c) => achieve(b, c)))) && a.holds(cond)
    )
  }
  if ('any' in cond) return a.best(cond.any.map((c) => (b: Attempt) => achieve(b, c)))
  if ('fact' in cond) return reachFact(a, cond.fact) && a.fact(cond.fact)
  return false
}

const isFocus = (cond: Condition): boolean => 'fact' in cond && cond.fact[0] === 'focused'

/** Every order of a few items (the first is the given one); just the given one for more. */
function orders<T>(items: readonly T[]): T[][] {
  if (items.length <= 1 || items.length > 3) return [[...items]]
  return items.flatMap((first, i) =>
    orders([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [first, ...rest]),
  )
}

/** The known way to one fact of a lab stage. */
function reachFact(a: Attempt, atom: readonly string[]): boolean {
  const [pred, x, y] = atom as [string, string, string | undefined]
  switch (pred) {
    case 'focused':
      return here(a, x) && a.do('focus', x)
    case 'in':
      if (y === 'inventory') return here(a, x) && a.do('pick_up', x)
      return y !== undefined && bring(a, x, y)
    case 'opened':
      return here(a, x) && a.do('open', x)
    case 'active':
      return here(a, x) && a.do('activate', x)
    case 'here':
      return mixed(a, x)
    case 'warming':
      return heated(a, x, (l, d) => l.has(d, 'heater') && !l.has(d, 'furnace'), true)
    case 'smelting':
      return heated(a, x, (l, d) => l.has(d, 'furnace'), true)
    case 'cooling':
      return heated(a, x, (l, d) => l.has(d, 'cooler'), false)
    case 'growing':
      return growing(a, x)
    case 'wired':
      return y !== undefined && here(a, x) && here(a, y) && a.do('connect', x, y)
    case 'lit':
      return a.best(
        a.layout
          .withRole('source')
          .map(
            (s) => (b: Attempt) =>
              b.fact(['powered', s]) && here(b, x) && here(b, s) && b.do('connect', x, s),
          ),
      )
    case 'powered':
      // A renewable source works outside: carried there and put down.
      return placedIn(a, x, ['outside'])
    case 'timed': {
      const watch = a.layout.withRole('stopwatch').find((w) => a.fact(['active', w]))
      return watch !== undefined && here(a, watch) && a.do('deactivate', watch)
    }
    default:
      return false
  }
}

/** Walks to a room by the fewest doors. */
function goTo(a: Attempt, room: string): boolean {
  const from = a.layout.room
  if (from === room) return true
  const path = WALKS.get(from)?.get(room)
  return path?.every((r) => a.do('go', r)) ?? false
}

/**
 * The rooms walked through from one room to another (the first path breadth-first over
 * `NEIGHBOURS` finds), for every pair: found once, where each walk searched the map again.
 */
const WALKS: ReadonlyMap<string, ReadonlyMap<string, readonly string[]>> = new Map(
  ROOMS.map((from) => {
    const back = new Map<string, string>([[from, from]])
    const queue: string[] = [from]
    for (let i = 0; i < queue.length; i++)
      for (const next of NEIGHBOURS.get(queue[i]!) ?? [])
        if (!back.has(next)) {
          back.set(next, queue[i]!)
          queue.push(next)
        }
    const walks = new Map<string, readonly string[]>()
    for (const to of back.keys()) {
      if (to === from) continue
      const path: string[] = []
      for (let r = to; r !== from; r = back.get(r)!) path.push(r)
      walks.set(to, path.reverse())
    }
    return [from, walks]
  }),
)

/** Makes a thing visible: walks to its room and opens whatever closed thing holds it. */
function here(a: Attempt, x: string): boolean {
  if (a.fact(['here', x])) return true
  const room = a.layout.roomOf(x)
  if (room === undefined) return false
  if (room !== 'inventory' && !goTo(a, room)) return false
  for (const c of a.layout.holders(x).reverse())
    if (a.layout.has(c, 'openable') && !a.layout.has(c, 'opened') && !a.do('open', c)) return false
  return a.fact(['here', x])
}

/** Opens a container that has a lid, when it is closed. */
function opened(a: Attempt, c: string): boolean {
  const l = a.layout
  return !l.has(c, 'openable') || l.has(c, 'opened') || a.do('open', c)
}

/** Puts thing x into container y: carrying x to y, or y (when it can be carried) to x. */
function bring(a: Attempt, x: string, y: string): boolean {
  const carryThing = (b: Attempt): boolean => {
    if (!here(b, x)) return false
    if (!b.fact(['here', y])) {
      if (b.layout.roomOf(x) !== 'inventory' && !b.do('pick_up', x)) return false
      if (!here(b, y)) return false
    }
    return opened(b, y) && b.do('move', x, y)
  }
  const l = a.layout
  const ways = [carryThing]
  if (l.has(y, 'portable') && l.roomOf(y) !== 'inventory' && l.roomOf(y) !== l.roomOf(x))
    ways.push(
      (b) => here(b, y) && b.do('pick_up', y) && here(b, x) && opened(b, y) && b.do('move', x, y),
    )
  return a.best(ways)
}

/**
 * A thing carried (if need be) to one of some rooms and left on its floor: the first room by
 * the fewest doors from the thing.
 */
function placedIn(a: Attempt, x: string, rooms: readonly string[]): boolean {
  const l = a.layout
  if (rooms.some((r) => l.holder.get(x) === r)) return true
  if (l.roomOf(x) !== 'inventory' && !(here(a, x) && a.do('pick_up', x))) return false
  return a.best(rooms.map((r) => (b: Attempt) => goTo(b, r) && b.do('put_down', x)))
}

/**
 * A substance heated (or cooled) by a device: what holds it moved into the device, which is
 * opened first if it has a lid, and switched on if it must be.
 */
function heated(
  a: Attempt,
  s: string,
  device: (l: Layout, d: string) => boolean,
  switched: boolean,
): boolean {
  const l = a.layout
  const holder = l.holder.get(s)
  const moved = holder !== undefined && l.has(holder, 'portable') ? holder : s
  return a.best(
    [...l.roles.keys()]
      .filter((d) => device(l, d))
      .sort()
      .map((d) => (b: Attempt) => {
        const inside = b.layout.holder.get(moved) === d || b.layout.holder.get(s) === d
        if (!inside && !bring(b, moved, d)) return false
        return !switched || b.fact(['active', d]) || (here(b, d) && b.do('activate', d))
      }),
  )
}

/**
 * A product of a recipe made: the ingredients poured together (one container into the
 * other's) and mixed, by any recipe whose ingredients are still there.
 */
function mixed(a: Attempt, p: string): boolean {
  const l = a.layout
  const ways: Array<(b: Attempt) => boolean> = []
  for (const [x, y, product] of l.makes) {
    if (product !== p) continue
    const cx = l.holder.get(x)
    const cy = l.holder.get(y)
    if (cx === undefined || cy === undefined) continue
    if (cx === cy) ways.push((b) => here(b, cx) && b.do('mix', cx))
    else
      for (const [from, into] of [
        [cy, cx],
        [cx, cy],
      ] as const)
        ways.push(
          (b) => here(b, into) && here(b, from) && b.do('pour', from, into) && b.do('mix', into),
        )
  }
  return ways.length > 0 && a.best(ways) && here(a, p)
}

/**
 * A seed growing: in a flower pot with soil and water, the pot on the floor of a sunny room.
 * Tried in either order (seed first, water first) in each pot that has soil and no other
 * seed; water comes from a container of water not in a pot, carried to the pot or the pot to
 * it.
 */
function growing(a: Attempt, seed: string): boolean {
  const l = a.layout
  const inPot = l.holder.get(seed)
  const pots =
    inPot !== undefined && l.has(inPot, 'flowerpot')
      ? [inPot]
      : l
          .withRole('flowerpot')
          .filter(
            (pot) =>
              l.in(pot).some((t) => l.has(t, 'soil')) && !l.in(pot).some((t) => l.has(t, 'seed')),
          )
          .filter(firstOfKind((pot) => `${l.holder.get(pot)}|${watered(l, pot)}`))
  const ways: Array<(b: Attempt) => boolean> = []
  for (const pot of pots) {
    const planted = (b: Attempt) => b.layout.holder.get(seed) === pot || bring(b, seed, pot)
    const wet = (b: Attempt) => water(b, pot)
    const sunny = (b: Attempt) => placedIn(b, pot, SUNNY)
    ways.push(
      (b) => planted(b) && wet(b) && sunny(b),
      (b) => wet(b) && planted(b) && sunny(b),
    )
  }
  return a.best(ways)
}

/** Whether a pot holds water. */
const watered = (l: Layout, pot: string): boolean => l.in(pot).some((t) => l.has(t, 'water'))

/**
 * A filter that keeps the first item of each kind: pots that stand in one place with the same
 * contents take the same steps, and the first of equals wins anyway.
 */
function firstOfKind<T>(kind: (item: T) => string): (item: T) => boolean {
  const seen = new Set<string>()
  return (item) => {
    const k = kind(item)
    if (seen.has(k)) return false
    seen.add(k)
    return true
  }
}

/** Water poured into a pot from a container of water elsewhere. */
function water(a: Attempt, pot: string): boolean {
  const l = a.layout
  if (watered(l, pot)) return true
  const cans = l
    .withRole('water')
    .map((w) => l.holder.get(w))
    .filter((c): c is string => c !== undefined && l.has(c, 'container') && !l.has(c, 'flowerpot'))
  const ways: Array<(b: Attempt) => boolean> = []
  for (const can of cans) {
    const pour = (b: Attempt) => here(b, pot) && here(b, can) && b.do('pour', can, pot)
    ways.push(pour)
    // Carried together: the can to the pot, or the pot to the can.
    for (const [carried, other] of [
      [can, pot],
      [pot, can],
    ] as const)
      ways.push(
        (b) =>
          b.layout.has(carried, 'portable') &&
          here(b, carried) &&
          (b.layout.roomOf(carried) === 'inventory' || b.do('pick_up', carried)) &&
          here(b, other) &&
          b.do('pour', can, pot),
      )
  }
  return a.best(ways)
}
