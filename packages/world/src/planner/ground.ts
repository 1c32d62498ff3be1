import { conjuncts, freeSlots, type RCond, type REffect, type RTerm } from '../engine/ast'
import { type Cond, compileCond } from '../engine/conditions'
import { type BindingPlan, enumerateBindings, planBindings } from '../engine/enumerate'
import type { State } from '../engine/state'
import type { CompiledAction, CompiledWorld } from '../engine/world'
import type { WorkBudget } from '../limits'

/**
 * A ground formula over fact ids: a condition with every variable bound and every static
 * fact (one no effect can change) replaced by its truth value. `dyn` keeps what cannot be
 * grounded (numbers, quantifiers over a changing entity set) as a closure.
 */
export type GF =
  | { readonly k: 'const'; readonly v: boolean }
  | { readonly k: 'fact'; readonly id: number }
  | { readonly k: 'not'; readonly f: GF }
  | { readonly k: 'and' | 'or'; readonly fs: readonly GF[] }
  | { readonly k: 'dyn'; readonly test: Cond; readonly env: Int32Array }

export const TRUE: GF = { k: 'const', v: true }
export const FALSE: GF = { k: 'const', v: false }

function mkNot(f: GF): GF {
  if (f.k === 'const') return f.v ? FALSE : TRUE
  if (f.k === 'not') return f.f
  return { k: 'not', f }
}

function mkJunction(k: 'and' | 'or', parts: readonly GF[]): GF {
  const absorbing = k === 'or'
  const fs: GF[] = []
  for (const p of parts) {
    if (p.k === 'const') {
      if (p.v === absorbing) return p
      continue
    }
    if (p.k === k) fs.push(...p.fs)
    else fs.push(p)
  }
  if (fs.length === 0) return absorbing ? FALSE : TRUE
  if (fs.length === 1) return fs[0]!
  return { k, fs }
}

export const mkAnd = (parts: readonly GF[]): GF => mkJunction('and', parts)
export const mkOr = (parts: readonly GF[]): GF => mkJunction('or', parts)

/**
 * The values of an atom's terms in `env`, in `bufs[arity]` (made on first use): setting an
 * array's length to empty it, once per atom grounded, was a slow call of its own.
 */
export function termValues(terms: readonly RTerm[], env: Int32Array, bufs: number[][]): number[] {
  const n = terms.length
  let a = bufs[n]
  if (a === undefined) {
    a = new Array<number>(n).fill(0)
    bufs[n] = a
  }
  for (let i = 0; i < n; i++) {
    const t = terms[i]!
    a[i] = t >= 0 ? t : env[-1 - t]!
  }
  return a
}

/** Per predicate of a world, 1 when it is static; made once per world (it is immutable). */
export function staticPredFlags(world: CompiledWorld): Uint8Array {
  let known = staticFlags.get(world)
  if (known === undefined) {
    known = Uint8Array.from(world.predicates, (_, i) => (world.staticPreds.has(i) ? 1 : 0))
    staticFlags.set(world, known)
  }
  return known
}

const staticFlags = new WeakMap<CompiledWorld, Uint8Array>()

/** Where a grounder finds and interns facts: its state's table, or one laid over it. */
export interface GroundTable {
  lookup(pred: number, args: ArrayLike<number>): number
  lookup1(pred: number, a: number): number
  lookup2(pred: number, a: number, b: number): number
  intern(pred: number, args: ArrayLike<number>): number
}

/** Grounds conditions and effects of one world from one initial state. */
export class Grounder {
  private readonly closures = new Map<RCond, Cond>()
  /** Scratch for the args of an atom, one array per arity (see `termValues`). */
  private readonly args: number[][] = []
  /**
   * Quantifiers grounded so far, by node and the values of their free variables: `take ?o ?r`
   * asks whether ?o is at a receptacle the agent stands by once per ?r, and the answer does
   * not depend on ?r. Only preconditions use it (see `groundPre`); each entry remembers the
   * bindings its first grounding counted, so the budget is charged the same on a reuse.
   */
  private readonly memo = new Map<RCond, Map<string, { gf: GF; ticks: number }>>()
  private readonly memoSlots = new Map<RCond, Int32Array>()
  private memoOn = false
  /**
   * One formula per fact id for preconditions, so the quantifiers and evaluators built over
   * them are shared. Effect conditions get fresh nodes: `relaxedOps` groups effects by node.
   */
  private readonly factNodes: GF[] = []
  /** Per closed quantified effect that adds nothing (see `relaxedAdds`), its budget ticks. */
  private readonly closedTicks = new Map<REffect, number>()
  /** 1 for a predicate no effect changes. */
  private readonly staticPred: Uint8Array
  /** Where facts are interned: `st0`'s table unless the constructor was given another. */
  private readonly table: GroundTable

  constructor(
    readonly world: CompiledWorld,
    /** The state static facts are read from. */
    readonly st0: State,
    /** Counts every binding tried, from the first; past it, grounding stops. */
    readonly budget?: WorkBudget,
    /** Where to intern facts instead of `st0`'s table (which must not change meanwhile). */
    table?: GroundTable,
  ) {
    this.staticPred = staticPredFlags(world)
    this.table = table ?? st0.table
  }

  /** Whether quantifier domains and type tests are fixed for the whole search. */
  get staticEntities(): boolean {
    return !this.world.dynamicEntities
  }

  private term(t: RTerm, env: Int32Array): number {
    return t >= 0 ? t : env[-1 - t]!
  }

  /** The fact id of an atom (interned), or its value when the predicate is static. */
  fact(pred: number, args: readonly RTerm[], env: Int32Array): GF {
    const table = this.table
    // Unary and binary facts are looked up without building a key (most atoms are).
    let id = -1
    if (args.length === 1) id = table.lookup1(pred, this.term(args[0]!, env))
    else if (args.length === 2)
      id = table.lookup2(pred, this.term(args[0]!, env), this.term(args[1]!, env))
    else id = table.lookup(pred, this.atomArgs(args, env))
    if (this.staticPred[pred] === 1) return id >= 0 && this.st0.facts[id] === 1 ? TRUE : FALSE
    if (id < 0) id = table.intern(pred, this.atomArgs(args, env))
    if (!this.memoOn) return { k: 'fact', id }
    let node = this.factNodes[id]
    if (node === undefined) {
      node = { k: 'fact', id }
      this.factNodes[id] = node
    }
    return node
  }

  private atomArgs(args: readonly RTerm[], env: Int32Array): number[] {
    return termValues(args, env, this.args)
  }

  cond(c: RCond, env: Int32Array): GF {
    switch (c.k) {
      case 'true':
        return TRUE
      case 'false':
        return FALSE
      case 'fact':
        return this.fact(c.pred, c.args, env)
      case 'not':
        return mkNot(this.cond(c.c, env))
      case 'all':
      case 'any': {
        // Stop at the first part that decides the junction: a static fact that is false
        // (true) spares grounding the quantifiers after it.
        const decisive = c.k === 'any'
        const parts: GF[] = []
        for (const x of c.cs) {
          const g = this.cond(x, env)
          if (g.k === 'const' && g.v === decisive) return g
          parts.push(g)
        }
        return decisive ? mkOr(parts) : mkAnd(parts)
      }
      case 'eq':
        return this.term(c.a, env) === this.term(c.b, env) ? TRUE : FALSE
      case 'is':
        if (this.staticEntities)
          return this.st0.ents.isA(this.term(c.a, env), c.type) ? TRUE : FALSE
        return this.dyn(c, env)
      case 'exists':
      case 'forall': {
        if (!this.staticEntities) return this.dyn(c, env)
        if (this.memoOn) return this.quantifierMemo(c, env)
        return this.quantifier(c, env)
      }
      default:
        return this.dyn(c, env)
    }
  }

  /**
   * A precondition grounded with quantifiers reused: the same formula `cond` gives (facts are
   * interned in the same order, since a reused quantifier's facts were interned the first time).
   */
  groundPre(c: RCond, env: Int32Array): GF {
    this.memoOn = true
    try {
      return this.cond(c, env)
    } finally {
      this.memoOn = false
    }
  }

  private quantifierMemo(c: Extract<RCond, { k: 'exists' | 'forall' }>, env: Int32Array): GF {
    let slots = this.memoSlots.get(c)
    if (!slots) {
      const free = freeSlots(c.where)
      for (const v of c.vars) free.delete(v.slot)
      slots = Int32Array.from([...free].sort((a, b) => a - b))
      this.memoSlots.set(c, slots)
    }
    let key = ''
    for (let i = 0; i < slots.length; i++) key += `${env[slots[i]!]},`
    let byNode = this.memo.get(c)
    if (!byNode) {
      byNode = new Map()
      this.memo.set(c, byNode)
    }
    const known = byNode.get(key)
    if (known) {
      this.budget?.spend(known.ticks)
      return known.gf
    }
    const before = this.budget?.used ?? 0
    const gf = this.quantifier(c, env)
    byNode.set(key, { gf, ticks: (this.budget?.used ?? 0) - before })
    return gf
  }

  private quantifier(c: Extract<RCond, { k: 'exists' | 'forall' }>, env: Int32Array): GF {
    const parts: GF[] = []
    this.quantified(c, env, parts, 0)
    return c.k === 'exists' ? mkOr(parts) : mkAnd(parts)
  }

  /**
   * The quantifier's body grounded for each binding of its vars from `depth` on, into
   * `parts`; true once it is decided. A method, not a closure per quantifier: a small world's
   * search grounds hundreds of quantifiers, and making the closures cost more than the walks.
   */
  private quantified(
    c: Extract<RCond, { k: 'exists' | 'forall' }>,
    env: Int32Array,
    parts: GF[],
    depth: number,
  ): boolean {
    if (depth === c.vars.length) {
      const g = this.cond(c.where, env)
      parts.push(g)
      // Stop early once the quantifier is decided.
      return g.k === 'const' && g.v === (c.k === 'exists')
    }
    const v = c.vars[depth]!
    const dom = this.st0.ents.domain(v.type)
    for (let i = 0; i < dom.length; i++) {
      env[v.slot] = dom[i]!
      this.budget?.tick()
      if (this.quantified(c, env, parts, depth + 1)) return true
    }
    return false
  }

  private dyn(c: RCond, env: Int32Array): GF {
    let test = this.closures.get(c)
    if (!test) {
      test = compileCond(c)
      this.closures.set(c, test)
    }
    return { k: 'dyn', test, env: env.slice() }
  }

  /**
   * The delete-relaxed effects: facts an effect list may add, each with the condition under
   * which it does (conditional and quantified effects expanded; negated branches relaxed).
   */
  relaxedAdds(
    effects: readonly REffect[],
    env: Int32Array,
    when: GF,
    out: { when: GF; add: number }[],
  ): void {
    for (const e of effects) {
      switch (e.k) {
        case 'add': {
          const g = this.fact(e.atom.pred, e.atom.args, env)
          if (g.k === 'fact') out.push({ when, add: g.id })
          break
        }
        case 'when': {
          const c = this.cond(e.c, env)
          this.relaxedAdds(e.yes, env, mkAnd([when, c]), out)
          this.relaxedAdds(e.no, env, mkAnd([when, mkNot(c)]), out)
          break
        }
        case 'forall': {
          if (!this.staticEntities) break
          // One that reads nothing from outside and adds nothing only interns the facts its
          // condition reads, the same ones each time: after the first, only the budget counts.
          if (closedForall(e) && !effectsAdd(e.do)) {
            const known = this.closedTicks.get(e)
            if (known !== undefined) {
              this.budget?.spend(known)
              break
            }
            const before = this.budget?.used ?? 0
            this.relaxedForall(e, env, when, out, 0)
            this.closedTicks.set(e, (this.budget?.used ?? 0) - before)
            break
          }
          this.relaxedForall(e, env, when, out, 0)
          break
        }
        default:
          break
      }
    }
  }

  /** `relaxedAdds` of a quantified effect, for each binding of its vars from `depth` on. */
  private relaxedForall(
    e: Extract<REffect, { k: 'forall' }>,
    env: Int32Array,
    when: GF,
    out: { when: GF; add: number }[],
    depth: number,
  ): void {
    if (depth === e.vars.length) {
      const c = this.cond(e.where, env)
      if (!(c.k === 'const' && !c.v)) this.relaxedAdds(e.do, env, mkAnd([when, c]), out)
      return
    }
    const v = e.vars[depth]!
    const dom = this.st0.ents.domain(v.type)
    for (let i = 0; i < dom.length; i++) {
      env[v.slot] = dom[i]!
      this.budget?.tick()
      this.relaxedForall(e, env, when, out, depth + 1)
    }
  }
}

/**
 * Whether a quantified effect reads nothing but constants and the variables it (or a forall
 * in it) binds: its condition, its atoms and the conditions in it ground the same for every
 * binding of its action. Effects other than facts, conditionals and foralls count as reading
 * something. By effect node: compiled actions are immutable.
 */
export function closedForall(e: Extract<REffect, { k: 'forall' }>): boolean {
  let known = closedForalls.get(e)
  if (known === undefined) {
    known = closedEffects([e], new Set())
    closedForalls.set(e, known)
  }
  return known
}

const closedForalls = new WeakMap<REffect, boolean>()

function readsOnly(c: RCond, slots: ReadonlySet<number>): boolean {
  for (const slot of freeSlots(c)) if (!slots.has(slot)) return false
  return true
}

function closedEffects(effects: readonly REffect[], bound: ReadonlySet<number>): boolean {
  for (const e of effects) {
    if (e.k === 'add' || e.k === 'del') {
      for (const t of e.atom.args) if (t < 0 && !bound.has(-1 - t)) return false
    } else if (e.k === 'when') {
      if (!readsOnly(e.c, bound) || !closedEffects(e.yes, bound) || !closedEffects(e.no, bound))
        return false
    } else if (e.k === 'forall') {
      const inner = new Set(bound)
      for (const v of e.vars) inner.add(v.slot)
      if (!readsOnly(e.where, inner) || !closedEffects(e.do, inner)) return false
    } else return false
  }
  return true
}

/** Whether an effect list adds a fact anywhere in it. */
export function effectsAdd(effects: readonly REffect[]): boolean {
  for (const e of effects) {
    if (e.k === 'add') return true
    if (e.k === 'when' && (effectsAdd(e.yes) || effectsAdd(e.no))) return true
    if (e.k === 'forall' && effectsAdd(e.do)) return true
  }
  return false
}

/** A precondition compiled for fast tests: facts that must hold, facts that must not, the rest. */
export interface GroundPre {
  readonly pos: Int32Array
  readonly neg: Int32Array
  readonly rest: RestTest | null
}

/**
 * The parts of a precondition that are not plain facts (disjunctions, quantifiers, closures),
 * compiled into evaluators at their first test: most ground actions a search builds are never
 * tested (their bucket's fact never holds), and building the evaluators of each was most of
 * `compilePre`'s cost.
 */
export class RestTest {
  private test: ((st: State) => boolean) | null = null

  constructor(
    private readonly parts: readonly GF[],
    /** Per part, whether it must be false instead. */
    private readonly negated: readonly boolean[],
  ) {}

  holds(st: State): boolean {
    let test = this.test
    if (test === null) {
      const fs = this.parts.map((p, i) => (this.negated[i] ? negatedEvaluator(p) : evaluator(p)))
      test = fs.length === 1 ? fs[0]! : (s) => fs.every((f) => f(s))
      this.test = test
    }
    return test(st)
  }
}

export function compilePre(gf: GF): GroundPre | null {
  if (gf.k === 'const')
    return gf.v ? { pos: new Int32Array(0), neg: new Int32Array(0), rest: null } : null
  const pos: number[] = []
  const neg: number[] = []
  const rest: GF[] = []
  const negated: boolean[] = []
  collectPre(gf, true, pos, neg, rest, negated)
  return {
    pos: new Int32Array(pos),
    neg: new Int32Array(neg),
    rest: rest.length === 0 ? null : new RestTest(rest, negated),
  }
}

/**
 * Conjunctions and negated disjunctions (De Morgan) flattened into fact lists, the rest into
 * parts tested as a whole. A module function, not a closure per precondition (see `quantified`).
 */
function collectPre(
  p: GF,
  positive: boolean,
  pos: number[],
  neg: number[],
  rest: GF[],
  negated: boolean[],
): void {
  if (positive && p.k === 'and') for (const f of p.fs) collectPre(f, true, pos, neg, rest, negated)
  else if (!positive && p.k === 'or')
    for (const f of p.fs) collectPre(f, false, pos, neg, rest, negated)
  else if (p.k === 'not') collectPre(p.f, !positive, pos, neg, rest, negated)
  else if (p.k === 'fact') (positive ? pos : neg).push(p.id)
  else {
    rest.push(p)
    negated.push(!positive)
  }
}

export function holds(pre: GroundPre, st: State): boolean {
  const facts = st.facts
  const { pos, neg } = pre
  for (let i = 0; i < pos.length; i++) if (facts[pos[i]!] !== 1) return false
  for (let i = 0; i < neg.length; i++) if (facts[neg[i]!] === 1) return false
  return pre.rest === null || pre.rest.holds(st)
}

/** Evaluators by formula: a quantifier shared by many ground preconditions compiles once. */
const evaluators = new WeakMap<GF, (st: State) => boolean>()
const negatedEvaluators = new WeakMap<GF, (st: State) => boolean>()

/** The evaluator of `not gf`, shared like `evaluator`'s (`not exists h holding(h)` in every take). */
function negatedEvaluator(gf: GF): (st: State) => boolean {
  let known = negatedEvaluators.get(gf)
  if (!known) {
    known = buildEvaluator({ k: 'not', f: gf })
    negatedEvaluators.set(gf, known)
  }
  return known
}

export function evaluator(gf: GF): (st: State) => boolean {
  let known = evaluators.get(gf)
  if (!known) {
    known = buildEvaluator(gf)
    evaluators.set(gf, known)
  }
  return known
}

function buildEvaluator(gf: GF): (st: State) => boolean {
  switch (gf.k) {
    case 'const':
      return gf.v ? () => true : () => false
    case 'fact': {
      const id = gf.id
      return (st) => st.facts[id] === 1
    }
    case 'not': {
      const f = evaluator(gf.f)
      return (st) => !f(st)
    }
    case 'and': {
      const fs = gf.fs.map(evaluator)
      return (st) => fs.every((f) => f(st))
    }
    case 'or': {
      // A disjunction of fact conjunctions (what `exists` grounds to) runs as plain loops.
      const conj = gf.fs.map(factConjunction)
      if (conj.every((c) => c !== null)) {
        const lists = conj as Int32Array[]
        return (st) => {
          const facts = st.facts
          outer: for (let i = 0; i < lists.length; i++) {
            const c = lists[i]!
            for (let j = 0; j < c.length; j++) if (facts[c[j]!] !== 1) continue outer
            return true
          }
          return false
        }
      }
      const fs = gf.fs.map(evaluator)
      return (st) => fs.some((f) => f(st))
    }
    case 'dyn': {
      const { test, env } = gf
      return (st) => test(st, env)
    }
  }
}

/** The facts of a formula that is a fact or a conjunction of facts, else null. */
function factConjunction(gf: GF): Int32Array | null {
  if (gf.k === 'fact') return Int32Array.of(gf.id)
  if (gf.k === 'and' && gf.fs.every((f) => f.k === 'fact'))
    return Int32Array.from(gf.fs, (f) => (f as { id: number }).id)
  return null
}

/**
 * The delete relaxation of a ground formula in disjunctive normal form: each disjunct is a
 * set of facts that must hold. Negations and closures count as true (an over-approximation,
 * so an unreachable goal stays unreachable); past `cap` disjuncts a part is dropped likewise.
 */
export function relaxedDnf(gf: GF, cap = 32): readonly (readonly number[])[] {
  switch (gf.k) {
    case 'const':
      return gf.v ? [[]] : []
    case 'fact':
      return [[gf.id]]
    case 'not':
    case 'dyn':
      return [[]]
    case 'or': {
      const out: (readonly number[])[] = []
      for (const f of gf.fs) out.push(...partDnf(f, cap))
      return out.length > cap ? [[]] : out
    }
    case 'and': {
      // A conjunction without a disjunction in it is one set of facts (the loop below would
      // find the same one, a part at a time).
      if (gf.fs.every((f) => f.k !== 'or' && f.k !== 'and' && f.k !== 'const')) {
        const ids: number[] = []
        for (const f of gf.fs) if (f.k === 'fact') ids.push(f.id)
        return [sortedUnique(ids)]
      }
      // Facts and parts of one disjunct join every disjunct: gathered once, not concatenated
      // into each disjunct a part at a time (each disjunct is a set, so where they go is moot).
      const every: number[] = []
      let acc: (readonly number[])[] = [[]]
      for (const f of gf.fs) {
        if (f.k === 'fact') {
          every.push(f.id)
          continue
        }
        const d = partDnf(f, cap)
        if (d.length === 0) return []
        if (d.length === 1) {
          for (const id of d[0]!) every.push(id)
          continue
        }
        if (acc.length * d.length > cap) continue
        const next: (readonly number[])[] = []
        for (const a of acc) for (const b of d) next.push(a.concat(b))
        acc = next
      }
      return acc.map((c) => sortedUnique(c.concat(every)))
    }
  }
}

/**
 * `ids` sorted ascending without repeats, in place: an insertion sort, since a disjunct holds
 * a few facts and a Set and a comparator call per pair cost more than the sorting.
 */
function sortedUnique(ids: number[]): number[] {
  const n = ids.length
  for (let i = 1; i < n; i++) {
    const x = ids[i]!
    let j = i - 1
    while (j >= 0 && ids[j]! > x) {
      ids[j + 1] = ids[j]!
      j--
    }
    ids[j + 1] = x
  }
  let k = 0
  for (let i = 0; i < n; i++) if (k === 0 || ids[i] !== ids[k - 1]) ids[k++] = ids[i]!
  if (k < n) ids.length = k
  return ids
}

/**
 * A part's normal form; a disjunction's is built once, since a quantifier's formula is shared
 * by every ground action that grounds it the same way.
 */
function partDnf(gf: GF, cap: number): readonly (readonly number[])[] {
  if (gf.k !== 'or' || cap !== 32) return relaxedDnf(gf, cap)
  let known = dnfs.get(gf)
  if (known === undefined) {
    known = relaxedDnf(gf, cap)
    dnfs.set(gf, known)
  }
  return known
}

const dnfs = new WeakMap<GF, readonly (readonly number[])[]>()

export interface GroundAction {
  readonly schema: number
  readonly args: Int32Array
  readonly gf: GF
  readonly pre: GroundPre
}

/**
 * Every ground action whose static preconditions hold, in schema then binding order.
 * Bindings are enumerated with static conjuncts tested as soon as their params are bound.
 * `keep`, when given, is asked about each such binding by its position in that order (from
 * 0, over all schemas); only the ones it keeps are grounded.
 */
export function groundActions(g: Grounder, keep?: (binding: number) => boolean): GroundAction[] {
  const { world, st0 } = g
  const out: GroundAction[] = []
  const env = new Int32Array(world.envSize)
  const tick = g.budget ? () => g.budget?.tick() : undefined
  let n = 0
  for (const schema of world.actions) {
    const bindings = staticBindingPlan(world, schema)
    const { params } = schema
    enumerateBindings(
      bindings,
      st0,
      env,
      () => {
        if (keep !== undefined && !keep(n++)) return
        const args = new Int32Array(params.length)
        for (let i = 0; i < params.length; i++) args[i] = env[params[i]!.slot]!
        const gf = g.groundPre(schema.pre, env)
        const pre = compilePre(gf)
        if (pre) out.push({ schema: schema.index, args, gf, pre })
        env.set(args)
      },
      tick,
    )
  }
  return out
}

/** A precondition's conjuncts, and its static binding plans by which conjuncts are static. */
interface StaticPlans {
  readonly params: CompiledAction['params']
  readonly parts: readonly RCond[]
  readonly plans: Map<number | string, BindingPlan>
}

/**
 * By precondition, not by action: a world whose action sits at another index than where it
 * was compiled holds a copy of it (see `sharedAction`), with the same precondition and params.
 */
const staticPlans = new WeakMap<RCond, StaticPlans>()

/**
 * How `groundActions` binds a schema's params: static conjuncts tested as soon as their
 * params are bound. Made once per schema and per answer to which of its conjuncts are static,
 * not per plan: worlds share compiled actions, and a predicate one world never changes
 * (`opened` where nothing opens) another does, so a plan that tests it against the initial
 * state there drops bindings the search needs.
 */
export function staticBindingPlan(world: CompiledWorld, schema: CompiledAction): BindingPlan {
  const staticEntities = !world.dynamicEntities
  let known = staticPlans.get(schema.pre)
  if (known === undefined || known.params !== schema.params) {
    known = { params: schema.params, parts: conjuncts(schema.pre), plans: new Map() }
    staticPlans.set(schema.pre, known)
  }
  // Which conjuncts are static, as bits (as text past 30 conjuncts).
  const { parts } = known
  let which: number | string = parts.length <= 30 ? 0 : ''
  for (let i = 0; i < parts.length; i++) {
    const bit = staticCond(parts[i]!, world, staticEntities)
    if (typeof which === 'number') which |= bit ? 1 << i : 0
    else which += bit ? '1' : '0'
  }
  let plan = known.plans.get(which)
  if (plan === undefined) {
    plan = planBindings(schema.params, schema.pre, (c) => staticCond(c, world, staticEntities))
    known.plans.set(which, plan)
  }
  return plan
}

/** A conjunct whose truth cannot change during the search. */
export function staticCond(c: RCond, world: CompiledWorld, staticEntities: boolean): boolean {
  switch (c.k) {
    case 'true':
    case 'false':
    case 'eq':
      return true
    case 'is':
      return staticEntities
    case 'fact':
      return world.staticPreds.has(c.pred)
    case 'not':
      return staticCond(c.c, world, staticEntities)
    case 'all':
    case 'any':
      return c.cs.every((x) => staticCond(x, world, staticEntities))
    case 'exists':
    case 'forall':
      return staticEntities && staticCond(c.where, world, staticEntities)
    default:
      return false
  }
}
