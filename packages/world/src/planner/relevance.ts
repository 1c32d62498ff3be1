import type { RCond, REffect, RTerm } from '../engine/ast'
import { enumerateBindings } from '../engine/enumerate'
import { forBindings, staticEntities } from '../engine/runtime'
import { type FactTable, numericKey, type State } from '../engine/state'
import type { CompiledAction, CompiledWorld } from '../engine/world'
import { WORLD_LIMITS, WorkBudget } from '../limits'
import {
  closedForall,
  compilePre,
  type GF,
  type GroundAction,
  Grounder,
  type GroundTable,
  groundActions,
  staticBindingPlan,
  staticPredFlags,
  termValues,
} from './ground'

/** What a fact is read as: true (a precondition or the goal needs it), false, or both. */
const POS = 1
const NEG = 2
const BOTH = POS | NEG
/** Fact flags past the two polarities. */
const POSSIBLE = 4
const DERIVED_DONE = 8

/**
 * The bindings that can help reach the goal from `root`, by their position in the order
 * `groundActions` visits them (1: ground it); `allowed` leaves moves out up front (a `skip`).
 * Null when the world has what the analysis cannot follow (processes, numeric conditions,
 * entities created or destroyed): then every binding is grounded.
 *
 * A fact is needed true when the goal or a relevant action's precondition reads it
 * positively, needed false when one reads it negated; effect conditions, fail conditions and
 * derived rules read theirs both ways. An action is relevant when it adds a fact needed true,
 * or deletes a fact needed false that can be true at all (true in the state, or added by a
 * relevant action). Dropping every other action from any plan leaves a plan: each needed-true
 * fact is true at least as often, each needed-false fact false at least as often, and facts
 * read both ways change exactly as before. So no plan gets longer, and the ones that hold an
 * object to put it back (`take` of a thing the goal never mentions) are never searched.
 *
 * The analysis grounds into a table of its own laid over the root's (see `ScratchTable`), so
 * the real grounding afterwards interns facts in the order it always did: fact ids order the
 * heuristic's ties.
 */
export function relevantBindings(
  world: CompiledWorld,
  root: State,
  allowed: ((schema: number, args: Int32Array) => boolean) | null,
  deadline: number,
  allowedKey: string | null = allowed === null ? '' : null,
): Relevant | null {
  if (world.dynamicEntities || !relevanceApplies(world)) return null
  const budget = new WorkBudget(WORLD_LIMITS.maxGroundBindings, deadline, 'ground bindings')
  const keys = new AtomKeys(world.predicates.length, root.table.cap)
  const table = new ScratchTable(root.table, keys)
  const g = new Grounder(world, root, budget, table)
  const st0 = root
  const env = new Int32Array(world.envSize)
  const bindings = staticBindings(world, st0, env, budget, allowed, allowedKey, keys)
  const { schemas, argsFlat, argsStart, position, n } = bindings

  const walk = new RelevanceWalk(world, g, table, bindings, env)
  walk.mark(g.cond(world.goal.success.cond, env), POS)
  for (const f of world.goal.fail) walk.mark(g.cond(f.cond, env), BOTH)
  const keep = new Uint8Array(n)
  const { queue } = walk
  for (let q = 0; q < queue.length; q++) {
    const c = queue[q]!
    const schema = world.actions[schemas[c]!]!
    const a = argsFlat.slice(argsStart[c]!, argsStart[c + 1]!)
    env.set(a)
    const gf = g.groundPre(schema.pre, env)
    // What compilePre answers null for, without compiling the tests.
    if (gf.k === 'const' && !gf.v) continue
    keep[position[c]!] = 1
    walk.mark(gf, POS)
    env.set(a)
    walk.effects(schema.effects)
  }
  return { keep, bindings }
}

/**
 * The marks of `relevantBindings`: facts by how they are read, bindings found relevant. A
 * class, not closures made per call: a small world's analysis is over before making a dozen
 * closures (and the ones `forBindings` takes per quantified effect) stops costing.
 */
class RelevanceWalk {
  /** Per fact id: how it is read (POS, NEG), whether it can be true; undefined: not yet met. */
  private readonly flags: number[] = []
  /** Per binding: 1 once queued. */
  private readonly relevant: Uint8Array
  /** Relevant bindings, in the order found. */
  readonly queue: number[] = []
  /** Per closed quantified effect walked (see `forall`), its budget ticks. */
  private readonly closedTicks = new Map<REffect, number>()
  /** Per formula node, the polarities it was marked with. */
  private readonly walked = new Map<GF, number>()
  private readonly derivedWhen: Map<number, GF[]> | null
  private readonly st0: State

  constructor(
    private readonly world: CompiledWorld,
    private readonly g: Grounder,
    private readonly table: ScratchTable,
    private readonly bindings: StaticBindings,
    private readonly env: Int32Array,
  ) {
    this.st0 = g.st0
    this.relevant = new Uint8Array(bindings.schemas.length)
    this.derivedWhen = derivedConditions(g, env)
  }

  /** The bindings that add (`adders`) or delete a fact, the schema-wide ones included. */
  private enqueueEffect(id: number, adds: boolean): void {
    const { bindings } = this
    const key = this.table.keyOf(id)
    const byKey = adds ? bindings.adders : bindings.deleters
    if (typeof key === 'number' && key >= 0) {
      const { next, binding } = byKey
      const { relevant, queue } = this
      for (let i = byKey.head(key); i >= 0; i = next[i]!) {
        const c = binding[i]!
        if (relevant[c] === 1) continue
        relevant[c] = 1
        queue.push(c)
      }
    } else this.enqueue(byKey.other.get(key))
    const wide = (adds ? bindings.wideAdders : bindings.wideDeleters).get(key)
    if (wide === undefined) return
    const { schemaStart } = bindings
    const { relevant, queue } = this
    for (const s of wide) {
      for (let c = schemaStart[s]!; c < schemaStart[s + 1]!; c++) {
        if (relevant[c] === 1) continue
        relevant[c] = 1
        queue.push(c)
      }
    }
  }

  private enqueue(list: readonly number[] | undefined): void {
    if (list === undefined) return
    const { relevant, queue } = this
    for (const c of list) {
      if (relevant[c] === 1) continue
      relevant[c] = 1
      queue.push(c)
    }
  }

  private markFact(id: number, pol: number): void {
    const { flags, derivedWhen } = this
    const had = flags[id] ?? (this.st0.facts[id] === 1 ? POSSIBLE : 0)
    const now = had | pol
    if (now === had) return
    flags[id] = now
    if (derivedWhen !== null && this.world.derivedPreds.has(this.table.predOf(id))) {
      if ((had & DERIVED_DONE) === 0) {
        flags[id] = now | DERIVED_DONE
        for (const when of derivedWhen.get(id) ?? []) this.mark(when, BOTH)
      }
      return
    }
    if ((now & POS) !== 0 && (had & POS) === 0) this.enqueueEffect(id, true)
    if ((now & NEG) !== 0 && (had & NEG) === 0 && (now & POSSIBLE) !== 0)
      this.enqueueEffect(id, false)
  }

  private markPossible(id: number): void {
    const { flags } = this
    const had = flags[id] ?? (this.st0.facts[id] === 1 ? POSSIBLE : 0)
    if ((had & POSSIBLE) !== 0) {
      flags[id] = had
      return
    }
    flags[id] = had | POSSIBLE
    if ((had & NEG) !== 0) this.enqueueEffect(id, false)
  }

  mark(gf: GF, pol: number): void {
    const seen = this.walked.get(gf) ?? 0
    if ((seen | pol) === seen) return
    this.walked.set(gf, seen | pol)
    switch (gf.k) {
      case 'const':
        return
      case 'fact':
        this.markFact(gf.id, pol)
        return
      case 'not':
        this.mark(gf.f, pol === BOTH ? BOTH : pol ^ BOTH)
        return
      case 'and':
      case 'or':
        for (const f of gf.fs) this.mark(f, pol)
        return
      case 'dyn':
        throw new Error('relevantActions: a condition the analysis cannot read')
    }
  }

  /** Effects of a relevant action: what it adds can be true; what its conditions read counts. */
  effects(list: readonly REffect[]): void {
    const { g, env } = this
    for (const e of list) {
      if (e.k === 'add') {
        const f = g.fact(e.atom.pred, e.atom.args, env)
        if (f.k === 'fact') this.markPossible(f.id)
      } else if (e.k === 'when') {
        this.mark(g.cond(e.c, env), BOTH)
        this.effects(e.yes)
        this.effects(e.no)
      } else if (e.k === 'forall') this.forall(e)
    }
  }

  /**
   * A quantified effect of a relevant action. A closed one (see `closedForall`) marks the
   * same facts for every action it is in: walked once, its budget ticks charged again after.
   */
  private forall(e: Extract<REffect, { k: 'forall' }>): void {
    if (!closedForall(e)) {
      this.quantified(e, 0)
      return
    }
    const { budget } = this.g
    const known = this.closedTicks.get(e)
    if (known !== undefined) {
      budget?.spend(known)
      return
    }
    const before = budget?.used ?? 0
    this.quantified(e, 0)
    this.closedTicks.set(e, (budget?.used ?? 0) - before)
  }

  /** `effects` of a quantified effect, for each binding of its vars from `depth` on. */
  private quantified(e: Extract<REffect, { k: 'forall' }>, depth: number): void {
    const { env } = this
    if (depth === e.vars.length) {
      const where = this.g.cond(e.where, env)
      if (where.k === 'const' && !where.v) return
      this.mark(where, BOTH)
      this.effects(e.do)
      return
    }
    const { slot, type } = e.vars[depth]!
    const dom = this.st0.ents.domain(type)
    for (let i = 0; i < dom.length; i++) {
      env[slot] = dom[i]!
      this.quantified(e, depth + 1)
    }
  }
}

/** What `relevantBindings` answers: which bindings to ground, and the bindings it went over. */
export interface Relevant {
  /** By position in `groundActions`' order: 1 to ground the binding. */
  readonly keep: Uint8Array
  readonly bindings: StaticBindings
}

/**
 * Every binding whose static preconditions hold (and `allowed` keeps), in `groundActions`'
 * order, with the facts each adds and deletes by atom key. Nothing here reads a fact that can
 * change, so plans from other states of the same world share it (see `staticBindings`).
 */
export interface StaticBindings {
  /** Bindings visited, allowed or not: positions run from 0 to n-1. */
  readonly n: number
  /** Binding c: its schema, its position, its args argsFlat[argsStart[c]…argsStart[c+1]). */
  readonly schemas: readonly number[]
  readonly position: readonly number[]
  readonly argsFlat: readonly number[]
  readonly argsStart: readonly number[]
  /**
   * Bindings by the key of a changing atom they add (delete), in no particular order: the
   * analysis is a fixpoint, which order it meets them in does not change.
   */
  readonly adders: KeyIndex
  readonly deleters: KeyIndex
  /**
   * Schemas (by their number in the world's order) each of whose bindings adds (deletes) the
   * atom of the key: by quantified effects that read no param (`go`'s `forall ?x: del at ?x`),
   * indexed once per schema instead of once per binding. Schema s's bindings are c from
   * schemaStart[s] to schemaStart[s+1].
   */
  readonly wideAdders: ReadonlyMap<number | string, readonly number[]>
  readonly wideDeleters: ReadonlyMap<number | string, readonly number[]>
  readonly schemaStart: readonly number[]
  /** Budget ticks the enumeration of bindings took, and the effect index's quantifiers. */
  readonly enumTicks: number
  readonly indexTicks: number
}

/**
 * Static bindings by compiled world, then by what else they depend on: the static facts of
 * the start state and the moves `allowed` leaves out. The oracle plans many times in one
 * world (from reset, after a deviation, in a replay) and its states share the static facts.
 */
const sharedBindings = new WeakMap<CompiledWorld, Map<string, StaticBindings>>()
/**
 * A world's first static bindings, before `sharedBindings` has an entry for it: the key of a
 * state's static facts is only worth making once a second plan in the world may share them.
 * Its static atoms (not the table, whose dense arrays are large) make the key then.
 */
const firstBindings = new WeakMap<
  CompiledWorld,
  { made: StaticBindings; prefix: string; statics: StaticFacts }
>()
/** Entries a world keeps (a world's states all share one set of static facts). */
const MAX_SHARED_PER_WORLD = 4

/**
 * `StaticBindings` for `st`, shared across calls when `allowedKey` names what `allowed` leaves
 * out and `st` has the world's own entity set; the budget is charged as if they were made.
 */
function staticBindings(
  world: CompiledWorld,
  st: State,
  env: Int32Array,
  budget: WorkBudget,
  allowed: ((schema: number, args: Int32Array) => boolean) | null,
  allowedKey: string | null,
  keys: AtomKeys,
): StaticBindings {
  const shareable = allowedKey !== null && st.ents === staticEntities(world)
  if (!shareable) return makeStaticBindings(world, st, env, budget, allowed, keys)
  const prefix = `${allowedKey}\n${keys.id}\n`
  let byKey = sharedBindings.get(world)
  if (byKey === undefined) {
    // A world's first plan (most worlds' only one) keeps what it made without its key.
    const first = firstBindings.get(world)
    if (first === undefined) {
      const made = makeStaticBindings(world, st, env, budget, allowed, keys)
      firstBindings.set(world, { made, prefix, statics: staticFacts(world, st) })
      return made
    }
    firstBindings.delete(world)
    byKey = new Map()
    sharedBindings.set(world, byKey)
    byKey.set(first.prefix + staticFactsKey(first.statics), first.made)
  }
  const key = prefix + staticFactsKey(staticFacts(world, st))
  const known = byKey?.get(key)
  if (known !== undefined) {
    budget.spend(known.enumTicks + known.indexTicks)
    return known
  }
  const made = makeStaticBindings(world, st, env, budget, allowed, keys)
  if (byKey.size >= MAX_SHARED_PER_WORLD) byKey.delete(byKey.keys().next().value!)
  byKey.set(key, made)
  return made
}

/**
 * The static facts true in a state (its table and facts), by atom (fact ids depend on the
 * order a table met them).
 */
function staticFactsKey(statics: StaticFacts): string {
  const keys: string[] = []
  for (let i = 0; i < statics.preds.length; i++)
    keys.push(`${statics.preds[i]}:${Array.prototype.join.call(statics.args[i]!, ',')}`)
  return keys.sort().join(' ')
}

/** The static facts true in a state: predicates and args (the table's own, never changed). */
interface StaticFacts {
  readonly preds: readonly number[]
  readonly args: readonly Int32Array[]
}

function staticFacts(world: CompiledWorld, st: State): StaticFacts {
  const { table, facts } = st
  const preds: number[] = []
  const args: Int32Array[] = []
  for (let id = 0; id < table.size; id++) {
    if (facts[id] !== 1 || !world.staticPreds.has(table.pred[id]!)) continue
    preds.push(table.pred[id]!)
    args.push(table.args[id]!)
  }
  return { preds, args }
}

function makeStaticBindings(
  world: CompiledWorld,
  st0: State,
  env: Int32Array,
  budget: WorkBudget,
  allowed: ((schema: number, args: Int32Array) => boolean) | null,
  keys: AtomKeys,
): StaticBindings {
  const made = new BindingIndex(world, st0, env, budget, keys)
  let n = 0
  const tick = () => made.tick()
  for (const schema of world.actions) {
    made.startSchema()
    const plan = staticBindingPlan(world, schema)
    enumerateBindings(
      plan,
      st0,
      env,
      () => {
        const at = n++
        const arity = schema.params.length
        if (allowed !== null && !allowed(schema.index, env.subarray(0, arity))) return
        made.add(schema, arity, at)
      },
      tick,
    )
  }
  made.startSchema()
  made.adders.finish()
  made.deleters.finish()
  const { schemas, position, argsFlat, argsStart, adders, deleters, wideAdders, wideDeleters } =
    made
  const { schemaStart, enumTicks, indexTicks } = made
  return {
    n,
    schemas,
    position,
    argsFlat,
    argsStart,
    adders,
    deleters,
    wideAdders,
    wideDeleters,
    schemaStart,
    enumTicks,
    indexTicks,
  }
}

/**
 * Every binding whose static preconditions hold, indexed by the facts it adds and deletes
 * (keys of atoms, so nothing is interned for a binding that stays irrelevant). A class, not
 * closures made per world (see `RelevanceWalk`).
 */
class BindingIndex {
  readonly position: number[] = []
  readonly schemas: number[] = []
  /** Binding c's args are argsFlat[argsStart[c]…] (params occupy slots 0..arity-1). */
  readonly argsFlat: number[] = []
  readonly argsStart: number[] = [0]
  readonly adders = new KeyIndex()
  readonly deleters = new KeyIndex()
  readonly wideAdders = new Map<number | string, number[]>()
  readonly wideDeleters = new Map<number | string, number[]>()
  readonly schemaStart: number[] = []
  /** Per schema-wide quantified effect, the budget ticks indexing it took (see `indexEach`). */
  private readonly wideTicks = new Map<REffect, number>()
  /** The schema being enumerated, by its number in the world's order. */
  private schema = -1
  /** While a schema-wide effect is indexed: that schema's number, else -1. */
  private wide = -1
  enumTicks = 0
  indexTicks = 0
  private readonly staticPred: Uint8Array
  private readonly args: number[][] = []

  constructor(
    world: CompiledWorld,
    private readonly st0: State,
    private readonly env: Int32Array,
    private readonly budget: WorkBudget,
    private readonly keys: AtomKeys,
  ) {
    this.staticPred = staticPredFlags(world)
  }

  /** The next schema's bindings start (or, after the last, the bindings end). */
  startSchema(): void {
    this.schema = this.schemaStart.length
    this.schemaStart.push(this.schemas.length)
    this.wideTicks.clear()
  }

  tick(): void {
    this.enumTicks++
    this.budget.tick()
  }

  /** The binding in `env` (of the binding order's position `at`), with its effects indexed. */
  add(schema: CompiledAction, arity: number, at: number): void {
    const { env, argsFlat, argsStart } = this
    const c = this.schemas.length
    this.position.push(at)
    this.schemas.push(schema.index)
    for (let i = 0; i < arity; i++) argsFlat.push(env[i]!)
    argsStart.push(argsFlat.length)
    this.index(schema.effects, c)
    for (let i = 0; i < arity; i++) env[i] = argsFlat[argsStart[c]! + i]!
  }

  private index(effects: readonly REffect[], c: number): void {
    for (const e of effects) {
      if (e.k === 'add' || e.k === 'del') {
        if (this.staticPred[e.atom.pred] === 1) continue
        const key = this.atomKey(e.atom.pred, e.atom.args)
        const wide = this.wide
        if (wide < 0) {
          ;(e.k === 'add' ? this.adders : this.deleters).add(key, c)
          continue
        }
        const byKey = e.k === 'add' ? this.wideAdders : this.wideDeleters
        const list = byKey.get(key)
        if (list === undefined) byKey.set(key, [wide])
        else if (list[list.length - 1] !== wide) list.push(wide)
      } else if (e.k === 'when') {
        this.index(e.yes, c)
        this.index(e.no, c)
      } else if (e.k === 'forall') this.indexForall(e, c)
    }
  }

  /**
   * A quantified effect's atoms: per binding, or once per schema when they read no param
   * (the budget is charged per binding all the same).
   */
  private indexForall(e: Extract<REffect, { k: 'forall' }>, c: number): void {
    if (this.wide >= 0 || !paramFree(e)) {
      this.indexEach(e, c, 0)
      return
    }
    const known = this.wideTicks.get(e)
    if (known !== undefined) {
      this.indexTicks += known
      this.budget.spend(known)
      return
    }
    const before = this.indexTicks
    this.wide = this.schema
    try {
      this.indexEach(e, c, 0)
    } finally {
      this.wide = -1
    }
    this.wideTicks.set(e, this.indexTicks - before)
  }

  /** `index` of a quantified effect's body, for each binding of its vars from `depth` on. */
  private indexEach(e: Extract<REffect, { k: 'forall' }>, c: number, depth: number): void {
    if (depth === e.vars.length) {
      this.indexTicks++
      this.budget.tick()
      this.index(e.do, c)
      return
    }
    const { env } = this
    const { slot, type } = e.vars[depth]!
    const dom = this.st0.ents.domain(type)
    for (let i = 0; i < dom.length; i++) {
      env[slot] = dom[i]!
      this.indexEach(e, c, depth + 1)
    }
  }

  private atomKey(pred: number, terms: readonly RTerm[]): number | string {
    const { env } = this
    if (terms.length === 1) {
      const a = terms[0]!
      return this.keys.key1(pred, a >= 0 ? a : env[-1 - a]!)
    }
    if (terms.length === 2) {
      const a = terms[0]!
      const b = terms[1]!
      return this.keys.key2(pred, a >= 0 ? a : env[-1 - a]!, b >= 0 ? b : env[-1 - b]!)
    }
    return this.keys.key(pred, termValues(terms, env, this.args))
  }
}

/**
 * Bindings by the key of an atom, where a map of lists made a list per atom (some thousand
 * per household world, most never read): pairs listed as they come, then chained by key in an
 * open-addressing table of typed arrays (`finish`). Keys that are not small integers
 * (`AtomKeys`) keep a map of lists. A key's bindings come in no particular order.
 */
class KeyIndex {
  /** Per pair: its binding, and the next pair of its key (-1 after the last). */
  binding: Int32Array = new Int32Array(0)
  next: Int32Array = new Int32Array(0)
  /** Per table slot: its key (-1: empty) and the key's first pair. */
  private slotKey: Int32Array = new Int32Array(1).fill(-1)
  private slotHead: Int32Array = new Int32Array(1)
  private mask = 0
  private keys: number[] = []
  private bindings: number[] = []
  readonly other = new Map<number | string, number[]>()

  add(key: number | string, c: number): void {
    if (typeof key === 'number' && key >= 0) {
      this.keys.push(key)
      this.bindings.push(c)
      return
    }
    const list = this.other.get(key)
    if (list === undefined) this.other.set(key, [c])
    else if (list[list.length - 1] !== c) list.push(c)
  }

  finish(): void {
    const { keys } = this
    const n = keys.length
    let size = 16
    while (size < 2 * n) size *= 2
    const slotKey = new Int32Array(size).fill(-1)
    const slotHead = new Int32Array(size)
    const next = new Int32Array(n)
    const mask = size - 1
    for (let i = 0; i < n; i++) {
      const key = keys[i]!
      let h = Math.imul(key, 0x9e3779b1) & mask
      while (slotKey[h] !== -1 && slotKey[h] !== key) h = (h + 1) & mask
      if (slotKey[h] === -1) {
        slotKey[h] = key
        slotHead[h] = -1
      }
      next[i] = slotHead[h]!
      slotHead[h] = i
    }
    this.binding = new Int32Array(this.bindings)
    this.next = next
    this.slotKey = slotKey
    this.slotHead = slotHead
    this.mask = mask
    this.keys = []
    this.bindings = []
  }

  /** The first pair of a small key, or -1 when it has none. */
  head(key: number): number {
    const { slotKey, mask } = this
    let h = Math.imul(key, 0x9e3779b1) & mask
    for (;;) {
      const k = slotKey[h]!
      if (k === key) return this.slotHead[h]!
      if (k === -1) return -1
      h = (h + 1) & mask
    }
  }
}

/**
 * Whether a quantified effect's atoms read only constants and its own variables (those of the
 * foralls in it included): then they are the same for every binding of its action. By effect
 * node: compiled actions are immutable.
 */
function paramFree(e: Extract<REffect, { k: 'forall' }>): boolean {
  let known = paramFreeOf.get(e)
  if (known === undefined) {
    known = atomsReadOnly(e.do, new Set(e.vars.map((v) => v.slot)))
    paramFreeOf.set(e, known)
  }
  return known
}

const paramFreeOf = new WeakMap<REffect, boolean>()

function atomsReadOnly(effects: readonly REffect[], slots: ReadonlySet<number>): boolean {
  for (const e of effects) {
    if (e.k === 'add' || e.k === 'del') {
      for (const t of e.atom.args) if (t < 0 && !slots.has(-1 - t)) return false
    } else if (e.k === 'when') {
      if (!atomsReadOnly(e.yes, slots) || !atomsReadOnly(e.no, slots)) return false
    } else if (e.k === 'forall') {
      const inner = new Set(slots)
      for (const v of e.vars) inner.add(v.slot)
      if (!atomsReadOnly(e.do, inner)) return false
    }
  }
  return true
}

/**
 * The facts the analysis grounds: the root's table read through, facts it lacks numbered
 * after its own in a map of their own. Interning them into the root's table would change the
 * ids the real grounding gives, and a copy of the table (every fact interned again) cost
 * more than the analysis itself in a small world.
 */
class ScratchTable implements GroundTable {
  private readonly size0: number
  /** Facts past the root's, by `AtomKeys` key: their ids from `size0` on. */
  private readonly extra = new Map<number | string, number>()
  private readonly extraPred: number[] = []
  private readonly extraKey: (number | string)[] = []

  constructor(
    private readonly base: FactTable,
    private readonly keys: AtomKeys,
  ) {
    this.size0 = base.size
  }

  lookup(pred: number, args: ArrayLike<number>): number {
    if (args.length === 1) return this.lookup1(pred, args[0]!)
    if (args.length === 2) return this.lookup2(pred, args[0]!, args[1]!)
    const id = this.base.lookup(pred, args)
    return id >= 0 ? id : (this.extra.get(this.keys.key(pred, args)) ?? -1)
  }

  lookup1(pred: number, a: number): number {
    const id = this.base.lookup1(pred, a)
    return id >= 0 ? id : (this.extra.get(this.keys.key1(pred, a)) ?? -1)
  }

  lookup2(pred: number, a: number, b: number): number {
    const id = this.base.lookup2(pred, a, b)
    return id >= 0 ? id : (this.extra.get(this.keys.key2(pred, a, b)) ?? -1)
  }

  intern(pred: number, args: ArrayLike<number>): number {
    const id = this.lookup(pred, args)
    if (id >= 0) return id
    const key = this.keys.key(pred, args)
    const made = this.size0 + this.extraPred.length
    this.extra.set(key, made)
    this.extraPred.push(pred)
    this.extraKey.push(key)
    return made
  }

  predOf(id: number): number {
    return id < this.size0 ? this.base.pred[id]! : this.extraPred[id - this.size0]!
  }

  /** The fact's key as `AtomKeys.key` writes it. */
  keyOf(id: number): number | string {
    if (id >= this.size0) return this.extraKey[id - this.size0]!
    return this.keys.key(this.base.pred[id]!, this.base.args[id]!)
  }
}

/**
 * Keys of atoms for the analysis's maps (its scratch facts, its index of effects): unary and
 * binary atoms of entities below the table's cap as small integers, the rest as
 * `numericKey`'s numbers, negated (so the two never meet), or text past three args. The
 * analysis looks up the same atoms many times (`go`'s `forall ?x at(?x)` per place), and
 * `numericKey`'s keys pass 2^31, so each lookup hashed a boxed number.
 */
class AtomKeys {
  private readonly nPreds: number
  /** Entities below it have small keys (0 when none do: the keys would not stay small). */
  private readonly cap: number

  constructor(nPreds: number, cap: number) {
    this.nPreds = nPreds
    this.cap = nPreds * (cap + cap * cap) < 0x3fffffff ? cap : 0
  }

  /** What the keys depend on: two tables with the same answer key atoms alike. */
  get id(): string {
    return `${this.nPreds}:${this.cap}`
  }

  key1(pred: number, a: number): number | string {
    if (a < this.cap) return pred + this.nPreds * a
    return -1 - numericKey(pred, [a])
  }

  key2(pred: number, a: number, b: number): number | string {
    const cap = this.cap
    if (a < cap && b < cap) return pred + this.nPreds * (cap + a * cap + b)
    return -1 - numericKey(pred, [a, b])
  }

  key(pred: number, args: ArrayLike<number>): number | string {
    const n = args.length
    if (n === 1) return this.key1(pred, args[0]!)
    if (n === 2) return this.key2(pred, args[0]!, args[1]!)
    if (n <= 3) return -1 - numericKey(pred, args)
    let key = `${pred}:`
    for (let i = 0; i < n; i++) key += `${args[i]},`
    return key
  }
}

/**
 * Ground actions: the relevant ones where the analysis applies, else every one. `allowedKey`
 * names what `allowed` leaves out, so that the static bindings can be shared across calls
 * (null: not shared).
 */
export function groundRelevant(
  g: Grounder,
  allowed: ((schema: number, args: Int32Array) => boolean) | null,
  deadline: number,
  allowedKey: string | null = allowed === null ? '' : null,
): GroundAction[] {
  const relevant = relevantBindings(g.world, g.st0, allowed, deadline, allowedKey)
  if (relevant !== null) return groundListed(g, relevant)
  const all = groundActions(g)
  return allowed === null ? all : all.filter((ga) => allowed(ga.schema, ga.args))
}

/**
 * `groundActions(g, keep)` over the bindings the analysis listed, not enumerated again: the
 * same actions in the same order, the budget charged the same.
 */
function groundListed(g: Grounder, { keep, bindings }: Relevant): GroundAction[] {
  const { world } = g
  const { schemas, position, argsFlat, argsStart } = bindings
  g.budget?.spend(bindings.enumTicks)
  const out: GroundAction[] = []
  const env = new Int32Array(world.envSize)
  for (let c = 0; c < schemas.length; c++) {
    if (keep[position[c]!] !== 1) continue
    const schema = world.actions[schemas[c]!]!
    const start = argsStart[c]!
    const args = new Int32Array(argsStart[c + 1]! - start)
    for (let i = 0; i < args.length; i++) args[i] = argsFlat[start + i]!
    env.set(args)
    const gf = g.groundPre(schema.pre, env)
    const pre = compilePre(gf)
    if (pre) out.push({ schema: schema.index, args, gf, pre })
  }
  return out
}

/** Derived facts by id, with the grounded conditions of the rule bindings that define them. */
function derivedConditions(g: Grounder, env: Int32Array): Map<number, GF[]> | null {
  const { world } = g
  if (world.derived.length === 0) return null
  const out = new Map<number, GF[]>()
  for (const rule of world.derived) {
    forBindings(rule.params, g.st0, env, () => {
      const when = g.cond(rule.when, env)
      if (when.k === 'const' && !when.v) return
      const head = g.fact(
        rule.pred,
        rule.params.map((p) => -1 - p.slot),
        env,
      )
      if (head.k !== 'fact') return
      const list = out.get(head.id)
      if (list) list.push(when)
      else out.set(head.id, [when])
    })
  }
  return out
}

/**
 * Whether the analysis can follow the world: a fixed entity set (quantifiers ground to
 * facts), no processes (they run once per action, so dropping actions changes them) and no
 * numeric comparisons (attributes are not facts).
 */
function relevanceApplies(world: CompiledWorld): boolean {
  return memoised(appliesTo, world, readsOnlyFacts)
}

/** `relevanceApplies` by world: it reads the world alone, which is immutable. */
const appliesTo = new WeakMap<CompiledWorld, boolean>()

function readsOnlyFacts(world: CompiledWorld): boolean {
  if (world.processes.length > 0) return false
  if (readsNumbers(world.goal.success.cond)) return false
  for (const f of world.goal.fail) if (readsNumbers(f.cond)) return false
  for (const rule of world.derived) if (readsNumbers(rule.when)) return false
  for (const action of world.actions)
    if (readsNumbers(action.pre) || effectsReadNumbers(action.effects)) return false
  return true
}

/**
 * Whether conditions and effect lists read numbers, by the (immutable) unit: worlds share
 * their compiled actions and rules, and a generated world is searched once, so walking every
 * action of each new world cost it more than the answer is worth.
 */
const readsNumbersOf = new WeakMap<RCond, boolean>()
const effectsReadNumbersOf = new WeakMap<readonly REffect[], boolean>()

function readsNumbers(c: RCond): boolean {
  return memoised(readsNumbersOf, c, condReadsNumbers)
}

function effectsReadNumbers(effects: readonly REffect[]): boolean {
  return memoised(effectsReadNumbersOf, effects, effectListReadsNumbers)
}

function effectListReadsNumbers(effects: readonly REffect[]): boolean {
  const conds: RCond[] = []
  effectConds(effects, conds)
  return conds.some(condReadsNumbers)
}

/** `make(key)`, computed once per (immutable) key. */
function memoised<K extends object, V>(memo: WeakMap<K, V>, key: K, make: (key: K) => V): V {
  let known = memo.get(key)
  if (known === undefined) {
    known = make(key)
    memo.set(key, known)
  }
  return known
}

function effectConds(effects: readonly REffect[], out: RCond[]): void {
  for (const e of effects) {
    if (e.k === 'when') {
      out.push(e.c)
      effectConds(e.yes, out)
      effectConds(e.no, out)
    } else if (e.k === 'forall') {
      out.push(e.where)
      effectConds(e.do, out)
    }
  }
}

function condReadsNumbers(c: RCond): boolean {
  switch (c.k) {
    case 'cmp':
      return true
    case 'not':
      return condReadsNumbers(c.c)
    case 'all':
    case 'any':
      return c.cs.some(condReadsNumbers)
    case 'exists':
    case 'forall':
      return condReadsNumbers(c.where)
    default:
      return false
  }
}
