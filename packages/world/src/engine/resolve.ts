import type { Atom, Condition, Effect, NumExpr, Param } from '../spec'
import {
  type RAtom,
  type RCond,
  type REffect,
  type RNum,
  type RTerm,
  type RVar,
  slotTerm,
} from './ast'
import { specError } from './state'

export interface TypeInfo {
  readonly name: string
  /** -1 for the root `object`. */
  readonly parent: number
  /** The type itself, then its ancestors up to `object`. */
  readonly lineage: readonly number[]
}

export interface PredicateInfo {
  readonly name: string
  readonly params: readonly { readonly name: string; readonly type: number }[]
  readonly hidden: boolean
  /** Defined by a derived rule: never set by effects or facts. */
  readonly derived: boolean
}

export interface AttributeInfo {
  readonly name: string
  readonly type: number
  readonly default: number
}

/** Names → indices, the part of a compiled world that conditions and texts resolve against. */
export interface Symbols {
  readonly types: readonly TypeInfo[]
  readonly typeIndex: ReadonlyMap<string, number>
  readonly entityIndex: ReadonlyMap<string, number>
  readonly predicates: readonly PredicateInfo[]
  readonly predicateIndex: ReadonlyMap<string, number>
  readonly attributes: readonly AttributeInfo[]
  readonly attributeIndex: ReadonlyMap<string, number>
}

/** Variables in scope while compiling one unit (an action, a rule, a text); slots are shared. */
export class Scope {
  private constructor(
    private readonly vars: Map<string, RVar>,
    private readonly counter: { n: number },
    /** Every name looked up in this scope and its children, when recording. */
    private readonly log: string[] | null = null,
  ) {}

  static root(): Scope {
    return new Scope(new Map(), { n: 0 })
  }

  /** A root scope that notes in `log` every name looked up in it or its children. */
  static recording(log: string[]): Scope {
    return new Scope(new Map(), { n: 0 }, log)
  }

  child(): Scope {
    return new Scope(new Map(this.vars), this.counter, this.log)
  }

  declare(name: string, type: number): RVar {
    const v = { slot: this.counter.n++, type }
    this.vars.set(name, v)
    return v
  }

  /** Skips slots up to `n` (a unit compiled in parts gives later parts the slots it did). */
  reserve(n: number): void {
    if (this.counter.n < n) this.counter.n = n
  }

  get(name: string): RVar | undefined {
    if (this.log !== null) this.log.push(name)
    return this.vars.get(name)
  }

  /** Slots used by the whole unit: the size of its environment. */
  get size(): number {
    return this.counter.n
  }
}

/**
 * What a unit's compilation looked up in the symbols, four entries a lookup: kind (`t`ype,
 * `p`redicate, `a`ttribute, `e`ntity), name, index, and for a predicate its arity and
 * whether it is derived (-1 otherwise). A unit compiled against these lookups compiles the
 * same against any symbols that answer them the same (see `sameLookups`).
 */
export type Lookups = (string | number)[]

/** Whether `sym` answers every lookup in `reads` as the symbols they were recorded from did. */
export function sameLookups(reads: Lookups, sym: Symbols): boolean {
  for (let i = 0; i < reads.length; i += 4) {
    const name = reads[i + 1] as string
    const index = reads[i + 2] as number
    switch (reads[i]) {
      case 't':
        if (sym.typeIndex.get(name) !== index) return false
        break
      case 'a':
        if (sym.attributeIndex.get(name) !== index) return false
        break
      case 'e':
        if (sym.entityIndex.get(name) !== index) return false
        break
      default: {
        if (sym.predicateIndex.get(name) !== index) return false
        const info = sym.predicates[index]!
        if (predicateShape(info) !== reads[i + 3]) return false
      }
    }
  }
  return true
}

/** What compiling an atom reads of its predicate besides the index: arity and derived. */
function predicateShape(info: PredicateInfo): number {
  return info.params.length * 2 + (info.derived ? 1 : 0)
}

/** Resolves spec conditions, numbers and effects, with JSON paths in every error. */
export class Resolver {
  /** Every successful lookup, when recording (see `Lookups`). */
  reads: Lookups | null = null
  /**
   * Texts compiled once for every scope that names none of their variables (text/compile);
   * null once the world is compiled, as the compiled texts keep their resolver.
   */
  closedTexts: WeakMap<object, unknown> | null = new WeakMap()

  constructor(readonly sym: Symbols) {}

  type(name: string, path: string): number {
    const t = this.sym.typeIndex.get(name)
    if (t !== undefined && this.reads) this.reads.push('t', name, t, -1)
    if (t === undefined) {
      throw specError(
        `Unknown type '${name}'.`,
        path,
        `Declare it in types, or use one of: ${[...this.sym.typeIndex.keys()].join(', ')}.`,
      )
    }
    return t
  }

  predicate(name: string, path: string): number {
    const p = this.sym.predicateIndex.get(name)
    if (p !== undefined && this.reads)
      this.reads.push('p', name, p, predicateShape(this.sym.predicates[p]!))
    if (p === undefined)
      throw specError(
        `Unknown predicate '${name}'.`,
        path,
        'Declare it in predicates (or as a derived rule).',
      )
    return p
  }

  attribute(name: string, path: string): number {
    const a = this.sym.attributeIndex.get(name)
    if (a !== undefined && this.reads) this.reads.push('a', name, a, -1)
    if (a === undefined)
      throw specError(
        `Unknown attribute '${name}'.`,
        path,
        'Declare it in attributes or give it to an entity.',
      )
    return a
  }

  term(term: string, scope: Scope, path: string): RTerm {
    if (term.startsWith('?')) {
      const v = scope.get(term.slice(1))
      if (!v)
        throw specError(
          `Undeclared variable '${term}'.`,
          path,
          'Variables must be action or process params, or bound by exists/forall/list/count.',
        )
      return slotTerm(v.slot)
    }
    const e = this.entity(term)
    if (e === undefined)
      throw specError(
        `Unknown entity '${term}'.`,
        path,
        "Use an entity id, or a variable written '?name'.",
      )
    return e
  }

  /** The index of an entity id, or undefined. */
  entity(id: string): number | undefined {
    const e = this.sym.entityIndex.get(id)
    if (e !== undefined && this.reads) this.reads.push('e', id, e, -1)
    return e
  }

  bind(vars: readonly Param[], scope: Scope, path: string): { scope: Scope; vars: RVar[] } {
    const inner = scope.child()
    const out = vars.map((v, i) => inner.declare(v.name, this.type(v.type, `${path}[${i}].type`)))
    return { scope: inner, vars: out }
  }

  atom(atom: Atom, scope: Scope, path: string, forWrite: boolean): RAtom {
    const [name, ...terms] = atom
    const pred = this.predicate(name as string, `${path}[0]`)
    const info = this.sym.predicates[pred]!
    if (terms.length !== info.params.length) {
      throw specError(
        `Predicate '${info.name}' takes ${info.params.length} argument(s), got ${terms.length}.`,
        path,
      )
    }
    if (forWrite && info.derived) {
      throw specError(
        `Predicate '${info.name}' is derived; effects and facts cannot set it.`,
        path,
        'Change the facts its rule reads instead.',
      )
    }
    return { pred, args: terms.map((t, i) => this.term(t, scope, `${path}[${i + 1}]`)) }
  }

  cond(c: Condition, scope: Scope, path: string): RCond {
    if ('fact' in c) {
      const a = this.atom(c.fact, scope, `${path}.fact`, false)
      return { k: 'fact', pred: a.pred, args: a.args }
    }
    if ('not' in c) return { k: 'not', c: this.cond(c.not, scope, `${path}.not`) }
    if ('all' in c) {
      const cs = c.all.map((x, i) => this.cond(x, scope, `${path}.all[${i}]`))
      return cs.length === 0 ? { k: 'true' } : cs.length === 1 ? cs[0]! : { k: 'all', cs }
    }
    if ('any' in c) {
      const cs = c.any.map((x, i) => this.cond(x, scope, `${path}.any[${i}]`))
      return cs.length === 0 ? { k: 'false' } : cs.length === 1 ? cs[0]! : { k: 'any', cs }
    }
    if ('eq' in c) {
      return {
        k: 'eq',
        a: this.term(c.eq[0], scope, `${path}.eq[0]`),
        b: this.term(c.eq[1], scope, `${path}.eq[1]`),
      }
    }
    if ('is' in c) {
      return {
        k: 'is',
        a: this.term(c.is[0], scope, `${path}.is[0]`),
        type: this.type(c.is[1], `${path}.is[1]`),
      }
    }
    if ('compare' in c) {
      const [l, op, r] = c.compare
      return {
        k: 'cmp',
        l: this.num(l, scope, `${path}.compare[0]`),
        op,
        r: this.num(r, scope, `${path}.compare[2]`),
      }
    }
    const k = 'exists' in c ? 'exists' : 'forall'
    const q = 'exists' in c ? c.exists : c.forall
    const bound = this.bind(q.vars, scope, `${path}.${k}.vars`)
    return { k, vars: bound.vars, where: this.cond(q.where, bound.scope, `${path}.${k}.where`) }
  }

  num(n: NumExpr, scope: Scope, path: string): RNum {
    if (typeof n === 'number') return { k: 'const', v: n }
    if ('attr' in n) {
      return {
        k: 'attr',
        attr: this.attribute(n.attr[0], `${path}.attr[0]`),
        term: this.term(n.attr[1], scope, `${path}.attr[1]`),
      }
    }
    if ('count' in n) {
      const bound = this.bind(n.count.vars, scope, `${path}.count.vars`)
      return {
        k: 'count',
        vars: bound.vars,
        where: this.cond(n.count.where, bound.scope, `${path}.count.where`),
      }
    }
    const k = 'add' in n ? 'add' : 'sub' in n ? 'sub' : 'mul' in n ? 'mul' : 'div'
    const pair = ('add' in n ? n.add : 'sub' in n ? n.sub : 'mul' in n ? n.mul : n.div) as [
      NumExpr,
      NumExpr,
    ]
    return {
      k,
      a: this.num(pair[0], scope, `${path}.${k}[0]`),
      b: this.num(pair[1], scope, `${path}.${k}[1]`),
    }
  }

  effects(effects: readonly Effect[], scope: Scope, path: string): REffect[] {
    return effects.map((e, i) => this.effect(e, scope, `${path}[${i}]`))
  }

  effect(e: Effect, scope: Scope, path: string): REffect {
    if ('add' in e) return { k: 'add', atom: this.atom(e.add, scope, `${path}.add`, true) }
    if ('del' in e) return { k: 'del', atom: this.atom(e.del, scope, `${path}.del`, true) }
    if ('set' in e || 'increase' in e || 'decrease' in e) {
      const [key, k] =
        'set' in e
          ? (['set', 'set'] as const)
          : 'increase' in e
            ? (['increase', 'inc'] as const)
            : (['decrease', 'dec'] as const)
      const body = (e as Record<typeof key, { attr: [string, string]; value: NumExpr }>)[key]
      return {
        k,
        attr: this.attribute(body.attr[0], `${path}.${key}.attr[0]`),
        term: this.term(body.attr[1], scope, `${path}.${key}.attr[1]`),
        value: this.num(body.value, scope, `${path}.${key}.value`),
      }
    }
    if ('when' in e) {
      return {
        k: 'when',
        c: this.cond(e.when, scope, `${path}.when`),
        yes: this.effects(e.then, scope, `${path}.then`),
        no: this.effects(e.else ?? [], scope, `${path}.else`),
      }
    }
    if ('forall' in e) {
      const bound = this.bind(e.forall.vars, scope, `${path}.forall.vars`)
      return {
        k: 'forall',
        vars: bound.vars,
        where: e.forall.where
          ? this.cond(e.forall.where, bound.scope, `${path}.forall.where`)
          : { k: 'true' },
        do: this.effects(e.forall.do, bound.scope, `${path}.forall.do`),
      }
    }
    if ('create' in e) {
      const c = e.create
      const type = this.type(c.type, `${path}.create.type`)
      // The new entity is visible to the create's own facts and to every later effect.
      const v = scope.get(c.as) ?? scope.declare(c.as, type)
      return {
        k: 'create',
        slot: v.slot,
        type,
        name: c.name,
        article: c.article,
        facts: (c.facts ?? []).map((f, i) =>
          this.atom(f, scope, `${path}.create.facts[${i}]`, true),
        ),
        attrs: Object.entries(c.attributes ?? {})
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([name, value]) => ({
            attr: this.attribute(name, `${path}.create.attributes.${name}`),
            value: this.num(value, scope, `${path}.create.attributes.${name}`),
          })),
      }
    }
    return { k: 'destroy', term: this.term(e.destroy, scope, `${path}.destroy`) }
  }
}
