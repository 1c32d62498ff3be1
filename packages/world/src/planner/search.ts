import type { REffect } from '../engine/ast'
import { type Applied, Changes } from '../engine/effects'
import { type BindingPlan, enumerateBindings, planBindings } from '../engine/enumerate'
import {
  applyAction,
  firstFailingCheck,
  refreshDerivedChanged,
  runProcesses,
} from '../engine/runtime'
import type { State } from '../engine/state'
import type { CompiledWorld } from '../engine/world'
import type { WorkBudget } from '../limits'
import { type GroundAction, Grounder, holds } from './ground'
import { MinHeap } from './heap'
import type { PlanSkip } from './plan'
import { type HeuristicKind, RelaxedTask, reachableActions, relaxedOps } from './relaxed'
import { groundRelevant } from './relevance'
import { IntList, StateStore } from './store'

/** One best-first run. */
export interface SearchRun {
  /** Lazy weighted A* (key g + weight·h) when set; greedy best-first (key h) otherwise. */
  weight: number | undefined
  /** States this run may evaluate. */
  maxNodes: number
  /** Date.now() after which the run gives up. */
  deadline: number
  /** Only plans shorter than this are wanted (prunes longer prefixes). */
  bound: number
}

export type RunResult = { status: 'solved'; moves: number[] } | { status: 'unsolvable' | 'budget' }

/** `entryChild` marks: not popped yet; popped, and the move changed nothing. */
const UNSEEN = -1
const NO_CHANGE = -2
/** Successors `Search.successor` remembers at most (each holds a state in the store). */
const MAX_TRANSITIONS = 50_000
/** Estimate work (operators and preconditions visited) between two readings of the clock. */
const CLOCK_WORK = 1 << 20

/** A ground action the search can take: schema index and entity args. */
interface Move {
  readonly schema: number
  readonly args: Int32Array
  readonly ground: GroundAction | null
}

/**
 * Forward search over world states. Transitions run through the engine's runtime, so the
 * planner and the engine cannot disagree. Greedy best-first search is lazy (a successor is
 * generated and evaluated only when popped) with h_FF's helpful actions in a second,
 * boosted queue, as in Fast Downward's lazy GBFS.
 */
export class Search {
  private readonly moves: Move[] = []
  private readonly moveIndex = new Map<string, number>()
  private readonly successors: SuccessorGenerator | null = null
  private readonly relaxed: RelaxedTask
  private readonly plans: BindingPlan[] | null
  private readonly env: Int32Array
  private readonly auxEnv: Int32Array
  private readonly procEnv: Int32Array
  private readonly ch = new Changes()
  private readonly dirty: Uint8Array
  /**
   * The states of the run's nodes, packed (and, where successors are remembered, theirs over
   * all runs): a search keeps every state it reaches, and as objects they were most of a
   * worker's memory (barman's two-cocktail tasks reach some 200,000).
   */
  private readonly store: StateStore
  /**
   * Per node: its state in `store`, parent node, move from the parent, path length and the
   * number of its state's key in `ids`.
   */
  private readonly nodeState = new IntList()
  private readonly parent = new IntList()
  private readonly via = new IntList()
  private readonly g = new IntList()
  private readonly nodeId = new IntList()
  /**
   * Every state key met, over all runs, numbered: one map finds both a state's node in this
   * run (`nodeOf`) and its estimate from any run (`estimateOf`), where two maps keyed by the
   * same strings took twice the room.
   */
  private readonly ids = new Map<string, number>()
  /** Per state key number: its node in this run, or -1. */
  private readonly nodeOf = new IntList()
  /** The node `expanding` holds the state of (-1: none). */
  private expandingNode = -1
  /** Where a node's state is unpacked to be expanded (or reopened). */
  private readonly expanding: State
  /** Where `successor` unpacks a remembered successor. */
  private readonly remembered: State
  /** Where `successor` settles a new successor. */
  private readonly settled: State
  /**
   * Per state key number, its estimate or -1, kept over all runs: the improving run scores
   * many states the first one did (about a third of them in barman), and a state's estimate
   * depends on it alone. At most one per state evaluated, which `maxNodes` bounds. An
   * estimate is a number: its value in `estimateH`, its preferred moves in `preferred` from
   * `preferredStart`.
   */
  private readonly estimateOf = new IntList()
  private readonly estimateH: number[] = []
  private readonly preferred = new IntList()
  private readonly preferredStart = new IntList()
  /** Per ground action, the number of the last expansion that preferred it. */
  private readonly preferredMark: Int32Array
  private preferredStamp = 0
  /** Which moves the search may take (every one when null). */
  private readonly allowed: ((schema: number, args: Int32Array, st: State) => boolean) | null
  /**
   * Per key of a state as an action's effects left it, the settled successor in `store`
   * (null when the world has neither derived facts nor processes: nothing to settle).
   */
  private readonly transitions: Map<string, number> | null
  /** Per state in `store` that `transitions` holds, its key. */
  private readonly storedKeys: string[] = []
  /** Where `successor` applies effects before it knows whether the result is new. */
  private scratch: State | null = null
  /** The key of the state `successor` returned last. */
  private childKey = ''
  /** The state `successor` returned last in `store`, or -1 when it is not there. */
  private childStored = -1
  /** What the last `effects` changed, for `settle`. */
  private applied: Applied = { changed: 0, entities: false, attrs: false }
  /** Per 16 fact ids, the bits of the ones keys keep (all but derived facts; none masked past it). */
  private keep: Uint16Array | undefined
  /** The attribute values keys hold: the ones some effect can change (all when undefined). */
  private readonly attrIndex: Int32Array | undefined
  /** Fact ids `keep` has looked at. */
  private keepUpTo = 0
  /** States evaluated over all runs. */
  expanded = 0

  constructor(
    private readonly world: CompiledWorld,
    private readonly root: State,
    private readonly heuristic: HeuristicKind,
    budget?: WorkBudget,
    skip?: PlanSkip,
  ) {
    const grounder = new Grounder(world, root, budget)
    this.allowed = allowedMoves(world, skip)
    const allowed = this.allowed
    const ground = groundRelevant(
      grounder,
      allowed ? (schema, args) => allowed(schema, args, root) : null,
      budget?.deadline ?? Number.POSITIVE_INFINITY,
      allowed ? JSON.stringify([skip?.actions ?? [], skip?.entities ?? []]) : '',
    )
    ground.forEach((ga, i) => {
      this.moves.push({ schema: ga.schema, args: ga.args, ground: ga })
      this.moveIndex.set(moveKey(ga.schema, ga.args), i)
    })
    this.preferredMark = new Int32Array(ground.length)
    const ops = relaxedOps(grounder, ground)
    this.relaxed = new RelaxedTask(ops)
    const dynamic = world.dynamicEntities
    this.plans = dynamic ? world.actions.map((a) => planBindings(a.params, a.pre)) : null
    // With a fixed entity set, successors come from the precompiled ground actions that the
    // relaxation can reach; otherwise they are enumerated per state like the engine does.
    if (!dynamic) {
      const reach = reachableActions(ops, root, ground.length)
      const scan = Int32Array.from(ground.keys()).filter((i) => reach[i] === 1)
      this.successors = new SuccessorGenerator(ground, scan, root)
    }
    this.env = new Int32Array(world.envSize)
    this.auxEnv = new Int32Array(world.envSize)
    this.procEnv = new Int32Array(world.envSize)
    this.dirty = new Uint8Array(world.predicates.length + 2)
    const settles = world.derived.length > 0 || world.processes.length > 0
    this.transitions = settles && !dynamic ? new Map() : null
    if (world.derived.length > 0) this.keep = new Uint16Array(0)
    if (!dynamic) this.attrIndex = changingAttrs(world, root)
    this.store = new StateStore(root, this.attrIndex, !dynamic)
    this.expanding = root.clone()
    this.remembered = root.clone()
    this.settled = root.clone()
    this.preferredStart.push(0)
  }

  /** States the search holds now (for measurements). */
  get stored(): number {
    return this.store.size
  }

  run(run: SearchRun): RunResult {
    const { root } = this
    // Remembered successors outlive a run, and with them the states they name.
    if (this.transitions === null) this.store.clear()
    this.expandingNode = -1
    for (let n = 0; n < this.nodeId.length; n++) this.nodeOf.data[this.nodeId.data[n]!] = -1
    this.nodeState.clear()
    this.parent.clear()
    this.via.clear()
    this.g.clear()
    this.nodeId.clear()
    this.addNode(root, -1, -1, -1, 0, this.idOf(this.key(root)))
    if (this.isGoal(root)) return { status: 'solved', moves: [] }
    if (run.bound <= 1) return { status: 'unsolvable' }
    const e0 = this.evaluate(0, root)
    this.expanded++
    if (this.estimateH[e0] === Number.POSITIVE_INFINITY || this.isDeadEnd(root))
      return { status: 'unsolvable' }
    return this.lazy(run, root, e0)
  }

  /**
   * Lazy best-first search: successors enter the queues with their parent's estimate and are
   * generated and evaluated when popped. The key is h (greedy) or g + weight·h (lazy weighted
   * A*). Ties pop first-in first-out.
   */
  private lazy(run: SearchRun, root: State, e0: number): RunResult {
    const { weight, bound } = run
    // Weighted and bounded runs reopen a state reached again by a shorter path.
    const reopen = weight !== undefined || Number.isFinite(bound)
    const keyOf =
      weight === undefined ? (_g: number, h: number) => h : (g: number, h: number) => g + weight * h
    const regular = new MinHeap()
    const helpful = new MinHeap()
    const entryParent = new IntList()
    const entryMove = new IntList()
    // A helpful entry sits in both queues and is popped twice: the second pop reuses the
    // node its first pop reached (a state's successor never changes), or knows it was null.
    const entryChild = new IntList()
    const { g: nodeG, estimateH } = this
    const push = (node: number, st: State, estimate: number) => {
      const moves = this.applicable(st)
      // Preferred moves are ground actions (the first moves): stamped, not put in a Set.
      const { preferredMark } = this
      const preferred = this.preferred.data
      const stamp = ++this.preferredStamp
      const end = this.preferredStart.data[estimate + 1]!
      for (let i = this.preferredStart.data[estimate]!; i < end; i++)
        preferredMark[preferred[i]!] = stamp
      const key = keyOf(nodeG.data[node]! + 1, estimateH[estimate]!)
      for (const m of moves) {
        const e = entryParent.length
        entryParent.push(node)
        entryMove.push(m)
        entryChild.push(UNSEEN)
        regular.push(key, e)
        if (m < preferredMark.length && preferredMark[m] === stamp) helpful.push(key, e)
      }
    }
    push(0, root, e0)
    let best = estimateH[e0]!
    let boost = 0
    let turn = 0
    // The clock is read every 256 pops, or sooner where one estimate is heavy work (hundreds of
    // thousands of ground operators: 300 blocks): a pop there took milliseconds, and 256 of them
    // ran seconds past the deadline.
    const clockEvery = Math.max(1, Math.min(256, Math.floor(CLOCK_WORK / this.relaxed.work)))
    let untilClock = clockEvery
    let evaluated = 1
    while (regular.size > 0 || helpful.size > 0) {
      if (--untilClock === 0) {
        untilClock = clockEvery
        if (Date.now() > run.deadline) return { status: 'budget' }
      }
      // Helpful actions first while boosted, then alternate between the two queues.
      const useHelpful = helpful.size > 0 && (boost > 0 || turn++ % 2 === 0 || regular.size === 0)
      if (useHelpful && boost > 0) boost--
      const e = useHelpful ? helpful.pop() : regular.pop()
      const parent = entryParent.data[e]!
      const g = nodeG.data[parent]! + 1
      if (g >= bound) continue
      const move = entryMove.data[e]!
      const known = entryChild.data[e]!
      if (known === NO_CHANGE) continue
      let child: State | null = null
      let id = -1
      let seen = known
      if (known === UNSEEN) {
        child = this.successor(this.stateOf(parent), move)
        if (child === null) {
          entryChild.data[e] = NO_CHANGE
          continue
        }
        id = this.idOf(this.childKey)
        seen = this.nodeOf.data[id]!
      }
      let node: number
      let st: State
      if (seen < 0) {
        // The successor is a working state, valid until the next one: the node keeps a copy.
        node = this.addNode(child!, this.childStored, parent, move, g, id)
        entryChild.data[e] = node
        st = child!
      } else {
        entryChild.data[e] = seen
        // A known state: only a weighted or bounded run re-expands it, from a shorter path.
        if (!reopen || g >= nodeG.data[seen]!) continue
        node = seen
        this.parent.data[node] = parent
        this.via.data[node] = move
        nodeG.data[node] = g
        st = this.stateOf(node)
      }
      if (this.isGoal(st)) return { status: 'solved', moves: this.movesTo(node) }
      if (g + 1 >= bound || this.isDeadEnd(st)) continue
      if (evaluated >= run.maxNodes) return { status: 'budget' }
      evaluated++
      this.expanded++
      const estimate = this.evaluate(node, st)
      const h = estimateH[estimate]!
      if (h === Number.POSITIVE_INFINITY) continue
      if (h < best) {
        best = h
        boost += 1000
      }
      push(node, st, estimate)
    }
    return { status: 'unsolvable' }
  }

  /**
   * Greedy action elimination: drop an action, and any later one that no longer applies or
   * no longer changes anything, whenever the rest still reaches the goal. The moves come
   * from a search path (each applies and changes something, no state before the last is a
   * dead end), and so does every shortened plan, so the states before the dropped action
   * are the plan's own prefix states: kept, not replayed.
   */
  eliminate(moves: readonly number[]): number[] {
    let plan = moves.slice()
    let states = [this.root]
    for (const m of plan) states.push(this.apply(states.at(-1)!, m) ?? states.at(-1)!)
    for (let i = 0; i < plan.length; ) {
      const kept = plan.slice(0, i)
      const keptStates = states.slice(0, i + 1)
      let st = states[i]!
      let ok = true
      for (let j = i + 1; j < plan.length && ok; j++) {
        const m = plan[j]!
        if (!this.canApply(st, m)) continue
        const next = this.apply(st, m)
        if (next === null) continue
        if (this.isDeadEnd(next)) ok = false
        st = next
        kept.push(m)
        keptStates.push(st)
      }
      if (ok && kept.length < plan.length && this.isGoal(st)) {
        plan = kept
        states = keptStates
      } else i++
    }
    return plan
  }

  /** Replays moves from the root: each move with the state it is taken in. */
  replay(moves: readonly number[]): { schema: number; args: Int32Array; state: State }[] {
    const out: { schema: number; args: Int32Array; state: State }[] = []
    let st = this.root
    for (const m of moves) {
      const move = this.moves[m]!
      out.push({ schema: move.schema, args: move.args, state: st })
      st = this.apply(st, m) ?? st
    }
    return out
  }

  private canApply(st: State, m: number): boolean {
    const move = this.moves[m]!
    if (move.ground) return holds(move.ground.pre, st)
    const schema = this.world.actions[move.schema]!
    for (let i = 0; i < schema.params.length; i++)
      if (!st.ents.isA(move.args[i]!, schema.params[i]!.type)) return false
    this.env.set(move.args)
    return firstFailingCheck(schema, st, this.env) < 0
  }

  /** The number of a state key, numbering it when it is new. */
  private idOf(key: string): number {
    let id = this.ids.get(key)
    if (id === undefined) {
      id = this.ids.size
      this.ids.set(key, id)
      this.nodeOf.push(-1)
      this.estimateOf.push(-1)
    }
    return id
  }

  /**
   * A new node of state `st` (which is `stored` in the store already unless that is -1) and
   * state key number `id`.
   */
  private addNode(
    st: State,
    stored: number,
    parent: number,
    via: number,
    g: number,
    id: number,
  ): number {
    const node = this.nodeState.length
    this.nodeState.push(stored >= 0 ? stored : this.store.add(st))
    this.parent.push(parent)
    this.via.push(via)
    this.g.push(g)
    this.nodeId.push(id)
    this.nodeOf.data[id] = node
    return node
  }

  /** A node's state, in `expanding` (valid until a state of another node is asked for). */
  private stateOf(node: number): State {
    if (this.expandingNode !== node) {
      this.store.unpack(this.nodeState.data[node]!, this.expanding)
      this.expandingNode = node
    }
    return this.expanding
  }

  /**
   * The estimate of a node's state `st`, computed once per state over all runs: its number
   * in `estimateH` and `preferredStart`.
   */
  private evaluate(node: number, st: State): number {
    const id = this.nodeId.data[node]!
    let estimate = this.estimateOf.data[id]!
    if (estimate < 0) {
      const hv = this.relaxed.evaluate(st, this.heuristic)
      estimate = this.estimateH.length
      this.estimateH.push(hv.h)
      for (const m of hv.preferred) this.preferred.push(m)
      this.preferredStart.push(this.preferred.length)
      this.estimateOf.data[id] = estimate
    }
    return estimate
  }

  private movesTo(node: number): number[] {
    const out: number[] = []
    const { parent, via } = this
    for (let n = node; parent.data[n]! >= 0; n = parent.data[n]!) out.push(via.data[n]!)
    return out.reverse()
  }

  private isGoal(st: State): boolean {
    return this.world.goal.success.test(st, this.auxEnv)
  }

  /** A state where a fail condition holds ends the episode: nothing can follow it. */
  private isDeadEnd(st: State): boolean {
    for (const f of this.world.goal.fail) if (f.test(st, this.auxEnv)) return true
    return false
  }

  /** Moves whose checks all pass in `st`, in grounding order. */
  private applicable(st: State): ArrayLike<number> & Iterable<number> {
    if (this.successors) return this.successors.applicable(st)
    const out: number[] = []
    const env = this.env
    const plans = this.plans!
    for (const schema of this.world.actions) {
      enumerateBindings(plans[schema.index]!, st, env, () => {
        const args = Int32Array.from(schema.params, (p) => env[p.slot]!)
        if (this.allowed && !this.allowed(schema.index, args, st)) return
        const key = moveKey(schema.index, args)
        let m = this.moveIndex.get(key)
        if (m === undefined) {
          m = this.moves.length
          this.moves.push({ schema: schema.index, args, ground: null })
          this.moveIndex.set(key, m)
        }
        out.push(m)
      })
    }
    return out
  }

  /** The successor state (a state of its own), or null when the action would change nothing. */
  private apply(st: State, move: number): State | null {
    // Where successors are remembered, the plan's own states (eliminate, replay) are known.
    if (this.transitions !== null) return this.successor(st, move)?.clone() ?? null
    const child = this.effects(st.clone(), move)
    if (child !== null) this.settle(child)
    return child
  }

  /**
   * `apply` into a working state (valid until the next call), with the successor's key left
   * in `childKey` and its number in the store, when it is there, in `childStored`. Derived
   * facts and processes are a function of the state the action's effects leave (its facts but
   * the derived ones, its attributes): that state's key finds a successor made before, from
   * another parent or in an earlier run, without settling it again.
   */
  private successor(st: State, move: number): State | null {
    const { transitions } = this
    this.childStored = -1
    if (transitions === null) {
      // The scratch state itself: the caller copies it only when it is a new node.
      const child = this.effects(this.scratchOf(st), move)
      if (child !== null) this.childKey = this.key(child)
      return child
    }
    // The effects go to a scratch state first: a known one needs no copy of its own.
    const post = this.effects(this.scratchOf(st), move)
    if (post === null) return null
    const postKey = this.key(post)
    const known = transitions.get(postKey)
    if (known !== undefined) {
      this.childKey = this.storedKeys[known]!
      this.childStored = known
      return this.store.unpack(known, this.remembered)
    }
    const child = copyState(this.settled, post)
    this.settle(child)
    this.childKey = this.key(child)
    if (transitions.size < MAX_TRANSITIONS) {
      const stored = this.store.add(child)
      this.storedKeys[stored] = this.childKey
      transitions.set(postKey, stored)
      this.childStored = stored
    }
    return child
  }

  /** The scratch state holding a copy of `st` (a new version of it, for caches keyed so). */
  private scratchOf(st: State): State {
    if (this.scratch === null) {
      this.scratch = st.clone()
      return this.scratch
    }
    return copyState(this.scratch, st)
  }

  /** `child` (a copy of the state) with the move's effects applied, or null when they change nothing. */
  private effects(child: State, move: number): State | null {
    const { world, env, dirty } = this
    const m = this.moves[move]!
    const schema = world.actions[m.schema]!
    env.set(m.args)
    dirty.fill(0)
    const applied = applyAction(world, schema, child, env, this.ch, dirty)
    if (applied.changed === 0 && schema.effects.length > 0) return null
    this.applied = applied
    return child
  }

  /** Derived facts and processes after `effects` (whose changes are in `dirty`, `applied`). */
  private settle(child: State): void {
    const { world, dirty } = this
    // Every state here descends from the recomputed root, so only what changed is redone.
    refreshDerivedChanged(world, child, this.auxEnv, dirty, this.applied)
    if (world.processes.length > 0)
      runProcesses(world, child, this.procEnv, this.ch, dirty, null, refreshDerivedChanged)
  }

  /** A state's key: derived facts left out (the other facts decide them). */
  private key(st: State): string {
    const keep = this.keep
    if (keep === undefined) return stateKey(st, undefined, this.attrIndex)
    const { table } = st
    if (table.size > this.keepUpTo) {
      const words = (table.size + 15) >> 4
      if (keep.length < words) {
        const grown = new Uint16Array(Math.max(words, 2 * keep.length)).fill(0xffff)
        grown.set(keep)
        this.keep = grown
      }
      const mask = this.keep!
      const derived = this.world.derivedPreds
      for (let id = this.keepUpTo; id < table.size; id++)
        if (derived.has(table.pred[id]!)) mask[id >> 4] = mask[id >> 4]! & ~(1 << (id & 15))
      this.keepUpTo = table.size
    }
    return stateKey(st, this.keep, this.attrIndex)
  }
}

/** `into` made a copy of `st` (a new version of it, for caches keyed so). */
function copyState(into: State, st: State): State {
  if (into.facts.length === st.facts.length) into.facts.set(st.facts)
  else into.facts = st.facts.slice()
  if (into.attrs.length === st.attrs.length) into.attrs.set(st.attrs)
  else into.attrs = st.attrs.slice()
  into.ents = st.ents
  into.version++
  return into
}

/** A test of the moves `skip` leaves in, or null when it leaves out nothing. */
function allowedMoves(
  world: CompiledWorld,
  skip: PlanSkip | undefined,
): ((schema: number, args: Int32Array, st: State) => boolean) | null {
  const actions = new Set(skip?.actions ?? [])
  const entities = new Set(skip?.entities ?? [])
  if (actions.size === 0 && entities.size === 0) return null
  const schemaOff = Uint8Array.from(world.actions, (a) => (actions.has(a.name) ? 1 : 0))
  return (schema, args, st) => {
    if (schemaOff[schema] === 1) return false
    const list = st.ents.list
    for (let i = 0; i < args.length; i++) if (entities.has(list[args[i]!]!.id)) return false
    return true
  }
}

/**
 * With a fixed entity set, the indices into a state's attributes of the ones an action or a
 * process can change: every other value is the root's in every state the search reaches.
 */
function changingAttrs(world: CompiledWorld, root: State): Int32Array {
  const n = root.nAttrs
  const written = new Uint8Array(n)
  const walk = (effects: readonly REffect[]): void => {
    for (const e of effects) {
      if (e.k === 'set' || e.k === 'inc' || e.k === 'dec') written[e.attr] = 1
      else if (e.k === 'when') {
        walk(e.yes)
        walk(e.no)
      } else if (e.k === 'forall') walk(e.do)
    }
  }
  for (const action of world.actions) walk(action.effects)
  for (const process of world.processes) walk(process.effects)
  const out: number[] = []
  if (n > 0) for (let i = 0; i < root.attrs.length; i++) if (written[i % n] === 1) out.push(i)
  return Int32Array.from(out)
}

function moveKey(schema: number, args: Int32Array): string {
  return `${schema}:${args.join(',')}`
}

/** Scratch for `stateKey`: the key's characters before they become a string. */
let keyChars = new Uint16Array(256)
const attrBits = new Float64Array(1)
const attrChars = new Uint16Array(attrBits.buffer)
const ESCAPE = 0xffff
const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1
const EMPTY_QUADS = new Uint32Array(0)

/** Four facts (bytes of 0 or 1, first in the low byte) as four bits. */
function nibble(x: number): number {
  const y = x & 0x01010101
  return (y | (y >>> 7) | (y >>> 14) | (y >>> 21)) & 15
}

/**
 * Facts packed 16 per character (after their count, since trailing false facts are cut),
 * then each attribute: a small whole number as one character, any other value as a mark and
 * its 64 bits (NaN made canonical, as its decimal text was), then the entity set when it has
 * changed. `keep`, when given, masks each character's facts (past its end every fact counts):
 * the search leaves out derived facts, which the other facts decide. `attrIndex`, when given,
 * lists the attribute values the key holds (the search leaves out those nothing changes).
 */
export function stateKey(st: State, keep?: Uint16Array, attrIndex?: Int32Array): string {
  const f = st.facts
  const all = (f.length + 15) >> 4
  const nAttrs = attrIndex !== undefined ? attrIndex.length : st.nAttrs > 0 ? st.attrs.length : 0
  const most = 1 + all + 5 * nAttrs
  if (keyChars.length < most) keyChars = new Uint16Array(Math.max(most, 2 * keyChars.length))
  const chars = keyChars
  // Facts are bytes of 0 or 1: read four at a time where the array allows it.
  const quads =
    LITTLE_ENDIAN && (f.byteOffset & 3) === 0
      ? new Uint32Array(f.buffer, f.byteOffset, f.length >> 2)
      : EMPTY_QUADS
  const whole = quads.length >> 2
  let words = 0
  for (let w = 0; w < all; w++) {
    let bits = 0
    if (w < whole) {
      const q = w << 2
      bits = nibble(quads[q]!) | (nibble(quads[q + 1]!) << 4)
      bits |= (nibble(quads[q + 2]!) << 8) | (nibble(quads[q + 3]!) << 12)
    } else {
      const i = w << 4
      const stop = Math.min(16, f.length - i)
      for (let j = 0; j < stop; j++) if (f[i + j] === 1) bits |= 1 << j
    }
    if (keep !== undefined && w < keep.length) bits &= keep[w]!
    chars[1 + w] = bits
    if (bits !== 0) words = w + 1
  }
  chars[0] = words
  const attrs = st.attrs
  let k = 1 + words
  for (let a = 0; a < nAttrs; a++) {
    const v = attrs[attrIndex !== undefined ? attrIndex[a]! : a]!
    // Most attributes are small counts: one character; any other value its bits after a mark.
    if (v >= 0 && v < ESCAPE && (v | 0) === v) chars[k++] = v
    else {
      attrBits[0] = Number.isNaN(v) ? Number.NaN : v
      chars[k] = ESCAPE
      chars[k + 1] = attrChars[0]!
      chars[k + 2] = attrChars[1]!
      chars[k + 3] = attrChars[2]!
      chars[k + 4] = attrChars[3]!
      k += 5
    }
  }
  const size = k
  let key = ''
  for (let i = 0; i < size; i += 4096)
    key += String.fromCharCode.apply(null, chars.subarray(i, Math.min(size, i + 4096)) as never)
  if (st.ents.list.length > st.ents.staticCount || st.ents.alive.includes(0)) {
    key += `|${st.ents.list
      .slice(st.ents.staticCount)
      .map((e) => e.id)
      .join(',')}|${st.ents.alive.join('')}`
  }
  return key
}

/**
 * Finds applicable ground actions without testing them all: each action waits in the bucket
 * of one positive precondition fact, the one of the predicate least often true (`at ?r`
 * rather than `in ?o ?r`), and only buckets whose fact holds are tested.
 */
class SuccessorGenerator {
  private readonly bucketFacts: Int32Array
  private readonly bucketStart: Int32Array
  private readonly bucketActions: Int32Array
  /** Actions without a positive fact precondition: always tested. */
  private readonly always: Int32Array
  /** Scratch for `applicable`: room for every ground action. */
  private found = new Int32Array(0)

  constructor(
    private readonly ground: readonly GroundAction[],
    scan: Int32Array,
    st0: State,
  ) {
    const { table } = st0
    const truth = table.byPred.map((ids) => {
      let t = 0
      for (const id of ids) if (st0.facts[id] === 1) t++
      return ids.length === 0 ? 1 : t / ids.length
    })
    const buckets = new Map<number, number[]>()
    const always: number[] = []
    for (const a of scan) {
      const pos = ground[a]!.pre.pos
      if (pos.length === 0) {
        always.push(a)
        continue
      }
      let best = pos[0]!
      for (const f of pos) if (truth[table.pred[f]!]! < truth[table.pred[best]!]!) best = f
      const list = buckets.get(best)
      if (list) list.push(a)
      else buckets.set(best, [a])
    }
    const facts = [...buckets.keys()].sort((x, y) => x - y)
    this.bucketFacts = Int32Array.from(facts)
    this.bucketStart = new Int32Array(facts.length + 1)
    facts.forEach((f, i) => {
      this.bucketStart[i + 1] = this.bucketStart[i]! + buckets.get(f)!.length
    })
    this.bucketActions = Int32Array.from(facts.flatMap((f) => buckets.get(f)!))
    this.always = Int32Array.from(always)
  }

  /** Applicable actions in grounding order (in scratch, valid until the next call). */
  applicable(st: State): Int32Array {
    const { ground, bucketFacts, bucketStart, bucketActions, always } = this
    if (this.found.length < ground.length) this.found = new Int32Array(ground.length)
    const out = this.found
    let n = 0
    const facts = st.facts
    for (let i = 0; i < always.length; i++)
      if (holds(ground[always[i]!]!.pre, st)) out[n++] = always[i]!
    for (let b = 0; b < bucketFacts.length; b++) {
      if (facts[bucketFacts[b]!] !== 1) continue
      for (let k = bucketStart[b]!; k < bucketStart[b + 1]!; k++) {
        const a = bucketActions[k]!
        if (holds(ground[a]!.pre, st)) out[n++] = a
      }
    }
    // Each action sits in one bucket, so the ids are distinct: sorted, they are in grounding
    // order. Sorted in the scratch itself, where a sorted copy allocated a buffer per
    // expansion; by insertion when few (most states have a few dozen at most).
    if (n > 48) return out.subarray(0, n).sort()
    for (let i = 1; i < n; i++) {
      const a = out[i]!
      let j = i - 1
      while (j >= 0 && out[j]! > a) {
        out[j + 1] = out[j]!
        j--
      }
      out[j + 1] = a
    }
    return out.subarray(0, n)
  }
}
