import { DIR_X, DIR_Y, type DoorState, type Thing } from './types'

/** A thing in the agent's view, as AgentBoard names and places it. */
export interface ViewItem {
  id: number
  cell: number
  /** Manhattan distance from the agent. */
  dist: number
  /** Steps in front (negative: behind) and to the right (negative: to the left). */
  front: number
  right: number
  /** `grey key`, `red closed door`. */
  name: string
  /** The name with its number in this view: `grey key 1`. */
  label: string
}

export interface View {
  /** Visible things, nearest first (AgentBoard's order). */
  items: ViewItem[]
  /** 1 for each cell of the world the agent sees now. */
  visible: Uint8Array
  /** Whether any wall, door or object is in sight (AgentBoard's empty-view test). */
  anything: boolean
  /** The nearest wall or box straight ahead. */
  barrier: { name: 'wall' | 'box'; dist: number } | null
}

export interface ViewInput {
  width: number
  height: number
  wall: Uint8Array
  occ: Int16Array
  things: readonly Thing[]
  doors: readonly (DoorState | null)[]
  x: number
  y: number
  dir: number
}

/** Perturbations of how a view is listed: seeded keys per thing, smaller first. */
export interface ViewOrder {
  listKey?: readonly number[]
  numberKey?: readonly number[]
}

const SIZE = 7

export function thingName(thing: Thing, state: DoorState | null): string {
  return thing.type === 'door' ? `${thing.color} ${state} door` : `${thing.color} ${thing.type}`
}

/**
 * The agent's 7x7 egocentric view as MiniGrid computes it: the agent at the bottom middle,
 * sight stopped by walls and closed doors (process_vis), then AgentBoard's list of what is
 * in sight sorted by distance and numbered per name.
 */
export function computeView(w: ViewInput, order: ViewOrder = {}): View {
  const fx = DIR_X[w.dir]!
  const fy = DIR_Y[w.dir]!
  const rx = -fy
  const ry = fx
  // content per view cell: -3 outside, -2 wall, -1 empty, else a thing id
  // and whether it stops sight: a wall, a closed or locked door
  const { content, cellOf, opaque, mask } = SCRATCH
  cellOf.fill(-1)
  mask.fill(0)
  for (let vj = 0; vj < SIZE; vj++) {
    for (let vi = 0; vi < SIZE; vi++) {
      const x = w.x + fx * (SIZE - 1 - vj) + rx * (vi - 3)
      const y = w.y + fy * (SIZE - 1 - vj) + ry * (vi - 3)
      const k = vj * SIZE + vi
      if (x < 0 || y < 0 || x >= w.width || y >= w.height) {
        content[k] = -2
        opaque[k] = 1
        continue
      }
      const c = y * w.width + x
      cellOf[k] = c
      const v = w.wall[c] ? -2 : w.occ[c]!
      content[k] = v
      opaque[k] =
        v === -2 || (v >= 0 && w.things[v]!.type === 'door' && w.doors[v] !== 'open') ? 1 : 0
    }
  }
  mask[(SIZE - 1) * SIZE + 3] = 1
  for (let j = SIZE - 1; j >= 0; j--) {
    for (let i = 0; i < SIZE - 1; i++) {
      const k = j * SIZE + i
      if (!mask[k] || opaque[k]) continue
      mask[k + 1] = 1
      if (j > 0) {
        mask[k + 1 - SIZE] = 1
        mask[k - SIZE] = 1
      }
    }
    for (let i = SIZE - 1; i > 0; i--) {
      const k = j * SIZE + i
      if (!mask[k] || opaque[k]) continue
      mask[k - 1] = 1
      if (j > 0) {
        mask[k - 1 - SIZE] = 1
        mask[k - SIZE] = 1
      }
    }
  }
  const visible = new Uint8Array(w.width * w.height)
  const found: ViewItem[] = []
  let anything = false
  let barrier: View['barrier'] = null
  for (let vj = 0; vj < SIZE; vj++) {
    for (let vi = 0; vi < SIZE; vi++) {
      const k = vj * SIZE + vi
      const c = cellOf[k]!
      if (!mask[k] || c < 0) continue
      visible[c] = 1
      const front = SIZE - 1 - vj
      const right = vi - 3
      const dist = Math.abs(front) + Math.abs(right)
      if (dist === 0) continue
      const v = content[k]!
      if (v === -1) continue
      anything = true
      const isBox = v >= 0 && w.things[v]!.type === 'box'
      if ((v === -2 || isBox) && right === 0 && (barrier === null || front < barrier.dist))
        barrier = { name: v === -2 ? 'wall' : 'box', dist: front }
      if (v < 0) continue
      const name = thingName(w.things[v]!, w.doors[v]!)
      found.push({ id: v, cell: c, dist, front, right, name, label: name })
    }
  }
  // Stable sorts: by distance, as AgentBoard, unless a perturbation orders the list.
  const listKey = order.listKey
  found.sort((a, b) => (listKey ? listKey[a.id]! - listKey[b.id]! || a.id - b.id : a.dist - b.dist))
  const numbering = order.numberKey
    ? [...found].sort((a, b) => order.numberKey![a.id]! - order.numberKey![b.id]! || a.id - b.id)
    : found
  const counts = new Map<string, number>()
  for (const item of numbering) {
    const n = (counts.get(item.name) ?? 0) + 1
    counts.set(item.name, n)
    item.label = `${item.name} ${n}`
  }
  return { items: found, visible, anything, barrier }
}

/** Buffers of one view at a time: a view keeps only what `computeView` returns. */
const SCRATCH = {
  content: new Int16Array(SIZE * SIZE),
  cellOf: new Int32Array(SIZE * SIZE),
  opaque: new Uint8Array(SIZE * SIZE),
  mask: new Uint8Array(SIZE * SIZE),
}

/** The observation text, word for word as AgentBoard's babyai_env.py writes it. */
export function describeView(view: View, carrying: Thing | null): string {
  let text: string
  if (view.anything) {
    text = 'In front of you in this room, you can see several objects: '
    for (const item of view.items) {
      const where =
        item.right === 0
          ? `right in front of you ${item.front} steps away. `
          : `${item.front} steps in front of you and ${Math.abs(item.right)} steps to your ${item.right > 0 ? 'right' : 'left'}. `
      text += `There is a ${item.label} ${where} `
    }
  } else text = 'You cannot see any objects within sight.'
  text += 'The room has walls around you. '
  if (view.barrier)
    text += `You are facing a ${view.barrier.name} ${view.barrier.dist} steps away. `
  text += carrying
    ? `You are carrying a ${carrying.color} ${carrying.type}.`
    : 'You are not carrying anything.'
  return text
}
