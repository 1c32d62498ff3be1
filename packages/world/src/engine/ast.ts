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
  const term = (t: RTerm) => {
    if (t < 0) out.add(termSlot(t))
  }
  const num = (n: RNum): void => {
    if (n.k === 'attr') term(n.term)
    else if (n.k === 'count') {
      const inner = freeSlots(n.where)
      for (const v of n.vars) inner.delete(v.slot)
      for (const s of inner) out.add(s)
    } else if (n.k !== 'const') {
      num(n.a)
      num(n.b)
    }
  }
  switch (c.k) {
    case 'fact':
      c.args.forEach(term)
      break
    case 'not':
      freeSlots(c.c, out)
      break
    case 'all':
    case 'any':
      for (const x of c.cs) freeSlots(x, out)
      break
    case 'eq':
      term(c.a)
      term(c.b)
      break
    case 'is':
      term(c.a)
      break
    case 'cmp':
      num(c.l)
      num(c.r)
      break
    case 'exists':
    case 'forall': {
      const inner = freeSlots(c.where)
      for (const v of c.vars) inner.delete(v.slot)
      for (const s of inner) out.add(s)
      break
    }
    default:
      break
  }
  return out
}
