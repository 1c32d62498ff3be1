import type { StepStatus } from '@refinery/core'
import type { GridSim, Prim } from './sim'
import { DIR_X, DIR_Y } from './types'
import type { View, ViewItem } from './view'

/** AgentBoard's macro actions, by the words that open them. */
export type MacroKind =
  | 'turn left'
  | 'turn right'
  | 'move forward'
  | 'pickup'
  | 'drop'
  | 'go to'
  | 'go through'
  | 'toggle and go through'
  | 'toggle'

export const MACRO_KINDS: readonly MacroKind[] = [
  'turn left',
  'turn right',
  'move forward',
  'pickup',
  'drop',
  'go through',
  'toggle and go through',
  'toggle',
  'go to',
]

/** A macro action resolved against the view: the primitives it runs. */
export interface Macro {
  kind: MacroKind
  /** The view label of its object or door: `grey key 1`. */
  label: string | null
  prims: Prim[]
}

/** Why a macro cannot run now, in both profiles' words. */
export interface MacroFailure {
  status: StepStatus
  rich: string
  /** AgentBoard's own reply, or null where it has none (it then says the action is not recognized). */
  agentboard: string | null
  /** The failure is about location or reachability. */
  place?: boolean
  /** AgentBoard runs this action and shows the unchanged view. */
  unchangedView?: boolean
}

export type MacroResult = { ok: true; macro: Macro } | { ok: false; failure: MacroFailure }

const PRIMS: readonly Prim[] = ['forward', 'left', 'right']

const fail = (
  status: StepStatus,
  rich: string,
  agentboard: string | null,
  extra: Partial<MacroFailure> = {},
): MacroResult => ({ ok: false, failure: { status, rich, agentboard, ...extra } })

/** `a red ball 1`, `a wall`: what stands in front of the agent, named as in the view. */
function frontName(sim: GridSim, view: View): string {
  const f = sim.front()
  if (f < 0) return 'a wall'
  const item = view.items.find((i) => i.id === f)
  return item ? `the ${item.label}` : 'something'
}

/**
 * Resolves a macro against the current view: its primitives, or why it cannot run. The
 * path of `go to`, `pickup` and `go through` is found by BFS over the cells the agent sees,
 * so a macro never uses what is out of sight.
 */
export function resolveMacro(sim: GridSim, kind: MacroKind, label: string | null): MacroResult {
  const view = sim.view()
  const item = label === null ? undefined : view.items.find((i) => i.label === label)
  const carried = sim.carried()
  const f = sim.front()
  switch (kind) {
    case 'turn left':
      return { ok: true, macro: { kind, label: null, prims: ['left'] } }
    case 'turn right':
      return { ok: true, macro: { kind, label: null, prims: ['right'] } }
    case 'move forward': {
      if (f === -1 || (sim.isDoor(f) && sim.st.doors[f] === 'open'))
        return { ok: true, macro: { kind, label: null, prims: ['forward'] } }
      const barrier = f === -2 || (f >= 0 && sim.things[f]!.type === 'box')
      const what = frontName(sim, view)
      const rich = sim.isDoor(f)
        ? `${cap(what)} in front of you is ${sim.st.doors[f]}; you can't move forward. Toggle it first.`
        : `There is ${what} in front of you, you can't move forward.`
      return fail(
        'precondition_failed',
        rich,
        barrier ? "There is a barrier in front of you, you can't move forward." : null,
        { place: true, unchangedView: !barrier },
      )
    }
    case 'drop': {
      if (!carried)
        return fail(
          'precondition_failed',
          'You cannot drop the object, as you are not carrying anything.',
          'You cannot drop the object, as you are not carrying anything.',
        )
      if (f === -1) return { ok: true, macro: { kind, label: null, prims: ['drop'] } }
      const door = sim.isDoor(f)
      return fail(
        'precondition_failed',
        `You cannot drop the ${carried.color} ${carried.type}, as there is ${frontName(sim, view)} in front of you.`,
        door ? null : 'You cannot drop the object, as there is already an object in front of you.',
        { place: true, unchangedView: door },
      )
    }
    case 'toggle': {
      if (!sim.isDoor(f))
        return fail(
          'precondition_failed',
          'There is no door right in front of you to toggle.',
          null,
          {
            place: true,
          },
        )
      const what = frontName(sim, view)
      if (sim.st.doors[f] === 'locked') {
        const key = keyProblem(sim, f)
        if (key)
          return fail(
            'precondition_failed',
            `You cannot toggle ${what.replace(/^the /, '')}, as ${key}.`,
            null,
          )
      }
      return { ok: true, macro: { kind, label: null, prims: ['toggle'] } }
    }
  }
  // The rest name something in view.
  if (!item) {
    return fail('invalid_argument', `You cannot see ${label ?? 'it'} in front of you.`, null)
  }
  const name = item.label
  const isDoor = sim.isDoor(item.id)
  const state = isDoor ? sim.st.doors[item.id] : null
  switch (kind) {
    case 'pickup': {
      if (isDoor)
        return fail(
          'invalid_argument',
          `You cannot pick up ${name}: only keys, balls and boxes can be carried.`,
          null,
        )
      if (carried)
        return fail(
          'precondition_failed',
          `You cannot pickup ${name}, as you are already carrying a ${carried.color} ${carried.type}. Drop it first.`,
          null,
        )
      const path = viewPath(sim, view, item.cell, false)
      if (!path) return noPath(`pickup ${name}`)
      return { ok: true, macro: { kind, label: name, prims: [...path, 'pickup'] } }
    }
    case 'go to': {
      const path = viewPath(sim, view, item.cell, false)
      if (!path) return noPath(`go to ${name}`)
      if (path.length === 0)
        return fail('no_effect', `You are already facing ${name}.`, 'No change in state.')
      return { ok: true, macro: { kind, label: name, prims: path } }
    }
    case 'go through': {
      if (!isDoor) return fail('invalid_argument', `${cap(name)} is not a door.`, null)
      if (state !== 'open')
        return fail(
          'precondition_failed',
          `You cannot go through ${name}, as it is ${state}. You should toggle it first.`,
          state === 'closed'
            ? `You cannot go through ${name}, as it is closed. You should toggle it first.`
            : null,
        )
      const path = viewPath(sim, view, item.cell, true)
      if (!path) return noPath(`go through ${name}`)
      return { ok: true, macro: { kind, label: name, prims: path } }
    }
    case 'toggle and go through': {
      if (!isDoor) return fail('invalid_argument', `${cap(name)} is not a door.`, null)
      if (state === 'open')
        return fail('no_effect', `${cap(name)} is already open; go through it instead.`, null)
      if (state === 'locked') {
        const key = keyProblem(sim, item.id)
        if (key)
          return fail(
            'precondition_failed',
            `You cannot toggle and go through ${name}, as ${key}.`,
            `You cannot toggle and go through ${name}, as ${key}.`,
          )
      }
      const path = viewPath(sim, view, item.cell, false)
      if (!path) return noPath(`toggle and go through ${name}`)
      return { ok: true, macro: { kind, label: name, prims: [...path, 'toggle', 'forward'] } }
    }
  }
  return fail('unknown_action', 'The action is not recognized. Please check valid actions.', null)
}

function noPath(action: string): MacroResult {
  const text = `You cannot ${action}, as there is no path leading to it.`
  return fail('precondition_failed', text, text, { place: true })
}

function keyProblem(sim: GridSim, door: number): string | null {
  const carried = sim.carried()
  if (carried?.type !== 'key') return 'you are not carrying a key'
  if (carried.color !== sim.things[door]!.color)
    return 'the color of the key you are carrying does not match the color of door'
  return null
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1)
}

/**
 * Every macro that can run now, in AgentBoard's order of listing; only those of `kinds` when
 * given (the others are not resolved at all).
 */
export function validMacros(sim: GridSim, kinds?: ReadonlySet<MacroKind>): Macro[] {
  const view = sim.view()
  const out: Macro[] = []
  const add = (kind: MacroKind, item: ViewItem | null) => {
    if (kinds && !kinds.has(kind)) return
    const r = resolveMacro(sim, kind, item?.label ?? null)
    if (r.ok) out.push(r.macro)
  }
  add('turn left', null)
  add('turn right', null)
  add('move forward', null)
  for (const item of view.items) if (!sim.isDoor(item.id)) add('pickup', item)
  add('drop', null)
  for (const item of view.items) {
    if (!sim.isDoor(item.id)) continue
    if (sim.st.doors[item.id] === 'open') add('go through', item)
    else add('toggle and go through', item)
  }
  add('toggle', null)
  for (const item of view.items) add('go to', item)
  return out
}

export function macroText(m: { kind: MacroKind; label: string | null }): string {
  return m.label === null ? m.kind : `${m.kind} ${m.label}`
}

/**
 * The last search from the agent over what it sees, kept for every target: `validMacros` asks
 * for a path to each thing in view, and each used to search again from the start.
 */
const search = {
  /** The view searched: a view stands for one state of one simulation. */
  view: null as View | null,
  /** from[state] = previous state * 4 + primitive (0 forward, 1 left, 2 right). */
  from: new Int32Array(0),
  stamp: new Int32Array(0),
  queue: new Int32Array(0),
  generation: 0,
  start: 0,
  /** The first state reached that faces each cell, and that stands on it; -1 for none. */
  facing: new Int32Array(0),
  at: new Int32Array(0),
}

/**
 * The shortest turns and moves, over cells in sight, that end facing `target` (or standing
 * on it, for `arrive`); null when there is none. Moves are tried forward, left, right, as
 * AgentBoard's find_path does.
 */
function viewPath(sim: GridSim, view: View, target: number, arrive: boolean): Prim[] | null {
  if (search.view !== view) searchView(sim, view)
  const s = arrive ? search.at[target]! : search.facing[target]!
  if (s < 0) return null
  const { from, start } = search
  const path: Prim[] = []
  for (let k = s; k !== start; k = from[k]! >> 2) path.push(PRIMS[from[k]! & 3]!)
  return path.reverse()
}

/**
 * Breadth first over the agent's states among the cells in sight, noting for each cell the
 * first state dequeued that faces it and that stands on it: what a search stopped at that
 * target would have found.
 */
function searchView(sim: GridSim, view: View): void {
  const w = sim.width
  const passable = (c: number) => {
    if (c < 0 || !view.visible[c] || sim.wall[c]) return false
    const id = sim.occ[c]!
    return id === -1 || (sim.isDoor(id) && sim.st.doors[id] === 'open')
  }
  const cells = w * sim.height
  const n = cells * 4
  // Buffers are shared, so a search allocates nothing: a state counts where its stamp is
  // this search's.
  if (search.from.length < n) {
    search.from = new Int32Array(n)
    search.stamp = new Int32Array(n)
    search.queue = new Int32Array(n)
    search.facing = new Int32Array(cells)
    search.at = new Int32Array(cells)
  }
  const { from, stamp, queue, facing, at } = search
  facing.fill(-1, 0, cells)
  at.fill(-1, 0, cells)
  const mark = ++search.generation
  const start = sim.cell(sim.st.x, sim.st.y) * 4 + sim.st.dir
  search.view = view
  search.start = start
  let tail = 0
  queue[tail++] = start
  from[start] = start * 4
  stamp[start] = mark
  for (let qi = 0; qi < tail; qi++) {
    const s = queue[qi]!
    const c = s >> 2
    const d = s & 3
    const fx = (c % w) + DIR_X[d]!
    const fy = (c - (c % w)) / w + DIR_Y[d]!
    const fc = fx < 0 || fy < 0 || fx >= w || fy >= sim.height ? -1 : fy * w + fx
    if (at[c]! < 0) at[c] = s
    if (fc >= 0 && facing[fc]! < 0) facing[fc] = s
    for (let e = 0; e < 3; e++) {
      let t: number
      if (e === 0) {
        if (!passable(fc)) continue
        t = fc * 4 + d
      } else t = c * 4 + (e === 1 ? (d + 3) % 4 : (d + 1) % 4)
      if (stamp[t] === mark) continue
      stamp[t] = mark
      from[t] = s * 4 + e
      queue[tail++] = t
    }
  }
}
