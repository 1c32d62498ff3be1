import {
  type Atom,
  type Condition,
  type Effect,
  implicitAttributes,
  type NumExpr,
  type Param,
  type Text,
  type TextPart,
  type WorldSpec,
} from '../spec'
import { parseTemplate, patternSlots } from '../text/template'
import type { ValidationIssue } from './issues'

/** Past this many issues the rest are left out: the first ones are what to fix. */
export const MAX_ISSUES = 50

const ROOT_TYPE = 'object'

/** Variables in scope, name → type. */
type Scope = ReadonlyMap<string, string>

interface PredicateInfo {
  params: readonly Param[]
  derived: boolean
}

/**
 * The checks a schema cannot make: every name resolves (types, parents, entities,
 * predicates, attributes, variables, `{slots}`), arities match, ids are unique, the type
 * hierarchy has no cycle, patterns name exactly their action's parameters. Collects every
 * issue rather than stopping at the first.
 */
export function checkSemantics(spec: WorldSpec): ValidationIssue[] {
  return new Checker(spec).run()
}

type ActionSpec = WorldSpec['actions'][number]

/**
 * Frozen actions that passed every check, with the lookups the checks made (kind, name, and
 * for a predicate its arity and whether it is derived). Worlds of a family share their
 * action specs (see `sharedAction` in the compiler), and an action whose names resolve the
 * same way in another world passes there too, so it is not walked again.
 */
const cleanActions = new WeakMap<ActionSpec, (string | number | boolean)[][]>()
/**
 * Frozen text parts at the top of an observation (no variables in scope) that passed, as
 * `cleanActions`: a family's room and inventory views are shared by its worlds.
 */
const cleanParts = new WeakMap<object, (string | number | boolean)[][]>()
/** Frozen predicate declarations that passed, as `cleanActions`. */
const cleanDeclarations = new WeakMap<object, (string | number | boolean)[][]>()
const MAX_CLEAN_VARIANTS = 8

class Checker {
  readonly issues: ValidationIssue[] = []
  /** Issues raised, counted past MAX_ISSUES too. */
  private raised = 0
  /** The lookups being recorded (see `cleanActions`), or null. */
  private reads: (string | number | boolean)[] | null = null
  readonly types = new Map<string, string | undefined>([[ROOT_TYPE, undefined]])
  readonly entities = new Map<string, string>()
  readonly predicates = new Map<string, PredicateInfo>()
  readonly attributes = new Set<string>()

  constructor(readonly spec: WorldSpec) {}

  issue(path: string, message: string, hint: string): void {
    this.raised++
    if (this.issues.length < MAX_ISSUES) this.issues.push({ path, message, hint, code: 'semantic' })
  }

  run(): ValidationIssue[] {
    this.declarations()
    this.texts()
    this.facts()
    this.actions()
    this.processes()
    this.derivedRules()
    this.goal()
    return this.issues
  }

  // ------------------------------------------------------------ declarations

  private declarations(): void {
    const { spec } = this
    spec.types.forEach((t, i) => {
      if (t.name === ROOT_TYPE) {
        if (t.parent !== undefined)
          this.issue(
            `types[${i}].parent`,
            "The root type 'object' cannot have a parent.",
            'Remove the parent.',
          )
        return
      }
      if (this.types.has(t.name))
        this.issue(
          `types[${i}].name`,
          `The type '${t.name}' is declared twice.`,
          'Keep one declaration.',
        )
      else this.types.set(t.name, t.parent)
    })
    spec.types.forEach((t, i) => {
      if (t.parent !== undefined && !this.types.has(t.parent)) {
        this.issue(
          `types[${i}].parent`,
          `Unknown parent type '${t.parent}'.`,
          this.known('types', this.types.keys()),
        )
      }
    })
    const reported = new Set<string>()
    spec.types.forEach((t, i) => {
      const seen: string[] = []
      for (
        let cur: string | undefined = t.name;
        cur !== undefined && cur !== ROOT_TYPE;
        cur = this.types.get(cur)
      ) {
        if (seen.includes(cur)) {
          const cycle = seen.slice(seen.indexOf(cur))
          const key = [...cycle].sort().join(' ')
          if (!reported.has(key)) {
            reported.add(key)
            this.issue(
              `types[${i}].parent`,
              `The type hierarchy has a cycle: ${[...cycle, cur].join(' → ')}.`,
              "Make every type descend from 'object'.",
            )
          }
          break
        }
        seen.push(cur)
      }
    })
    spec.attributes.forEach((a, i) => {
      if (this.attributes.has(a.name))
        this.issue(
          `attributes[${i}].name`,
          `The attribute '${a.name}' is declared twice.`,
          'Keep one declaration.',
        )
      this.attributes.add(a.name)
      this.type(a.type, `attributes[${i}].type`)
    })
    spec.entities.forEach((e, i) => {
      if (this.entities.has(e.id))
        this.issue(
          `entities[${i}].id`,
          `The entity id '${e.id}' is used twice.`,
          'Give every entity its own id, e.g. apple_2.',
        )
      else this.entities.set(e.id, e.type)
      this.type(e.type, `entities[${i}].type`)
      for (const name of Object.keys(e.attributes ?? {})) this.attributes.add(name)
    })
    // Attributes given to entities, or to created ones, need no declaration (default 0).
    for (const name of implicitAttributes(spec)) this.attributes.add(name)
    const displays = new Map<string, string>()
    spec.entities.forEach((e, i) => {
      const display = e.number === undefined ? e.name : `${e.name} ${e.number}`
      const other = displays.get(display)
      if (other !== undefined && other !== e.id) {
        this.issue(
          `entities[${i}]`,
          `The entities '${other}' and '${e.id}' both read '${display}'.`,
          'Give duplicates a number, or different names.',
        )
      }
      displays.set(display, e.id)
    })
    const predicates = () =>
      spec.predicates.forEach((p, i) => {
        if (this.predicates.has(p.name))
          this.issue(
            `predicates[${i}].name`,
            `The predicate '${p.name}' is declared twice.`,
            'Keep one declaration.',
          )
        else this.predicates.set(p.name, { params: p.params, derived: false })
        this.checkParams(p.params, `predicates[${i}].params`)
      })
    // A family's frozen declarations that passed before, where the same types are declared,
    // pass again: only their names are entered.
    if (!Object.isFrozen(spec.predicates)) predicates()
    else if (this.passed(cleanDeclarations, spec.predicates))
      for (const p of spec.predicates)
        this.predicates.set(p.name, { params: p.params, derived: false })
    else this.once(cleanDeclarations, spec.predicates, predicates)
    spec.derived.forEach((rule) => {
      const known = this.predicates.get(rule.predicate)
      if (known) known.derived = true
      else this.predicates.set(rule.predicate, { params: rule.params, derived: true })
    })
    const names = new Set<string>()
    spec.actions.forEach((a, i) => {
      if (names.has(a.name))
        this.issue(
          `actions[${i}].name`,
          `The action '${a.name}' is declared twice.`,
          'Give every action its own name.',
        )
      names.add(a.name)
    })
    const processes = new Set<string>()
    spec.processes.forEach((p, i) => {
      if (processes.has(p.name))
        this.issue(
          `processes[${i}].name`,
          `The process '${p.name}' is declared twice.`,
          'Give every process its own name.',
        )
      processes.add(p.name)
    })
  }

  private known(what: string, names: Iterable<string>): string {
    const list = [...names].slice(0, 12)
    return list.length
      ? `Declare it in ${what}, or use one of: ${list.join(', ')}.`
      : `Declare it in ${what}.`
  }

  private type(name: string, path: string): boolean {
    if (this.types.has(name)) {
      this.reads?.push('t', name, 0, false)
      return true
    }
    this.issue(path, `Unknown type '${name}'.`, this.known('types', this.types.keys()))
    return false
  }

  /** Declares parameters; returns the scope they make. */
  private params(
    params: readonly Param[],
    path: string,
    outer: Scope = new Map(),
  ): Map<string, string> {
    this.checkParams(params, path)
    const scope = new Map(outer)
    for (const p of params) scope.set(p.name, p.type)
    return scope
  }

  /** Parameters declared once each, of known types (a predicate's make no scope). */
  private checkParams(params: readonly Param[], path: string): void {
    const seen = new Set<string>()
    params.forEach((p, i) => {
      if (seen.has(p.name))
        this.issue(
          `${path}[${i}].name`,
          `The variable '${p.name}' is declared twice.`,
          'Rename one of them.',
        )
      seen.add(p.name)
      this.type(p.type, `${path}[${i}].type`)
    })
  }

  // ------------------------------------------------------------ atoms, terms, conditions

  private term(term: string, scope: Scope, path: string): void {
    if (term.startsWith('?')) {
      if (!scope.has(term.slice(1))) {
        const vars = [...scope.keys()].map((v) => `?${v}`)
        this.issue(
          path,
          `The variable '${term}' is not declared here.`,
          vars.length
            ? `Use one of ${vars.join(', ')}, or bind it with exists/forall.`
            : 'Declare it as a parameter or bind it with exists/forall.',
        )
      }
      return
    }
    if (this.entities.has(term)) this.reads?.push('e', term, 0, false)
    else
      this.issue(
        path,
        `Unknown entity '${term}'.`,
        "Use an entity id, or a variable written '?name'.",
      )
  }

  private atom(atom: Atom, scope: Scope, path: string, write: boolean): void {
    const [name, ...terms] = atom
    const pred = this.predicates.get(name as string)
    if (!pred) {
      this.issue(
        `${path}[0]`,
        `Unknown predicate '${name}'.`,
        this.known('predicates', this.predicates.keys()),
      )
    } else {
      this.reads?.push('p', name as string, pred.params.length, pred.derived)
      if (pred.params.length !== terms.length) {
        this.issue(
          path,
          `The predicate '${name}' takes ${pred.params.length} argument(s), got ${terms.length}.`,
          `Write [${[`"${name}"`, ...pred.params.map((p) => `"?${p.name}"`)].join(', ')}].`,
        )
      }
      if (write && pred.derived) {
        this.issue(
          `${path}[0]`,
          `The predicate '${name}' is derived; facts and effects cannot set it.`,
          'Change the facts its rule reads instead.',
        )
      }
    }
    for (const [i, t] of terms.entries()) this.term(t, scope, `${path}[${i + 1}]`)
  }

  private cond(c: Condition, scope: Scope, path: string): void {
    if ('fact' in c) {
      this.atom(c.fact, scope, `${path}.fact`, false)
    } else if ('not' in c) {
      this.cond(c.not, scope, `${path}.not`)
    } else if ('all' in c || 'any' in c) {
      const key = 'all' in c ? 'all' : 'any'
      for (const [i, x] of ('all' in c ? c.all : c.any).entries())
        this.cond(x, scope, `${path}.${key}[${i}]`)
    } else if ('eq' in c) {
      this.term(c.eq[0], scope, `${path}.eq[0]`)
      this.term(c.eq[1], scope, `${path}.eq[1]`)
    } else if ('is' in c) {
      this.term(c.is[0], scope, `${path}.is[0]`)
      this.type(c.is[1], `${path}.is[1]`)
    } else if ('compare' in c) {
      this.num(c.compare[0], scope, `${path}.compare[0]`)
      this.num(c.compare[2], scope, `${path}.compare[2]`)
    } else {
      const key = 'exists' in c ? 'exists' : 'forall'
      const q = 'exists' in c ? c.exists : c.forall
      const inner = this.params(q.vars, `${path}.${key}.vars`, scope)
      this.cond(q.where, inner, `${path}.${key}.where`)
    }
  }

  private num(n: NumExpr, scope: Scope, path: string): void {
    if (typeof n === 'number') {
      if (!Number.isFinite(n)) this.issue(path, 'The number is not finite.', 'Use a finite number.')
      return
    }
    if ('attr' in n) {
      this.attribute(n.attr[0], `${path}.attr[0]`)
      this.term(n.attr[1], scope, `${path}.attr[1]`)
      return
    }
    if ('count' in n) {
      const inner = this.params(n.count.vars, `${path}.count.vars`, scope)
      this.cond(n.count.where, inner, `${path}.count.where`)
      return
    }
    const key = 'add' in n ? 'add' : 'sub' in n ? 'sub' : 'mul' in n ? 'mul' : 'div'
    const pair = ('add' in n ? n.add : 'sub' in n ? n.sub : 'mul' in n ? n.mul : n.div) as [
      NumExpr,
      NumExpr,
    ]
    this.num(pair[0], scope, `${path}.${key}[0]`)
    this.num(pair[1], scope, `${path}.${key}[1]`)
  }

  private attribute(name: string, path: string): void {
    if (this.attributes.has(name)) this.reads?.push('a', name, 0, false)
    else this.issue(path, `Unknown attribute '${name}'.`, this.known('attributes', this.attributes))
  }

  /** Effects share one scope: a `create` binds its variable for the effects after it. */
  private effects(effects: readonly Effect[], scope: Map<string, string>, path: string): void {
    for (const [i, e] of effects.entries()) this.effect(e, scope, `${path}[${i}]`)
  }

  private effect(e: Effect, scope: Map<string, string>, path: string): void {
    if ('add' in e || 'del' in e) {
      const key = 'add' in e ? 'add' : 'del'
      this.atom('add' in e ? e.add : e.del, scope, `${path}.${key}`, true)
      return
    }
    if ('set' in e || 'increase' in e || 'decrease' in e) {
      const key = 'set' in e ? 'set' : 'increase' in e ? 'increase' : 'decrease'
      const body = 'set' in e ? e.set : 'increase' in e ? e.increase : e.decrease
      this.attribute(body.attr[0], `${path}.${key}.attr[0]`)
      this.term(body.attr[1], scope, `${path}.${key}.attr[1]`)
      this.num(body.value, scope, `${path}.${key}.value`)
      return
    }
    if ('when' in e) {
      this.cond(e.when, scope, `${path}.when`)
      this.effects(e.then, scope, `${path}.then`)
      if (e.else) this.effects(e.else, scope, `${path}.else`)
      return
    }
    if ('forall' in e) {
      const inner = this.params(e.forall.vars, `${path}.forall.vars`, scope)
      if (e.forall.where) this.cond(e.forall.where, inner, `${path}.forall.where`)
      this.effects(e.forall.do, inner, `${path}.forall.do`)
      return
    }
    if ('create' in e) {
      const c = e.create
      this.type(c.type, `${path}.create.type`)
      scope.set(c.as, c.type)
      for (const [i, f] of (c.facts ?? []).entries())
        this.atom(f, scope, `${path}.create.facts[${i}]`, true)
      for (const [name, value] of Object.entries(c.attributes ?? {})) {
        this.attribute(name, `${path}.create.attributes.${name}`)
        this.num(value, scope, `${path}.create.attributes.${name}`)
      }
      return
    }
    this.term(e.destroy, scope, `${path}.destroy`)
  }

  // ------------------------------------------------------------ texts

  private template(template: string, scope: Scope, path: string): void {
    const parsed = parseTemplate(template)
    if (!parsed.ok) {
      this.issue(
        path,
        `The text slot '${parsed.slot}' does not parse.`,
        'Write {x}, {a x}, {the x} or {x.attr}, where x is a variable or entity id.',
      )
      return
    }
    for (const piece of parsed.pieces) {
      if (piece.kind !== 'slot') continue
      if (!scope.has(piece.name)) {
        if (this.entities.has(piece.name)) this.reads?.push('e', piece.name, 0, false)
        else {
          const vars = [...scope.keys()]
          this.issue(
            path,
            `The text slot {${piece.name}} is not a variable in scope or an entity id.`,
            vars.length
              ? `Use one of ${vars.map((v) => `{${v}}`).join(', ')}.`
              : 'This text has no variables; name an entity id or write plain text.',
          )
        }
      }
      if (piece.attr !== undefined) this.attribute(piece.attr, path)
    }
  }

  private text(text: Text, scope: Scope, path: string): void {
    if (typeof text === 'string') {
      this.template(text, scope, path)
      return
    }
    text.forEach((part, i) => {
      const at = `${path}[${i}]`
      if (typeof part === 'string') {
        this.template(part, scope, at)
        return
      }
      // Lookups made inside a recorded unit belong to its record, so only an unrecorded
      // walk takes a part from the cache.
      if (scope.size === 0 && this.reads === null && Object.isFrozen(part)) {
        this.once(cleanParts, part, () => this.part(part, scope, at))
        return
      }
      this.part(part, scope, at)
    })
  }

  private part(part: Exclude<TextPart, string>, scope: Scope, at: string): void {
    if ('if' in part) {
      this.cond(part.if, scope, `${at}.if`)
      this.text(part.then, scope, `${at}.then`)
      if (part.else !== undefined) this.text(part.else, scope, `${at}.else`)
      return
    }
    const list = part.list
    const inner = this.params(list.vars, `${at}.list.vars`, scope)
    this.cond(list.where, inner, `${at}.list.where`)
    if (list.item !== undefined) this.template(list.item, inner, `${at}.list.item`)
    if (list.empty !== undefined) this.template(list.empty, scope, `${at}.list.empty`)
  }

  private texts(): void {
    const { spec } = this
    spec.predicates.forEach((p, i) => {
      if (p.text !== undefined)
        this.template(
          p.text,
          new Map(p.params.map((x) => [x.name, x.type])),
          `predicates[${i}].text`,
        )
    })
    const obs = spec.observations
    const root: Scope = new Map()
    if (obs.intro !== undefined) this.text(obs.intro, root, 'observations.intro')
    this.text(obs.look, root, 'observations.look')
    if (obs.inventory !== undefined) this.text(obs.inventory, root, 'observations.inventory')
    if (obs.success !== undefined) this.text(obs.success, root, 'observations.success')
  }

  // ------------------------------------------------------------ facts, actions, rules, goal

  private facts(): void {
    this.spec.facts.forEach((fact, i) => {
      const path = `facts[${i}]`
      this.atom(fact, new Map(), path, true)
      const pred = this.predicates.get(fact[0] as string)
      if (!pred || pred.params.length !== fact.length - 1) return
      fact.slice(1).forEach((arg, k) => {
        const want = pred.params[k]?.type
        const have = this.entities.get(arg)
        if (
          want !== undefined &&
          have !== undefined &&
          this.types.has(have) &&
          this.types.has(want) &&
          !this.isA(have, want)
        ) {
          this.issue(
            `${path}[${k + 1}]`,
            `'${arg}' is ${withArticle(have)}, but '${fact[0]}' expects ${withArticle(want)} there.`,
            'Fix the fact, or the type of the entity or the parameter.',
          )
        }
      })
    })
  }

  private isA(type: string, ancestor: string): boolean {
    if (ancestor === ROOT_TYPE) return true
    let steps = 0
    for (
      let t: string | undefined = type;
      t !== undefined && steps <= this.types.size;
      t = this.types.get(t), steps++
    ) {
      if (t === ancestor) return true
    }
    return false
  }

  private actions(): void {
    this.spec.actions.forEach((a, i) => {
      if (Object.isFrozen(a)) this.once(cleanActions, a, () => this.action(a, i))
      else this.action(a, i)
    })
  }

  /**
   * Runs `check` on a frozen unit unless it passed before in a spec that answers its lookups
   * the same; records its lookups when it passes.
   */
  private once<K extends object>(
    clean: WeakMap<K, (string | number | boolean)[][]>,
    unit: K,
    check: () => void,
  ): void {
    if (this.passed(clean, unit)) return
    const known = clean.get(unit)
    const raised = this.raised
    const reads: (string | number | boolean)[] = []
    this.reads = reads
    try {
      check()
    } finally {
      this.reads = null
    }
    if (this.raised !== raised) return
    const variants = known ?? []
    if (variants.length >= MAX_CLEAN_VARIANTS) variants.shift()
    variants.push(reads)
    clean.set(unit, variants)
  }

  /** Whether a frozen unit passed before in a spec that answers its lookups as this one. */
  private passed<K extends object>(
    clean: WeakMap<K, (string | number | boolean)[][]>,
    unit: K,
  ): boolean {
    return clean.get(unit)?.some((reads) => this.sameReads(reads)) ?? false
  }

  /** Whether this spec answers every lookup as the one `reads` were recorded in did. */
  private sameReads(reads: readonly (string | number | boolean)[]): boolean {
    for (let i = 0; i < reads.length; i += 4) {
      const name = reads[i + 1] as string
      switch (reads[i]) {
        case 't':
          if (!this.types.has(name)) return false
          break
        case 'e':
          if (!this.entities.has(name)) return false
          break
        case 'a':
          if (!this.attributes.has(name)) return false
          break
        default: {
          const pred = this.predicates.get(name)
          if (pred === undefined) return false
          if (pred.params.length !== reads[i + 2] || pred.derived !== reads[i + 3]) return false
        }
      }
    }
    return true
  }

  private action(a: ActionSpec, i: number): void {
    const path = `actions[${i}]`
    const scope = this.params(a.params, `${path}.params`)
    this.pattern(a.pattern, a.params, `${path}.pattern`, true)
    for (const [k, s] of (a.synonyms ?? []).entries())
      this.pattern(s, a.params, `${path}.synonyms[${k}]`, false)
    a.checks.forEach((check, k) => {
      this.cond(check.require, scope, `${path}.checks[${k}].require`)
      this.text(check.fail, scope, `${path}.checks[${k}].fail`)
    })
    const effectScope = new Map(scope)
    this.effects(a.effects, effectScope, `${path}.effects`)
    this.text(a.message, effectScope, `${path}.message`)
    for (const [k, p] of (a.paraphrases ?? []).entries())
      this.text(p, effectScope, `${path}.paraphrases[${k}]`)
  }

  /** A pattern names parameters only, each once; the canonical one names them all. */
  private pattern(
    pattern: string,
    params: readonly Param[],
    path: string,
    canonical: boolean,
  ): void {
    const slots = patternSlots(pattern)
    const names = new Set(params.map((p) => p.name))
    const seen = new Set<string>()
    for (const slot of slots) {
      if (!names.has(slot)) {
        this.issue(
          path,
          `The slot {${slot}} is not a parameter of this action.`,
          names.size
            ? `Use ${[...names].map((n) => `{${n}}`).join(', ')}.`
            : 'This action has no parameters; remove the slot.',
        )
      } else if (seen.has(slot)) {
        this.issue(path, `The slot {${slot}} appears twice.`, 'Name each parameter once.')
      }
      seen.add(slot)
    }
    const missing = [...names].filter((n) => !seen.has(n))
    if (canonical && missing.length)
      this.issue(
        path,
        `The pattern leaves out ${missing.map((n) => `{${n}}`).join(', ')}.`,
        'Every parameter needs a slot, or the action cannot be typed.',
      )
    if (slots.length > 0 && pattern.replace(/\{[^{}]*\}/g, '').trim() === '') {
      this.issue(
        path,
        'The pattern has no words, only slots.',
        'Start it with a verb, e.g. take {obj} from {recep}.',
      )
    }
  }

  private processes(): void {
    this.spec.processes.forEach((p, i) => {
      const path = `processes[${i}]`
      const scope = this.params(p.params, `${path}.params`)
      this.cond(p.when, scope, `${path}.when`)
      const effectScope = new Map(scope)
      this.effects(p.effects, effectScope, `${path}.effects`)
      if (p.message !== undefined) this.text(p.message, effectScope, `${path}.message`)
    })
  }

  private derivedRules(): void {
    this.spec.derived.forEach((rule, i) => {
      const path = `derived[${i}]`
      const scope = this.params(rule.params, `${path}.params`)
      const pred = this.predicates.get(rule.predicate)
      if (pred && pred.params.length !== rule.params.length) {
        this.issue(
          `${path}.params`,
          `The predicate '${rule.predicate}' takes ${pred.params.length} argument(s), the rule gives ${rule.params.length}.`,
          'Give the rule one param per predicate argument.',
        )
      }
      this.cond(rule.when, scope, `${path}.when`)
    })
  }

  private goal(): void {
    const { goal } = this.spec
    const root: Scope = new Map()
    this.cond(goal.success, root, 'goal.success')
    const ids = new Map<string, number>()
    goal.subgoals.forEach((s, i) => {
      if (ids.has(s.id))
        this.issue(
          `goal.subgoals[${i}].id`,
          `The subgoal id '${s.id}' is used twice.`,
          'Give every subgoal its own id.',
        )
      ids.set(s.id, i)
      this.cond(s.when, root, `goal.subgoals[${i}].when`)
    })
    goal.subgoals.forEach((s, i) => {
      s.after?.forEach((id, k) => {
        if (!ids.has(id))
          this.issue(
            `goal.subgoals[${i}].after[${k}]`,
            `Unknown subgoal '${id}'.`,
            `Use one of: ${[...ids.keys()].join(', ')}.`,
          )
        else if (id === s.id)
          this.issue(
            `goal.subgoals[${i}].after[${k}]`,
            'A subgoal cannot come after itself.',
            'Remove it from after.',
          )
      })
    })
    // A cycle through `after` makes every subgoal on it unreachable.
    const state = new Map<string, 0 | 1 | 2>()
    const visit = (id: string, trail: string[]): void => {
      const mark = state.get(id)
      if (mark === 2) return
      if (mark === 1) {
        const at = ids.get(id) ?? 0
        this.issue(
          `goal.subgoals[${at}].after`,
          `The subgoals wait on each other: ${[...trail.slice(trail.indexOf(id)), id].join(' → ')}.`,
          'Break the cycle in after.',
        )
        return
      }
      state.set(id, 1)
      const s = goal.subgoals[ids.get(id) ?? -1]
      for (const next of s?.after ?? [])
        if (ids.has(next) && next !== id) visit(next, [...trail, id])
      state.set(id, 2)
    }
    for (const id of ids.keys()) visit(id, [])
    goal.fail.forEach((f, i) => {
      this.cond(f.when, root, `goal.fail[${i}].when`)
      this.text(f.message, root, `goal.fail[${i}].message`)
    })
  }
}

function withArticle(word: string): string {
  return /^[aeiou]/i.test(word) ? `an ${word}` : `a ${word}`
}
