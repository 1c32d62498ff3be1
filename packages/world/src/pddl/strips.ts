import { MinHeap } from '../planner/heap'
import type { PddlAtom, PddlCondition, PddlDomain, PddlEffect, PddlProblem } from './ast'

/** One step of a PDDL plan: the operator and its arguments, PDDL names. */
export interface PddlPlanStep {
  action: string
  args: string[]
}

export interface SolvePddlOptions {
  /** States A* may expand before it gives up (answers undefined); default 20,000. */
  maxNodes?: number
}

const DEFAULT_MAX_NODES = 20_000

/**
 * A plan for a STRIPS problem (typing, negative preconditions and equality allowed), found by
 * A* with h_FF (h_add's cheapest supporters, as in Fast Downward) on bit-set states: much cheaper per state than the world planner, whose
 * transitions run through the engine, and close to optimal on small problems such as
 * AgentBoard's. Answers undefined for anything outside that fragment (conditional or
 * quantified effects, disjunctions), for an unsolvable problem and past the node budget, so
 * the caller falls back to the world planner. The plan is not checked here: play it on the
 * world before trusting it.
 */
export function solvePddl(
  domain: PddlDomain,
  problem: PddlProblem,
  options: SolvePddlOptions = {},
): PddlPlanStep[] | undefined {
  const task = groundStrips(domain, problem)
  if (!task) return undefined
  const moves = astar(task, options.maxNodes ?? DEFAULT_MAX_NODES)
  return moves?.map((a) => task.stepOf(task.actions[a]!))
}

// ------------------------------------------------------------------ grounding

interface Literal {
  positive: boolean
  predicate: string
  args: string[]
}

interface Lifted {
  name: string
  params: { name: string; types: string[] }[]
  literals: Literal[]
  eqs: { positive: boolean; left: string; right: string }[]
  adds: PddlAtom[]
  dels: PddlAtom[]
}

interface GroundAction {
  /** The lifted action's index and the numbers of its arguments' names. */
  schema: number
  args: Int32Array
  pre: number[]
  preNeg: number[]
  add: number[]
  del: number[]
}

interface StripsTask {
  facts: number
  words: number
  init: Uint32Array
  goal: number[]
  goalNeg: number[]
  actions: GroundAction[]
  /** An action's step, PDDL names. */
  stepOf: (action: GroundAction) => PddlPlanStep
}

/** A static literal (`predicate` its number) or an equality (`predicate` -1), checked on a binding. */
interface Check {
  positive: boolean
  predicate: number
  /** Where each argument comes from: a parameter (its index), or a name (-1 - its number). */
  from: Int32Array
}

/** Conjuncts of a condition as literals; undefined when it is not a conjunction of them. */
function literals(
  cond: PddlCondition | undefined,
  out: Literal[],
  eqs: Lifted['eqs'],
  positive = true,
): boolean {
  if (!cond) return true
  if (cond.op === 'atom') {
    out.push({ positive, predicate: cond.atom.predicate, args: cond.atom.args })
    return true
  }
  if (cond.op === 'eq') {
    eqs.push({ positive, left: cond.left, right: cond.right })
    return true
  }
  if (cond.op === 'not') return literals(cond.arg, out, eqs, !positive)
  if (cond.op === 'and' && positive) return cond.args.every((c) => literals(c, out, eqs, true))
  return false
}

function effects(effect: PddlEffect | undefined, adds: PddlAtom[], dels: PddlAtom[]): boolean {
  if (!effect) return true
  if (effect.op === 'add') adds.push(effect.atom)
  else if (effect.op === 'del') dels.push(effect.atom)
  else if (effect.op === 'and') return effect.effects.every((e) => effects(e, adds, dels))
  else return false
  return true
}

function groundStrips(domain: PddlDomain, problem: PddlProblem): StripsTask | undefined {
  const parents = new Map<string, string>()
  for (const t of domain.types) parents.set(t.name, t.parent)
  const isA = (type: string, want: string): boolean => {
    if (want === 'object') return true
    for (
      let t: string | undefined = type, n = 0;
      t !== undefined && n < 64;
      t = parents.get(t), n++
    )
      if (t === want) return true
    return false
  }
  const objects: { name: string; type: string }[] = []
  const seen = new Set<string>()
  for (const o of [...domain.constants, ...problem.objects]) {
    if (o.types.length !== 1) return undefined
    if (seen.has(o.name)) continue
    seen.add(o.name)
    objects.push({ name: o.name, type: o.types[0]! })
  }

  const lifted: Lifted[] = []
  for (const a of domain.actions) {
    const action: Lifted = {
      name: a.name,
      params: a.parameters.map((p) => ({ name: p.name, types: p.types })),
      literals: [],
      eqs: [],
      adds: [],
      dels: [],
    }
    if (!literals(a.precondition, action.literals, action.eqs)) return undefined
    if (!effects(a.effect, action.adds, action.dels)) return undefined
    lifted.push(action)
  }
  const goalLiterals: Literal[] = []
  const goalEqs: Lifted['eqs'] = []
  if (!literals(problem.goal, goalLiterals, goalEqs) || goalEqs.length > 0) return undefined

  // Names and predicates as small numbers, so that a ground atom's key is one number (or,
  // where that number could grow past 2^53, a short string): the grounding looks up a key
  // for every atom of every binding, and building "pred a b" texts was most of its time.
  const names = new Map<string, number>()
  const nameOf: string[] = []
  const nameId = (name: string): number => {
    let id = names.get(name)
    if (id === undefined) {
      id = nameOf.length
      names.set(name, id)
      nameOf.push(name)
    }
    return id
  }
  const predicates = new Map<string, number>()
  const predicateId = (name: string): number => {
    let id = predicates.get(name)
    if (id === undefined) {
      id = predicates.size
      predicates.set(name, id)
    }
    return id
  }
  let arity = 0
  const register = (atom: { predicate: string; args: readonly string[] }) => {
    predicateId(atom.predicate)
    arity = Math.max(arity, atom.args.length)
    for (const arg of atom.args) if (!arg.startsWith('?')) nameId(arg)
  }
  for (const o of objects) nameId(o.name)
  for (const a of lifted) {
    for (const atom of [...a.literals, ...a.adds, ...a.dels]) register(atom)
    for (const eq of a.eqs) register({ predicate: '=', args: [eq.left, eq.right] })
  }
  for (const atom of [...problem.init, ...goalLiterals]) register(atom)
  const base = nameOf.length + 1
  const numeric = base ** arity * Math.max(1, predicates.size) <= Number.MAX_SAFE_INTEGER
  /** The key of a ground atom: its predicate and the first `length` of `args`, numbered. */
  const keyOfAtom = (
    predicate: number,
    args: ArrayLike<number>,
    length: number,
  ): number | string => {
    if (!numeric) return `${predicate}:${Array.prototype.slice.call(args, 0, length).join(',')}`
    // Digits 1..base-1 in base `base`: no two argument lists, of any lengths, share a number.
    let key = 0
    for (let i = 0; i < length; i++) key = key * base + args[i]! + 1
    return key * predicates.size + predicate
  }
  const groundKey = (atom: { predicate: string; args: readonly string[] }): number | string =>
    keyOfAtom(
      predicates.get(atom.predicate)!,
      atom.args.map((arg) => names.get(arg)!),
      atom.args.length,
    )

  // Predicates no action changes: their init atoms prune the grounding and are no state.
  const fluent = new Set<string>()
  for (const a of lifted) for (const atom of [...a.adds, ...a.dels]) fluent.add(atom.predicate)
  const staticAtoms = new Set<number | string>()
  const factIds = new Map<number | string, number>()
  const fact = (key: number | string): number => {
    let id = factIds.get(key)
    if (id === undefined) {
      id = factIds.size
      factIds.set(key, id)
    }
    return id
  }
  const initFacts: number[] = []
  for (const atom of problem.init) {
    const key = groundKey(atom)
    if (fluent.has(atom.predicate)) initFacts.push(fact(key))
    else staticAtoms.add(key)
  }
  const goal: number[] = []
  const goalNeg: number[] = []
  for (const lit of goalLiterals) {
    const key = groundKey(lit)
    if (!fluent.has(lit.predicate)) {
      if (staticAtoms.has(key) !== lit.positive) return undefined
      continue
    }
    ;(lit.positive ? goal : goalNeg).push(fact(key))
  }

  const actions: GroundAction[] = []
  for (const a of lifted) {
    const index = new Map(a.params.map((p, i) => [p.name, i] as const))
    // Where each argument comes from: a parameter (its index), or a name (-1 - its number).
    // A variable that is no parameter puts the action outside what is grounded here.
    let undeclared = false
    const sources = (args: readonly string[]): Int32Array =>
      Int32Array.from(args, (arg) => {
        if (!arg.startsWith('?')) return -1 - names.get(arg)!
        const at = index.get(arg)
        if (at === undefined) undeclared = true
        return at ?? 0
      })
    const binding = new Int32Array(a.params.length)
    /** The key of an atom whose arguments come `from` the binding or names (see `sources`). */
    const atomAt = (predicate: number, from: Int32Array): number | string => {
      if (!numeric) {
        const values = Array.from(from, (s) => (s >= 0 ? binding[s]! : -1 - s))
        return keyOfAtom(predicate, values, values.length)
      }
      // keyOfAtom's numbering, read from the binding in place (no array per atom).
      let key = 0
      for (let i = 0; i < from.length; i++) {
        const s = from[i]!
        key = key * base + (s >= 0 ? binding[s]! : -1 - s) + 1
      }
      return key * predicates.size + predicate
    }
    // Each static literal and equality is checked as soon as its last variable is bound.
    const lastVar = (args: readonly string[]) =>
      args.reduce((m, arg) => Math.max(m, arg.startsWith('?') ? (index.get(arg) ?? 99) : -1), -1)
    const checksAt: Check[][] = a.params.map(() => [])
    const early: Check[] = []
    for (const lit of a.literals) {
      if (fluent.has(lit.predicate)) continue
      const at = lastVar(lit.args)
      if (at >= a.params.length) return undefined
      const from = sources(lit.args)
      const check = { positive: lit.positive, predicate: predicates.get(lit.predicate)!, from }
      ;(at < 0 ? early : checksAt[at]!).push(check)
    }
    for (const eq of a.eqs) {
      const at = lastVar([eq.left, eq.right])
      if (at >= a.params.length) return undefined
      // An equality: `predicate` -1, its two sides `from`.
      const check = { positive: eq.positive, predicate: -1, from: sources([eq.left, eq.right]) }
      ;(at < 0 ? early : checksAt[at]!).push(check)
    }
    const value = (s: number) => (s >= 0 ? binding[s]! : -1 - s)
    const holds = (check: Check): boolean =>
      (check.predicate < 0
        ? value(check.from[0]!) === value(check.from[1]!)
        : staticAtoms.has(atomAt(check.predicate, check.from))) === check.positive
    const lits = a.literals
      .filter((lit) => fluent.has(lit.predicate))
      .map((lit) => ({
        positive: lit.positive,
        predicate: predicates.get(lit.predicate)!,
        from: sources(lit.args),
      }))
    const lift = (atom: PddlAtom) => ({
      predicate: predicates.get(atom.predicate)!,
      from: sources(atom.args),
    })
    const adds = a.adds.map(lift)
    const dels = a.dels.map(lift)
    if (undeclared) return undefined
    if (!early.every(holds)) continue
    const candidates = a.params.map((p) =>
      objects.filter((o) => p.types.some((t) => isA(o.type, t))).map((o) => names.get(o.name)!),
    )
    const schema = lifted.indexOf(a)
    const bind = (k: number): void => {
      if (k === a.params.length) {
        const pre: number[] = []
        const preNeg: number[] = []
        for (let i = 0; i < lits.length; i++) {
          const lit = lits[i]!
          ;(lit.positive ? pre : preNeg).push(fact(atomAt(lit.predicate, lit.from)))
        }
        const add: number[] = []
        for (let i = 0; i < adds.length; i++)
          add.push(fact(atomAt(adds[i]!.predicate, adds[i]!.from)))
        const del: number[] = []
        for (let i = 0; i < dels.length; i++)
          del.push(fact(atomAt(dels[i]!.predicate, dels[i]!.from)))
        // The step's names are read only for the plan's actions (see `stepOf`).
        actions.push({ schema, args: binding.slice(), pre, preNeg, add, del })
        return
      }
      const checks = checksAt[k]!
      const list = candidates[k]!
      next: for (let c = 0; c < list.length; c++) {
        binding[k] = list[c]!
        for (let i = 0; i < checks.length; i++) if (!holds(checks[i]!)) continue next
        bind(k + 1)
      }
    }
    bind(0)
  }

  const facts = factIds.size
  const words = Math.max(1, Math.ceil(facts / 32))
  const init = new Uint32Array(words)
  for (const f of initFacts) init[f >>> 5]! |= 1 << (f & 31)
  return {
    facts,
    words,
    init,
    goal,
    goalNeg,
    actions: relevant(actions, goal, goalNeg, facts),
    stepOf: (action) => ({
      action: lifted[action.schema]!.name,
      args: Array.from(action.args, (id) => nameOf[id]!),
    }),
  }
}

/**
 * The actions that add a fact the goal needs, or a precondition of such an action, and so on
 * back. Without negative conditions, dropping an action that adds none of these from a plan
 * leaves a plan, so the search needs no other; the smaller task makes every h_FF cheaper (a
 * barman goal names a few shots and drinks of many).
 */
function relevant(
  actions: GroundAction[],
  goal: readonly number[],
  goalNeg: readonly number[],
  facts: number,
): GroundAction[] {
  if (goalNeg.length > 0 || actions.some((a) => a.preNeg.length > 0)) return actions
  const needed = new Uint8Array(facts)
  for (const f of goal) needed[f] = 1
  const kept = new Uint8Array(actions.length)
  for (let changed = true; changed; ) {
    changed = false
    actions.forEach((a, i) => {
      if (kept[i] || !a.add.some((f) => needed[f])) return
      kept[i] = 1
      changed = true
      for (const f of a.pre) needed[f] = 1
    })
  }
  return actions.filter((_, i) => kept[i])
}

// ------------------------------------------------------------------ search

/**
 * h_FF with h_add's cheapest supporters (as Fast Downward's), on a bucket queue. The task's
 * operators are read from flat arrays (each action's adds and preconditions, each fact's
 * users, as offsets into one Int32Array), the layout the estimate walks thousands of times.
 */
class RelaxedPlan {
  /** Actions with fact f among their (distinct) preconditions: users[userStart[f]..userStart[f + 1]). */
  private readonly userStart: Int32Array
  private readonly users: Int32Array
  /** Action a's adds: adds[addStart[a]..addStart[a + 1]). */
  private readonly addStart: Int32Array
  private readonly adds: Int32Array
  /** Action a's preconditions as written: pres[preStart[a]..preStart[a + 1]). */
  private readonly preStart: Int32Array
  private readonly pres: Int32Array
  private readonly preCount: Int32Array
  private readonly noPre: Int32Array
  private readonly goal: Int32Array
  private readonly cost: Int32Array
  private readonly supporter: Int32Array
  private readonly waiting: Int32Array
  private readonly acc: Int32Array
  private readonly isGoal: Uint8Array
  private readonly goals: number
  private readonly marked: Uint8Array
  private readonly used: Uint8Array
  /** Bucket c holds the facts reached at cost c: its first sizes[c] entries (kept, not cut). */
  private readonly buckets: number[][] = [[]]
  private sizes = new Int32Array(16)
  private readonly stack: Int32Array
  /**
   * The state being expanded (the parent of the states estimated next): its bits, each
   * action's preconditions that do not hold in it, and the actions with none such, in the
   * order `estimate` reaches them at cost 1 (`rank`). A child differs from its parent in a few
   * facts, so its counts are the parent's, moved by those facts' users only: the parent's
   * pass over the users of every fact it holds, a third of an estimate, is made once for all
   * its children (see `expand`).
   */
  private readonly parentBits: Int32Array
  private readonly base: Int32Array
  private readonly ready: Int32Array
  private readyCount = 0
  /**
   * Where an action is reached at cost 1 in a pass over the state's facts in order (each
   * fact's users in action order), as `estimate` was first written: actions without
   * preconditions first, then by the last of their preconditions, then by number. Which of
   * two actions is reached first picks a fact's supporter, so this order is kept exactly.
   */
  private readonly rank: Int32Array
  /** A child's actions whose last missing precondition it adds (scratch). */
  private readonly fresh: Int32Array
  /** The parent's applicable actions (positive preconditions), by number: see `expand`. */
  readonly applicable: Int32Array

  constructor(task: StripsTask) {
    const { actions, facts } = task
    this.preCount = new Int32Array(actions.length)
    this.addStart = new Int32Array(actions.length + 1)
    this.preStart = new Int32Array(actions.length + 1)
    const distinct = actions.map((a) => [...new Set(a.pre)])
    const userCount = new Int32Array(facts + 1)
    const noPre: number[] = []
    for (let i = 0; i < actions.length; i++) {
      const a = actions[i]!
      const pre = distinct[i]!
      this.preCount[i] = pre.length
      if (pre.length === 0) noPre.push(i)
      for (const f of pre) userCount[f]!++
      this.addStart[i + 1] = this.addStart[i]! + a.add.length
      this.preStart[i + 1] = this.preStart[i]! + a.pre.length
    }
    this.noPre = Int32Array.from(noPre)
    this.adds = new Int32Array(this.addStart[actions.length]!)
    this.pres = new Int32Array(this.preStart[actions.length]!)
    for (let i = 0; i < actions.length; i++) {
      this.adds.set(actions[i]!.add, this.addStart[i]!)
      this.pres.set(actions[i]!.pre, this.preStart[i]!)
    }
    // Users of each fact in action order, as the actions are listed.
    this.userStart = new Int32Array(facts + 1)
    for (let f = 0; f < facts; f++) this.userStart[f + 1] = this.userStart[f]! + userCount[f]!
    this.users = new Int32Array(this.userStart[facts]!)
    const fill = this.userStart.slice(0, facts)
    for (let i = 0; i < actions.length; i++)
      for (const f of distinct[i]!) this.users[fill[f]!++] = i
    this.goal = Int32Array.from(task.goal)
    this.cost = new Int32Array(facts)
    this.supporter = new Int32Array(facts)
    this.waiting = new Int32Array(actions.length)
    this.acc = new Int32Array(actions.length)
    this.isGoal = new Uint8Array(facts)
    for (const g of task.goal) this.isGoal[g] = 1
    this.goals = this.isGoal.reduce((n, x) => n + x, 0)
    this.marked = new Uint8Array(facts)
    this.used = new Uint8Array(actions.length)
    this.stack = new Int32Array(facts)
    this.parentBits = new Int32Array(task.words)
    this.base = new Int32Array(actions.length)
    this.ready = new Int32Array(actions.length)
    this.fresh = new Int32Array(actions.length)
    this.applicable = new Int32Array(actions.length)
    const last = distinct.map((pre) => pre.reduce((m, f) => Math.max(m, f), -1))
    const order = actions.map((_, i) => i).sort((a, b) => last[a]! - last[b]! || a - b)
    this.rank = new Int32Array(actions.length)
    order.forEach((a, r) => {
      this.rank[a] = r
    })
  }

  /**
   * Makes the state at states[at..at + words) the parent of the next estimates, and answers
   * how many actions apply to it by their positive preconditions: `applicable`'s first ones,
   * in number order.
   */
  expand(states: Int32Array, at: number, words: number): number {
    const { base, ready, users, userStart, noPre, parentBits } = this
    base.set(this.preCount)
    let n = 0
    for (let i = 0; i < noPre.length; i++) ready[n++] = noPre[i]!
    for (let w = 0; w < words; w++) {
      let bits = states[at + w]!
      parentBits[w] = bits
      while (bits !== 0) {
        const low = bits & -bits
        const f = (w << 5) + 31 - Math.clz32(low)
        bits ^= low
        for (let j = userStart[f]!, end = userStart[f + 1]!; j < end; j++) {
          const a = users[j]!
          if (--base[a]! === 0) ready[n++] = a
        }
      }
    }
    this.readyCount = n
    const applicable = this.applicable
    applicable.set(ready.subarray(0, n))
    applicable.subarray(0, n).sort()
    return n
  }

  /** Action a's adds reached at cost c, where that is cheaper than before. */
  private reach(a: number, c: number): void {
    const { cost, supporter, buckets, adds } = this
    for (let k = this.addStart[a]!, end = this.addStart[a + 1]!; k < end; k++) {
      const f = adds[k]!
      if (c >= cost[f]!) continue
      cost[f] = c
      supporter[f] = a
      while (buckets.length <= c) buckets.push([])
      if (c >= this.sizes.length) {
        const sizes = new Int32Array(Math.max(c + 1, this.sizes.length * 2))
        sizes.set(this.sizes)
        this.sizes = sizes
      }
      buckets[c]![this.sizes[c]!++] = f
    }
  }

  /**
   * h_FF of the state at states[at..at + words), a child of the parent `expand` was last
   * given (or that parent itself).
   */
  estimate(states: Int32Array, at: number, words: number): number {
    const { cost, waiting, acc, users, userStart, buckets, isGoal, parentBits } = this
    cost.fill(UNREACHED)
    acc.fill(0)
    this.sizes.fill(0)
    let goalsLeft = this.goals
    for (let w = 0; w < words; w++) {
      let bits = states[at + w]!
      while (bits !== 0) {
        const low = bits & -bits
        const f = (w << 5) + 31 - Math.clz32(low)
        bits ^= low
        cost[f] = 0
        if (isGoal[f]) goalsLeft--
      }
    }
    // Every goal holds: no action is counted.
    if (goalsLeft === 0) return 0
    // A fact of cost 0 adds nothing to its users' sums: only their counters move, from the
    // parent's, by the facts the child lost, then by those it gained (an action whose last
    // missing precondition is gained is ready; none of the parent's ready ones needs a gain).
    waiting.set(this.base)
    for (let w = 0; w < words; w++) {
      let bits = parentBits[w]! & ~states[at + w]!
      while (bits !== 0) {
        const low = bits & -bits
        const f = (w << 5) + 31 - Math.clz32(low)
        bits ^= low
        for (let j = userStart[f]!, end = userStart[f + 1]!; j < end; j++) waiting[users[j]!]!++
      }
    }
    const { fresh, rank, ready } = this
    let gained = 0
    for (let w = 0; w < words; w++) {
      let bits = states[at + w]! & ~parentBits[w]!
      while (bits !== 0) {
        const low = bits & -bits
        const f = (w << 5) + 31 - Math.clz32(low)
        bits ^= low
        for (let j = userStart[f]!, end = userStart[f + 1]!; j < end; j++) {
          const a = users[j]!
          if (--waiting[a]! !== 0) continue
          // In rank order (few: insertion).
          const r = rank[a]!
          let k = gained++
          for (; k > 0 && rank[fresh[k - 1]!]! > r; k--) fresh[k] = fresh[k - 1]!
          fresh[k] = a
        }
      }
    }
    // The ready actions reach their adds at cost 1 in rank order: the parent's that still are
    // (in rank order already) merged with the fresh ones.
    const readyCount = this.readyCount
    for (let i = 0, k = 0; i < readyCount || k < gained; ) {
      let a: number
      if (k >= gained || (i < readyCount && rank[ready[i]!]! < rank[fresh[k]!]!)) {
        a = ready[i++]!
        if (waiting[a] !== 0) continue
      } else a = fresh[k++]!
      this.reach(a, 1)
    }
    // Whatever is queued while bucket c is read costs more than c (an action's sum includes
    // the c of the fact that completes it, and its adds one more), so once the last goal is
    // read the rest of the queue could change no cost or supporter that the count below reads.
    // For the same reason a fact is read once, in the bucket of its final cost: its entries in
    // later buckets are those whose cost no longer matches.
    for (let c = 1; goalsLeft > 0; c++) {
      if (c >= buckets.length) return Number.POSITIVE_INFINITY
      const b = buckets[c]!
      // Read at each turn: reaching from bucket c adds to later buckets only.
      for (let i = 0; i < this.sizes[c]! && goalsLeft > 0; i++) {
        const f = b[i]!
        if (cost[f] !== c) continue
        if (isGoal[f]) goalsLeft--
        for (let j = userStart[f]!, end = userStart[f + 1]!; j < end; j++) {
          const a = users[j]!
          acc[a]! += c
          if (--waiting[a]! === 0) this.reach(a, acc[a]! + 1)
        }
      }
    }
    const { marked, used, stack, supporter, pres, preStart, goal } = this
    marked.fill(0)
    used.fill(0)
    // Each fact is marked once, so the stack holds at most every fact.
    let size = 0
    for (let i = 0; i < goal.length; i++) {
      const g = goal[i]!
      if (cost[g]! > 0 && !marked[g]) {
        marked[g] = 1
        stack[size++] = g
      }
    }
    let count = 0
    while (size > 0) {
      const a = supporter[stack[--size]!]!
      if (used[a]) continue
      used[a] = 1
      count++
      for (let k = preStart[a]!, end = preStart[a + 1]!; k < end; k++) {
        const p = pres[k]!
        if (cost[p]! > 0 && !marked[p]) {
          marked[p] = 1
          stack[size++] = p
        }
      }
    }
    return count
  }
}

const UNREACHED = 0x3fffffff

/** Facts as bits, `words` 32-bit words a set, one set after another. */
function masks(sets: readonly (readonly number[])[], words: number): Int32Array {
  const out = new Int32Array(sets.length * words)
  sets.forEach((set, i) => {
    for (const f of set) out[i * words + (f >>> 5)]! |= 1 << (f & 31)
  })
  return out
}

/**
 * The states A* has met, one after another in one Int32Array, and an open-addressing table
 * from a state's bits to its latest entry: no key string and no array per state, which were
 * most of the search's cost outside h_FF.
 */
class StateTable {
  /** Entry e's state: bits[e * words..(e + 1) * words). */
  bits: Int32Array
  size = 0
  private slots: Int32Array
  private mask: number

  constructor(private readonly words: number) {
    this.bits = new Int32Array(words * 1024)
    this.slots = new Int32Array(1024).fill(-1)
    this.mask = 1023
  }

  private hash(states: Int32Array, at: number): number {
    let h = 0x811c9dc5
    for (let w = 0; w < this.words; w++) h = Math.imul(h ^ states[at + w]!, 0x01000193)
    return (h ^ (h >>> 15)) & this.mask
  }

  private same(e: number, states: Int32Array, at: number): boolean {
    const { bits, words } = this
    for (let w = 0, o = e * words; w < words; w++) if (bits[o + w] !== states[at + w]) return false
    return true
  }

  /** The slot that holds the state at states[at..), or the empty slot where it would go. */
  slot(states: Int32Array, at: number): number {
    const { slots, mask } = this
    for (let i = this.hash(states, at); ; i = (i + 1) & mask) {
      const e = slots[i]!
      if (e < 0 || this.same(e, states, at)) return i
    }
  }

  /** The latest entry of the state in a slot, or -1. */
  at(slot: number): number {
    return this.slots[slot]!
  }

  /** A new entry for the state at states[at..), the latest of its slot. */
  add(slot: number, states: Int32Array, at: number): number {
    const e = this.size++
    if (this.bits.length < this.size * this.words) {
      const bits = new Int32Array(this.bits.length * 2)
      bits.set(this.bits)
      this.bits = bits
    }
    this.bits.set(states.subarray(at, at + this.words), e * this.words)
    const fresh = this.slots[slot]! < 0
    this.slots[slot] = e
    // Rehashed at half full: every state's latest entry moves to its new slot.
    if (fresh && this.size * 2 > this.slots.length) this.rehash()
    return e
  }

  private rehash(): void {
    const old = this.slots
    this.slots = new Int32Array(old.length * 2).fill(-1)
    this.mask = this.slots.length - 1
    for (let i = 0; i < old.length; i++) {
      const e = old[i]!
      if (e < 0) continue
      let j = this.hash(this.bits, e * this.words)
      while (this.slots[j]! >= 0) j = (j + 1) & this.mask
      this.slots[j] = e
    }
  }
}

/** A* on g + h_FF: ties to the lower estimate, then to the state queued first. */
function astar(task: StripsTask, maxNodes: number): number[] | undefined {
  const h = new RelaxedPlan(task)
  const { actions, words } = task
  const preNeg = masks(
    actions.map((a) => a.preNeg),
    words,
  )
  const negative = actions.some((a) => a.preNeg.length > 0)
  const add = masks(
    actions.map((a) => a.add),
    words,
  )
  const del = masks(
    actions.map((a) => a.del),
    words,
  )
  const [goal, goalNeg] = [masks([task.goal], words), masks([task.goalNeg], words)]
  const table = new StateTable(words)
  // By entry: the cost so far (-1: a dead end, its h_FF infinite), the estimate, the entry it
  // was reached from and by which action, and whether a cheaper entry of its state replaced it.
  const g: number[] = []
  const estimates: number[] = []
  const parent: number[] = []
  const via: number[] = []
  const replaced: number[] = []
  const open = new MinHeap()
  const push = (s: Int32Array, at: number, cost: number, from: number, action: number) => {
    const slot = table.slot(s, at)
    const known = table.at(slot)
    let estimate: number
    if (known >= 0) {
      // h_FF is a function of the state: a dead end stays one, a known estimate is reused.
      if (g[known]! < 0 || g[known]! <= cost) return
      estimate = estimates[known]!
      replaced[known] = 1
    } else estimate = h.estimate(s, at, words)
    const id = table.add(slot, s, at)
    parent.push(from)
    via.push(action)
    replaced.push(0)
    estimates.push(estimate)
    if (estimate === Number.POSITIVE_INFINITY) {
      g.push(-1)
      return
    }
    g.push(cost)
    open.push((cost + estimate) * 1024 + Math.min(estimate, 1023), id)
  }
  const root = Int32Array.from(task.init)
  h.expand(root, 0, words)
  push(root, 0, 0, -1, -1)
  const next = new Int32Array(words)
  const applicable = h.applicable
  let expanded = 0
  while (open.size > 0) {
    const id = open.pop()
    if (replaced[id]) continue
    const s = table.bits
    const at = id * words
    let reached = true
    for (let w = 0; w < words && reached; w++) {
      const bits = s[at + w]!
      reached = (bits & goal[w]!) === goal[w] && (bits & goalNeg[w]!) === 0
    }
    if (reached) {
      const moves: number[] = []
      for (let e = id; parent[e]! >= 0; e = parent[e]!) moves.push(via[e]!)
      return moves.reverse()
    }
    if (++expanded > maxNodes) return undefined
    const cost = g[id]! + 1
    // The actions whose positive preconditions hold, in number order, as h_FF counts them for
    // the children estimated next.
    const count = h.expand(table.bits, at, words)
    for (let i = 0; i < count; i++) {
      const a = applicable[i]!
      const o = a * words
      // Read from the table at each turn: a push may grow it.
      const s = table.bits
      let ok = true
      for (let w = 0; w < words && ok && negative; w++) ok = (s[at + w]! & preNeg[o + w]!) === 0
      if (!ok) continue
      for (let w = 0; w < words; w++) next[w] = (s[at + w]! & ~del[o + w]!) | add[o + w]!
      push(next, 0, cost, id, a)
    }
  }
  return undefined
}
