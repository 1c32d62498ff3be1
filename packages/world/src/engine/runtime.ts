import type { RCond, RVar } from './ast'
import { type Applied, applyChanges, type Changes } from './effects'
import { type BindingPlan, enumerateBindings, planBindings } from './enumerate'
import { EntitySet, FactTable, State } from './state'
import type { CompiledAction, CompiledWorld } from './world'

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
  for (const f of world.initialFacts) st.set(table.intern(f[0]!, f.slice(1)), 1)
  recomputeDerived(world, st, new Int32Array(world.envSize))
  return st
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
  const { table } = st
  st.version++
  for (const p of world.derivedPreds) {
    const ids = table.byPred[p]!
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!
      if (id < st.facts.length) st.facts[id] = 0
    }
  }
  const args: number[] = []
  const again = recursive(world)
  for (let pass = 0; pass < 1000; pass++) {
    let added = false
    for (const rule of world.derived) {
      // Pruned in declared order, so bindings are visited in the same order as by
      // forBindings; the whole test still runs at the leaf, as a rule may see facts added
      // earlier in this pass.
      enumerateBindings(bindingPlan(rule.params, rule.when, true), st, env, () => {
        if (!rule.test(st, env)) return
        args.length = 0
        for (const v of rule.params) args.push(env[v.slot]!)
        const id = table.intern(rule.pred, args)
        if (st.facts[id] !== 1) {
          st.set(id, 1)
          added = true
        }
      })
    }
    if (!added || !again) return
  }
}

const recursiveCache = new WeakMap<CompiledWorld, boolean>()

/** Whether some rule reads a derived predicate (then passes repeat until a fixpoint). */
function recursive(world: CompiledWorld): boolean {
  let r = recursiveCache.get(world)
  if (r === undefined) {
    r = [...world.derivedDeps].some((p) => world.derivedPreds.has(p))
    recursiveCache.set(world, r)
  }
  return r
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
 * see the state before that process's effects), then refreshes derived facts. `onFire` sees
 * each firing binding after its process's effects were applied.
 */
export function runProcesses(
  world: CompiledWorld,
  st: State,
  env: Int32Array,
  ch: Changes,
  dirty: Uint8Array,
  onFire: ((process: number, env: Int32Array) => void) | null,
): void {
  world.processes.forEach((process, index) => {
    ch.clear()
    const fired: Int32Array[] = []
    forMatches(bindingPlan(process.params, process.when, false), st, env, () => {
      if (!process.test(st, env)) return
      process.effect(st, env, ch)
      if (onFire) fired.push(env.slice(0, process.envSize))
    })
    if (!ch.empty) {
      const applied = applyChanges(st, ch, world.createContext, dirty)
      refreshDerived(world, st, env, dirty, applied)
    }
    if (onFire) {
      for (const binding of fired) {
        env.set(binding)
        onFire(index, env)
      }
    }
  })
}

/** Binding plans of process and rule conditions, made once per compiled condition. */
const plans = new WeakMap<RCond, BindingPlan>()

function bindingPlan(params: readonly RVar[], when: RCond, declared: boolean): BindingPlan {
  let plan = plans.get(when)
  if (!plan) {
    plan = planBindings(params, when, () => true, declared)
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
  const found: number[] = []
  enumerateBindings(plan, st, env, () => {
    for (let i = 0; i < n; i++) found.push(env[params[i]!.slot]!)
  })
  const count = found.length / n
  if (count === 0) return
  if (count === 1) {
    for (let i = 0; i < n; i++) env[params[i]!.slot] = found[i]!
    visit()
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
