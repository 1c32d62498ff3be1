import type { CompareOp } from '../spec'

/**
 * Resolved forms of the spec's conditions, numbers and effects: names are replaced by
 * indices. A term is an entity index when ≥ 0 and variable slot `-1 - t` when < 0.
 */
export type RTerm = number

export const slotTerm = (slot: number): RTerm => -1 - slot
export const termSlot = (term: RTerm): number => -1 - term

export interface RVar {
  readonly slot: number
  readonly type: number
}

export type RCond =
  | { readonly k: 'true' }
  | { readonly k: 'false' }
  | { readonly k: 'fact'; readonly pred: number; readonly args: readonly RTerm[] }
  | { readonly k: 'not'; readonly c: RCond }
  | { readonly k: 'all'; readonly cs: readonly RCond[] }
  | { readonly k: 'any'; readonly cs: readonly RCond[] }
  | { readonly k: 'eq'; readonly a: RTerm; readonly b: RTerm }
  | { readonly k: 'is'; readonly a: RTerm; readonly type: number }
  | { readonly k: 'cmp'; readonly l: RNum; readonly op: CompareOp; readonly r: RNum }
  | { readonly k: 'exists' | 'forall'; readonly vars: readonly RVar[]; readonly where: RCond }

export type RNum =
  | { readonly k: 'const'; readonly v: number }
  | { readonly k: 'attr'; readonly attr: number; readonly term: RTerm }
  | { readonly k: 'add' | 'sub' | 'mul' | 'div'; readonly a: RNum; readonly b: RNum }
  | { readonly k: 'count'; readonly vars: readonly RVar[]; readonly where: RCond }

export interface RAtom {
  readonly pred: number
  readonly args: readonly RTerm[]
}

export type REffect =
  | { readonly k: 'add' | 'del'; readonly atom: RAtom }
  | {
      readonly k: 'set' | 'inc' | 'dec'
      readonly attr: number
      readonly term: RTerm
      readonly value: RNum
    }
  | {
      readonly k: 'when'
      readonly c: RCond
      readonly yes: readonly REffect[]
      readonly no: readonly REffect[]
    }
  | {
      readonly k: 'forall'
      readonly vars: readonly RVar[]
      readonly where: RCond
      readonly do: readonly REffect[]
    }
  | {
      readonly k: 'create'
      readonly slot: number
      readonly type: number
      readonly name: string
      readonly article: string | undefined
      readonly facts: readonly RAtom[]
      readonly attrs: readonly { readonly attr: number; readonly value: RNum }[]
    }
  | { readonly k: 'destroy'; readonly term: RTerm }

/** Predicates a condition reads, and whether it reads attributes. */
export interface Deps {
  readonly preds: ReadonlySet<number>
  readonly attrs: boolean
}

export function condDeps(cond: RCond, preds = new Set<number>(), flags = { attrs: false }): Deps {
  walkCond(cond, preds, flags)
  return { preds, attrs: flags.attrs }
}

function walkCond(c: RCond, preds: Set<number>, flags: { attrs: boolean }): void {
  switch (c.k) {
    case 'fact':
      preds.add(c.pred)
      return
    case 'not':
      walkCond(c.c, preds, flags)
      return
    case 'all':
    case 'any':
      for (const x of c.cs) walkCond(x, preds, flags)
      return
    case 'exists':
    case 'forall':
      walkCond(c.where, preds, flags)
      return
    case 'cmp':
      walkNum(c.l, preds, flags)
      walkNum(c.r, preds, flags)
      return
    default:
      return
  }
}

function walkNum(n: RNum, preds: Set<number>, flags: { attrs: boolean }): void {
  switch (n.k) {
    case 'attr':
      flags.attrs = true
      return
    case 'count':
      walkCond(n.where, preds, flags)
      return
    case 'const':
      return
    default:
      walkNum(n.a, preds, flags)
      walkNum(n.b, preds, flags)
  }
}

/** Predicates an effect list may change (added or deleted). */
export function effectPreds(effects: readonly REffect[], out = new Set<number>()): Set<number> {
  for (const e of effects) {
    switch (e.k) {
      case 'add':
      case 'del':
        out.add(e.atom.pred)
        break
      case 'when':
        effectPreds(e.yes, out)
        effectPreds(e.no, out)
        break
      case 'forall':
        effectPreds(e.do, out)
        break
      case 'create':
        for (const f of e.facts) out.add(f.pred)
        break
      default:
        break
    }
  }
  return out
}

/** The top-level conjuncts of a condition (`all` flattened). */
export function conjuncts(c: RCond, out: RCond[] = []): RCond[] {
  if (c.k === 'all') for (const x of c.cs) conjuncts(x, out)
  else if (c.k !== 'true') out.push(c)
  return out
}

/** Variable slots a condition reads that it does not bind itself. */
export function freeSlots(c: RCond, out = new Set<number>()): Set<number> {
  // Helpers are module functions, not closures: every engine of a new world plans its actions'
  // bindings through here, and a closure per call cost more than the walk.
  switch (c.k) {
    case 'fact':
      for (const t of c.args) freeTerm(t, out)
      break
    case 'not':
      freeSlots(c.c, out)
      break
    case 'all':
    case 'any':
      for (const x of c.cs) freeSlots(x, out)
      break
    case 'eq':
      freeTerm(c.a, out)
      freeTerm(c.b, out)
      break
    case 'is':
      freeTerm(c.a, out)
      break
    case 'cmp':
      freeNumSlots(c.l, out)
      freeNumSlots(c.r, out)
      break
    case 'exists':
    case 'forall':
      freeBound(c.vars, c.where, out)
      break
    default:
      break
  }
  return out
}

function freeTerm(t: RTerm, out: Set<number>): void {
  if (t < 0) out.add(termSlot(t))
}

function freeNumSlots(n: RNum, out: Set<number>): void {
  if (n.k === 'attr') freeTerm(n.term, out)
  else if (n.k === 'count') freeBound(n.vars, n.where, out)
  else if (n.k !== 'const') {
    freeNumSlots(n.a, out)
    freeNumSlots(n.b, out)
  }
}

/** The free slots of a quantified condition, less the ones it binds. */
function freeBound(vars: readonly RVar[], where: RCond, out: Set<number>): void {
  const inner = freeSlots(where)
  for (const v of vars) inner.delete(v.slot)
  for (const s of inner) out.add(s)
}
