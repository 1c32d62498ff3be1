import { conjuncts, freeSlots, type RCond, type RNum, type RTerm, type RVar } from './ast'
import type { State } from './state'

/** A compiled condition: reads the state and the variable environment, never writes. */
export type Cond = (st: State, env: Int32Array) => boolean
export type Num = (st: State, env: Int32Array) => number
/** Reads one term: a constant entity or a variable slot. */
export type TermFn = (env: Int32Array) => number

export function termFn(t: RTerm): TermFn {
  if (t >= 0) return () => t
  const slot = -1 - t
  return (env) => env[slot]!
}

const TRUE: Cond = () => true
const FALSE: Cond = () => false

export function compileCond(c: RCond): Cond {
  switch (c.k) {
    case 'true':
      return TRUE
    case 'false':
      return FALSE
    case 'fact':
      return factCond(c.pred, c.args)
    case 'not': {
      const inner = compileCond(c.c)
      return (st, env) => !inner(st, env)
    }
    case 'all': {
      const cs = c.cs.map(compileCond)
      if (cs.length === 2) {
        const [a, b] = cs as [Cond, Cond]
        return (st, env) => a(st, env) && b(st, env)
      }
      return (st, env) => {
        for (let i = 0; i < cs.length; i++) if (!cs[i]!(st, env)) return false
        return true
      }
    }
    case 'any': {
      const cs = c.cs.map(compileCond)
      return (st, env) => {
        for (let i = 0; i < cs.length; i++) if (cs[i]!(st, env)) return true
        return false
      }
    }
    case 'eq': {
      const a = termFn(c.a)
      const b = termFn(c.b)
      return (_st, env) => a(env) === b(env)
    }
    case 'is': {
      const a = termFn(c.a)
      const type = c.type
      return (st, env) => st.ents.isA(a(env), type)
    }
    case 'cmp': {
      const l = compileNum(c.l)
      const r = compileNum(c.r)
      switch (c.op) {
        case '<':
          return (st, env) => l(st, env) < r(st, env)
        case '<=':
          return (st, env) => l(st, env) <= r(st, env)
        case '=':
          return (st, env) => l(st, env) === r(st, env)
        case '!=':
          return (st, env) => l(st, env) !== r(st, env)
        case '>=':
          return (st, env) => l(st, env) >= r(st, env)
        default:
          return (st, env) => l(st, env) > r(st, env)
      }
    }
    case 'exists':
    case 'forall': {
      if (c.k === 'exists' && c.vars.length === 1) {
        const split = splitExists(c.vars[0]!, c.where)
        if (split) return split
      }
      if (c.k === 'exists' && c.vars.length > 1) {
        const nested = nestExists(c.vars, c.where)
        if (nested) return compileCond(nested)
      }
      const where = compileCond(c.where)
      const want = c.k === 'exists'
      const found = forEachBinding(c.vars, (st, env) => where(st, env) === want)
      // exists: some binding satisfies; forall: no binding falsifies.
      return want ? found : (st, env) => !found(st, env)
    }
  }
}

function factCond(pred: number, args: readonly RTerm[]): Cond {
  const n = args.length
  if (n === 0) {
    return (st) => {
      const id = st.table.num.get(pred)
      return id !== undefined && st.facts[id] === 1
    }
  }
  if (n === 1) {
    const a = args[0]!
    if (a >= 0) return (st) => st.facts[st.table.lookup1(pred, a)] === 1
    const s = -1 - a
    return (st, env) => st.facts[st.table.lookup1(pred, env[s]!)] === 1
  }
  if (n === 2) {
    const [a, b] = args as [RTerm, RTerm]
    if (a < 0 && b < 0) {
      const sa = -1 - a
      const sb = -1 - b
      return (st, env) => st.facts[st.table.lookup2(pred, env[sa]!, env[sb]!)] === 1
    }
    const fa = termFn(a)
    const fb = termFn(b)
    return (st, env) => st.facts[st.table.lookup2(pred, fa(env), fb(env))] === 1
  }
  if (n === 3) {
    // A slot, or -1 for a constant term.
    const [a, b, c] = args as [RTerm, RTerm, RTerm]
    const sa = a < 0 ? -1 - a : -1
    const sb = b < 0 ? -1 - b : -1
    const sc = c < 0 ? -1 - c : -1
    return (st, env) =>
      st.facts[
        st.table.lookup3(pred, sa < 0 ? a : env[sa]!, sb < 0 ? b : env[sb]!, sc < 0 ? c : env[sc]!)
      ] === 1
  }
  const fns = args.map(termFn)
  const buf = new Int32Array(n)
  return (st, env) => {
    for (let i = 0; i < n; i++) buf[i] = fns[i]!(env)
    return st.facts[st.table.lookup(pred, buf)] === 1
  }
}

/**
 * A condition that is true when `body` returns true for some binding of `vars` (their
 * domains are the alive entities of their types, in index order).
 */
export function forEachBinding(vars: readonly RVar[], body: Cond): Cond {
  if (vars.length === 1) {
    const { slot, type } = vars[0]!
    return (st, env) => {
      const dom = st.ents.domain(type)
      for (let i = 0; i < dom.length; i++) {
        env[slot] = dom[i]!
        if (body(st, env)) return true
      }
      return false
    }
  }
  const rec = (depth: number, st: State, env: Int32Array): boolean => {
    if (depth === vars.length) return body(st, env)
    const { slot, type } = vars[depth]!
    const dom = st.ents.domain(type)
    for (let i = 0; i < dom.length; i++) {
      env[slot] = dom[i]!
      if (rec(depth + 1, st, env)) return true
    }
    return false
  }
  return (st, env) => rec(0, st, env)
}

export function compileNum(n: RNum): Num {
  switch (n.k) {
    case 'const': {
      const v = n.v
      return () => v
    }
    case 'attr': {
      const t = termFn(n.term)
      const attr = n.attr
      return (st, env) => st.attr(t(env), attr)
    }
    case 'count': {
      const where = compileCond(n.where)
      let count = 0
      const visit = forEachBinding(n.vars, (st, env) => {
        if (where(st, env)) count++
        return false
      })
      return (st, env) => {
        const outer = count
        count = 0
        visit(st, env)
        const result = count
        count = outer
        return result
      }
    }
    default: {
      const a = compileNum(n.a)
      const b = compileNum(n.b)
      if (n.k === 'add') return (st, env) => a(st, env) + b(st, env)
      if (n.k === 'sub') return (st, env) => a(st, env) - b(st, env)
      if (n.k === 'mul') return (st, env) => a(st, env) * b(st, env)
      return (st, env) => {
        const d = b(st, env)
        return d === 0 ? 0 : a(st, env) / d
      }
    }
  }
}

/**
 * `exists x, y: at(x) ∧ exit(x, ?d, y)` as `exists x: at(x) ∧ (exists y: exit(x, ?d, y))`:
 * the conjuncts that read one of the variables (and none of the others) are tested once per
 * value of it, not once per binding of them all, and the outer `exists` can then keep its
 * candidates (see splitExists). Conditions only read, so the order of the bindings cannot
 * change the answer; the variables' slots are not read outside the quantifier. The variable
 * with the most such conjuncts goes out; null when none has any.
 */
function nestExists(vars: readonly RVar[], where: RCond): RCond | null {
  const parts = conjuncts(where)
  const bound = new Set(vars.map((v) => v.slot))
  // Per conjunct: the one quantified variable it reads, -1 for none, -2 for several.
  const owner = parts.map((p) => {
    let found = -1
    for (const s of freeSlots(p)) {
      if (!bound.has(s)) continue
      if (found !== -1) return -2
      found = s
    }
    return found
  })
  let best = -1
  let bestCount = 0
  for (const v of vars) {
    let count = 0
    for (const o of owner) if (o === v.slot) count++
    if (count > bestCount) {
      best = v.slot
      bestCount = count
    }
  }
  if (best === -1) return null
  const outer: RCond[] = []
  const inner: RCond[] = []
  parts.forEach((p, i) => {
    if (owner[i] === best || owner[i] === -1) outer.push(p)
    else inner.push(p)
  })
  const others = vars.filter((v) => v.slot !== best)
  // Kept when empty too: the other variables must still have a binding.
  outer.push({
    k: 'exists',
    vars: others,
    where: inner.length === 1 ? inner[0]! : { k: 'all', cs: inner },
  })
  return { k: 'exists', vars: vars.filter((v) => v.slot === best), where: { k: 'all', cs: outer } }
}

/**
 * `exists x: at(x) ∧ in(?o, x)` tested for many ?o: the conjuncts that read only x pick the
 * same candidates every time, so they are computed once per state version and the loop
 * runs over the candidates alone.
 */
function splitExists(v: RVar, where: RCond): Cond | null {
  const parts = conjuncts(where)
  const own: RCond[] = []
  const rest: RCond[] = []
  for (const p of parts) {
    const free = freeSlots(p)
    if (free.size === 0 || (free.size === 1 && free.has(v.slot))) own.push(p)
    else rest.push(p)
  }
  if (own.length === 0 || rest.length === 0) return null
  const ownTest = compileCond(own.length === 1 ? own[0]! : { k: 'all', cs: own })
  const restTest = compileCond(rest.length === 1 ? rest[0]! : { k: 'all', cs: rest })
  const { slot, type } = v
  let cachedState: State | null = null
  let cachedVersion = -1
  let candidates = new Int32Array(8)
  let count = 0
  return (st, env) => {
    if (st !== cachedState || st.version !== cachedVersion) {
      const dom = st.ents.domain(type)
      if (candidates.length < dom.length) candidates = new Int32Array(dom.length)
      count = 0
      const saved = env[slot]!
      for (let i = 0; i < dom.length; i++) {
        env[slot] = dom[i]!
        if (ownTest(st, env)) candidates[count++] = dom[i]!
      }
      env[slot] = saved
      cachedState = st
      cachedVersion = st.version
    }
    for (let i = 0; i < count; i++) {
      env[slot] = candidates[i]!
      if (restTest(st, env)) return true
    }
    return false
  }
}
