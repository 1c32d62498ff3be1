import { Reject, type RoomGridBuilder } from './build'
import { describe, validateInstr } from './mission'
import { COLORS, type Desc, type Instr, type Loc, OBJECT_TYPES, type ThingType } from './types'

export interface Level {
  /** BabyAI's level name: `GoToRedBallGrey`. */
  name: string
  /** The number AgentBoard gives the level (`all_levels` in babyai_env.py); 0 when it has none. */
  agentboard: number
  roomSize: number
  rows: number
  cols: number
  /** Levels whose instructions may need a blocking object moved (BabyAI's `unblocking`). */
  unblocking?: boolean
  gen(b: RoomGridBuilder): Instr
}

const LOCS: readonly Loc[] = ['left', 'right', 'front', 'behind']
const d = describe

function goToRedBall(dists: number, grey: boolean): Level['gen'] {
  return (b) => {
    b.placeAgent()
    b.addObject(0, 0, 'ball', 'red')
    const ds = b.addDistractors(undefined, undefined, dists, false)
    if (grey) for (const id of ds) b.things[id]!.color = 'grey'
    b.checkObjsReachable()
    return { op: 'goto', desc: d(b, 'ball', 'red') }
  }
}

function locals(count: number): Level['gen'] {
  return (b) => {
    b.placeAgent()
    const objs = b.addDistractors(undefined, undefined, count, false)
    b.checkObjsReachable()
    const o = b.things[b.elem(objs)]!
    return { op: 'goto', desc: d(b, o.type, o.color) }
  }
}

/** BabyAI's LevelGen: random instructions in the baby language over a random maze. */
function levelGen(opts: {
  dists: number
  lockedRoomProb: number
  locations: boolean
  unblocking: boolean
  implicitUnlock: boolean
  actions: readonly ('goto' | 'pickup' | 'open' | 'putnext')[]
  kinds: readonly ('action' | 'and' | 'seq')[]
}): Level['gen'] {
  return (b) => {
    let lockedRoom: { i: number; j: number } | null = null
    if (b.rng.next() < opts.lockedRoomProb) {
      for (let tries = 0; ; tries++) {
        if (tries > 100) throw new Reject('no locked room')
        const i = b.int(0, b.cols)
        const j = b.int(0, b.rows)
        const k = b.int(0, 4)
        if (!b.room(i, j).neighbors[k]) continue
        const door = b.addDoor(i, j, k, undefined, true)
        lockedRoom = { i, j }
        for (let t = 0; ; t++) {
          if (t > 100) throw new Reject('no key room')
          const ki = b.int(0, b.cols)
          const kj = b.int(0, b.rows)
          if (ki === i && kj === j) continue
          b.addObject(ki, kj, 'key', b.things[door]!.color)
          break
        }
        break
      }
    }
    b.connectAll()
    b.addDistractors(undefined, undefined, opts.dists, false)
    for (let tries = 0; ; tries++) {
      if (tries > 100) throw new Reject('agent in the locked room')
      b.placeAgent()
      const r = b.roomOf(b.agent.x, b.agent.y)
      if (!lockedRoom || r.i !== lockedRoom.i || r.j !== lockedRoom.j) break
    }
    if (!opts.unblocking) b.checkObjsReachable()
    const randObj = (types: readonly ThingType[]): Desc => {
      for (let tries = 0; tries <= 100; tries++) {
        const color = b.elem([null, ...COLORS])
        const type = b.elem(types)
        const loc = opts.locations && b.bool() ? b.elem(LOCS) : null
        let desc: Desc
        try {
          desc = d(b, type, color, loc)
        } catch {
          continue
        }
        if (!opts.implicitUnlock && lockedRoom) {
          const room = b.room(lockedRoom.i, lockedRoom.j)
          const outside = desc.ids.some((id) => {
            const c = b.pos[id]!
            return !b.inside(room, c % b.width, Math.floor(c / b.width))
          })
          if (!outside) continue
        }
        return desc
      }
      throw new Reject('no suitable object')
    }
    const notDoor = OBJECT_TYPES
    const all: ThingType[] = [...OBJECT_TYPES, 'door']
    const action = (): Instr => {
      const a = b.elem(opts.actions)
      if (a === 'goto') return { op: 'goto', desc: randObj(all) }
      if (a === 'pickup') return { op: 'pickup', desc: randObj(notDoor) }
      if (a === 'open') return { op: 'open', desc: randObj(['door']) }
      return { op: 'putnext', move: randObj(notDoor), fixed: randObj(all) }
    }
    const instr = (kinds: readonly ('action' | 'and' | 'seq')[]): Instr => {
      const kind = b.elem(kinds)
      if (kind === 'action') return action()
      if (kind === 'and') return { op: 'and', a: instr(['action']), b: instr(['action']) }
      const first = instr(['action', 'and'])
      const second = instr(['action', 'and'])
      return { op: b.bool() ? 'before' : 'after', a: first, b: second }
    }
    return instr(opts.kinds)
  }
}

/** BabyAI's KeyCorridor: the ball behind a locked door off a corridor, its key in a side room. */
const keyCorridor: Level['gen'] = (b) => {
  for (let j = 1; j < b.rows; j++) b.removeWall(1, j, 3)
  const r = b.int(0, b.rows)
  const door = b.addDoor(2, r, 2, undefined, true)
  b.addObject(2, r, 'ball')
  b.addObject(0, b.int(0, b.rows), 'key', b.things[door]!.color)
  b.placeAgent(1, Math.floor(b.rows / 2))
  b.connectAll()
  return { op: 'pickup', desc: d(b, 'ball', null) }
}

/** BabyAI's MoveTwoAcross: two things to carry across an open wall, in order. */
function moveTwoAcross(objsPerRoom: number): Level['gen'] {
  return (b) => {
    b.placeAgent(0, 0)
    const left = b.addDistractors(0, 0, objsPerRoom)
    const right = b.addDistractors(1, 0, objsPerRoom)
    b.removeWall(0, 0, 0)
    const [a, dd] = b.subset(left, 2).map((id) => b.things[id]!)
    const [bb, c] = b.subset(right, 2).map((id) => b.things[id]!)
    return {
      op: 'before',
      a: { op: 'putnext', move: d(b, a!.type, a!.color), fixed: d(b, bb!.type, bb!.color) },
      b: { op: 'putnext', move: d(b, c!.type, c!.color), fixed: d(b, dd!.type, dd!.color) },
    }
  }
}

/** BabyAI's PutNext: a thing of one room next to a thing of the other, the wall between open. */
function putNext(objsPerRoom: number): Level['gen'] {
  return (b) => {
    b.placeAgent(0, 0)
    const left = b.addDistractors(0, 0, objsPerRoom, true)
    const right = b.addDistractors(1, 0, objsPerRoom, true)
    b.removeWall(0, 0, 0)
    let a = b.things[b.elem(left)]!
    let c = b.things[b.elem(right)]!
    if (b.bool()) [a, c] = [c, a]
    return { op: 'putnext', move: d(b, a.type, a.color), fixed: d(b, c.type, c.color) }
  }
}

/** BabyAI's PutNextLocal: two things of one room, one to be put next to the other. */
function putNextLocal(count: number): Level['gen'] {
  return (b) => {
    b.placeAgent()
    const objs = b.addDistractors(undefined, undefined, count, true)
    b.checkObjsReachable()
    const [o1, o2] = b.subset(objs, 2).map((id) => b.things[id]!)
    return { op: 'putnext', move: d(b, o1!.type, o1!.color), fixed: d(b, o2!.type, o2!.color) }
  }
}

/** BabyAI's LevelGen defaults: a 3×3 maze of 8×8 rooms with 18 distractors. */
const BOSS = {
  dists: 18,
  lockedRoomProb: 0.5,
  locations: true,
  unblocking: true,
  implicitUnlock: true,
  actions: ['goto', 'pickup', 'open', 'putnext'],
  kinds: ['action', 'and', 'seq'],
} as const

/**
 * BabyAI's levels that AgentBoard evaluates on (its `game_level` list: 1-21, 24, 25, 27, 28,
 * 29, 31, 32), some more for training, and BabyAI's harder levels (mazes, PutNext, KeyCorridor,
 * Synth, Boss). Sizes follow the registered gym ids.
 */
export const LEVELS: readonly Level[] = [
  {
    name: 'GoToRedBallGrey',
    agentboard: 1,
    roomSize: 8,
    rows: 1,
    cols: 1,
    gen: goToRedBall(7, true),
  },
  { name: 'GoToRedBall', agentboard: 2, roomSize: 8, rows: 1, cols: 1, gen: goToRedBall(7, false) },
  {
    name: 'GoToRedBallNoDists',
    agentboard: 3,
    roomSize: 8,
    rows: 1,
    cols: 1,
    gen: goToRedBall(0, false),
  },
  {
    name: 'GoToObjS6',
    agentboard: 4,
    roomSize: 6,
    rows: 1,
    cols: 1,
    gen: (b) => {
      b.placeAgent()
      const [o] = b.addDistractors(undefined, undefined, 1)
      const t = b.things[o!]!
      return { op: 'goto', desc: d(b, t.type, t.color) }
    },
  },
  { name: 'GoToLocalS8N7', agentboard: 5, roomSize: 8, rows: 1, cols: 1, gen: locals(7) },
  {
    name: 'GoToObjMazeS7',
    agentboard: 6,
    roomSize: 7,
    rows: 3,
    cols: 3,
    gen: (b) => {
      b.placeAgent()
      b.connectAll()
      const objs = b.addDistractors(undefined, undefined, 1, false)
      b.checkObjsReachable()
      const t = b.things[b.elem(objs)]!
      return { op: 'goto', desc: d(b, t.type, t.color) }
    },
  },
  {
    name: 'GoToImpUnlock',
    agentboard: 7,
    roomSize: 8,
    rows: 3,
    cols: 3,
    gen: (b) => {
      const id = b.int(0, b.cols)
      const jd = b.int(0, b.rows)
      const door = b.addDoor(id, jd, undefined, undefined, true)
      for (let t = 0; ; t++) {
        if (t > 100) throw new Reject('no key room')
        const ik = b.int(0, b.cols)
        const jk = b.int(0, b.rows)
        if (ik === id && jk === jd) continue
        b.addObject(ik, jk, 'key', b.things[door]!.color)
        break
      }
      b.connectAll()
      for (let i = 0; i < b.cols; i++)
        for (let j = 0; j < b.rows; j++) if (i !== id || j !== jd) b.addDistractors(i, j, 2, false)
      for (let t = 0; ; t++) {
        if (t > 100) throw new Reject('agent in the locked room')
        b.placeAgent()
        const r = b.roomOf(b.agent.x, b.agent.y)
        if (r.i !== id || r.j !== jd) break
      }
      b.checkObjsReachable()
      const [o] = b.addDistractors(id, jd, 1, false)
      const t = b.things[o!]!
      return { op: 'goto', desc: d(b, t.type, t.color) }
    },
  },
  {
    name: 'GoToSeqS5R2',
    agentboard: 8,
    roomSize: 5,
    rows: 2,
    cols: 2,
    gen: levelGen({
      dists: 4,
      lockedRoomProb: 0,
      locations: false,
      unblocking: false,
      implicitUnlock: true,
      actions: ['goto'],
      kinds: ['action', 'and', 'seq'],
    }),
  },
  {
    name: 'GoToRedBlueBall',
    agentboard: 9,
    roomSize: 8,
    rows: 1,
    cols: 1,
    gen: (b) => {
      b.placeAgent()
      const ds = b.addDistractors(undefined, undefined, 7, false)
      for (const id of ds) {
        const t = b.things[id]!
        if (t.type === 'ball' && (t.color === 'blue' || t.color === 'red'))
          throw new Reject('only one red or blue ball')
      }
      const color = b.elem(['red', 'blue'] as const)
      b.addObject(0, 0, 'ball', color)
      b.checkObjsReachable()
      return { op: 'goto', desc: d(b, 'ball', color) }
    },
  },
  {
    name: 'GoToDoor',
    agentboard: 10,
    roomSize: 7,
    rows: 3,
    cols: 3,
    gen: (b) => {
      const doors = [0, 1, 2, 3].map(() => b.addDoor(1, 1))
      b.placeAgent(1, 1)
      const t = b.things[b.elem(doors)]!
      return { op: 'goto', desc: d(b, 'door', t.color) }
    },
  },
  {
    name: 'GoToObjDoor',
    agentboard: 11,
    roomSize: 8,
    rows: 3,
    cols: 3,
    gen: (b) => {
      b.placeAgent(1, 1)
      const objs = b.addDistractors(1, 1, 8, false)
      for (let k = 0; k < 4; k++) objs.push(b.addDoor(1, 1))
      b.checkObjsReachable()
      const t = b.things[b.elem(objs)]!
      return { op: 'goto', desc: d(b, t.type, t.color) }
    },
  },
  {
    name: 'Open',
    agentboard: 12,
    roomSize: 8,
    rows: 3,
    cols: 3,
    gen: (b) => {
      b.placeAgent()
      b.connectAll()
      b.addDistractors(undefined, undefined, 18, false)
      b.checkObjsReachable()
      const t = b.things[b.elem(b.allDoors())]!
      return { op: 'open', desc: d(b, 'door', t.color) }
    },
  },
  {
    name: 'OpenRedDoor',
    agentboard: 13,
    roomSize: 5,
    rows: 1,
    cols: 2,
    gen: (b) => {
      b.addDoor(0, 0, 0, 'red', false)
      b.placeAgent(0, 0)
      return { op: 'open', desc: d(b, 'door', 'red') }
    },
  },
  {
    name: 'OpenDoorLoc',
    agentboard: 14,
    roomSize: 8,
    rows: 3,
    cols: 3,
    gen: (b) => {
      const colors = b.subset(COLORS, 4)
      colors.forEach((c, i) => {
        b.addDoor(1, 1, i, c, false)
      })
      b.placeAgent(1, 1)
      return { op: 'open', desc: d(b, 'door', null, b.elem(LOCS)) }
    },
  },
  {
    name: 'OpenRedBlueDoorsDebug',
    agentboard: 15,
    roomSize: 6,
    rows: 3,
    cols: 3,
    gen: (b) => {
      b.addDoor(1, 1, 2, 'red', false)
      b.addDoor(1, 1, 0, 'blue', false)
      b.placeAgent(1, 1)
      return {
        op: 'before',
        a: { op: 'open', desc: d(b, 'door', 'red'), strict: true },
        b: { op: 'open', desc: d(b, 'door', 'blue') },
      }
    },
  },
  {
    name: 'OpenDoorsOrderN4Debug',
    agentboard: 16,
    roomSize: 6,
    rows: 3,
    cols: 3,
    gen: (b) => {
      const colors = b.subset(COLORS, 4)
      const doors = colors.map((c) => b.addDoor(1, 1, undefined, c, false))
      b.placeAgent(1, 1)
      const [d1, d2] = b.subset(doors, 2)
      const o1 = { op: 'open' as const, desc: d(b, 'door', b.things[d1!]!.color), strict: true }
      const o2 = { op: 'open' as const, desc: d(b, 'door', b.things[d2!]!.color), strict: true }
      const mode = b.int(0, 3)
      if (mode === 0) return o1
      return { op: mode === 1 ? 'before' : 'after', a: o1, b: o2 }
    },
  },
  {
    name: 'Pickup',
    agentboard: 17,
    roomSize: 8,
    rows: 3,
    cols: 3,
    gen: (b) => {
      b.placeAgent()
      b.connectAll()
      const objs = b.addDistractors(undefined, undefined, 18, false)
      b.checkObjsReachable()
      const t = b.things[b.elem(objs)]!
      return { op: 'pickup', desc: d(b, t.type, t.color) }
    },
  },
  {
    name: 'UnblockPickup',
    agentboard: 18,
    roomSize: 8,
    rows: 3,
    cols: 3,
    unblocking: true,
    gen: (b) => {
      b.placeAgent()
      b.connectAll()
      const objs = b.addDistractors(undefined, undefined, 20, false)
      if (b.objsReachable()) throw new Reject('all objects reachable')
      const t = b.things[b.elem(objs)]!
      return { op: 'pickup', desc: d(b, t.type, t.color) }
    },
  },
  {
    name: 'PickupLoc',
    agentboard: 19,
    roomSize: 8,
    rows: 1,
    cols: 1,
    gen: levelGen({
      dists: 8,
      lockedRoomProb: 0,
      locations: true,
      unblocking: false,
      implicitUnlock: true,
      actions: ['pickup'],
      kinds: ['action'],
    }),
  },
  {
    name: 'PickupDistDebug',
    agentboard: 20,
    roomSize: 7,
    rows: 1,
    cols: 1,
    gen: (b) => {
      const objs = b.addDistractors(undefined, undefined, 5)
      b.placeAgent(0, 0)
      const t = b.things[b.elem(objs)]!
      const by = b.elem(['type', 'color', 'both'] as const)
      const desc = d(b, by === 'color' ? null : t.type, by === 'type' ? null : t.color)
      return { op: 'pickup', desc, strict: true }
    },
  },
  {
    name: 'PickupAbove',
    agentboard: 21,
    roomSize: 6,
    rows: 3,
    cols: 3,
    gen: (b) => {
      const o = b.addObject(1, 0)
      b.addDoor(1, 1, 3, undefined, false)
      b.placeAgent(1, 1)
      b.connectAll()
      const t = b.things[o]!
      return { op: 'pickup', desc: d(b, t.type, t.color) }
    },
  },
  {
    name: 'Unlock',
    agentboard: 24,
    roomSize: 8,
    rows: 3,
    cols: 3,
    gen: (b) => {
      const id = b.int(0, b.cols)
      const jd = b.int(0, b.rows)
      const door = b.addDoor(id, jd, undefined, undefined, true)
      const color = b.things[door]!.color
      for (let t = 0; ; t++) {
        if (t > 100) throw new Reject('no key room')
        const ik = b.int(0, b.cols)
        const jk = b.int(0, b.rows)
        if (ik === id && jk === jd) continue
        b.addObject(ik, jk, 'key', color)
        break
      }
      if (b.bool()) b.connectAll(COLORS.filter((c) => c !== color))
      else b.connectAll()
      for (let i = 0; i < b.cols; i++)
        for (let j = 0; j < b.rows; j++) if (i !== id || j !== jd) b.addDistractors(i, j, 3, false)
      for (let t = 0; ; t++) {
        if (t > 100) throw new Reject('agent in the locked room')
        b.placeAgent()
        const r = b.roomOf(b.agent.x, b.agent.y)
        if (r.i !== id || r.j !== jd) break
      }
      b.checkObjsReachable()
      return { op: 'open', desc: d(b, 'door', color) }
    },
  },
  {
    name: 'UnlockLocalDist',
    agentboard: 25,
    roomSize: 8,
    rows: 3,
    cols: 3,
    gen: (b) => {
      const door = b.addDoor(1, 1, undefined, undefined, true)
      b.addObject(1, 1, 'key', b.things[door]!.color)
      b.addDistractors(1, 1, 3)
      b.placeAgent(1, 1)
      return { op: 'open', desc: d(b, 'door', null) }
    },
  },
  {
    name: 'UnlockPickupDist',
    agentboard: 27,
    roomSize: 6,
    rows: 1,
    cols: 2,
    gen: (b) => {
      const o = b.addObject(1, 0, 'box')
      const door = b.addDoor(0, 0, 0, undefined, true)
      b.addObject(0, 0, 'key', b.things[door]!.color)
      b.addDistractors(undefined, undefined, 4)
      b.placeAgent(0, 0)
      const t = b.things[o]!
      return { op: 'pickup', desc: d(b, t.type, t.color) }
    },
  },
  {
    name: 'BlockedUnlockPickup',
    agentboard: 28,
    roomSize: 6,
    rows: 1,
    cols: 2,
    unblocking: true,
    gen: (b) => {
      b.addObject(1, 0, 'box')
      const door = b.addDoor(0, 0, 0, undefined, true)
      const cell = b.pos[door]! - 1
      if (b.occ[cell] !== -1) throw new Reject('door blocked already')
      // The ball in front of the door, on the near side.
      b.things.push({ type: 'ball', color: b.color() })
      b.pos.push(cell)
      b.doorState.push(null)
      b.occ[cell] = b.things.length - 1
      b.addObject(0, 0, 'key', b.things[door]!.color)
      b.placeAgent(0, 0)
      return { op: 'pickup', desc: d(b, 'box', null) }
    },
  },
  {
    name: 'UnlockToUnlock',
    agentboard: 29,
    roomSize: 6,
    rows: 1,
    cols: 3,
    gen: (b) => {
      const [ca, cb] = b.subset(COLORS, 2)
      b.addDoor(0, 0, 0, ca, true)
      b.addObject(2, 0, 'key', ca)
      b.addDoor(1, 0, 0, cb, true)
      b.addObject(1, 0, 'key', cb)
      b.addObject(0, 0, 'ball')
      b.placeAgent(1, 0)
      return { op: 'pickup', desc: d(b, 'ball', null) }
    },
  },
  {
    name: 'FindObjS7',
    agentboard: 31,
    roomSize: 7,
    rows: 3,
    cols: 3,
    gen: (b) => {
      const o = b.addObject(b.int(0, b.rows), b.int(0, b.cols))
      b.placeAgent(1, 1)
      b.connectAll()
      return { op: 'pickup', desc: d(b, b.things[o]!.type, null) }
    },
  },
  { name: 'KeyCorridorS6R3', agentboard: 32, roomSize: 6, rows: 3, cols: 3, gen: keyCorridor },
  // ---------------------------------------------------------------- training only
  {
    name: 'PutNextLocalS6N4',
    agentboard: 22,
    roomSize: 6,
    rows: 1,
    cols: 1,
    gen: (b) => {
      b.placeAgent()
      const objs = b.addDistractors(undefined, undefined, 4, true)
      b.checkObjsReachable()
      const [o1, o2] = b.subset(objs, 2).map((id) => b.things[id]!)
      return {
        op: 'putnext',
        move: d(b, o1!.type, o1!.color),
        fixed: d(b, o2!.type, o2!.color),
      }
    },
  },
  {
    name: 'ActionObjDoor',
    agentboard: 30,
    roomSize: 7,
    rows: 3,
    cols: 3,
    gen: (b) => {
      const objs = b.addDistractors(1, 1, 5)
      for (let k = 0; k < 4; k++) objs.push(b.addDoor(1, 1, undefined, undefined, false))
      b.placeAgent(1, 1)
      const t = b.things[b.elem(objs)]!
      const desc = d(b, t.type, t.color)
      if (t.type === 'door') return b.bool() ? { op: 'goto', desc } : { op: 'open', desc }
      return b.bool() ? { op: 'goto', desc } : { op: 'pickup', desc }
    },
  },
  {
    name: 'OneRoomS12',
    agentboard: 0,
    roomSize: 12,
    rows: 1,
    cols: 1,
    gen: (b) => {
      b.addObject(0, 0, 'ball')
      b.placeAgent()
      return { op: 'pickup', desc: d(b, 'ball', null) }
    },
  },
  {
    name: 'MoveTwoAcrossS5N2',
    agentboard: 0,
    roomSize: 5,
    rows: 1,
    cols: 2,
    gen: moveTwoAcross(2),
  },
  {
    name: 'SynthS5R2',
    agentboard: 35,
    roomSize: 5,
    rows: 2,
    cols: 3,
    unblocking: true,
    gen: levelGen({
      dists: 6,
      lockedRoomProb: 0.5,
      locations: false,
      unblocking: true,
      implicitUnlock: false,
      actions: ['goto', 'pickup', 'open', 'putnext'],
      kinds: ['action'],
    }),
  },
  {
    name: 'MiniBossLevel',
    agentboard: 38,
    roomSize: 5,
    rows: 2,
    cols: 2,
    unblocking: true,
    gen: levelGen({
      dists: 7,
      lockedRoomProb: 0.25,
      locations: true,
      unblocking: true,
      implicitUnlock: true,
      actions: ['goto', 'pickup', 'open', 'putnext'],
      kinds: ['action', 'and', 'seq'],
    }),
  },
  // ---------------------------------------------------------------- BabyAI's harder levels
  {
    name: 'GoTo',
    agentboard: 0,
    roomSize: 8,
    rows: 3,
    cols: 3,
    gen: (b) => {
      b.placeAgent()
      b.connectAll()
      const objs = b.addDistractors(undefined, undefined, 18, false)
      b.checkObjsReachable()
      const t = b.things[b.elem(objs)]!
      return { op: 'goto', desc: d(b, t.type, t.color) }
    },
  },
  {
    name: 'GoToSeq',
    agentboard: 0,
    roomSize: 8,
    rows: 3,
    cols: 3,
    gen: levelGen({
      ...BOSS,
      lockedRoomProb: 0,
      locations: false,
      unblocking: false,
      actions: ['goto'],
    }),
  },
  { name: 'PutNextLocal', agentboard: 0, roomSize: 8, rows: 1, cols: 1, gen: putNextLocal(8) },
  { name: 'PutNextS6N3', agentboard: 0, roomSize: 6, rows: 1, cols: 2, gen: putNext(3) },
  { name: 'PutNextS7N4', agentboard: 0, roomSize: 7, rows: 1, cols: 2, gen: putNext(4) },
  { name: 'PutNextS6N3Carrying', agentboard: 0, roomSize: 6, rows: 1, cols: 2, gen: putNext(3) },
  {
    name: 'MoveTwoAcrossS8N9',
    agentboard: 0,
    roomSize: 8,
    rows: 1,
    cols: 2,
    gen: moveTwoAcross(9),
  },
  {
    name: 'UnlockPickup',
    agentboard: 0,
    roomSize: 6,
    rows: 1,
    cols: 2,
    gen: (b) => {
      const o = b.addObject(1, 0, 'box')
      const door = b.addDoor(0, 0, 0, undefined, true)
      b.addObject(0, 0, 'key', b.things[door]!.color)
      b.placeAgent(0, 0)
      const t = b.things[o]!
      return { op: 'pickup', desc: d(b, t.type, t.color) }
    },
  },
  { name: 'KeyCorridorS4R3', agentboard: 0, roomSize: 4, rows: 3, cols: 3, gen: keyCorridor },
  { name: 'KeyCorridorS5R3', agentboard: 0, roomSize: 5, rows: 3, cols: 3, gen: keyCorridor },
  {
    name: 'Synth',
    agentboard: 0,
    roomSize: 8,
    rows: 3,
    cols: 3,
    unblocking: true,
    gen: levelGen({ ...BOSS, locations: false, implicitUnlock: false, kinds: ['action'] }),
  },
  {
    name: 'SynthLoc',
    agentboard: 0,
    roomSize: 8,
    rows: 3,
    cols: 3,
    unblocking: true,
    gen: levelGen({ ...BOSS, implicitUnlock: false, kinds: ['action'] }),
  },
  {
    name: 'SynthSeq',
    agentboard: 0,
    roomSize: 8,
    rows: 3,
    cols: 3,
    unblocking: true,
    gen: levelGen({ ...BOSS, implicitUnlock: false }),
  },
  {
    name: 'BossLevel',
    agentboard: 0,
    roomSize: 8,
    rows: 3,
    cols: 3,
    unblocking: true,
    gen: levelGen(BOSS),
  },
  {
    name: 'BossLevelNoUnlock',
    agentboard: 0,
    roomSize: 8,
    rows: 3,
    cols: 3,
    unblocking: true,
    gen: levelGen({ ...BOSS, lockedRoomProb: 0, implicitUnlock: false }),
  },
]

/**
 * The 28 levels of the test split. AgentBoard's own list is mostly one-room GoTo and Open
 * levels that its "go to <thing>" macro solves in one step, so a random agent over valid
 * actions won about half of them; here the test split takes BabyAI's harder levels instead —
 * mazes, locked doors and keys, blocked paths, PutNext, sequences and the Synth/Boss mixes —
 * twelve of them from AgentBoard's list, the rest from BabyAI's. AgentBoard's other levels stay
 * in train and dev.
 */
export const TEST_LEVEL_NAMES = [
  'GoToObjMazeS7',
  'GoToImpUnlock',
  'GoToSeq',
  'Open',
  'OpenDoorsOrderN4Debug',
  'Pickup',
  'UnblockPickup',
  'FindObjS7',
  'Unlock',
  'UnlockPickupDist',
  'BlockedUnlockPickup',
  'UnlockToUnlock',
  'KeyCorridorS4R3',
  'KeyCorridorS5R3',
  'KeyCorridorS6R3',
  'PutNextLocalS6N4',
  'PutNextLocal',
  'PutNextS6N3',
  'PutNextS7N4',
  'MoveTwoAcrossS5N2',
  'MoveTwoAcrossS8N9',
  'SynthS5R2',
  'Synth',
  'SynthLoc',
  'SynthSeq',
  'MiniBossLevel',
  'BossLevel',
  'BossLevelNoUnlock',
] as const

export const TEST_LEVELS: readonly Level[] = TEST_LEVEL_NAMES.map(
  (name) => LEVELS.find((l) => l.name === name)!,
)

/** Builds one world of a level from a seeded stream, or throws Reject. */
export function buildLevel(level: Level, b: RoomGridBuilder): Instr {
  const instr = level.gen(b)
  validateInstr(b, instr, level.unblocking === true)
  return instr
}
