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
  return moves?.map((a) => task.actions[a]!.step)
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
  step: PddlPlanStep
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
    const values = new Int32Array(arity)
    const atomAt = (predicate: number, from: Int32Array): number | string => {
      for (let i = 0; i < from.length; i++) {
        const s = from[i]!
        values[i] = s >= 0 ? binding[s]! : -1 - s
      }
      return keyOfAtom(predicate, values, from.length)
    }
    // Each static literal and equality is checked as soon as its last variable is bound.
    const lastVar = (args: readonly string[]) =>
      args.reduce((m, arg) => Math.max(m, arg.startsWith('?') ? (index.get(arg) ?? 99) : -1), -1)
    const checksAt: (() => boolean)[][] = a.params.map(() => [])
    const early: (() => boolean)[] = []
    for (const lit of a.literals) {
      if (fluent.has(lit.predicate)) continue
      const at = lastVar(lit.args)
      if (at >= a.params.length) return undefined
      const predicate = predicates.get(lit.predicate)!
      const from = sources(lit.args)
      const check = () => staticAtoms.has(atomAt(predicate, from)) === lit.positive
      ;(at < 0 ? early : checksAt[at]!).push(check)
    }
    for (const eq of a.eqs) {
      const at = lastVar([eq.left, eq.right])
      if (at >= a.params.length) return undefined
      const [left, right] = sources([eq.left, eq.right])
      const value = (s: number) => (s >= 0 ? binding[s]! : -1 - s)
      const check = () => (value(left!) === value(right!)) === eq.positive
      ;(at < 0 ? early : checksAt[at]!).push(check)
    }
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
    if (!early.every((c) => c())) continue
    const candidates = a.params.map((p) =>
      objects.filter((o) => p.types.some((t) => isA(o.type, t))).map((o) => names.get(o.name)!),
    )
    const ground = (atom: { predicate: number; from: Int32Array }) =>
      fact(atomAt(atom.predicate, atom.from))
    const bind = (k: number): void => {
      if (k === a.params.length) {
        const pre: number[] = []
        const preNeg: number[] = []
        for (const lit of lits) (lit.positive ? pre : preNeg).push(ground(lit))
        const add = adds.map(ground)
        const del = dels.map(ground)
        const args = Array.from(binding, (id) => nameOf[id]!)
        actions.push({ step: { action: a.name, args }, pre, preNeg, add, del })
        return
      }
      const checks = checksAt[k]!
      next: for (const name of candidates[k]!) {
        binding[k] = name
        for (let i = 0; i < checks.length; i++) if (!checks[i]!()) continue next
        bind(k + 1)
      }
    }
    bind(0)
  }

  const facts = factIds.size
  const words = Math.max(1, Math.ceil(facts / 32))
  const init = new Uint32Array(words)
  for (const f of initFacts) init[f >>> 5]! |= 1 << (f & 31)
  return { facts, words, init, goal, goalNeg, actions: relevant(actions, goal, goalNeg, facts) }
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

const has = (s: Uint32Array, f: number) => (s[f >>> 5]! & (1 << (f & 31))) !== 0

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
  private readonly noPre: number[] = []
  private readonly cost: Int32Array
  private readonly done: Uint8Array
  private readonly supporter: Int32Array
  private readonly waiting: Int32Array
  private readonly acc: Int32Array
  private readonly isGoal: Uint8Array
  private readonly goals: number
  private readonly marked: Uint8Array
  private readonly used: Uint8Array
  /** Bucket c holds the facts reached at cost c: its first sizes[c] entries (kept, not cut). */
  private readonly buckets: number[][] = []
  private readonly sizes: number[] = []
  private readonly stack: Int32Array

  constructor(private readonly task: StripsTask) {
    const { actions, facts } = task
    this.preCount = new Int32Array(actions.length)
    this.addStart = new Int32Array(actions.length + 1)
    this.preStart = new Int32Array(actions.length + 1)
    const distinct = actions.map((a) => [...new Set(a.pre)])
    const userCount = new Int32Array(facts + 1)
    for (let i = 0; i < actions.length; i++) {
      const a = actions[i]!
      const pre = distinct[i]!
      this.preCount[i] = pre.length
      if (pre.length === 0) this.noPre.push(i)
      for (const f of pre) userCount[f]!++
      this.addStart[i + 1] = this.addStart[i]! + a.add.length
      this.preStart[i + 1] = this.preStart[i]! + a.pre.length
    }
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
    this.cost = new Int32Array(facts)
    this.done = new Uint8Array(facts)
    this.supporter = new Int32Array(facts)
    this.waiting = new Int32Array(actions.length)
    this.acc = new Int32Array(actions.length)
    this.isGoal = new Uint8Array(facts)
    for (const g of task.goal) this.isGoal[g] = 1
    this.goals = this.isGoal.reduce((n, x) => n + x, 0)
    this.marked = new Uint8Array(facts)
    this.used = new Uint8Array(actions.length)
    this.stack = new Int32Array(facts)
  }

  private reach(a: number, c: number): void {
    const { cost, supporter, buckets, sizes, adds } = this
    for (let k = this.addStart[a]!, end = this.addStart[a + 1]!; k < end; k++) {
      const f = adds[k]!
      if (c >= cost[f]!) continue
      cost[f] = c
      supporter[f] = a
      while (buckets.length <= c) {
        buckets.push([])
        sizes.push(0)
      }
      buckets[c]![sizes[c]!++] = f
    }
  }

  estimate(state: Uint32Array): number {
    const { task, cost, done, waiting, acc, users, userStart, buckets, sizes, isGoal } = this
    cost.fill(UNREACHED)
    done.fill(0)
    waiting.set(this.preCount)
    acc.fill(0)
    sizes.fill(0)
    if (buckets.length === 0) {
      buckets.push([])
      sizes.push(0)
    }
    const zero = buckets[0]!
    for (let w = 0; w < state.length; w++) {
      let bits = state[w]!
      while (bits !== 0) {
        const low = bits & -bits
        const f = (w << 5) + 31 - Math.clz32(low)
        bits ^= low
        cost[f] = 0
        zero[sizes[0]!++] = f
      }
    }
    for (const a of this.noPre) this.reach(a, 1)
    let goalsLeft = this.goals
    // Whatever is queued while bucket c is read costs more than c (an action's sum includes
    // the c of the fact that completes it, and its adds one more), so once the last goal is
    // read the rest of the queue could change no cost or supporter that the count below reads.
    for (let c = 0; goalsLeft > 0; c++) {
      if (c >= buckets.length) return Number.POSITIVE_INFINITY
      const b = buckets[c]!
      for (let i = 0, n = sizes[c]!; i < n && goalsLeft > 0; i++) {
        const f = b[i]!
        if (done[f] || cost[f] !== c) continue
        done[f] = 1
        if (isGoal[f]) goalsLeft--
        const end = userStart[f + 1]!
        // A fact of cost 0 adds nothing to its users' sums: only their counters move.
        if (c === 0) {
          for (let j = userStart[f]!; j < end; j++) {
            const a = users[j]!
            if (--waiting[a]! === 0) this.reach(a, acc[a]! + 1)
          }
          continue
        }
        for (let j = userStart[f]!; j < end; j++) {
          const a = users[j]!
          acc[a]! += c
          if (--waiting[a]! === 0) this.reach(a, acc[a]! + 1)
        }
      }
    }
    const { marked, used, stack, supporter, pres, preStart } = this
    const goal = task.goal
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

function applicable(a: GroundAction, s: Uint32Array): boolean {
  for (const f of a.pre) if (!has(s, f)) return false
  for (const f of a.preNeg) if (has(s, f)) return false
  return true
}

function isGoal(task: StripsTask, s: Uint32Array): boolean {
  for (const f of task.goal) if (!has(s, f)) return false
  for (const f of task.goalNeg) if (has(s, f)) return false
  return true
}

function keyOf(s: Uint32Array): string {
  let out = ''
  for (let i = 0; i < s.length; i++) out += String.fromCharCode(s[i]! & 0xffff, s[i]! >>> 16)
  return out
}

/** A* on g + h_FF: ties to the lower estimate, then to the earlier state. */
function astar(task: StripsTask, maxNodes: number): number[] | undefined {
  const h = new RelaxedPlan(task)
  const actions = task.actions
  const states: Uint32Array[] = []
  const g: number[] = []
  const parent: number[] = []
  const via: number[] = []
  const best = new Map<string, number>()
  // Ids grow with insertion, so the heap's first-in first-out ties pop the lower id first.
  const open = new MinHeap()
  const push = (s: Uint32Array, cost: number, from: number, action: number) => {
    const key = keyOf(s)
    const known = best.get(key)
    if (known !== undefined && g[known]! <= cost) return
    const estimate = h.estimate(s)
    if (estimate === Number.POSITIVE_INFINITY) return
    const id = states.length
    states.push(s)
    g.push(cost)
    parent.push(from)
    via.push(action)
    best.set(key, id)
    open.push((cost + estimate) * 1024 + Math.min(estimate, 1023), id)
  }
  push(task.init, 0, -1, -1)
  let expanded = 0
  while (open.size > 0) {
    const id = open.pop()
    const s = states[id]!
    if (best.get(keyOf(s)) !== id) continue
    if (isGoal(task, s)) {
      const moves: number[] = []
      for (let n = id; parent[n]! >= 0; n = parent[n]!) moves.push(via[n]!)
      return moves.reverse()
    }
    if (++expanded > maxNodes) return undefined
    for (let a = 0; a < actions.length; a++) {
      const action = actions[a]!
      if (!applicable(action, s)) continue
      const next = s.slice()
      for (const f of action.del) next[f >>> 5]! &= ~(1 << (f & 31))
      for (const f of action.add) next[f >>> 5]! |= 1 << (f & 31)
      push(next, g[id]! + 1, id, a)
    }
  }
  return undefined
}
