import { forBindings } from '../engine/runtime'
import type { State } from '../engine/state'
import { type GF, type GroundAction, type Grounder, mkAnd, relaxedDnf, TRUE } from './ground'

const INF = Number.POSITIVE_INFINITY
const MAX_COST = 1 << 16
/** The cost of a fact not reached (yet): above every clamped cost. */
const UNREACHED = 0x7fffffff

export type HeuristicKind = 'hadd' | 'hff'

export interface HeuristicValue {
  /** Estimated actions to the goal; Infinity when the relaxed goal is unreachable. */
  h: number
  /** Ground actions of the relaxed plan whose preconditions hold now (h_FF only). */
  preferred: number[]
}

/**
 * The delete relaxation of a world as unary-cost operators over fact ids: one operator per
 * ground action, precondition disjunct and effect condition; derived rules and processes
 * become free operators. h_add is computed Dijkstra-style with counters; h_FF extracts a
 * relaxed plan from h_add's best supporters.
 */
/**
 * The bucket queue: facts by cost, `size[c]` of them in `data[c]`. One for every task: each
 * run leaves every size 0 and runs never interleave, and a queue of its own (256 KiB of sizes)
 * cost a generated world's search more to allocate than its tens of evaluations took.
 */
const buckets = {
  data: [new Int32Array(16)] as (Int32Array | undefined)[],
  size: new Int32Array(MAX_COST + 1),
}

export class RelaxedTask {
  private readonly nFacts: number
  private readonly goalFact: number
  private readonly opPre: Int32Array
  private readonly opPreStart: Int32Array
  private readonly opAdd: Int32Array
  private readonly opAddStart: Int32Array
  private readonly opCost: Uint8Array
  private readonly opAction: Int32Array
  private readonly factOps: Int32Array
  /** What one evaluation visits at most: each operator and each of its preconditions. */
  readonly work: number
  private readonly factOpsStart: Int32Array
  private readonly freeOps: Int32Array
  private readonly cost: Int32Array
  private readonly supporter: Int32Array
  /**
   * Per operator, its count of unsettled preconditions times `unit` plus the sum of its
   * settled preconditions' costs: one number where a counter and a sum took two loads and
   * two stores per precondition settled (the heuristic's inner loop). Settling one of cost c
   * adds c − unit; the operator is ready once the number drops below `unit`, and is then the
   * sum. `unit` exceeds any sum (costs are whole numbers up to MAX_COST). 32-bit integers
   * (barman's search took some 7% less time than with doubles) wherever no number can pass
   * 2^31; doubles where an operator has more than 181 preconditions.
   */
  private readonly pending: Int32Array | Float64Array
  /** `pending` at the start of a run: each operator's precondition count times `unit`. */
  private readonly pendingStart: Int32Array | Float64Array
  private readonly unit: number
  /** The bucket queue (`buckets`, shared by every task). */
  private readonly bucketData = buckets.data
  private readonly bucketSize = buckets.size
  private readonly marked: Uint8Array
  private readonly seen: Int32Array
  private stamp = 0
  /** When false (entities can be created), an unreachable goal is only "far". */
  readonly safe: boolean

  /**
   * Only the operators that can add a fact the goal needs, directly or through their
   * preconditions, are kept: the heuristic's values do not change, it just does less.
   */
  constructor(task: RelaxedOps) {
    const ops = relevant(task)
    this.nFacts = task.nFacts
    this.goalFact = this.nFacts - 1
    this.safe = task.safe

    const n = ops.length
    this.opPreStart = new Int32Array(n + 1)
    this.opAddStart = new Int32Array(n + 1)
    ops.forEach((op, i) => {
      this.opPreStart[i + 1] = this.opPreStart[i]! + op.pre.length
      this.opAddStart[i + 1] = this.opAddStart[i]! + op.add.length
    })
    this.opPre = new Int32Array(this.opPreStart[n]!)
    this.opAdd = new Int32Array(this.opAddStart[n]!)
    this.opCost = new Uint8Array(n)
    this.opAction = new Int32Array(n)
    const perFact = new Int32Array(this.nFacts)
    const free: number[] = []
    ops.forEach((op, i) => {
      this.opPre.set(op.pre, this.opPreStart[i]!)
      this.opAdd.set(op.add, this.opAddStart[i]!)
      this.opCost[i] = op.cost
      this.opAction[i] = op.action
      for (const f of op.pre) perFact[f]!++
      if (op.pre.length === 0) free.push(i)
    })
    this.freeOps = Int32Array.from(free)
    this.factOpsStart = new Int32Array(this.nFacts + 1)
    for (let f = 0; f < this.nFacts; f++)
      this.factOpsStart[f + 1] = this.factOpsStart[f]! + perFact[f]!
    this.factOps = new Int32Array(this.factOpsStart[this.nFacts]!)
    const fill = this.factOpsStart.slice(0, this.nFacts)
    ops.forEach((op, i) => {
      for (const f of op.pre) this.factOps[fill[f]!++] = i
    })
    this.cost = new Int32Array(this.nFacts)
    this.supporter = new Int32Array(this.nFacts)
    let most = 0
    for (let i = 0; i < n; i++) most = Math.max(most, this.opPreStart[i + 1]! - this.opPreStart[i]!)
    this.unit = most * MAX_COST + 1
    const small = most * this.unit <= 0x7fffffff
    this.pending = small ? new Int32Array(n) : new Float64Array(n)
    this.pendingStart = small ? new Int32Array(n) : new Float64Array(n)
    for (let i = 0; i < n; i++)
      this.pendingStart[i] = (this.opPreStart[i + 1]! - this.opPreStart[i]!) * this.unit
    this.marked = new Uint8Array(n)
    this.work = n + this.factOps.length
    this.seen = new Int32Array(this.nFacts)
  }

  get operators(): number {
    return this.opCost.length
  }

  evaluate(st: State, kind: HeuristicKind): HeuristicValue {
    this.run(st, true)
    const hGoal = this.cost[this.goalFact]!
    if (hGoal === UNREACHED) return { h: this.safe ? INF : 1e6, preferred: [] }
    if (kind === 'hadd') return { h: hGoal, preferred: [] }
    return this.relaxedPlan()
  }

  /**
   * h_add with best supporters, Dijkstra over integer costs with a bucket queue; stops once
   * the goal fact is settled. Buckets are typed arrays with a fill count (emptied by setting
   * the count), read in the order facts entered them.
   */
  private run(st: State, stopAtGoal: boolean): void {
    const { cost, pending, factOps, factOpsStart, unit } = this
    const { bucketData, bucketSize } = this
    // Supporters are not reset: `relaxedPlan` reads only those of facts reached at a cost
    // above 0, which this run set.
    cost.fill(UNREACHED)
    pending.set(this.pendingStart)
    const facts = st.facts
    const limit = Math.min(facts.length, this.goalFact)
    let first = bucketData[0]!
    let n0 = 0
    for (let f = 0; f < limit; f++) {
      if (facts[f] === 1) {
        cost[f] = 0
        if (n0 === first.length) first = this.grow(0)
        first[n0++] = f
      }
    }
    bucketSize[0] = n0
    const { freeOps } = this
    let top = 0
    for (let i = 0; i < freeOps.length; i++) top = this.enable(freeOps[i]!, 0, top)
    const goal = stopAtGoal ? this.goalFact : -1
    for (let c = 0; c <= top; c++) {
      const step = c - unit
      // Zero-cost operators append to the bucket being read, so its size (and its array,
      // which may grow) are re-read.
      for (let i = 0; i < bucketSize[c]!; i++) {
        const f = bucketData[c]![i]!
        if (cost[f] !== c) continue
        if (f === goal) {
          bucketSize.fill(0, c, top + 1)
          return
        }
        const end = factOpsStart[f + 1]!
        for (let k = factOpsStart[f]!; k < end; k++) {
          const op = factOps[k]!
          const left = pending[op]! + step
          pending[op] = left
          if (left < unit) top = this.enable(op, left, top)
        }
      }
      bucketSize[c] = 0
    }
  }

  /**
   * An operator whose preconditions all hold (now or once settled), their costs summing to
   * `sum`, sets its adds' costs; the highest cost a bucket now holds facts of.
   */
  private enable(op: number, sum: number, top: number): number {
    // Costs past the last bucket are clamped: the estimate stays finite and ordered enough.
    const v = Math.min(sum + this.opCost[op]!, MAX_COST)
    const { cost, opAdd, bucketSize, supporter } = this
    const end = this.opAddStart[op + 1]!
    for (let k = this.opAddStart[op]!; k < end; k++) {
      const f = opAdd[k]!
      if (v < cost[f]!) {
        cost[f] = v
        supporter[f] = op
        const size = bucketSize[v]!
        let bucket = this.bucketData[v]
        if (bucket === undefined || size === bucket.length) bucket = this.grow(v)
        bucket[size] = f
        bucketSize[v] = size + 1
        if (v > top) top = v
      }
    }
    return top
  }

  /** Room for one more fact in bucket `v` (its facts kept); the bucket's array. */
  private grow(v: number): Int32Array {
    const old = this.bucketData[v]
    const next = new Int32Array(old === undefined ? 16 : 2 * old.length)
    if (old !== undefined) next.set(old)
    this.bucketData[v] = next
    return next
  }

  private relaxedPlan(): HeuristicValue {
    const { cost, supporter, marked, opPre, opPreStart, opCost, opAction } = this
    marked.fill(0)
    let h = 0
    const preferred: number[] = []
    const stack = [this.goalFact]
    // Facts visited in this extraction are the ones stamped with its number.
    const seen = this.seen
    const stamp = ++this.stamp
    while (stack.length > 0) {
      const f = stack.pop()!
      if (cost[f] === 0 && f !== this.goalFact) continue
      if (seen[f] === stamp) continue
      seen[f] = stamp
      const op = supporter[f]!
      if (op < 0 || marked[op] === 1) continue
      marked[op] = 1
      h += opCost[op]!
      let applicable = true
      for (let k = opPreStart[op]!; k < opPreStart[op + 1]!; k++) {
        const p = opPre[k]!
        if (cost[p] !== 0) applicable = false
        stack.push(p)
      }
      if (applicable && opAction[op]! >= 0) preferred.push(opAction[op]!)
    }
    return { h, preferred }
  }
}

export interface RelaxedOp {
  readonly pre: readonly number[]
  readonly add: readonly number[]
  readonly cost: number
  /** The ground action, or -1 for derived rules, processes and the goal. */
  readonly action: number
}

export interface RelaxedOps {
  readonly ops: readonly RelaxedOp[]
  /** Facts of the grounder's table plus the goal fact (the last id). */
  readonly nFacts: number
  /** False when entities can be created: then an unreachable goal is only "far". */
  readonly safe: boolean
}

/**
 * The delete relaxation of a world as operators over fact ids: one per ground action,
 * precondition disjunct and effect condition; derived rules and processes are free.
 */
export function relaxedOps(g: Grounder, actions: readonly GroundAction[]): RelaxedOps {
  const { world } = g
  const ops: RelaxedOp[] = []
  const env = new Int32Array(world.envSize)
  actions.forEach((ga, i) => {
    const schema = world.actions[ga.schema]!
    env.set(ga.args)
    const adds: { when: GF; add: number }[] = []
    g.relaxedAdds(schema.effects, env, TRUE, adds)
    // An action that adds nothing still needs an operator so reachability sees it.
    if (adds.length === 0)
      for (const conj of relaxedDnf(ga.gf)) ops.push({ pre: conj, add: [], cost: 1, action: i })
    else addOps(ops, ga.gf, adds, 1, i)
  })
  for (const rule of world.derived) {
    const head = rule.params.map((p) => -1 - p.slot)
    forBindings(rule.params, g.st0, env, () => {
      const when = g.cond(rule.when, env)
      const fact = g.fact(rule.pred, head, env)
      if (fact.k === 'fact') addOps(ops, when, [{ when: TRUE, add: fact.id }], 0, -1)
    })
  }
  for (const process of world.processes) {
    forBindings(process.params, g.st0, env, () => {
      const when = g.cond(process.when, env)
      const adds: { when: GF; add: number }[] = []
      g.relaxedAdds(process.effects, env, TRUE, adds)
      addOps(ops, when, adds, 0, -1)
    })
  }
  const goal = g.cond(world.goal.success.cond, env)
  const nFacts = g.st0.table.size + 1
  for (const conj of relaxedDnf(goal))
    ops.push({ pre: conj, add: [nFacts - 1], cost: 0, action: -1 })
  return { ops, nFacts, safe: !world.dynamicEntities }
}

/**
 * The operators of one ground action (or rule, or process): one per disjunct of its
 * precondition and each condition of its adds. Module functions, not closures made per
 * world: a small world's search built more closures than it grounded facts.
 */
function addOps(
  ops: RelaxedOp[],
  pre: GF,
  adds: { when: GF; add: number }[],
  cost: number,
  action: number,
): void {
  // A precondition that never holds makes no operator (its normal form is empty).
  if ((pre.k === 'const' && !pre.v) || adds.length === 0) return
  // Most effects share one condition (often none): one group, no map.
  const first = adds[0]!.when
  if (adds.every((a) => a.when === first)) {
    emitOps(
      ops,
      pre,
      first,
      adds.map((a) => a.add),
      cost,
      action,
    )
    return
  }
  const groups = new Map<GF, number[]>()
  for (const a of adds) {
    const list = groups.get(a.when)
    if (list) list.push(a.add)
    else groups.set(a.when, [a.add])
  }
  for (const [when, add] of groups) emitOps(ops, pre, when, add, cost, action)
}

function emitOps(
  ops: RelaxedOp[],
  pre: GF,
  when: GF,
  add: number[],
  cost: number,
  action: number,
): void {
  const unique = add.length === 1 ? add : firstOccurrences(add)
  // Most adds have no condition: `pre and true` is `pre` (the same normal form), where
  // `mkAnd` copied each conjunction into a new node.
  const both = when.k === 'const' && when.v ? pre : mkAnd([pre, when])
  for (const conj of relaxedDnf(both)) ops.push({ pre: conj, add: unique, cost, action })
}

/**
 * `add` without repeats, in the order of first occurrence (what `[...new Set(add)]` gives),
 * by a quadratic scan where it is short: most actions add a few facts, and a Set per action
 * cost more than the scan.
 */
function firstOccurrences(add: number[]): number[] {
  if (add.length > 16) return [...new Set(add)]
  const out: number[] = []
  outer: for (let i = 0; i < add.length; i++) {
    const x = add[i]!
    for (let j = 0; j < out.length; j++) if (out[j] === x) continue outer
    out.push(x)
  }
  return out
}

/**
 * Ground actions whose relaxed preconditions are reachable from `st` (for pruning), by the
 * index they are the action of: every operator counts here (deletes may matter).
 */
export function reachableActions(task: RelaxedOps, st: State, actions: number): Uint8Array {
  const { ops, nFacts } = task
  // The operators reading each fact, then a worklist of reached facts with counters.
  const { start, ops: readers } = opsByFact(ops, nFacts, 'pre')
  const left = Int32Array.from(ops, (op) => op.pre.length)
  const reached = new Uint8Array(nFacts)
  const queue = new Int32Array(nFacts)
  let tail = 0
  const facts = st.facts
  // The goal fact (the last id) is only ever added by its operators.
  const limit = Math.min(facts.length, nFacts - 1)
  for (let f = 0; f < limit; f++) {
    if (facts[f] === 1) {
      reached[f] = 1
      queue[tail++] = f
    }
  }
  const fire = (i: number): void => {
    for (const f of ops[i]!.add) {
      if (reached[f] === 1) continue
      reached[f] = 1
      queue[tail++] = f
    }
  }
  ops.forEach((op, i) => {
    if (op.pre.length === 0) fire(i)
  })
  for (let head = 0; head < tail; head++) {
    const f = queue[head]!
    for (let k = start[f]!; k < start[f + 1]!; k++) {
      const i = readers[k]!
      if (--left[i]! === 0) fire(i)
    }
  }
  const out = new Uint8Array(actions)
  ops.forEach((op, i) => {
    if (op.action >= 0 && left[i] === 0) out[op.action] = 1
  })
  return out
}

/**
 * The operators that list each fact in `side` (their preconditions or their adds), in
 * operator order: fact f's are `ops[start[f]]` up to `ops[start[f + 1]]`.
 */
function opsByFact(
  ops: readonly RelaxedOp[],
  nFacts: number,
  side: 'pre' | 'add',
): { start: Int32Array; ops: Int32Array } {
  const start = new Int32Array(nFacts + 1)
  for (const op of ops) for (const f of op[side]) start[f + 1]!++
  for (let f = 0; f < nFacts; f++) start[f + 1]! += start[f]!
  const byFact = new Int32Array(start[nFacts]!)
  const fill = start.slice(0, nFacts)
  ops.forEach((op, i) => {
    for (const f of op[side]) byFact[fill[f]!++] = i
  })
  return { start, ops: byFact }
}

/** Operators that can contribute to the goal (backward closure from the goal fact). */
function relevant(task: RelaxedOps): RelaxedOp[] {
  const { ops, nFacts } = task
  // The operators adding each fact, then a worklist of needed facts.
  const { start, ops: adders } = opsByFact(ops, nFacts, 'add')
  const needed = new Uint8Array(nFacts)
  const keep = new Uint8Array(ops.length)
  const queue = [nFacts - 1]
  needed[nFacts - 1] = 1
  while (queue.length > 0) {
    const f = queue.pop()!
    for (let k = start[f]!; k < start[f + 1]!; k++) {
      const i = adders[k]!
      if (keep[i] === 1) continue
      keep[i] = 1
      for (const p of ops[i]!.pre) {
        if (needed[p] === 1) continue
        needed[p] = 1
        queue.push(p)
      }
    }
  }
  return ops.filter((_, i) => keep[i] === 1)
}
