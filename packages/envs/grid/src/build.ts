import type { Rng } from '@refinery/core'
import {
  COLORS,
  type Color,
  DIR_X,
  DIR_Y,
  type DoorState,
  OBJECT_TYPES,
  type ObjectType,
  type Thing,
} from './types'

/**
 * Thrown to throw a sampled level away and draw another (BabyAI's RejectSampling). Draws throw
 * it routinely (a random description that fits nothing, a crowded room), so it records no
 * stack: capturing one cost more than the draw around it.
 */
export class Reject extends Error {
  constructor(message: string) {
    const limit = Error.stackTraceLimit
    Error.stackTraceLimit = 0
    super(message)
    Error.stackTraceLimit = limit
  }
}

interface Room {
  i: number
  j: number
  top: [number, number]
  size: number
  /** Right, down, left, up: a door id, `true` for a removed wall, or null. */
  doors: (number | true | null)[]
  doorPos: ([number, number] | null)[]
  neighbors: (Room | null)[]
  locked: boolean
  objs: number[]
}

/**
 * A grid of square rooms as BabyAI's RoomGrid builds one: walls around each room, a door
 * position drawn on every inner wall, things placed at random free cells. Levels call its
 * methods in BabyAI's order with a seeded stream, so they draw the same kinds of worlds.
 */
export class RoomGridBuilder {
  readonly width: number
  readonly height: number
  readonly wall: Uint8Array
  /** Thing id per cell, -1 when empty. */
  readonly occ: Int16Array
  readonly things: Thing[] = []
  readonly pos: number[] = []
  readonly doorState: (DoorState | null)[] = []
  readonly rooms: Room[][] = []
  agent = { x: 0, y: 0, dir: 0 }
  carrying = -1

  constructor(
    readonly rng: Rng,
    readonly roomSize: number,
    readonly rows: number,
    readonly cols: number,
  ) {
    this.width = (roomSize - 1) * cols + 1
    this.height = (roomSize - 1) * rows + 1
    this.wall = new Uint8Array(this.width * this.height)
    this.occ = new Int16Array(this.width * this.height).fill(-1)
    for (let j = 0; j < rows; j++) {
      const row: Room[] = []
      for (let i = 0; i < cols; i++) {
        const top: [number, number] = [i * (roomSize - 1), j * (roomSize - 1)]
        row.push({
          i,
          j,
          top,
          size: roomSize,
          doors: [null, null, null, null],
          doorPos: [null, null, null, null],
          neighbors: [null, null, null, null],
          locked: false,
          objs: [],
        })
        this.wallRect(top[0], top[1], roomSize)
      }
      this.rooms.push(row)
    }
    for (let j = 0; j < rows; j++) {
      for (let i = 0; i < cols; i++) {
        const room = this.room(i, j)
        const [xl, yl] = [room.top[0] + 1, room.top[1] + 1]
        const [xm, ym] = [room.top[0] + roomSize - 1, room.top[1] + roomSize - 1]
        if (i < cols - 1) {
          room.neighbors[0] = this.room(i + 1, j)
          room.doorPos[0] = [xm, this.int(yl, ym)]
        }
        if (j < rows - 1) {
          room.neighbors[1] = this.room(i, j + 1)
          room.doorPos[1] = [this.int(xl, xm), ym]
        }
        if (i > 0) {
          room.neighbors[2] = this.room(i - 1, j)
          room.doorPos[2] = room.neighbors[2].doorPos[0] ?? null
        }
        if (j > 0) {
          room.neighbors[3] = this.room(i, j - 1)
          room.doorPos[3] = room.neighbors[3].doorPos[1] ?? null
        }
      }
    }
    // BabyAI keeps the agent in the middle, facing east, until a level places it.
    this.agent = {
      x: Math.floor(cols / 2) * (roomSize - 1) + Math.floor(roomSize / 2),
      y: Math.floor(rows / 2) * (roomSize - 1) + Math.floor(roomSize / 2),
      dir: 0,
    }
  }

  // ------------------------------------------------------------ random draws

  /** An integer in [lo, hi), as numpy's randint. */
  int(lo: number, hi: number): number {
    return this.rng.int(lo, hi - 1)
  }
  elem<T>(items: readonly T[]): T {
    return this.rng.pick(items)
  }
  bool(): boolean {
    return this.rng.chance(0.5)
  }
  color(): Color {
    return this.elem(COLORS)
  }
  subset<T>(items: readonly T[], n: number): T[] {
    return this.rng.sample(items, n)
  }

  // ------------------------------------------------------------ geometry

  room(i: number, j: number): Room {
    return this.rooms[j]![i]!
  }
  roomOf(x: number, y: number): Room {
    const i = Math.floor(x / (this.roomSize - 1))
    const j = Math.floor(y / (this.roomSize - 1))
    return this.room(Math.min(i, this.cols - 1), Math.min(j, this.rows - 1))
  }
  inside(room: Room, x: number, y: number): boolean {
    return (
      x >= room.top[0] &&
      y >= room.top[1] &&
      x < room.top[0] + room.size &&
      y < room.top[1] + room.size
    )
  }
  cell(x: number, y: number): number {
    return y * this.width + x
  }
  free(x: number, y: number): boolean {
    const c = this.cell(x, y)
    return this.wall[c] === 0 && this.occ[c] === -1
  }

  private wallRect(x0: number, y0: number, size: number): void {
    for (let d = 0; d < size; d++) {
      this.wall[this.cell(x0 + d, y0)] = 1
      this.wall[this.cell(x0 + d, y0 + size - 1)] = 1
      this.wall[this.cell(x0, y0 + d)] = 1
      this.wall[this.cell(x0 + size - 1, y0 + d)] = 1
    }
  }

  // ------------------------------------------------------------ things

  private addThing(thing: Thing, cell: number, door: DoorState | null): number {
    const id = this.things.length
    this.things.push(thing)
    this.pos.push(cell)
    this.doorState.push(door)
    if (cell >= 0) this.occ[cell] = id
    return id
  }

  /** A free cell of the room, not next to the agent (BabyAI's reject_next_to). */
  private placeInRoom(room: Room): number {
    for (let tries = 0; tries < 1000; tries++) {
      const x = this.int(room.top[0], Math.min(room.top[0] + room.size, this.width))
      const y = this.int(room.top[1], Math.min(room.top[1] + room.size, this.height))
      if (!this.free(x, y)) continue
      if (x === this.agent.x && y === this.agent.y) continue
      if (Math.abs(x - this.agent.x) + Math.abs(y - this.agent.y) < 2) continue
      return this.cell(x, y)
    }
    throw new Reject('no free cell')
  }

  addObject(i: number, j: number, kind?: ObjectType, color?: Color): number {
    const type = kind ?? this.elem(OBJECT_TYPES)
    const c = color ?? this.color()
    const room = this.room(i, j)
    const cell = this.placeInRoom(room)
    const id = this.addThing({ type, color: c }, cell, null)
    room.objs.push(id)
    return id
  }

  addDoor(i: number, j: number, doorIdx?: number, color?: Color, locked?: boolean): number {
    const room = this.room(i, j)
    let idx = doorIdx
    if (idx === undefined) {
      for (let tries = 0; ; tries++) {
        if (tries > 200) throw new Reject('no wall for a door')
        const k = this.int(0, 4)
        if (room.neighbors[k] && room.doors[k] === null) {
          idx = k
          break
        }
      }
    }
    const c = color ?? this.color()
    const isLocked = locked ?? this.bool()
    if (room.doors[idx] !== null) throw new Reject('door already exists')
    room.locked = isLocked
    const at = room.doorPos[idx]
    const neighbor = room.neighbors[idx]
    if (!at || !neighbor) throw new Reject('no neighbour on that wall')
    const cell = this.cell(at[0], at[1])
    this.wall[cell] = 0
    const id = this.addThing({ type: 'door', color: c }, cell, isLocked ? 'locked' : 'closed')
    room.doors[idx] = id
    neighbor.doors[(idx + 2) % 4] = id
    return id
  }

  removeWall(i: number, j: number, idx: number): void {
    const room = this.room(i, j)
    const neighbor = room.neighbors[idx]
    if (room.doors[idx] !== null || !neighbor) throw new Reject('cannot remove that wall')
    const [tx, ty] = room.top
    const s = room.size
    for (let k = 1; k < s - 1; k++) {
      const [x, y] =
        idx === 0
          ? [tx + s - 1, ty + k]
          : idx === 1
            ? [tx + k, ty + s - 1]
            : idx === 2
              ? [tx, ty + k]
              : [tx + k, ty]
      this.wall[this.cell(x, y)] = 0
    }
    room.doors[idx] = true
    neighbor.doors[(idx + 2) % 4] = true
  }

  /** Puts the agent at a random free cell of a room, never right in front of a thing. */
  placeAgent(i?: number, j?: number): void {
    const room = this.room(i ?? this.int(0, this.cols), j ?? this.int(0, this.rows))
    for (let tries = 0; tries < 1000; tries++) {
      const x = this.int(room.top[0], Math.min(room.top[0] + room.size, this.width))
      const y = this.int(room.top[1], Math.min(room.top[1] + room.size, this.height))
      if (!this.free(x, y) || (x === this.agent.x && y === this.agent.y)) continue
      const dir = this.int(0, 4)
      const fx = x + DIR_X[dir]!
      const fy = y + DIR_Y[dir]!
      if (this.occ[this.cell(fx, fy)] !== -1) continue
      this.agent = { x, y, dir }
      return
    }
    throw new Reject('no place for the agent')
  }

  /** Adds unlocked doors until every room can be reached from the agent's room. */
  connectAll(colors: readonly Color[] = COLORS): void {
    const start = this.roomOf(this.agent.x, this.agent.y)
    for (let itr = 0; itr <= 5000; itr++) {
      const reach = new Set<Room>()
      const stack = [start]
      while (stack.length > 0) {
        const room = stack.pop()!
        if (reach.has(room)) continue
        reach.add(room)
        for (let k = 0; k < 4; k++) if (room.doors[k] !== null) stack.push(room.neighbors[k]!)
      }
      if (reach.size === this.rows * this.cols) return
      const room = this.room(this.int(0, this.cols), this.int(0, this.rows))
      const k = this.int(0, 4)
      if (!room.doorPos[k] || room.doors[k] !== null) continue
      if (room.locked || room.neighbors[k]!.locked) continue
      this.addDoor(room.i, room.j, k, this.elem(colors), false)
    }
    throw new Reject('connect_all failed')
  }

  addDistractors(i?: number, j?: number, count = 10, allUnique = true): number[] {
    const existing = this.rooms
      .flat()
      .flatMap((room) =>
        room.objs.map((id) => `${this.things[id]!.type} ${this.things[id]!.color}`),
      )
    const out: number[] = []
    for (let tries = 0; out.length < count; tries++) {
      if (tries > 1000) throw new Reject('no room for distractors')
      const color = this.elem(COLORS)
      const type = this.elem(OBJECT_TYPES)
      if (allUnique && existing.includes(`${type} ${color}`)) continue
      const id = this.addObject(
        i ?? this.int(0, this.cols),
        j ?? this.int(0, this.rows),
        type,
        color,
      )
      existing.push(`${type} ${color}`)
      out.push(id)
    }
    return out
  }

  /** Every thing reachable from the agent without moving another (BabyAI's check_objs_reachable). */
  objsReachable(): boolean {
    const seen = new Uint8Array(this.width * this.height)
    const stack = [this.cell(this.agent.x, this.agent.y)]
    while (stack.length > 0) {
      const c = stack.pop()!
      if (seen[c]) continue
      seen[c] = 1
      const id = this.occ[c]!
      if (this.wall[c] || (id >= 0 && this.things[id]!.type !== 'door')) continue
      const x = c % this.width
      const y = (c - x) / this.width
      if (x + 1 < this.width) stack.push(c + 1)
      if (x > 0) stack.push(c - 1)
      if (y + 1 < this.height) stack.push(c + this.width)
      if (y > 0) stack.push(c - this.width)
    }
    return this.pos.every((c) => c < 0 || seen[c] === 1)
  }

  checkObjsReachable(): void {
    if (!this.objsReachable()) throw new Reject('unreachable object')
  }

  /** Every door of the world, in room order. */
  allDoors(): number[] {
    const out: number[] = []
    for (let i = 0; i < this.cols; i++)
      for (let j = 0; j < this.rows; j++)
        for (const d of this.room(i, j).doors)
          if (typeof d === 'number' && !out.includes(d)) out.push(d)
    return out
  }

  /** Starts the episode carrying a thing: it leaves the grid. */
  carry(id: number): void {
    const cell = this.pos[id]!
    if (cell >= 0) this.occ[cell] = -1
    this.pos[id] = -1
    this.carrying = id
  }
}
