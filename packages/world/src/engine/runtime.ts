import { condDeps, type RCond, type RVar } from './ast'
import { type Applied, applyChanges, type Changes } from './effects'
import { type BindingPlan, enumerateBindings, planBindings } from './enumerate'
import { EntitySet, FactTable, State } from './state'
import type { CompiledAction, CompiledDerived, CompiledProcess, CompiledWorld } from './world'

/**
 * The semantics of a world, shared by the engine and the planner so that both agree on
 * every transition: derived facts, action effects and processes.
 */

/** A fresh fact table sized for a world. */
export function factTable(world: CompiledWorld): FactTable {
  return new FactTable(
    world.predicates.map((p) => p.params.length),
    world.entities.length,
  )
}

const staticSets = new WeakMap<CompiledWorld, EntitySet>()

/** The spec's entities, all alive; shared (it is immutable) so its caches outlive resets. */
export function staticEntities(world: CompiledWorld): EntitySet {
  let ents = staticSets.get(world)
  if (!ents) {
    const alive = new Uint8Array(world.entities.length).fill(1)
    ents = new EntitySet(
      world.entities,
      alive,
      world.subtype,
      world.types.length,
      world.entities.length,
    )
    staticSets.set(world, ents)
  }
  return ents
}

/** The state described by the spec, derived facts included. */
export function initialState(world: CompiledWorld, table = factTable(world)): State {
  const ents = staticEntities(world)
  const st = new State(
    table,
    new Uint8Array(64),
    world.initialAttrs.slice(),
    ents,
    world.attributes.length,
  )
  const args: number[] = []
  for (const f of world.initialFacts) {
    args.length = 0
    for (let i = 1; i < f.length; i++) args.push(f[i]!)
    st.set(table.intern(f[0]!, args), 1)
  }
  recomputeDerived(world, st, new Int32Array(world.envSize))
  return st
}

/**
 * Initial states made for a look and then left (the validator tests the goal on one), kept
 * for the first engine of the world to take over: the state of a new world is then built
 * once, not once to check it and again to play it.
 */
const spareStarts = new WeakMap<CompiledWorld, State>()

/** Leaves a state made by `initialState(world)` for `takeInitialState`; it must not change. */
export function leaveInitialState(world: CompiledWorld, st: State): void {
  spareStarts.set(world, st)
}

/** `initialState(world)`, taking over a state `leaveInitialState` left when there is one. */
export function takeInitialState(world: CompiledWorld): State {
  const spare = spareStarts.get(world)
  if (spare === undefined) return initialState(world)
  spareStarts.delete(world)
  return spare
}

/**
 * A copy of each world's initial state, on a copy of its fact table, as `initialState` made
 * it: building one interns every initial fact and derives the rest, which a copy of the table
 * and the facts skips (an episode makes several engines of its world).
 */
const startCopies = new WeakMap<CompiledWorld, State>()

/** `takeInitialState(world)` on a fact table of its own: the same ids, facts and attributes. */
export function newInitialState(world: CompiledWorld): State {
  const known = startCopies.get(world)
  if (known !== undefined) return copyState(known)
  const st = takeInitialState(world)
  startCopies.set(world, copyState(st))
  return st
}

function copyState(st: State): State {
  return new State(st.table.clone(), st.facts.slice(), st.attrs.slice(), st.ents, st.nAttrs)
}

/** Calls `visit` for every binding of `vars` (entity index order), the first var outermost. */
export function forBindings(
  vars: readonly RVar[],
  st: State,
  env: Int32Array,
  visit: () => void,
  depth = 0,
): void {
  if (depth === vars.length) {
    visit()
    return
  }
  const { slot, type } = vars[depth]!
  const dom = st.ents.domain(type)
  for (let i = 0; i < dom.length; i++) {
    env[slot] = dom[i]!
    forBindings(vars, st, env, visit, depth + 1)
  }
}

/**
 * Derived facts: cleared, then every rule in order over its bindings, repeated until nothing
 * new is added (so recursive rules reach their fixpoint). Later rules see earlier results.
 */
export function recomputeDerived(world: CompiledWorld, st: State, env: Int32Array): void {
  if (world.derived.length === 0) return
  const order = derivedOrder(world)
  st.version++
  clearDerived(world.derivedPreds, st)
  // In stratified order a second pass would read exactly what the first read and add nothing.
  const passes = order.stratified ? 1 : 1000
  for (let pass = 0; pass < passes; pass++) {
    let added = false
    for (const rule of world.derived) if (deriveRule(rule, st, env, order.stratified)) added = true
    if (!added || !order.recursive) return
  }
}

/**
 * Sets every fact of a rule that holds; whether one was new. `quiet` (a rule that does not
 * read its own predicate) bumps the state version once after the rule instead of at every
 * fact: nothing the rule reads changes while it runs, so caches keyed by the version (the
 * candidates of a split `exists`) stay valid until it ends.
 */
function deriveRule(rule: CompiledDerived, st: State, env: Int32Array, quiet = false): boolean {
  // The rule being derived lives in module state, so that no closure is made per call: a
  // rule's test never derives, so calls do not nest.
  derivingRule = rule
  derivingState = st
  derivingEnv = env
  derivingQuiet = quiet
  derivingAdded = false
  // Pruned in declared order, so bindings are visited in the same order as by forBindings;
  // unless quiet, the whole test runs again at the leaf, as a rule may see facts added
  // earlier in the pass.
  enumerateBindings(bindingPlan(rule.params, rule.when, true), st, env, deriveBinding)
  const added = derivingAdded
  derivingRule = null
  derivingState = null
  derivingEnv = null
  if (added) st.version++
  return added
}

let derivingRule: CompiledDerived | null = null
let derivingState: State | null = null
let derivingEnv: Int32Array | null = null
let derivingQuiet = false
let derivingAdded = false

function deriveBinding(): void {
  const rule = derivingRule!
  const st = derivingState!
  const env = derivingEnv!
  // The plan tested every conjunct of the rule on its way here. A quiet rule reads nothing it
  // writes, so they still hold; any other may read facts added since (see deriveRule).
  if (!derivingQuiet && !rule.test(st, env)) return
  const args = ruleArgs
  const params = rule.params
  if (args.length !== params.length) {
    args.length = 0
    for (let i = 0; i < params.length; i++) args.push(0)
  }
  for (let i = 0; i < params.length; i++) args[i] = env[params[i]!.slot]!
  const id = st.table.intern(rule.pred, args)
  if (st.facts[id] !== 1) {
    if (derivingQuiet && id < st.facts.length) st.facts[id] = 1
    else st.set(id, 1)
    derivingAdded = true
  }
}

const ruleArgs: number[] = []

function clearDerived(preds: Iterable<number>, st: State): void {
  for (const p of preds) clearPred(p, st)
}

function clearPred(p: number, st: State): void {
  const ids = st.table.byPred[p]!
  const facts = st.facts
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!
    if (id < facts.length) facts[id] = 0
  }
}

/** How a world's derived rules depend on each other. */
interface DerivedOrder {
  /** Some rule reads a derived predicate (then passes repeat until a fixpoint). */
  readonly recursive: boolean
  /**
   * Every rule reads only derived predicates whose rules all come before it: one pass in
   * order is the fixpoint, and a predicate whose inputs did not change keeps its facts.
   */
  readonly stratified: boolean
  /** Per rule: the predicates it reads, and whether it reads attributes. */
  readonly reads: readonly (readonly number[])[]
  readonly readsAttrs: readonly boolean[]
}

const orderCache = new WeakMap<CompiledWorld, DerivedOrder>()

/** What a rule reads, by its condition: worlds share compiled rules (see compile's `shared`). */
const readsCache = new WeakMap<RCond, { preds: number[]; attrs: boolean }>()

function ruleReads(rule: CompiledDerived): { preds: number[]; attrs: boolean } {
  let known = readsCache.get(rule.when)
  if (known === undefined) {
    const deps = condDeps(rule.when)
    known = { preds: [...deps.preds], attrs: deps.attrs }
    readsCache.set(rule.when, known)
  }
  return known
}

function derivedOrder(world: CompiledWorld): DerivedOrder {
  let order = orderCache.get(world)
  if (order) return order
  const lastRule = new Map<number, number>()
  world.derived.forEach((rule, i) => {
    lastRule.set(rule.pred, i)
  })
  const reads: number[][] = []
  const readsAttrs: boolean[] = []
  let stratified = true
  world.derived.forEach((rule, i) => {
    const deps = ruleReads(rule)
    reads.push(deps.preds)
    readsAttrs.push(deps.attrs)
    for (const p of deps.preds) if ((lastRule.get(p) ?? -1) >= i) stratified = false
  })
  const recursive = [...world.derivedDeps].some((p) => world.derivedPreds.has(p))
  order = { recursive, stratified, reads, readsAttrs }
  orderCache.set(world, order)
  return order
}

/** Recomputes derived facts when something they read changed; marks them dirty then. */
export function refreshDerived(
  world: CompiledWorld,
  st: State,
  env: Int32Array,
  dirty: Uint8Array,
  applied: Applied,
): void {
  if (world.derived.length === 0) return
  let needed = applied.entities || (applied.attrs && world.derivedReadAttrs)
  if (!needed) for (const p of world.derivedDeps) if (dirty[p] === 1) needed = true
  if (!needed) return
  recomputeDerived(world, st, env)
  for (const p of world.derivedPreds) dirty[p] = 1
}

/**
 * The planner's refresh: with stratified rules it recomputes only the derived predicates
 * whose inputs are in `dirty` (directly or through another recomputed predicate), which
 * leaves every fact as a full recomputation would, provided the derived facts agreed with
 * the base facts before this change (states the planner makes from a recomputed root do).
 * It consumes `dirty`: the bits it read are cleared, so the next change starts afresh.
 */
export function refreshDerivedChanged(
  world: CompiledWorld,
  st: State,
  env: Int32Array,
  dirty: Uint8Array,
  applied: Applied,
): void {
  refreshDerivedOf(world, st, env, dirty, applied)
  dirty.fill(0)
}

/**
 * `refreshDerivedChanged` without consuming `dirty`: the recomputed predicates are marked in
 * it instead (as `refreshDerived` marks every derived predicate), so that it says what the
 * change touched. A rule whose inputs did not change would derive the facts it derived
 * before, all interned already, so new facts get the ids a full recomputation gives them.
 */
export function refreshDerivedOf(
  world: CompiledWorld,
  st: State,
  env: Int32Array,
  dirty: Uint8Array,
  applied: Applied,
): void {
  const rules = world.derived
  if (rules.length === 0) return
  const order = derivedOrder(world)
  if (!order.stratified || applied.entities) {
    refreshDerived(world, st, env, dirty, applied)
    return
  }
  const redo = redoScratch(world)
  redo.fill(0)
  let any = false
  for (let i = 0; i < rules.length; i++) {
    const pred = rules[i]!.pred
    if (redo[pred] === 1) continue
    let hit = applied.attrs && order.readsAttrs[i]!
    const reads = order.reads[i]!
    for (let k = 0; k < reads.length && !hit; k++)
      if (dirty[reads[k]!] === 1 || redo[reads[k]!] === 1) hit = true
    if (hit) {
      redo[pred] = 1
      any = true
    }
  }
  if (!any) return
  st.version++
  for (const p of world.derivedPreds) {
    if (redo[p] !== 1) continue
    clearPred(p, st)
    dirty[p] = 1
  }
  for (let i = 0; i < rules.length; i++)
    if (redo[rules[i]!.pred] === 1) deriveRule(rules[i]!, st, env, true)
}

const redoCache = new WeakMap<CompiledWorld, Uint8Array>()

function redoScratch(world: CompiledWorld): Uint8Array {
  let redo = redoCache.get(world)
  if (!redo) {
    redo = new Uint8Array(world.predicates.length)
    redoCache.set(world, redo)
  }
  return redo
}

/** Index of the first check that fails with the params in env[0..arity), or -1. */
export function firstFailingCheck(action: CompiledAction, st: State, env: Int32Array): number {
  const checks = action.checks
  for (let i = 0; i < checks.length; i++) if (!checks[i]!.test(st, env)) return i
  return -1
}

/** Applies an action's effects (params in env); the caller checked its preconditions. */
export function applyAction(
  world: CompiledWorld,
  action: CompiledAction,
  st: State,
  env: Int32Array,
  ch: Changes,
  dirty: Uint8Array,
): Applied {
  ch.clear()
  action.effect(st, env, ch)
  if (ch.empty) return { changed: 0, entities: false, attrs: false }
  return applyChanges(st, ch, world.createContext, dirty)
}

/**
 * Runs every process once per binding where its condition holds (all bindings of a process
 * see the state before that process's effects), then refreshes derived facts (with `refresh`:
 * the planner passes `refreshDerivedChanged`). `onFire` sees each firing binding after its
 * process's effects were applied.
 */
export function runProcesses(
  world: CompiledWorld,
  st: State,
  env: Int32Array,
  ch: Changes,
  dirty: Uint8Array,
  onFire: ((process: number, env: Int32Array) => void) | null,
  refresh: typeof refreshDerived = refreshDerived,
): void {
  const processes = world.processes
  const plans = processPlans(world)
  // Firing bindings, envSize numbers each; taken while in use (onFire may step an engine).
  const fired = onFire ? (spareFired ?? []) : null
  if (onFire) spareFired = null
  try {
    for (let index = 0; index < processes.length; index++) {
      const process = processes[index]!
      ch.clear()
      if (fired !== null && fired.length !== 0) fired.length = 0
      firedCount = 0
      firing = process
      firingState = st
      firingEnv = env
      firingChanges = ch
      firingOut = fired
      try {
        forMatches(plans[index]!, st, env, fireBinding)
      } finally {
        firing = null
        firingState = null
        firingEnv = null
        firingChanges = null
        firingOut = null
      }
      if (!ch.empty) {
        const applied = applyChanges(st, ch, world.createContext, dirty)
        refresh(world, st, env, dirty, applied)
      }
      if (onFire && fired !== null) {
        const n = process.envSize
        const count = firedCount
        for (let k = 0; k < count; k++) {
          for (let i = 0; i < n; i++) env[i] = fired[k * n + i]!
          onFire(index, env)
        }
      }
    }
  } finally {
    if (fired !== null) spareFired = fired
  }
}

// The process whose bindings forMatches visits, in module state so that no closure is made
// per process and step: a process's test and effects never run processes.
let firing: CompiledProcess | null = null
let firingState: State | null = null
let firingEnv: Int32Array | null = null
let firingChanges: Changes | null = null
let firingOut: number[] | null = null
let spareFired: number[] | null = null
let firedCount = 0

function fireBinding(): void {
  const process = firing!
  const st = firingState!
  const env = firingEnv!
  if (!process.test(st, env)) return
  process.effect(st, env, firingChanges!)
  firedCount++
  const out = firingOut
  if (out !== null) for (let i = 0; i < process.envSize; i++) out.push(env[i]!)
}

const processPlanCache = new WeakMap<CompiledWorld, readonly BindingPlan[]>()

/** The binding plan of each process's condition, in process order. */
function processPlans(world: CompiledWorld): readonly BindingPlan[] {
  let plans = processPlanCache.get(world)
  if (!plans) {
    // Matches are sorted (see forMatches), so the plan may bind the params in any order.
    plans = world.processes.map((p) => bindingPlan(p.params, p.when, false, true))
    processPlanCache.set(world, plans)
  }
  return plans
}

/** Binding plans of process and rule conditions, made once per compiled condition. */
const plans = new WeakMap<RCond, BindingPlan>()

function bindingPlan(
  params: readonly RVar[],
  when: RCond,
  declared: boolean,
  facts = false,
): BindingPlan {
  let plan = plans.get(when)
  if (!plan) {
    plan = planBindings(params, when, () => true, declared, facts)
    plans.set(when, plan)
  }
  return plan
}

/**
 * `forBindings` restricted to the bindings that pass every conjunct of the plan, visited in
 * forBindings' order (first param outermost, entity index order) whatever order the plan
 * binds them in: matches are collected, then sorted. The state must not change while the
 * matches are collected (a process's effects go to a change set first).
 */
function forMatches(plan: BindingPlan, st: State, env: Int32Array, visit: () => void): void {
  const { params } = plan
  const n = params.length
  if (n === 0) {
    enumerateBindings(plan, st, env, visit)
    return
  }
  // Matches go to a shared list (no condition runs a process): the list is taken while in use.
  const found = spareFound ?? []
  spareFound = null
  if (found.length !== 0) found.length = 0
  enumerateBindings(plan, st, env, () => {
    for (let i = 0; i < n; i++) found.push(env[params[i]!.slot]!)
  })
  try {
    visitMatches(found, params, env, visit)
  } finally {
    spareFound = found
  }
}

let spareFound: number[] | null = null

function visitMatches(
  found: readonly number[],
  params: readonly RVar[],
  env: Int32Array,
  visit: () => void,
): void {
  const n = params.length
  const count = found.length / n
  if (count === 0) return
  if (count === 1) {
    for (let i = 0; i < n; i++) env[params[i]!.slot] = found[i]!
    visit()
    return
  }
  let sorted = true
  for (let m = 1; m < count && sorted; m++) {
    for (let i = 0; i < n; i++) {
      const d = found[m * n + i]! - found[(m - 1) * n + i]!
      if (d > 0) break
      if (d < 0 || i === n - 1) sorted = false
    }
  }
  if (sorted) {
    // Bound in declared order already (the usual plan): no sort needed.
    for (let m = 0; m < count; m++) {
      for (let i = 0; i < n; i++) env[params[i]!.slot] = found[m * n + i]!
      visit()
    }
    return
  }
  const order = Array.from({ length: count }, (_, i) => i)
  order.sort((a, b) => {
    for (let i = 0; i < n; i++) {
      const d = found[a * n + i]! - found[b * n + i]!
      if (d !== 0) return d
    }
    return 0
  })
  for (const m of order) {
    for (let i = 0; i < n; i++) env[params[i]!.slot] = found[m * n + i]!
    visit()
  }
}
