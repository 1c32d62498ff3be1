import { LRUCache } from 'lru-cache'
import { type Macro, type MacroKind, resolveMacro, validMacros } from './macros'
import type { GridSim } from './sim'
import { DIR_X, DIR_Y } from './types'

/**
 * The oracle: an expert that knows the whole world plays a copy of the episode, one macro
 * action at a time, and its moves are the plan. Each move serves the first unfinished
 * clause of the mission: reach, pick up, open or put next; a locked door on the way means
 * fetching its key and opening it, a blocking object is moved aside. Navigation follows a
 * shortest path over the whole grid but is written with the macro that gets furthest along it.
 */
/**
 * Plans by world and state, shared by every episode: a plan found while making a task, or in
 * one profile, serves the others (`rememberPlan`, `knownPlan`).
 */
const PLANS = new Map<string, readonly Macro[]>()
const MAX_PLANS = 20_000

export function planKey(worldId: string, sim: GridSim): string {
  return `${worldId}|${JSON.stringify(sim.st)}|${sim.ok.join()}`
}

/** Stores a plan for every state along it. */
export function rememberPlan(worldId: string, sim: GridSim, plan: readonly Macro[]): void {
  if (PLANS.size + plan.length > MAX_PLANS) PLANS.clear()
  const probe = sim.clone(true)
  for (let i = 0; i < plan.length; i++) {
    PLANS.set(planKey(worldId, probe), plan.slice(i))
    probe.run(plan[i]!.prims)
  }
}

export function knownPlan(worldId: string, sim: GridSim): readonly Macro[] | undefined {
  return PLANS.get(planKey(worldId, sim))
}

export function expertPlan(sim: GridSim, limit: number): Macro[] | null {
  const s = sim.clone(true)
  const plan: Macro[] = []
  while (!s.done && plan.length < limit) {
    const m = nextMacro(s)
    if (!m) return null
    plan.push(m)
    s.run(m.prims)
  }
  return s.success ? plan : null
}

const INF = 1 << 29

function macro(sim: GridSim, kind: MacroKind, label: string | null = null): Macro | null {
  const r = resolveMacro(sim, kind, label)
  return r.ok ? r.macro : null
}

function pendingLeaves(sim: GridSim, n: number): number[] {
  if (sim.ok[n]) return []
  const node = sim.nodes[n]!
  if (node.op === 'leaf') return [n]
  if (node.op === 'and') return [...pendingLeaves(sim, node.a), ...pendingLeaves(sim, node.b)]
  const [first, second] = node.op === 'before' ? [node.a, node.b] : [node.b, node.a]
  return sim.ok[first] ? pendingLeaves(sim, second) : pendingLeaves(sim, first)
}

/** Doors the expert must not toggle: in strict missions, every door but the one to open. */
function forbiddenDoors(sim: GridSim, active: number): Set<number> {
  const out = new Set<number>()
  const node = sim.nodes[active]!
  const targets = node.op === 'leaf' && node.instr.op === 'open' ? node.instr.desc.ids : []
  const strict = sim.nodes.some((n) => n.op === 'leaf' && 'strict' in n.instr && n.instr.strict)
  for (let id = 0; id < sim.things.length; id++) {
    if (!sim.isDoor(id) || targets.includes(id)) continue
    if (strict) out.add(id)
  }
  // Doors other clauses must open are left closed until their turn.
  for (const n of sim.nodes) {
    if (n.op !== 'leaf' || n.instr.op !== 'open' || n === node) continue
    for (const id of n.instr.desc.ids) if (!targets.includes(id)) out.add(id)
  }
  return out
}

export function nextMacro(sim: GridSim): Macro | null {
  const active = pendingLeaves(sim, sim.root)[0]
  if (active === undefined) return null
  const node = sim.nodes[active]!
  if (node.op !== 'leaf') return null
  const forbidden = forbiddenDoors(sim, active)
  const instr = node.instr
  const onGrid = (ids: readonly number[]) => ids.filter((id) => sim.st.pos[id]! >= 0)
  switch (instr.op) {
    case 'goto': {
      const ids = onGrid(instr.desc.ids)
      if (ids.includes(sim.front())) return macro(sim, 'turn left')
      return approach(sim, faceStates(sim, ids), () => null, ids, forbidden, 0)
    }
    case 'pickup':
      return pickUp(sim, onGrid(instr.desc.ids), forbidden, 0)
    case 'open': {
      const ids = instr.desc.ids
      const locked = ids.filter((id) => sim.st.doors[id] === 'locked')
      const carried = sim.carried()
      const faces = faceStates(sim, ids)
      if (distances(sim, faces, forbidden)[stateOf(sim)]! >= INF && !faces.includes(stateOf(sim)))
        return clearWay(sim, ids, forbidden, 0)
      if (locked.length === ids.length) {
        const color = sim.things[locked[0]!]!.color
        if (carried?.type !== 'key' || carried.color !== color) {
          const keys = keysOf(sim, color)
          return pickUp(sim, keys, forbidden, 0)
        }
      }
      return approach(sim, faces, () => macro(sim, 'toggle'), ids, forbidden, 0)
    }
    case 'putnext': {
      if (instr.move.ids.includes(sim.st.carrying)) {
        const spots = new Set<number>()
        for (const f of onGrid(instr.fixed.ids)) {
          for (const c of neighbours(sim, sim.st.pos[f]!)) {
            if (!sim.wall[c] && sim.occ[c] === -1) spots.add(c)
          }
        }
        return approach(
          sim,
          faceStates(sim, [...spots], true),
          () => macro(sim, 'drop'),
          onGrid(instr.fixed.ids),
          forbidden,
          0,
        )
      }
      return pickUp(sim, onGrid(instr.move.ids), forbidden, 0)
    }
  }
}

function keysOf(sim: GridSim, color: string): number[] {
  return sim.things.flatMap((t, id) =>
    t.type === 'key' && t.color === color && sim.st.pos[id]! >= 0 ? [id] : [],
  )
}

function neighbours(sim: GridSim, c: number): number[] {
  if (c < 0) return []
  const x = c % sim.width
  const out: number[] = []
  if (x + 1 < sim.width) out.push(c + 1)
  if (x > 0) out.push(c - 1)
  if (c + sim.width < sim.width * sim.height) out.push(c + sim.width)
  if (c - sim.width >= 0) out.push(c - sim.width)
  return out
}

/** States facing one of the things (or cells, when `cells`). */
function faceStates(sim: GridSim, targets: readonly number[], cells = false): number[] {
  const out: number[] = []
  for (const t of targets) {
    const c = cells ? t : sim.st.pos[t]!
    if (c < 0) continue
    const x = c % sim.width
    const y = Math.floor(c / sim.width)
    for (let d = 0; d < 4; d++) {
      const px = x - DIR_X[d]!
      const py = y - DIR_Y[d]!
      if (px < 0 || py < 0 || px >= sim.width || py >= sim.height) continue
      out.push(sim.cell(px, py) * 4 + d)
    }
  }
  return out
}

/** Picks up one of `ids`: hands emptied first, unless the carried key opens the way. */
function pickUp(sim: GridSim, ids: number[], forbidden: Set<number>, depth: number): Macro | null {
  if (ids.length === 0 || depth > 4) return null
  const final = () => {
    const f = sim.front()
    const item = sim.view().items.find((i) => i.id === f)
    return item ? macro(sim, 'pickup', item.label) : null
  }
  if (sim.st.carrying >= 0) {
    const field = distances(sim, faceStates(sim, ids), forbidden)
    if (field[stateOf(sim)]! < INF) return dropSomewhere(sim, ids, forbidden)
    // The way is shut: clear it first (the carried key may be what opens it).
    return clearWay(sim, ids, forbidden, depth)
  }
  return approach(sim, faceStates(sim, ids), final, ids, forbidden, depth)
}

function stateOf(sim: GridSim): number {
  return sim.cell(sim.st.x, sim.st.y) * 4 + sim.st.dir
}

/** Gets to one of `goal`'s states by the best macro, or clears what blocks the way. */
function approach(
  sim: GridSim,
  states: number[],
  final: () => Macro | null,
  targets: number[],
  forbidden: Set<number>,
  depth: number,
): Macro | null {
  const here = stateOf(sim)
  if (states.includes(here)) return final()
  const field = distances(sim, states, forbidden)
  if (field[here]! >= INF) return clearWay(sim, targets, forbidden, depth)
  return bestStep(sim, field, forbidden)
}

/** The macros that move the agent or open its way: what `bestStep` chooses from. */
const NAVIGATION: ReadonlySet<MacroKind> = new Set<MacroKind>([
  'go to',
  'go through',
  'toggle and go through',
  'turn left',
  'turn right',
  'move forward',
  'toggle',
])

/** The navigation macro that ends nearest the goal (by the field), preferring long macros. */
function bestStep(sim: GridSim, field: Int32Array, forbidden: Set<number>): Macro | null {
  const here = field[stateOf(sim)]!
  let best: Macro | null = null
  let bestCost = here
  for (const m of validMacros(sim, NAVIGATION)) {
    const door = m.kind === 'toggle' ? sim.front() : labelled(sim, m)
    if ((m.kind === 'toggle' || m.kind === 'toggle and go through') && forbidden.has(door)) continue
    if (m.kind === 'toggle' && sim.st.doors[door] === 'open') continue
    const trial = sim.lookAhead(m.prims)
    if (trial.failed) continue
    if (trial.success) return m
    const cost = field[trial.state]!
    if (cost < bestCost) {
      best = m
      bestCost = cost
    }
  }
  return best
}

function labelled(sim: GridSim, m: Macro): number {
  return sim.view().items.find((i) => i.label === m.label)?.id ?? -1
}

/**
 * Fields by world (its walls, which a simulation shares with its copies), then by what else
 * they depend on: an expert walks to one goal over several steps and looks at the same field
 * at each, and ties it with the same goals from the states it tries.
 */
const FIELDS = new WeakMap<Uint8Array, LRUCache<string, Field>>()
/** Fields kept per world, least recently used out first: some 8 KiB each on BabyAI's largest grids. */
const MAX_FIELDS = 8

/** A field searched until the agent's cost was known: costs up to `exact` are final. */
interface Field {
  dist: Int32Array
  exact: number
}

/**
 * Cost to reach any goal state from every state, over the whole grid: turns and moves cost
 * 1, a closed door 2 (toggle, then move). Locked doors, forbidden doors and objects block.
 * Exact for the agent's state and every state that costs less; any other state gets at
 * least the agent's cost. Callers only compare states with the agent's, and only read it.
 */
function distances(sim: GridSim, goals: readonly number[], forbidden: Set<number>): Int32Array {
  const here = sim.cell(sim.st.x, sim.st.y)
  const state = stateOf(sim)
  // Where the agent stands counts only when nothing else could stand there: then the field
  // depends on the agent's place, and it is not shared.
  if (enterCost(sim, here, forbidden) >= INF)
    return computeDistances(sim, goals, forbidden, here, state).dist
  let fields = FIELDS.get(sim.wall)
  if (!fields) {
    fields = new LRUCache({ max: MAX_FIELDS })
    FIELDS.set(sim.wall, fields)
  }
  const key = `${goals.join()}|${[...forbidden].join()}|${sim.layoutKey()}`
  let field = fields.get(key)
  // A field searched from a state nearer the goals may not reach this one yet.
  if (!field || field.dist[state]! > field.exact) {
    field = computeDistances(sim, goals, forbidden, here, state)
    fields.set(key, field)
  }
  return field.dist
}

/** What stepping into cell `c` costs: 1, 2 through a closed door (toggle, move), or INF. */
function enterCost(sim: GridSim, c: number, forbidden: Set<number>): number {
  if (c < 0 || sim.wall[c]) return INF
  const id = sim.occ[c]!
  if (id === -1) return 1
  if (!sim.isDoor(id)) return INF
  const state = sim.st.doors[id]
  if (state === 'open') return 1
  if (state === 'closed' && !forbidden.has(id)) return 2
  return INF
}

/** Dial's buckets for `computeDistances`: costs are 1 or 2, so three in turn suffice. */
const RING: number[][] = [[], [], []]
let enterScratch = new Int32Array(0)

/** Dial's search from the goals, stopped once the cost of state `until` is final. */
function computeDistances(
  sim: GridSim,
  goals: readonly number[],
  forbidden: Set<number>,
  here: number,
  until: number,
): Field {
  const w = sim.width
  const h = sim.height
  const cells = w * h
  if (enterScratch.length < cells) enterScratch = new Int32Array(cells)
  const enter = enterScratch
  for (let c = 0; c < cells; c++) enter[c] = enterCost(sim, c, forbidden)
  const dist = new Int32Array(cells * 4).fill(INF)
  // The agent's own cell can be stood on whatever is there.
  for (const g of goals) {
    const c = g >> 2
    if ((c !== here && enter[c]! >= INF) || dist[g]! === 0) continue
    dist[g] = 0
    RING[0]!.push(g)
  }
  const pending = () => RING[0]!.length + RING[1]!.length + RING[2]!.length > 0
  for (let d = 0; pending(); d++) {
    if (dist[until]! <= d) {
      // Every cost up to d is final: those below were settled, those at d are in the bucket.
      for (const b of RING) b.length = 0
      return { dist, exact: d }
    }
    const bucket = RING[d % 3]!
    for (let k = 0; k < bucket.length; k++) {
      const s = bucket[k]!
      if (dist[s] !== d) continue
      const c = s >> 2
      const dir = s & 3
      const turn = d + 1
      const right = c * 4 + ((dir + 1) & 3)
      if (turn < dist[right]!) {
        dist[right] = turn
        RING[turn % 3]!.push(right)
      }
      const left = c * 4 + ((dir + 3) & 3)
      if (turn < dist[left]!) {
        dist[left] = turn
        RING[turn % 3]!.push(left)
      }
      // The state one step back, facing the same way, enters `c` by moving forward.
      const cost = enter[c]!
      if (cost >= INF) continue
      const x = (c % w) - DIR_X[dir]!
      const y = (c - (c % w)) / w - DIR_Y[dir]!
      if (x < 0 || y < 0 || x >= w || y >= h) continue
      const p = y * w + x
      if (p !== here && enter[p]! >= INF) continue
      const t = p * 4 + dir
      const nd = d + cost
      if (nd < dist[t]!) {
        dist[t] = nd
        RING[nd % 3]!.push(t)
      }
    }
    bucket.length = 0
  }
  return { dist, exact: INF }
}

/**
 * The targets cannot be reached: find the first locked door or object on the cheapest way
 * through them, and open the door (fetching its key) or move the object.
 */
function clearWay(
  sim: GridSim,
  targets: number[],
  forbidden: Set<number>,
  depth: number,
): Macro | null {
  const obstacle = firstObstacle(sim, targets, forbidden)
  if (obstacle < 0) return null
  if (sim.isDoor(obstacle)) {
    const color = sim.things[obstacle]!.color
    const carried = sim.carried()
    if (carried?.type === 'key' && carried.color === color)
      return approach(
        sim,
        faceStates(sim, [obstacle]),
        () => macro(sim, 'toggle'),
        [obstacle],
        forbidden,
        depth + 1,
      )
    return pickUp(sim, keysOf(sim, color), forbidden, depth + 1)
  }
  if (sim.st.carrying >= 0) return dropSomewhere(sim, [obstacle], forbidden)
  return pickUp(sim, [obstacle], forbidden, depth + 1)
}

/** Buffers for the searches over cells below, grown to the largest grid seen and reused. */
const CELLS = {
  size: 0,
  dist: new Int32Array(0),
  parent: new Int32Array(0),
  /** When a cell first entered the open set: Dijkstra breaks ties by it. */
  seq: new Int32Array(0),
  heapNode: new Int32Array(0),
  heapDist: new Int32Array(0),
  stack: new Int32Array(0),
  seen: new Int32Array(0),
  stamp: 0,
}

function cellBuffers(cells: number): typeof CELLS {
  if (CELLS.size < cells) {
    CELLS.size = cells
    CELLS.dist = new Int32Array(cells)
    CELLS.parent = new Int32Array(cells)
    CELLS.seq = new Int32Array(cells)
    // A cell enters the heap again each time its distance drops: at most once per neighbour.
    CELLS.heapNode = new Int32Array(cells * 4 + 1)
    CELLS.heapDist = new Int32Array(cells * 4 + 1)
    CELLS.stack = new Int32Array(cells * 4 + 1)
    CELLS.seen = new Int32Array(cells)
    CELLS.stamp = 0
  }
  return CELLS
}

/** The cells of the things among `ids` that are on the grid. */
function cellsOf(sim: GridSim, ids: readonly number[]): number[] {
  const out: number[] = []
  for (const id of ids) {
    const c = sim.st.pos[id]!
    if (c >= 0 && !out.includes(c)) out.push(c)
  }
  return out
}

/**
 * Dijkstra over cells: walls block, locked doors and objects cost 50, the rest 1. Of the
 * cells open at the least distance, the one opened first goes first.
 */
function firstObstacle(sim: GridSim, targets: number[], forbidden: Set<number>): number {
  const goal = cellsOf(sim, targets)
  const w = sim.width
  const cells = w * sim.height
  const { dist, parent, seq, heapNode, heapDist } = cellBuffers(cells)
  dist.fill(INF, 0, cells)
  parent.fill(-1, 0, cells)
  const blocked = (c: number) => {
    const id = sim.occ[c]!
    if (id < 0) return false
    if (!sim.isDoor(id)) return true
    return sim.st.doors[id] === 'locked' || (sim.st.doors[id] === 'closed' && forbidden.has(id))
  }
  // A binary heap by (distance, first opened); an entry whose distance is no longer the
  // cell's is stale and skipped.
  let size = 0
  const start = sim.cell(sim.st.x, sim.st.y)
  let opened = 0
  dist[start] = 0
  seq[start] = opened++
  size = heapPush(size, start, 0)
  while (size > 0) {
    const stale = heapDist[0] !== dist[heapNode[0]!]
    const c = heapNode[0]!
    size = heapPop(size)
    if (stale) continue
    if (goal.includes(c)) {
      let first = -1
      for (let k = parent[c]!; k >= 0 && k !== start; k = parent[k]!)
        if (blocked(k)) first = sim.occ[k]!
      return first
    }
    const x = c % w
    for (let e = 0; e < 4; e++) {
      // neighbours' order: east, west, south, north
      const d = e === 0 ? c + 1 : e === 1 ? c - 1 : e === 2 ? c + w : c - w
      if (e === 0 ? x + 1 >= w : e === 1 ? x === 0 : d < 0 || d >= cells) continue
      if (sim.wall[d]) continue
      const cost = dist[c]! + (blocked(d) && !goal.includes(d) ? 50 : 1)
      if (cost < dist[d]!) {
        if (dist[d] === INF) seq[d] = opened++
        dist[d] = cost
        parent[d] = c
        size = heapPush(size, d, cost)
      }
    }
  }
  return -1
}

/** Whether heap entry i goes before entry j: by distance, then by when the cell opened. */
function heapBefore(i: number, j: number): boolean {
  const { heapDist, heapNode, seq } = CELLS
  return (
    heapDist[i]! < heapDist[j]! ||
    (heapDist[i] === heapDist[j] && seq[heapNode[i]!]! < seq[heapNode[j]!]!)
  )
}

function heapSwap(i: number, j: number): void {
  const { heapDist, heapNode } = CELLS
  const n = heapNode[i]!
  const d = heapDist[i]!
  heapNode[i] = heapNode[j]!
  heapDist[i] = heapDist[j]!
  heapNode[j] = n
  heapDist[j] = d
}

/** Adds cell c at distance d to a heap of `size` entries; returns the new size. */
function heapPush(size: number, c: number, d: number): number {
  let i = size
  CELLS.heapNode[i] = c
  CELLS.heapDist[i] = d
  while (i > 0) {
    const up = (i - 1) >> 1
    if (!heapBefore(i, up)) break
    heapSwap(i, up)
    i = up
  }
  return size + 1
}

/** Drops the first entry of a heap of `size` entries; returns the new size. */
function heapPop(size: number): number {
  const last = size - 1
  CELLS.heapNode[0] = CELLS.heapNode[last]!
  CELLS.heapDist[0] = CELLS.heapDist[last]!
  for (let i = 0; ; ) {
    const l = 2 * i + 1
    if (l >= last) break
    const m = l + 1 < last && heapBefore(l + 1, l) ? l + 1 : l
    if (!heapBefore(m, i)) break
    heapSwap(i, m)
    i = m
  }
  return last
}

/**
 * Drops what the agent carries at the nearest free cell that is not beside a door and
 * leaves every cell of `keep` reachable.
 */
function dropSomewhere(sim: GridSim, keep: number[], forbidden: Set<number>): Macro | null {
  const here = stateOf(sim)
  const fromHere = forwardDistances(sim, forbidden)
  const w = sim.width
  const h = sim.height
  const cells = w * h
  const n = cells * 4
  // Cells to drop on: free and not beside a door (marks in a buffer stillReachable reuses
  // only once the candidates are made).
  const free = cellBuffers(cells).seen
  const mark = ++CELLS.stamp
  for (let f = 0; f < cells; f++) {
    if (sim.wall[f] || sim.occ[f] !== -1) continue
    const x = f % w
    if (
      (x + 1 < w && sim.isDoor(sim.occ[f + 1]!)) ||
      (x > 0 && sim.isDoor(sim.occ[f - 1]!)) ||
      (f + w < cells && sim.isDoor(sim.occ[f + w]!)) ||
      (f - w >= 0 && sim.isDoor(sim.occ[f - w]!))
    )
      continue
    free[f] = mark
  }
  // Candidates as distance * n + state: sorted, nearest first, then by state.
  const candidates: number[] = []
  for (let c = 0; c < cells; c++) {
    const x = c % w
    const y = (c - x) / w
    for (let dir = 0; dir < 4; dir++) {
      const s = c * 4 + dir
      if (fromHere[s]! >= INF) continue
      const fx = x + DIR_X[dir]!
      const fy = y + DIR_Y[dir]!
      if (fx < 0 || fy < 0 || fx >= w || fy >= h || free[fy * w + fx] !== mark) continue
      candidates.push(fromHere[s]! * n + s)
    }
  }
  candidates.sort((a, b) => a - b)
  const goal = cellsOf(sim, keep)
  for (let i = 0; i < candidates.length && i < 40; i++) {
    const s = candidates[i]! % n
    if (!stillReachable(sim, s >> 2, frontOf(sim, s), goal)) continue
    if (s === here) return macro(sim, 'drop')
    return approach(sim, [s], () => macro(sim, 'drop'), keep, forbidden, 5)
  }
  return null
}

/** The cell state `s` faces, or -1 off the grid. */
function frontOf(sim: GridSim, s: number): number {
  const c = s >> 2
  const x = (c % sim.width) + DIR_X[s & 3]!
  const y = Math.floor(c / sim.width) + DIR_Y[s & 3]!
  if (x < 0 || y < 0 || x >= sim.width || y >= sim.height) return -1
  return sim.cell(x, y)
}

/** Whether, with a new object at `blockedCell`, every `goal` cell is reachable from `from`. */
function stillReachable(sim: GridSim, from: number, blockedCell: number, goal: number[]): boolean {
  const w = sim.width
  const cells = w * sim.height
  const buffers = cellBuffers(cells)
  const { stack, seen } = buffers
  const mark = ++buffers.stamp
  let top = 0
  stack[top++] = from
  let found = 0
  while (top > 0) {
    const c = stack[--top]!
    if (seen[c] === mark) continue
    seen[c] = mark
    if (goal.includes(c)) {
      found++
      continue
    }
    const x = c % w
    for (let e = 0; e < 4; e++) {
      const d = e === 0 ? c + 1 : e === 1 ? c - 1 : e === 2 ? c + w : c - w
      if (e === 0 ? x + 1 >= w : e === 1 ? x === 0 : d < 0 || d >= cells) continue
      if (seen[d] === mark || sim.wall[d] || d === blockedCell) continue
      const id = sim.occ[d]!
      if (id >= 0 && !sim.isDoor(id) && !goal.includes(d)) continue
      stack[top++] = d
    }
  }
  return found === goal.length
}

/** Moves (turns and steps) from the agent's state to every state; closed doors block. */
function forwardDistances(sim: GridSim, forbidden: Set<number>): Int32Array {
  const n = sim.width * sim.height * 4
  const dist = new Int32Array(n).fill(INF)
  const queue = new Int32Array(n)
  const start = stateOf(sim)
  dist[start] = 0
  queue[0] = start
  let tail = 1
  for (let qi = 0; qi < tail; qi++) {
    const s = queue[qi]!
    const c = s >> 2
    const dir = s & 3
    const next = dist[s]! + 1
    const right = c * 4 + ((dir + 1) & 3)
    const left = c * 4 + ((dir + 3) & 3)
    if (dist[right]! >= INF) {
      dist[right] = next
      queue[tail++] = right
    }
    if (dist[left]! >= INF) {
      dist[left] = next
      queue[tail++] = left
    }
    const f = frontOf(sim, s)
    if (f < 0 || sim.wall[f]) continue
    const id = sim.occ[f]!
    const open =
      id === -1 ||
      (sim.isDoor(id) &&
        (sim.st.doors[id] === 'open' || (sim.st.doors[id] === 'closed' && !forbidden.has(id))))
    const ahead = f * 4 + dir
    if (open && dist[ahead]! >= INF) {
      dist[ahead] = next
      queue[tail++] = ahead
    }
  }
  return dist
}
