import type { RoomGridBuilder } from './build'
import { Reject } from './build'
import { type Color, type Desc, DIR_X, DIR_Y, type Instr, type Loc, type ThingType } from './types'

/** The things a description fits at the start (BabyAI's find_matching_objs). */
export function describe(
  b: RoomGridBuilder,
  type: ThingType | null,
  color: Color | null,
  loc: Loc | null = null,
): Desc {
  const ids: number[] = []
  const room = b.roomOf(b.agent.x, b.agent.y)
  const { x: ax, y: ay, dir } = b.agent
  for (let id = 0; id < b.things.length; id++) {
    const cell = b.pos[id]!
    if (cell < 0) continue
    const thing = b.things[id]!
    if (type !== null && thing.type !== type) continue
    if (color !== null && thing.color !== color) continue
    if (loc !== null) {
      const x = cell % b.width
      const y = (cell - x) / b.width
      if (!b.inside(room, x, y)) continue
      const vx = x - ax
      const vy = y - ay
      const front = vx * DIR_X[dir]! + vy * DIR_Y[dir]!
      const right = vx * -DIR_Y[dir]! + vy * DIR_X[dir]!
      const fits = { left: right < 0, right: right > 0, front: front > 0, behind: front < 0 }[loc]
      if (!fits) continue
    }
    ids.push(id)
  }
  if (ids.length === 0) throw new Reject('description fits nothing')
  return { type, color, loc, ids }
}

/** `the red ball`, `a key on your left`, `the door in front of you`. */
export function descText(desc: Desc): string {
  let s = desc.type ?? 'object'
  if (desc.color) s = `${desc.color} ${s}`
  if (desc.loc === 'front') s += ' in front of you'
  else if (desc.loc === 'behind') s += ' behind you'
  else if (desc.loc) s += ` on your ${desc.loc}`
  return `${desc.ids.length > 1 ? 'a' : 'the'} ${s}`
}

/** BabyAI's surface text of an instruction. */
export function instrText(instr: Instr): string {
  switch (instr.op) {
    case 'goto':
      return `go to ${descText(instr.desc)}`
    case 'pickup':
      return `pick up ${descText(instr.desc)}`
    case 'open':
      return `open ${descText(instr.desc)}`
    case 'putnext':
      return `put ${descText(instr.move)} next to ${descText(instr.fixed)}`
    case 'and':
      return `${instrText(instr.a)} and ${instrText(instr.b)}`
    case 'before':
      return `${instrText(instr.a)}, then ${instrText(instr.b)}`
    case 'after':
      return `${instrText(instr.a)} after you ${instrText(instr.b)}`
  }
}

/** The goal as AgentBoard shows it: "then" and "after you" both become "and". */
export function agentboardGoal(text: string): string {
  return text.replaceAll('then', 'and').replaceAll('after you', 'and')
}

export type Leaf = Extract<Instr, { op: 'goto' | 'pickup' | 'open' | 'putnext' }>

/** The action clauses of an instruction in the order they are meant to be done. */
export function leavesInOrder(instr: Instr): Leaf[] {
  switch (instr.op) {
    case 'and':
    case 'before':
      return [...leavesInOrder(instr.a), ...leavesInOrder(instr.b)]
    case 'after':
      return [...leavesInOrder(instr.b), ...leavesInOrder(instr.a)]
    default:
      return [instr]
  }
}

/** BabyAI's checks on a drawn instruction (validate_instrs). */
export function validateInstr(b: RoomGridBuilder, instr: Instr, unblocking: boolean): void {
  if (instr.op === 'and' || instr.op === 'before' || instr.op === 'after') {
    validateInstr(b, instr.a, unblocking)
    validateInstr(b, instr.b, unblocking)
    return
  }
  if (instr.op === 'putnext') {
    const { move, fixed } = instr
    if (move.ids.some((id) => fixed.ids.includes(id))) throw new Reject('same thing on both sides')
    for (const a of move.ids) {
      for (const f of fixed.ids) {
        const ca = b.pos[a]!
        const cf = b.pos[f]!
        if (ca < 0 || cf < 0) continue
        const dx = Math.abs((ca % b.width) - (cf % b.width))
        const dy = Math.abs(Math.floor(ca / b.width) - Math.floor(cf / b.width))
        if (dx + dy === 1) throw new Reject('already next to each other')
      }
    }
  }
  if (!unblocking) return
  const lockedColors = b.things
    .map((t, id) => (t.type === 'door' && b.doorState[id] === 'locked' ? t.color : null))
    .filter((c) => c !== null)
  const descs = instr.op === 'putnext' ? [instr.move, instr.fixed] : [instr.desc]
  for (const d of descs) {
    if (d.type === 'key' && d.color !== null && lockedColors.includes(d.color))
      throw new Reject('a key that opens a locked door')
  }
}
