import { WORLD_LIMITS } from '../limits'
import type {
  PddlAction,
  PddlAtom,
  PddlCondition,
  PddlDomain,
  PddlEffect,
  PddlPredicate,
  PddlProblem,
  PddlTypeDecl,
  PddlTypedName,
} from './ast'
import {
  pddlError,
  readSExpr,
  type SAtom,
  type SExpr,
  type SList,
  type SourcePos,
  show,
} from './sexpr'

/** Requirements the importer maps onto WorldSpec; `:adl` stands for the ones it implies. */
export const SUPPORTED_REQUIREMENTS = [
  ':strips',
  ':typing',
  ':negative-preconditions',
  ':equality',
  ':conditional-effects',
  ':disjunctive-preconditions',
  ':existential-preconditions',
  ':universal-preconditions',
  ':quantified-preconditions',
  ':adl',
] as const

const SUPPORTED = new Set<string>(SUPPORTED_REQUIREMENTS)
const NUMERIC_HINT =
  'Numeric fluents, action costs and metrics are not supported; remove them or import a STRIPS/ADL version.'

export interface PddlParseOptions {
  /** The file name shown in messages; default `domain.pddl` / `problem.pddl`. */
  file?: string
}

/** Parses a PDDL domain; throws RefineryError `invalid_input` with `file:line:column`. */
export function parsePddlDomain(text: string, options: PddlParseOptions = {}): PddlDomain {
  const file = options.file ?? 'domain.pddl'
  const ctx = new Reader(file)
  const root = readSExpr(String(text), file)
  const body = ctx.header(root, 'domain')
  const domain: PddlDomain = {
    name: body.name,
    requirements: [],
    types: [],
    constants: [],
    predicates: [],
    actions: [],
    file,
  }
  const seen = new Set<string>()
  for (const section of body.sections) {
    const key = ctx.sectionKey(section, seen, ':action')
    const rest = section.items.slice(1)
    switch (key.value) {
      case ':requirements':
        domain.requirements = ctx.requirements(rest)
        break
      case ':types':
        domain.types = ctx.typeDecls(rest)
        break
      case ':constants':
        domain.constants = ctx.typedList(rest, 'constant')
        break
      case ':predicates':
        domain.predicates = rest.map((item) => ctx.predicate(item))
        break
      case ':action':
        domain.actions.push(ctx.action(section))
        break
      case ':functions':
        throw pddlError(file, key, 'Functions (numeric fluents) are not supported.', NUMERIC_HINT)
      case ':derived':
        throw pddlError(
          file,
          key,
          'Derived predicates are not supported.',
          'Replace (:derived ...) by ordinary predicates set in effects.',
        )
      case ':durative-action':
        throw pddlError(
          file,
          key,
          'Durative actions are not supported.',
          'Give instantaneous (:action ...) forms instead.',
        )
      case ':constraints':
        throw pddlError(
          file,
          key,
          'Constraints are not supported.',
          'Remove the (:constraints ...) section.',
        )
      default:
        throw pddlError(
          file,
          key,
          `Unknown domain section '${key.value}'.`,
          'Expected :requirements, :types, :constants, :predicates or :action.',
        )
    }
  }
  return domain
}

/** Parses a PDDL problem; throws RefineryError `invalid_input` with `file:line:column`. */
export function parsePddlProblem(text: string, options: PddlParseOptions = {}): PddlProblem {
  const file = options.file ?? 'problem.pddl'
  const ctx = new Reader(file)
  const root = readSExpr(String(text), file)
  const body = ctx.header(root, 'problem')
  let domain: string | undefined
  let goal: PddlCondition | undefined
  const problem: Omit<PddlProblem, 'goal' | 'domain'> = {
    name: body.name,
    requirements: [],
    objects: [],
    init: [],
    file,
  }
  const seen = new Set<string>()
  for (const section of body.sections) {
    const key = ctx.sectionKey(section, seen)
    const rest = section.items.slice(1)
    switch (key.value) {
      case ':domain':
        domain = ctx.name(rest[0], 'the domain name')
        if (rest.length > 1)
          throw pddlError(file, rest[1], 'Expected one domain name after :domain.')
        break
      case ':requirements':
        problem.requirements = ctx.requirements(rest)
        break
      case ':objects':
        problem.objects = ctx.typedList(rest, 'object')
        break
      case ':init':
        problem.init = rest.map((item) => ctx.initAtom(item))
        break
      case ':goal':
        if (rest.length !== 1)
          throw pddlError(
            file,
            key,
            'Expected exactly one condition after :goal.',
            'Wrap several conditions in (and ...).',
          )
        goal = ctx.condition(rest[0] as SExpr)
        break
      case ':metric':
        throw pddlError(file, key, 'Metrics are not supported.', NUMERIC_HINT)
      case ':constraints':
        throw pddlError(
          file,
          key,
          'Constraints are not supported.',
          'Remove the (:constraints ...) section.',
        )
      default:
        throw pddlError(
          file,
          key,
          `Unknown problem section '${key.value}'.`,
          'Expected :domain, :requirements, :objects, :init or :goal.',
        )
    }
  }
  if (domain === undefined)
    throw pddlError(file, root, 'The problem names no domain.', 'Add (:domain <name>).')
  if (goal === undefined)
    throw pddlError(file, root, 'The problem has no goal.', 'Add (:goal (and ...)).')
  return { ...problem, domain, goal }
}

class Reader {
  constructor(readonly file: string) {}

  fail(at: SourcePos | undefined, message: string, hint?: string): never {
    throw pddlError(this.file, at, message, hint)
  }

  header(root: SList, kind: 'domain' | 'problem'): { name: string; sections: SList[] } {
    const [define, head, ...sections] = root.items
    if (define?.kind !== 'atom' || define.value !== 'define') {
      this.fail(define ?? root, `Expected (define (${kind} <name>) ...), found ${show(define)}.`)
    }
    if (
      head?.kind !== 'list' ||
      head.items[0]?.kind !== 'atom' ||
      (head.items[0] as SAtom).value !== kind
    ) {
      const other =
        head?.kind === 'list' && head.items[0]?.kind === 'atom'
          ? (head.items[0] as SAtom).value
          : undefined
      const hint =
        other === 'domain' || other === 'problem'
          ? `This is a ${other} file; check the order of the files (domain first, then problem).`
          : undefined
      this.fail(head ?? root, `Expected (${kind} <name>) after define, found ${show(head)}.`, hint)
    }
    const name = this.name(head.items[1], `the ${kind} name`)
    const out: SList[] = []
    for (const section of sections) {
      if (section.kind !== 'list')
        this.fail(section, `Expected a (:section ...), found '${show(section)}'.`)
      out.push(section)
    }
    return { name, sections: out }
  }

  /** A section's keyword; a section met before in `seen` fails, unless it is `repeatable`. */
  sectionKey(section: SList, seen: Set<string>, repeatable?: string): SAtom {
    const key = section.items[0]
    if (key?.kind !== 'atom' || !key.value.startsWith(':')) {
      this.fail(
        key ?? section,
        `Expected a section keyword such as :predicates, found ${show(key)}.`,
      )
    }
    if (key.value !== repeatable && seen.has(key.value))
      this.fail(key, `The section ${key.value} appears twice.`, 'Merge the two sections into one.')
    seen.add(key.value)
    return key
  }

  name(expr: SExpr | undefined, what: string): string {
    if (expr?.kind !== 'atom' || expr.value.startsWith('?') || expr.value.startsWith(':')) {
      this.fail(expr, `Expected ${what}, found ${show(expr)}.`)
    }
    return expr.value
  }

  requirements(items: SExpr[]): string[] {
    const out: string[] = []
    for (const item of items) {
      if (item.kind !== 'atom' || !item.value.startsWith(':'))
        this.fail(item, `Expected a requirement such as :strips, found ${show(item)}.`)
      if (!SUPPORTED.has(item.value)) {
        this.fail(
          item,
          `The requirement ${item.value} in ${this.file} is not supported.`,
          `Supported: ${SUPPORTED_REQUIREMENTS.join(' ')}. Remove it or rewrite the domain without it.`,
        )
      }
      out.push(item.value)
    }
    return out
  }

  /** `a b - t c - (either u v) d`: names followed by an optional `- type`. */
  typedList(
    items: SExpr[],
    what: 'constant' | 'object' | 'parameter' | 'variable',
  ): PddlTypedName[] {
    const out: PddlTypedName[] = []
    let pending: SAtom[] = []
    for (let i = 0; i < items.length; i++) {
      const item = items[i] as SExpr
      if (item.kind === 'atom' && item.value === '-') {
        const typeExpr = items[i + 1]
        if (!typeExpr) this.fail(item, `A '-' must be followed by a type.`)
        if (pending.length === 0)
          this.fail(item, `The type ${show(typeExpr)} follows no ${what} name.`)
        const types = this.typeRef(typeExpr)
        for (const atom of pending) out.push({ name: atom.value, types, at: atom })
        pending = []
        i++
        continue
      }
      if (item.kind !== 'atom') this.fail(item, `Expected a ${what} name, found ${show(item)}.`)
      const isVar = item.value.startsWith('?')
      const wantVar = what === 'parameter' || what === 'variable'
      if (isVar !== wantVar || item.value === '?' || item.value.startsWith(':')) {
        this.fail(
          item,
          `Expected a ${what} ${wantVar ? 'variable (?x)' : 'name'}, found '${show(item)}'.`,
        )
      }
      pending.push(item)
    }
    for (const atom of pending) out.push({ name: atom.value, types: ['object'], at: atom })
    return out
  }

  typeRef(expr: SExpr): string[] {
    if (expr.kind === 'atom') return [this.name(expr, 'a type name')]
    const [head, ...rest] = expr.items
    if (head?.kind !== 'atom' || head.value !== 'either' || rest.length === 0) {
      this.fail(expr, `Expected a type name or (either ...), found ${show(expr)}.`)
    }
    return rest.map((item) => this.name(item, 'a type name'))
  }

  typeDecls(items: SExpr[]): PddlTypeDecl[] {
    return this.typedList(items, 'object').map((entry) => {
      if (entry.types.length !== 1)
        this.fail(entry.at, `The type ${entry.name} cannot have an (either ...) parent.`)
      return { name: entry.name, parent: entry.types[0] as string, at: entry.at }
    })
  }

  predicate(expr: SExpr): PddlPredicate {
    if (expr.kind !== 'list')
      this.fail(expr, `Expected a predicate declaration (name ?x ...), found ${show(expr)}.`)
    const name = this.name(expr.items[0], 'a predicate name')
    return { name, params: this.typedList(expr.items.slice(1), 'parameter'), at: expr }
  }

  action(section: SList): PddlAction {
    const name = this.name(section.items[1], 'an action name')
    const action: PddlAction = { name, parameters: [], at: section }
    const seen = new Set<string>()
    for (let i = 2; i < section.items.length; i += 2) {
      const key = section.items[i] as SExpr
      const value = section.items[i + 1]
      if (key.kind !== 'atom' || !key.value.startsWith(':'))
        this.fail(
          key,
          `Expected :parameters, :precondition or :effect in action ${name}, found ${show(key)}.`,
        )
      if (!value) this.fail(key, `${key.value} in action ${name} has no value.`)
      if (seen.has(key.value)) this.fail(key, `${key.value} appears twice in action ${name}.`)
      seen.add(key.value)
      switch (key.value) {
        case ':parameters':
          if (value.kind !== 'list')
            this.fail(value, `Expected a parameter list (?x - type ...), found ${show(value)}.`)
          action.parameters = this.typedList(value.items, 'parameter')
          if (action.parameters.length > WORLD_LIMITS.maxActionParams)
            this.fail(
              value,
              `The action ${name} has ${action.parameters.length} parameters; at most ${WORLD_LIMITS.maxActionParams} are supported.`,
              'Split the action, or fold parameters into predicates.',
            )
          break
        case ':precondition':
          action.precondition = this.condition(value)
          break
        case ':effect':
          action.effect = this.effect(value)
          break
        default:
          this.fail(
            key,
            `Unknown action field ${key.value} in action ${name}.`,
            'Expected :parameters, :precondition or :effect.',
          )
      }
    }
    return action
  }

  atom(expr: SList, what: string): PddlAtom {
    const predicate = this.name(expr.items[0], `a predicate name in ${what}`)
    const args = expr.items.slice(1).map((item) => {
      if (item.kind !== 'atom') {
        this.fail(
          item,
          `Expected an object or variable, found ${show(item)}.`,
          'Function terms need numeric fluents, which are not supported.',
        )
      }
      if (item.value === '?' || item.value.startsWith(':'))
        this.fail(item, `Expected an object or variable, found '${item.value}'.`)
      return item.value
    })
    return { predicate, args, at: expr }
  }

  initAtom(expr: SExpr): PddlAtom {
    if (expr.kind !== 'list')
      this.fail(expr, `Expected a fact (predicate object ...), found ${show(expr)}.`)
    const head = expr.items[0]
    if (head?.kind === 'atom' && head.value === '=')
      this.fail(expr, 'Numeric initial values are not supported.', NUMERIC_HINT)
    if (head?.kind === 'atom' && (head.value === 'not' || head.value === 'at')) {
      if (head.value === 'not')
        this.fail(
          expr,
          'Negative facts in :init are not needed.',
          'Leave them out: what is not listed is false.',
        )
      if (expr.items[1]?.kind === 'atom' && /^\d/.test((expr.items[1] as SAtom).value)) {
        this.fail(
          expr,
          'Timed initial literals are not supported.',
          'Remove (at <time> ...) facts.',
        )
      }
    }
    const atom = this.atom(expr, ':init')
    for (const [index, arg] of atom.args.entries()) {
      if (arg.startsWith('?'))
        this.fail(
          expr.items[index + 1],
          `A fact in :init cannot hold the variable ${arg}.`,
          'Use object names.',
        )
    }
    return atom
  }

  condition(expr: SExpr): PddlCondition {
    if (expr.kind !== 'list')
      this.fail(expr, `Expected a condition in parentheses, found '${show(expr)}'.`)
    const [head, ...rest] = expr.items
    if (!head) return { op: 'and', args: [], at: expr }
    if (head.kind !== 'atom')
      this.fail(head, `Expected a predicate or connective, found ${show(head)}.`)
    const at: SourcePos = expr
    switch (head.value) {
      case 'and':
      case 'or':
        return { op: head.value, args: rest.map((item) => this.condition(item)), at }
      case 'not': {
        if (rest.length !== 1) this.fail(expr, '(not ...) takes exactly one condition.')
        return { op: 'not', arg: this.condition(rest[0] as SExpr), at }
      }
      case 'imply': {
        if (rest.length !== 2) this.fail(expr, '(imply ...) takes exactly two conditions.')
        return {
          op: 'imply',
          premise: this.condition(rest[0] as SExpr),
          conclusion: this.condition(rest[1] as SExpr),
          at,
        }
      }
      case 'exists':
      case 'forall': {
        const [vars, body, extra] = rest
        if (vars?.kind !== 'list' || !body || extra)
          this.fail(expr, `Expected (${head.value} (?x - type ...) <condition>).`)
        return {
          op: head.value,
          vars: this.typedList(vars.items, 'variable'),
          body: this.condition(body),
          at,
        }
      }
      case '=': {
        const [left, right, extra] = rest
        if (left?.kind !== 'atom' || right?.kind !== 'atom' || extra) {
          this.fail(
            expr,
            '(= ...) compares exactly two objects or variables.',
            'Numeric comparisons need fluents, which are not supported.',
          )
        }
        return { op: 'eq', left: left.value, right: right.value, at }
      }
      case '<':
      case '<=':
      case '>':
      case '>=':
        return this.fail(
          expr,
          `Numeric comparisons (${head.value}) are not supported.`,
          NUMERIC_HINT,
        )
      case 'preference':
        return this.fail(
          expr,
          'Preferences are not supported.',
          'Remove (preference ...) from the condition.',
        )
      default:
        return { op: 'atom', atom: this.atom(expr, 'a condition') }
    }
  }

  effect(expr: SExpr): PddlEffect {
    if (expr.kind !== 'list')
      this.fail(expr, `Expected an effect in parentheses, found '${show(expr)}'.`)
    const [head, ...rest] = expr.items
    if (!head) return { op: 'and', effects: [], at: expr }
    if (head.kind !== 'atom')
      this.fail(head, `Expected a predicate or an effect keyword, found ${show(head)}.`)
    const at: SourcePos = expr
    switch (head.value) {
      case 'and':
        return { op: 'and', effects: rest.map((item) => this.effect(item)), at }
      case 'not': {
        const inner = rest[0]
        if (rest.length !== 1 || inner?.kind !== 'list')
          this.fail(expr, '(not ...) in an effect takes exactly one fact.')
        return { op: 'del', atom: this.atom(inner, 'an effect') }
      }
      case 'when': {
        const [condition, effect, extra] = rest
        if (!condition || !effect || extra) this.fail(expr, 'Expected (when <condition> <effect>).')
        return { op: 'when', condition: this.condition(condition), effect: this.effect(effect), at }
      }
      case 'forall': {
        const [vars, body, extra] = rest
        if (vars?.kind !== 'list' || !body || extra)
          this.fail(expr, 'Expected (forall (?x - type ...) <effect>).')
        return {
          op: 'forall',
          vars: this.typedList(vars.items, 'variable'),
          effect: this.effect(body),
          at,
        }
      }
      case 'increase':
      case 'decrease':
      case 'assign':
      case 'scale-up':
      case 'scale-down':
        return this.fail(expr, `Numeric effects (${head.value}) are not supported.`, NUMERIC_HINT)
      case 'or':
      case 'exists':
      case 'imply':
      case '=':
        return this.fail(
          expr,
          `(${head.value} ...) cannot be an effect.`,
          'Effects are facts, (not fact), (when ...), (forall ...) and (and ...).',
        )
      default:
        return { op: 'add', atom: this.atom(expr, 'an effect') }
    }
  }
}
