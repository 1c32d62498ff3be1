import { type Rng, stableHash } from '@refinery/core'
import {
  type Blueprint,
  type ContainerPlan,
  type Direction,
  type DoorPlan,
  type ExitPlan,
  type GoalKind,
  type ItemKind,
  type ItemPlan,
  type MilestonePlan,
  OPPOSITE,
  type PersonPlan,
  type RoomPlan,
} from './blueprint'
import { DOOR_WORDS, GIFT_KINDS, JUNK, KEY_WORDS, LAMPS, THEMES, type Theme } from './themes'

/** Levels 0–19: test task i has level i; train and dev draw levels at random. */
export const LEVELS = 20

/** Rooms and obstacles of a level: 3 rooms and no obstacle at 0, 16 rooms and 5 at 19. */
export function levelSize(level: number): { rooms: number; depth: number } {
  return { rooms: 3 + Math.round((level * 13) / 19), depth: Math.floor((level * 6) / 20) }
}

const STEP: Readonly<Record<Direction, readonly [number, number, number]>> = {
  north: [0, 1, 0],
  south: [0, -1, 0],
  east: [1, 0, 0],
  west: [-1, 0, 0],
  northeast: [1, 1, 0],
  northwest: [-1, 1, 0],
  southeast: [1, -1, 0],
  southwest: [-1, -1, 0],
  up: [0, 0, 1],
  down: [0, 0, -1],
}
const DIRS = Object.keys(STEP) as Direction[]
/** Mostly the four points of the compass, sometimes a diagonal or a stair. */
const DIR_WEIGHTS = [6, 6, 6, 6, 1, 1, 1, 1, 1, 1]

/** A need: an item that must be somewhere reachable before what it opens. */
interface Need {
  item: ItemPlan
  /** Rooms it may lie in. */
  rooms: readonly string[]
  /** Rooms what it needs in turn (a chest's key, a trader's gift) may lie in. */
  sub: readonly string[]
}

/**
 * Generates one world's blueprint from a seeded stream: the same stream gives the same
 * world. Every puzzle's means lies where the agent can reach it before the puzzle, so the
 * world is solvable by construction (the planner checks it again).
 */
export function generateBlueprint(rng: Rng, level: number): Blueprint {
  return new Generator(rng, level).run()
}

class Generator {
  private readonly theme: Theme
  private readonly rooms: RoomPlan[] = []
  private readonly exits: ExitPlan[] = []
  private readonly doors: DoorPlan[] = []
  private readonly containers: ContainerPlan[] = []
  private readonly items: ItemPlan[] = []
  private readonly people: PersonPlan[] = []
  private readonly milestones: MilestonePlan[] = []
  private readonly parent = new Map<string, { room: string; dir: Direction }>()
  private readonly children = new Map<string, string[]>()
  private lamp: string | undefined
  private dark: string | undefined
  private budget: number
  private readonly names: Record<'key' | 'door' | 'container' | 'person', string[]>
  private readonly gifts: string[][]
  private readonly hints: string[]

  constructor(
    private readonly rng: Rng,
    private readonly level: number,
  ) {
    this.theme = rng.pick(THEMES)
    this.budget = levelSize(level).depth
    this.names = {
      key: rng.shuffle(KEY_WORDS).map((w) => `${w} key`),
      door: rng.shuffle(DOOR_WORDS).map((w) => `${w} door`),
      container: rng.shuffle(this.theme.containers),
      person: rng.shuffle(this.theme.people),
    }
    const kinds = rng.shuffle(GIFT_KINDS)
    this.gifts = kinds.map((k) => rng.shuffle(k.items))
    this.hints = kinds.map((k) => k.hint)
  }

  run(): Blueprint {
    this.layRooms(levelSize(this.level).rooms)
    const start = this.rooms[0]!.id
    const target = this.farthestRoom()
    const path = this.pathTo(target)
    const goalKind = this.rng.pick<GoalKind>(['put', 'give', 'find'])
    const treasure = this.item('treasure', this.rng.pick(this.theme.treasures), '')
    const needs: Need[] = this.gates(path)
    const all = this.rooms.map((r) => r.id)
    needs.push({ item: treasure, rooms: [target], sub: all })
    for (let i = 0; i < needs.length; i++) needs.push(...this.place(needs[i]!))
    this.milestone('took', treasure.id, 15)
    const goal = this.goal(goalKind, treasure.id, start)
    this.clutter()
    return {
      theme: this.theme.id,
      place: this.theme.place,
      level: this.level,
      depth: levelSize(this.level).depth,
      rooms: this.rooms,
      exits: this.exits,
      doors: this.doors,
      containers: this.containers,
      items: this.items,
      people: this.people,
      ...(this.lamp ? { lamp: this.lamp } : {}),
      goal,
      milestones: this.milestones,
    }
  }

  /** Rooms on a grid, each joined to one placed before it: a tree rooted at the first. */
  private layRooms(count: number): void {
    const words = this.rng.sample(this.theme.rooms, count)
    const cells = new Map<string, string>()
    const at = new Map<string, readonly [number, number, number]>()
    const add = (i: number, pos: readonly [number, number, number]) => {
      const w = words[i]!
      const id = `room_${i}`
      this.rooms.push({ id, name: w.name, description: w.description, dark: false })
      cells.set(pos.join(','), id)
      at.set(id, pos)
      this.children.set(id, [])
      return id
    }
    add(0, [0, 0, 0])
    for (let i = 1; i < count; i++) {
      for (;;) {
        const from = this.rng.pick(this.rooms).id
        const dir = DIRS[this.rng.weighted(DIR_WEIGHTS)]!
        const [x, y, z] = at.get(from)!
        const [dx, dy, dz] = STEP[dir]
        const pos = [x + dx, y + dy, z + dz] as const
        if (cells.has(pos.join(','))) continue
        const id = add(i, pos)
        this.exits.push({ from, dir, to: id }, { from: id, dir: OPPOSITE[dir], to: from })
        this.parent.set(id, { room: from, dir })
        this.children.get(from)!.push(id)
        break
      }
    }
  }

  private depthOf(room: string): number {
    let d = 0
    for (let r = this.parent.get(room); r; r = this.parent.get(r.room)) d++
    return d
  }

  private farthestRoom(): string {
    // Each room's depth once: the pick below took them again.
    const depths = this.rooms.map((r) => this.depthOf(r.id))
    const best = Math.max(...depths)
    return this.rng.pick(this.rooms.filter((_, i) => depths[i] === best)).id
  }

  /** The rooms from the first to `room`, first excluded. */
  private pathTo(room: string): string[] {
    const out: string[] = []
    for (let r = room; this.parent.has(r); r = this.parent.get(r)!.room) out.unshift(r)
    return out
  }

  private subtree(room: string): Set<string> {
    const out = new Set<string>([room])
    for (const r of out) for (const c of this.children.get(r) ?? []) out.add(c)
    return out
  }

  /** Locked doors and guards on the way to the treasure; each needs an item from before it. */
  private gates(path: readonly string[]): Need[] {
    const count = Math.min(
      path.length,
      this.budget - this.rng.int(0, Math.floor(this.budget / 2)),
      this.names.door.length,
    )
    const edges = this.rng.sample(
      path.map((_, i) => i),
      count,
    )
    const needs: Need[] = []
    for (const i of edges.sort((a, b) => a - b)) {
      const child = path[i]!
      const { room, dir } = this.parent.get(child)!
      const behind = this.subtree(child)
      const before = this.rooms.map((r) => r.id).filter((r) => !behind.has(r))
      this.budget--
      if (this.rng.chance(0.6) || this.names.person.length === 0) {
        const door: DoorPlan = {
          id: `door_${this.doors.length}`,
          name: this.names.door.shift()!,
          sides: [
            { room, dir },
            { room: child, dir: OPPOSITE[dir] },
          ],
          locked: true,
        }
        this.doors.push(door)
        const key = this.item('key', this.names.key.shift()!, '', door.id)
        this.milestone('took', key.id, 5)
        this.milestone('unlocked', door.id, 10)
        needs.push({ item: key, rooms: before, sub: before })
      } else {
        const gift = this.giftFor(room, dir)
        needs.push({ item: gift, rooms: before, sub: before })
      }
      this.milestone('visited', child, 5)
    }
    return needs
  }

  /** A guard (with `blocks`) or a trader: a person who wants a gift; returns the gift. */
  private giftFor(room: string, blocks?: Direction, reward?: string): ItemPlan {
    const kind = this.rng.int(0, this.gifts.length - 1)
    const name = this.gifts[kind]!.shift() ?? this.gifts.flat()[0] ?? 'gold coin'
    for (const list of this.gifts) {
      const i = list.indexOf(name)
      if (i >= 0) list.splice(i, 1)
    }
    const gift = this.item('gift', name, '')
    const person: PersonPlan = {
      id: `person_${this.people.length}`,
      name: this.names.person.shift()!,
      room,
      wants: gift.id,
      hint: this.hints[kind]!,
      ...(blocks ? { blocks } : {}),
      ...(reward ? { reward } : {}),
    }
    this.people.push(person)
    this.milestone('took', gift.id, 5)
    this.milestone('satisfied', person.id, 10)
    return gift
  }

  /** Puts a needed item in one of its rooms, behind one more obstacle while the budget lasts. */
  private place(need: Need): Need[] {
    const rooms = need.rooms.filter((r) => r !== this.dark)
    const room = this.rng.pick(rooms.length > 0 ? rooms : need.rooms)
    const choice = this.budget > 0 && this.rng.chance(0.75) ? this.rng.int(0, 2) : -1
    const item = need.item
    if (choice === 0 && this.names.container.length > 0) {
      this.budget--
      const chest = this.container(room, true)
      item.at = chest.id
      const key = this.item('key', this.names.key.shift()!, '', chest.id)
      this.milestone('took', key.id, 5)
      this.milestone('unlocked', chest.id, 10)
      return [{ item: key, rooms: need.sub, sub: need.sub }]
    }
    const peopleRooms = new Set(this.people.map((p) => p.room))
    if (choice === 1 && this.names.person.length > 0) {
      this.budget--
      const at = this.rng.pick(rooms.length > 0 ? rooms : need.rooms)
      const gift = this.giftFor(at, undefined, item.id)
      item.at = this.people[this.people.length - 1]!.id
      return [{ item: gift, rooms: need.sub, sub: need.sub }]
    }
    const darkable = rooms.filter(
      (r) =>
        r !== this.rooms[0]!.id &&
        !peopleRooms.has(r) &&
        !this.items.some((i) => i.at === r || this.containerRoom(i.at) === r),
    )
    if (choice === 2 && this.dark === undefined && darkable.length > 0) {
      this.budget--
      const dark = this.rng.pick(darkable)
      this.dark = dark
      this.rooms.find((r) => r.id === dark)!.dark = true
      item.at = this.rng.chance(0.5) ? this.container(dark, false).id : dark
      const lamp = this.item('lamp', this.rng.pick(LAMPS), '')
      this.lamp = lamp.id
      this.milestone('took', lamp.id, 5)
      this.milestone('lit', dark, 10)
      // The lamp, and all it takes to get it, lies where the player can go before the light:
      // not past a door or a guard at the dark room's exits (no one opens a door in the dark).
      const beyond = this.pastTheDark(dark)
      const sub = need.sub.filter((r) => !beyond.has(r))
      return [{ item: lamp, rooms: sub.filter((r) => r !== dark), sub }]
    }
    item.at =
      this.rng.chance(0.4) && this.names.container.length > 0
        ? this.container(room, false).id
        : room
    return []
  }

  /** The rooms behind a door or a guard at one of the dark room's exits to its children. */
  private pastTheDark(dark: string): Set<string> {
    const out = new Set<string>()
    for (const child of this.children.get(dark) ?? []) {
      const { dir } = this.parent.get(child)!
      const gated =
        this.doors.some((d) => d.sides.some((s) => s.room === dark && s.dir === dir)) ||
        this.people.some((p) => p.room === dark && p.blocks === dir)
      if (gated) for (const r of this.subtree(child)) out.add(r)
    }
    return out
  }

  private containerRoom(at: string): string | undefined {
    return this.containers.find((c) => c.id === at)?.room
  }

  private container(room: string, locked: boolean): ContainerPlan {
    const c: ContainerPlan = {
      id: `box_${this.containers.length}`,
      name: this.names.container.shift()!,
      room,
      closed: true,
      locked,
    }
    this.containers.push(c)
    return c
  }

  private item(kind: ItemKind, name: string, at: string, opens?: string): ItemPlan {
    const item: ItemPlan = {
      id: `${kind}_${this.items.length}`,
      name,
      kind,
      at,
      ...(opens ? { opens } : {}),
    }
    this.items.push(item)
    return item
  }

  private milestone(kind: MilestonePlan['kind'], of: string, points: number): void {
    this.milestones.push({ id: `${kind}_${of}`, kind, of, points })
  }

  private goal(kind: GoalKind, treasure: string, start: string) {
    if (kind === 'put') {
      const id = `box_${this.containers.length}`
      this.containers.push({
        id,
        name: this.theme.display,
        room: start,
        closed: false,
        locked: false,
      })
      return { kind, treasure, target: id }
    }
    if (kind === 'give') {
      const id = `person_${this.people.length}`
      this.people.push({ id, name: this.theme.patron, room: start, wants: treasure, patron: true })
      return { kind, treasure, target: id }
    }
    return { kind, treasure }
  }

  /** Things no puzzle needs: junk, a closed container or two, a key that opens nothing. */
  private clutter(): void {
    const lit = this.rooms.filter((r) => !r.dark).map((r) => r.id)
    const boxes = this.rng.int(0, 1 + Math.floor(this.level / 6))
    for (let i = 0; i < boxes && this.names.container.length > 0; i++)
      this.container(this.rng.pick(lit), false)
    const open = this.containers.filter((c) => !c.locked && this.rooms.some((r) => r.id === c.room))
    const junk = this.rng.sample(JUNK, this.rng.int(1, 2 + Math.floor(this.level / 4)))
    if (this.level >= 4 && this.rng.chance(0.5) && this.names.key.length > 0)
      junk.push(this.names.key.shift()!)
    for (const name of junk) {
      const inBox = open.length > 0 && this.rng.chance(0.3)
      const at = inBox ? this.rng.pick(open).id : this.rng.pick(lit)
      this.item(name.endsWith(' key') ? 'key' : 'junk', name, at)
    }
  }
}

/**
 * The layout and goal of a world without its words: two worlds with the same key have the
 * same rooms, exits, puzzles and goal, whatever they are called.
 */
export function layoutKey(b: Blueprint): string {
  return stableHash({
    rooms: b.rooms.map((r) => r.dark),
    exits: b.exits,
    doors: b.doors.map((d) => ({ sides: d.sides, locked: d.locked })),
    containers: b.containers.map(({ name: _n, ...c }) => c),
    items: b.items.map(({ name: _n, ...i }) => i),
    people: b.people.map(({ name: _n, hint: _h, ...p }) => p),
    goal: b.goal,
  })
}
