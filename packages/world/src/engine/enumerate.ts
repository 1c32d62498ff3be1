import { conjuncts, freeSlots, type RCond, type RVar } from './ast'
import { type Cond, compileCond } from './conditions'
import type { State } from './state'

/**
 * How to bind an action's params so that each precondition conjunct is tested as soon as its
 * variables are bound: `take ?o ?r` with `at ?r` binds ?r first and prunes 19 of 20 places
 * before ?o is tried.
 */
export interface BindingPlan {
  readonly params: readonly RVar[]
  /** Param positions in binding order. */
  readonly order: readonly number[]
  /** Tests to run before anything is bound. */
  readonly ground: readonly Cond[]
  /** filters[d]: tests that become decidable once order[0..d] are bound. */
  readonly filters: readonly (readonly Cond[])[]
}

/**
 * `declared` binds the params in their declared order (so bindings are visited in the order
 * of a plain nested loop, first param outermost); otherwise the param that lets the most
 * conjuncts be tested goes first. `facts` counts a fact conjunct twice in that choice (a
 * fact is true of few bindings, a comparison or a negation of most): for a caller that does
 * not depend on the order bindings come in (a process's matches are sorted after), since it
 * changes that order.
 */
export function planBindings(
  params: readonly RVar[],
  pre: RCond,
  keep?: (c: RCond) => boolean,
  declared = false,
  facts = false,
): BindingPlan {
  if (keep !== undefined || declared)
    return makePlan(params, pre, keep ?? (() => true), declared, facts)
  // Every engine plans every action's bindings when it is made; a compiled world is
  // immutable, so the plan of a precondition (tests all kept, best order) is made once.
  let known = defaultPlans.get(pre)
  if (known === undefined || known.params !== params) {
    known = makePlan(params, pre, () => true, false)
    defaultPlans.set(pre, known)
  }
  return known
}

const defaultPlans = new WeakMap<RCond, BindingPlan>()

function makePlan(
  params: readonly RVar[],
  pre: RCond,
  keep: (c: RCond) => boolean,
  declared: boolean,
  facts = false,
): BindingPlan {
  const parts = conjuncts(pre).filter(keep)
  const needs = parts.map((c) => freeSlots(c))
  const slotToParam = new Map(params.map((p, i) => [p.slot, i]))
  const needParams = needs.map((s) => new Set([...s].map((slot) => slotToParam.get(slot) ?? -1)))
  const placed = new Array<boolean>(parts.length).fill(false)
  const bound = new Set<number>()
  const order: number[] = []
  const filters: Cond[][] = []
  const ground: Cond[] = []
  parts.forEach((c, i) => {
    if (needParams[i]!.size === 0) {
      ground.push(compileCond(c))
      placed[i] = true
    }
  })
  while (order.length < params.length) {
    let best = -1
    let bestScore = -1
    for (let p = 0; p < params.length; p++) {
      if (bound.has(p)) continue
      if (declared) {
        best = p
        break
      }
      let score = 0
      parts.forEach((_, i) => {
        if (placed[i]) return
        const need = needParams[i]!
        if ([...need].every((q) => q === p || bound.has(q)))
          score += facts && parts[i]!.k === 'fact' ? 2 : 1
      })
      if (score > bestScore) {
        best = p
        bestScore = score
      }
    }
    bound.add(best)
    order.push(best)
    const now: Cond[] = []
    parts.forEach((c, i) => {
      if (placed[i]) return
      if ([...needParams[i]!].every((q) => bound.has(q))) {
        now.push(compileCond(c))
        placed[i] = true
      }
    })
    filters.push(now)
  }
  return { params, order, ground, filters }
}

/**
 * Visits every binding of the params (in env) that passes all planned tests. `tick`, when
 * given, is called for every value tried, so a budget can stop an enumeration that explodes.
 */
export function enumerateBindings(
  plan: BindingPlan,
  st: State,
  env: Int32Array,
  visit: () => void,
  tick?: () => void,
): void {
  for (const g of plan.ground) if (!g(st, env)) return
  bindFrom(plan, st, env, visit, 0, tick)
}

function bindFrom(
  plan: BindingPlan,
  st: State,
  env: Int32Array,
  visit: () => void,
  depth: number,
  tick: (() => void) | undefined,
): void {
  if (depth === plan.order.length) {
    visit()
    return
  }
  const param = plan.params[plan.order[depth]!]!
  const dom = st.ents.domain(param.type)
  const tests = plan.filters[depth]!
  const slot = param.slot
  outer: for (let i = 0; i < dom.length; i++) {
    env[slot] = dom[i]!
    tick?.()
    for (let t = 0; t < tests.length; t++) if (!tests[t]!(st, env)) continue outer
    bindFrom(plan, st, env, visit, depth + 1, tick)
  }
}
