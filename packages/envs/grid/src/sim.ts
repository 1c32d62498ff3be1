import { leavesInOrder } from './mission'
import { DIR_X, DIR_Y, type GridState, type GridWorld, type Instr, type Thing } from './types'
import { computeView, type View, type ViewOrder } from './view'

export type Prim = 'left' | 'right' | 'forward' | 'pickup' | 'drop' | 'toggle'

/** What one primitive did, for the mission's verifier. */
interface PrimEvent {
  prim: Prim
  picked: number
  dropped: number
  /** The thing in front when the primitive ran (after it, for pickup: before). */
  front: number
}

type Node =
  | { op: 'leaf'; instr: Extract<Instr, { op: 'goto' | 'pickup' | 'open' | 'putnext' }> }
  | { op: 'and' | 'before' | 'after'; a: number; b: number }

export type Subgoal =
  | { kind: 'see' | 'face' | 'carry'; ids: number[] }
  | { kind: 'open'; door: number }
  | { kind: 'done'; node: number }

/** Everything `snapshot` needs to bring a simulation back. */
export interface SimSnapshot {
  state: GridState
  ok: boolean[]
  reached: boolean[]
  steps: number
  done: boolean
  success: boolean
  failed: boolean
}

/**
 * What every simulation of a world shares, read only: its walls and the subgoals from its
 * start. The family hands one world to all the environments of a task.
 */
const PER_WORLD = new WeakMap<GridWorld, { wall: Uint8Array; subgoals: Subgoal[] | null }>()

/**
 * Views by the snapshot taken while they were current, and the simulation they belong to: the
 * last few snapshots', in a ring. A restore mostly comes back to a snapshot just taken (a
 * probe); an older one works its view out again. Not a WeakMap of every snapshot: an entry
 * kept its view alive through young-generation collections, to be promoted and mark-compacted.
 */
const SNAPSHOT_VIEWS: ({ snap: SimSnapshot; sim: GridSim; view: View } | undefined)[] = new Array(
  16,
).fill(undefined)
let snapshotViewNext = 0

/**
 * A copy of the state with the given lists, written out key by key in the order a spread gives:
 * on Node 20 an object literal that spreads one and adds keys costs microseconds.
 */
function stateWith(st: GridState, pos: number[], doors: GridState['doors']): GridState {
  return { x: st.x, y: st.y, dir: st.dir, carrying: st.carrying, pos, doors }
}

/**
 * A BabyAI world in motion: MiniGrid's primitive actions (turn, forward, pickup, drop,
 * toggle), BabyAI's mission verifier run after each primitive, and subgoals for progress.
 */
export class GridSim {
  readonly width: number
  readonly height: number
  readonly wall: Uint8Array
  readonly things: readonly Thing[]
  occ: Int16Array
  st: GridState
  readonly nodes: Node[] = []
  readonly root: number
  /** Leaf nodes in the order they are meant to be done. */
  readonly leafOrder: number[]
  ok: boolean[]
  readonly subgoals: Subgoal[]
  reached: boolean[]
  steps = 0
  done = false
  success = false
  failed = false
  /** Skips subgoal bookkeeping: for the oracle's trial runs. */
  quiet = false
  private viewCache: View | null = null
  /** `layoutKey`, while things and doors stay as they are. */
  private layout: string | null = null

  /** `quiet`: keeps no subgoals from the start (see `quiet`), which saves working them out. */
  constructor(
    readonly world: GridWorld,
    readonly maxSteps: number,
    readonly order: ViewOrder = {},
    quiet = false,
  ) {
    this.quiet = quiet
    this.width = world.width
    this.height = world.height
    let shared = PER_WORLD.get(world)
    if (!shared) {
      const wall = new Uint8Array(world.walls.length)
      for (let c = 0; c < wall.length; c++) wall[c] = world.walls[c] === '#' ? 1 : 0
      shared = { wall, subgoals: null }
      PER_WORLD.set(world, shared)
    }
    this.wall = shared.wall
    this.things = world.things
    this.st = {
      x: world.agent.x,
      y: world.agent.y,
      dir: world.agent.dir,
      carrying: world.carrying,
      pos: [...world.start],
      doors: [...world.doors],
    }
    this.occ = new Int16Array(0)
    this.rebuildOcc()
    this.root = this.addNode(world.mission.instr)
    const leaves = leavesInOrder(world.mission.instr)
    this.leafOrder = leaves.map((leaf) =>
      this.nodes.findIndex((n) => n.op === 'leaf' && n.instr === leaf),
    )
    this.ok = this.nodes.map(() => false)
    if (!quiet) shared.subgoals ??= computeSubgoals(this)
    this.subgoals = quiet ? [] : shared.subgoals!
    this.reached = this.subgoals.map(() => false)
  }

  private addNode(instr: Instr): number {
    if (instr.op === 'and' || instr.op === 'before' || instr.op === 'after') {
      const a = this.addNode(instr.a)
      const b = this.addNode(instr.b)
      this.nodes.push({ op: instr.op, a, b })
    } else this.nodes.push({ op: 'leaf', instr })
    return this.nodes.length - 1
  }

  private rebuildOcc(): void {
    // Each simulation owns its grid (a clone copies it): refilled in place on a restore.
    if (this.occ.length === this.width * this.height) this.occ.fill(-1)
    else this.occ = new Int16Array(this.width * this.height).fill(-1)
    const pos = this.st.pos
    for (let id = 0; id < pos.length; id++) if (pos[id]! >= 0) this.occ[pos[id]!] = id
  }

  // ------------------------------------------------------------ state

  snapshot(): SimSnapshot {
    const snap = {
      state: stateWith(this.st, [...this.st.pos], [...this.st.doors]),
      ok: [...this.ok],
      reached: [...this.reached],
      steps: this.steps,
      done: this.done,
      success: this.success,
      failed: this.failed,
    }
    // A restore usually comes back to a view already seen (a probe, a reset): kept, it is
    // not worked out again.
    if (this.viewCache) {
      SNAPSHOT_VIEWS[snapshotViewNext] = { snap, sim: this, view: this.viewCache }
      snapshotViewNext = (snapshotViewNext + 1) % SNAPSHOT_VIEWS.length
    }
    return snap
  }

  restore(s: SimSnapshot): void {
    this.st = stateWith(s.state, [...s.state.pos], [...s.state.doors])
    this.ok = [...s.ok]
    this.reached = [...s.reached]
    this.steps = s.steps
    this.done = s.done
    this.success = s.success
    this.failed = s.failed
    this.rebuildOcc()
    this.layout = null
    let view: View | null = null
    for (const seen of SNAPSHOT_VIEWS)
      if (seen !== undefined && seen.snap === s) {
        if (seen.sim === this) view = seen.view
        break
      }
    this.viewCache = view
  }

  /** A copy to try things on; `quiet` ones keep no subgoals. */
  clone(quiet = false): GridSim {
    const copy = Object.create(GridSim.prototype) as GridSim
    Object.assign(copy, this)
    copy.st = stateWith(this.st, [...this.st.pos], [...this.st.doors])
    copy.ok = [...this.ok]
    copy.reached = [...this.reached]
    copy.occ = this.occ.slice()
    copy.viewCache = this.viewCache
    copy.quiet = quiet || this.quiet
    return copy
  }

  /**
   * Runs `prims` quietly, as a quiet clone's `run` would, then puts this simulation back:
   * the oracle tries every move this way, and a copy per try cost more than the moves.
   * Returns how the run ended: the agent's state (cell * 4 + direction) and the verdict.
   */
  lookAhead(prims: readonly Prim[]): { state: number; success: boolean; failed: boolean } {
    const st = this.st
    const { ok, steps, done, success, failed, quiet, viewCache, occ, layout } = this
    // Only pickup and drop move things; the rest change at most a door.
    const moves = prims.includes('pickup') || prims.includes('drop')
    this.st = stateWith(st, moves ? [...st.pos] : st.pos, [...st.doors])
    this.ok = [...ok]
    if (moves) this.occ = occ.slice()
    this.quiet = true
    this.run(prims)
    const end = {
      state: this.cell(this.st.x, this.st.y) * 4 + this.st.dir,
      success: this.success,
      failed: this.failed,
    }
    this.st = st
    this.ok = ok
    this.occ = occ
    this.steps = steps
    this.done = done
    this.success = success
    this.failed = failed
    this.quiet = quiet
    this.viewCache = viewCache
    this.layout = layout
    return end
  }

  get progress(): number {
    if (this.success) return 1
    const n = this.reached.filter(Boolean).length
    return Math.min(n / this.subgoals.length, 0.99)
  }

  /** Where the things are and how the doors stand, as text: a key for what depends on that. */
  layoutKey(): string {
    this.layout ??= `${this.st.pos.join()}|${this.st.doors.join()}`
    return this.layout
  }

  cell(x: number, y: number): number {
    return y * this.width + x
  }
  frontCell(): number {
    const x = this.st.x + DIR_X[this.st.dir]!
    const y = this.st.y + DIR_Y[this.st.dir]!
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return -1
    return this.cell(x, y)
  }
  /** The thing in front, -2 for a wall, -1 for nothing. */
  front(): number {
    const c = this.frontCell()
    if (c < 0 || this.wall[c]) return -2
    return this.occ[c]!
  }
  isDoor(id: number): boolean {
    return id >= 0 && this.things[id]!.type === 'door'
  }
  carried(): Thing | null {
    return this.st.carrying >= 0 ? this.things[this.st.carrying]! : null
  }

  view(): View {
    if (!this.viewCache) {
      this.viewCache = computeView(
        {
          width: this.width,
          height: this.height,
          wall: this.wall,
          occ: this.occ,
          things: this.things,
          doors: this.st.doors,
          x: this.st.x,
          y: this.st.y,
          dir: this.st.dir,
        },
        this.order,
      )
    }
    return this.viewCache
  }

  // ------------------------------------------------------------ primitives

  /** Runs one MiniGrid primitive; false when it changed nothing. Then verifies the mission. */
  prim(p: Prim): boolean {
    const st = this.st
    const ev: PrimEvent = { prim: p, picked: -1, dropped: -1, front: this.front() }
    let changed = false
    if (p === 'left' || p === 'right') {
      st.dir = (st.dir + (p === 'left' ? 3 : 1)) % 4
      changed = true
    } else if (p === 'forward') {
      const f = ev.front
      if (f === -1 || (this.isDoor(f) && st.doors[f] === 'open')) {
        st.x += DIR_X[st.dir]!
        st.y += DIR_Y[st.dir]!
        changed = true
      }
    } else if (p === 'pickup') {
      const f = ev.front
      if (f >= 0 && !this.isDoor(f) && st.carrying < 0) {
        this.occ[st.pos[f]!] = -1
        st.pos[f] = -1
        st.carrying = f
        ev.picked = f
        changed = true
      }
    } else if (p === 'drop') {
      const c = this.frontCell()
      if (st.carrying >= 0 && ev.front === -1 && c >= 0) {
        const id = st.carrying
        st.pos[id] = c
        this.occ[c] = id
        st.carrying = -1
        ev.dropped = id
        changed = true
      }
    } else {
      const f = ev.front
      if (this.isDoor(f)) {
        const state = st.doors[f]
        const key = this.carried()
        if (state === 'open') st.doors[f] = 'closed'
        else if (state === 'closed') st.doors[f] = 'open'
        else if (key?.type === 'key' && key.color === this.things[f]!.color) st.doors[f] = 'open'
        changed = st.doors[f] !== state
      }
    }
    if (changed) {
      this.viewCache = null
      if (p !== 'left' && p !== 'right' && p !== 'forward') this.layout = null
    }
    const verdict = this.verify(this.root, ev)
    if (verdict === 'success') this.success = true
    if (verdict === 'failure') this.failed = true
    if (this.success || this.failed) this.done = true
    this.updateSubgoals(false)
    return changed
  }

  /** Runs primitives until one fails or the episode ends; then counts one step. */
  run(prims: readonly string[] | readonly Prim[]): void {
    for (const p of prims) {
      if (this.done) break
      if (!this.prim(p as Prim)) break
    }
    this.tick()
  }

  /** One time step: subgoals seen in the new view, the step limit. */
  tick(): void {
    this.steps++
    this.updateSubgoals(true)
    if (!this.done && this.steps >= this.maxSteps) this.done = true
  }

  // ------------------------------------------------------------ the mission

  private verify(n: number, ev: PrimEvent): 'success' | 'failure' | 'continue' {
    if (this.ok[n]) return 'success'
    const node = this.nodes[n]!
    let r: 'success' | 'failure' | 'continue'
    if (node.op === 'leaf') r = this.verifyLeaf(node.instr, ev)
    else if (node.op === 'and') {
      const ra = this.verify(node.a, ev)
      const rb = this.verify(node.b, ev)
      if (ra === 'failure' || rb === 'failure') return 'failure'
      r = this.ok[node.a] && this.ok[node.b] ? 'success' : 'continue'
    } else {
      const [first, second] = node.op === 'before' ? [node.a, node.b] : [node.b, node.a]
      if (!this.ok[first]) {
        const ra = this.verify(first, ev)
        if (ra !== 'success') return ra
        // BabyAI checks the second clause with the same primitive, so a strict one failed
        // on the very toggle that finished the first ("open X, then open Y" could never
        // succeed). Here that primitive can finish it but not fail it.
        const rb = this.verify(second, ev)
        r = rb === 'failure' ? 'continue' : rb
      } else r = this.verify(second, ev)
    }
    if (r === 'success') this.ok[n] = true
    return r
  }

  private verifyLeaf(
    instr: Extract<Instr, { op: 'goto' | 'pickup' | 'open' | 'putnext' }>,
    ev: PrimEvent,
  ): 'success' | 'failure' | 'continue' {
    const st = this.st
    switch (instr.op) {
      case 'goto': {
        const f = this.front()
        return f >= 0 && instr.desc.ids.includes(f) ? 'success' : 'continue'
      }
      case 'pickup':
        if (ev.prim !== 'pickup' || ev.picked < 0) return 'continue'
        if (instr.desc.ids.includes(ev.picked)) return 'success'
        return instr.strict ? 'failure' : 'continue'
      case 'open':
        if (ev.prim !== 'toggle' || !this.isDoor(ev.front)) return 'continue'
        if (instr.desc.ids.includes(ev.front) && st.doors[ev.front] === 'open') return 'success'
        return instr.strict ? 'failure' : 'continue'
      case 'putnext': {
        if (ev.prim !== 'drop' || ev.dropped < 0 || !instr.move.ids.includes(ev.dropped))
          return 'continue'
        const at = st.pos[ev.dropped]!
        return instr.fixed.ids.some((f) => adjacent(this.width, st.pos[f]!, at))
          ? 'success'
          : 'continue'
      }
    }
  }

  private updateSubgoals(withView: boolean): void {
    if (this.quiet) return
    const st = this.st
    for (let i = 0; i < this.subgoals.length; i++) {
      if (this.reached[i]) continue
      const g = this.subgoals[i]!
      let hit = false
      switch (g.kind) {
        case 'see':
          hit = withView && this.view().items.some((item) => g.ids.includes(item.id))
          break
        case 'face': {
          const f = this.front()
          hit = withView && f >= 0 && g.ids.includes(f)
          break
        }
        case 'carry':
          hit = g.ids.includes(st.carrying)
          break
        case 'open':
          hit = st.doors[g.door] === 'open'
          break
        case 'done':
          hit = this.ok[g.node] === true
          break
      }
      if (hit) this.reached[i] = true
    }
  }
}

export function adjacent(width: number, a: number, b: number): boolean {
  if (a < 0 || b < 0) return false
  const dx = Math.abs((a % width) - (b % width))
  const dy = Math.abs(Math.floor(a / width) - Math.floor(b / width))
  return dx + dy === 1
}

// ---------------------------------------------------------------- subgoals

/**
 * Milestones of the mission from the start state, in order: for each clause, the keys and
 * locked doors on the way to its targets, seeing the target when it is out of sight at the
 * start, facing or carrying it, and the clause done.
 */
function computeSubgoals(sim: GridSim): Subgoal[] {
  const out: Subgoal[] = []
  const seen = new Set<string>()
  const push = (g: Subgoal) => {
    const key = JSON.stringify(g)
    if (seen.has(key)) return
    seen.add(key)
    out.push(g)
  }
  const startView = sim.view()
  const visibleAtStart = (ids: number[]) => startView.items.some((item) => ids.includes(item.id))
  const opened = new Set<number>()
  const start = sim.cell(sim.st.x, sim.st.y)
  const keysOf = (door: number) =>
    sim.things.flatMap((t, id) =>
      t.type === 'key' && t.color === sim.things[door]!.color && id !== door ? [id] : [],
    )
  const unlockChain = (ids: number[], depth: number) => {
    if (depth > 4) return
    for (const door of lockedOnPath(sim, start, ids, opened)) {
      if (opened.has(door)) continue
      opened.add(door)
      const keys = keysOf(door)
      unlockChain(keys, depth + 1)
      push({ kind: 'carry', ids: keys })
      push({ kind: 'open', door })
    }
  }
  for (const n of sim.leafOrder) {
    const node = sim.nodes[n]!
    if (node.op !== 'leaf') continue
    const instr = node.instr
    const targets = instr.op === 'putnext' ? instr.move.ids : instr.desc.ids
    unlockChain(targets, 0)
    if (!visibleAtStart(targets)) push({ kind: 'see', ids: targets })
    if (instr.op === 'pickup') push({ kind: 'face', ids: targets })
    if (instr.op === 'open') {
      const locked = targets.filter((id) => sim.st.doors[id] === 'locked')
      if (locked.length === targets.length) push({ kind: 'carry', ids: keysOf(locked[0]!) })
      push({ kind: 'face', ids: targets })
    }
    if (instr.op === 'putnext') {
      push({ kind: 'carry', ids: targets })
      unlockChain(instr.fixed.ids, 0)
      if (!visibleAtStart(instr.fixed.ids)) push({ kind: 'see', ids: instr.fixed.ids })
    }
    push({ kind: 'done', node: n })
  }
  return out
}

/**
 * The locked doors on a path from `start` to the nearest of `ids` that crosses the fewest
 * locked doors (objects are stepped over: they can be moved), nearest door first.
 */
export function lockedOnPath(
  sim: GridSim,
  start: number,
  ids: readonly number[],
  opened: ReadonlySet<number>,
): number[] {
  const targets = new Set(ids.map((id) => sim.st.pos[id]!).filter((c) => c >= 0))
  if (targets.size === 0) return []
  const n = sim.width * sim.height
  const cost = new Int32Array(n).fill(-1)
  const parent = new Int32Array(n).fill(-1)
  let frontier = [start]
  cost[start] = 0
  const lockedAt = (c: number) => {
    const id = sim.occ[c]!
    return sim.isDoor(id) && sim.st.doors[id] === 'locked' && !opened.has(id) && !targets.has(c)
  }
  // 0-1 BFS by layers of locked doors crossed.
  for (let layer = 0; frontier.length > 0 && layer < 8; layer++) {
    const next: number[] = []
    const stack = [...frontier]
    while (stack.length > 0) {
      const c = stack.pop()!
      if (targets.has(c)) {
        const doors: number[] = []
        for (let k = c; k >= 0; k = parent[k]!) if (lockedAt(k)) doors.push(sim.occ[k]!)
        return doors.reverse()
      }
      const x = c % sim.width
      for (const d of [c + 1, c - 1, c + sim.width, c - sim.width]) {
        if (d < 0 || d >= n || cost[d]! >= 0 || sim.wall[d]) continue
        if ((d === c + 1 && x === sim.width - 1) || (d === c - 1 && x === 0)) continue
        parent[d] = c
        if (lockedAt(d)) {
          cost[d] = layer + 1
          next.push(d)
        } else {
          cost[d] = layer
          stack.push(d)
        }
      }
    }
    frontier = next
  }
  return []
}
