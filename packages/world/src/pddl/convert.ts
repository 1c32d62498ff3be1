import { RefineryError } from '@refinery/core'
import { LRUCache } from 'lru-cache'
import { deepFreeze } from '../freeze'
import {
  type Atom,
  type Condition,
  type Effect,
  type Entity,
  type Param,
  type PredicateDecl,
  type Text,
  type TextPart,
  type TypeDecl,
  WORLD_SPEC_VERSION,
  WorldSpec,
  type WorldSpecInput,
} from '../spec'
import type {
  PddlAction,
  PddlAtom,
  PddlCondition,
  PddlDomain,
  PddlEffect,
  PddlProblem,
  PddlTypedName,
} from './ast'
import { effectWhen, textIf } from './build'
import { NameTable, toSpecName } from './names'
import { type PddlParseOptions, parsePddlDomain, parsePddlProblem } from './parse'
import { pddlError, type SourcePos } from './sexpr'
import { defaultVerbaliser, type Verbaliser } from './verbalise'

export interface ImportPddlOptions {
  /** Overrides for the default words; missing methods fall back to `defaultVerbaliser`. */
  verbaliser?: Partial<Verbaliser>
  /**
   * What an action's observation says: `changes` (default) the facts it made true, as
   * AgentBoard shows barman and tyreworld; `state` every true fact, as it shows
   * blockworld and gripper.
   */
  feedback?: 'changes' | 'state'
  /**
   * Subgoals: `conjuncts` (default) one per goal conjunct, each credited once reached;
   * `share` AgentBoard's progress exactly, the most goal conjuncts true at once so far
   * (subgoal k: at least k of n hold together).
   */
  progress?: 'conjuncts' | 'share'
  /** File names for messages; default `domain.pddl` and `problem.pddl`. */
  files?: { domain?: string; problem?: string }
  /** Spec id; default `<domain>/<problem>`. */
  id?: string
}

const ROOT_TYPE = 'object'

/**
 * Imports a PDDL domain and problem as a WorldSpec: types, constants and objects become
 * entities (PDDL names kept), predicates get sentences, operators become action schemas
 * with one check per precondition conjunct, the goal's conjuncts become subgoals. Throws
 * RefineryError `invalid_input` with `file:line:column` for anything it cannot map. The spec's
 * `actions` and `observations` are frozen: specs of one domain share them (clone to edit).
 */
export function importPddl(
  domainText: string,
  problemText: string,
  options: ImportPddlOptions = {},
): WorldSpec {
  const domainOptions: PddlParseOptions = options.files?.domain
    ? { file: options.files.domain }
    : {}
  const problemOptions: PddlParseOptions = options.files?.problem
    ? { file: options.files.problem }
    : {}
  const domain = parsePddlDomain(domainText, domainOptions)
  const problem = parsePddlProblem(problemText, problemOptions)
  return convertPddl(domain, problem, options)
}

/** The second half of `importPddl`, for callers that parsed the files themselves. */
export function convertPddl(
  domain: PddlDomain,
  problem: PddlProblem,
  options: ImportPddlOptions = {},
): WorldSpec {
  return convert(domain, problem, options, undefined)
}

/**
 * `convertPddl` for many problems of one domain under the same options: what comes from the
 * domain alone (types, predicates, actions, observations, their schema parse) is made once
 * for all the problems that read the domain the same way (the same predicate positions
 * widened), since it is most of a conversion. The same specs as `convertPddl`. The domain and
 * the verbaliser are taken to stay as they are (a parsed domain deep-frozen, the verbaliser's
 * words a function of their arguments); the specs share the parts made once, frozen.
 */
export function pddlConverter(
  domain: PddlDomain,
  options: Omit<ImportPddlOptions, 'id'> = {},
): (problem: PddlProblem, id?: string) => WorldSpec {
  const memo: DomainMemo = { actionWidened: undefined, byWidened: new Map() }
  return (problem, id) =>
    convert(domain, problem, id === undefined ? options : { ...options, id }, memo)
}

/**
 * What a converter keeps of its domain. Unset `actionWidened` means not read yet; `null` that
 * the actions name an object the domain does not declare (that object comes from each
 * problem, so nothing is kept).
 */
interface DomainMemo {
  /** The predicate positions the actions widen (see `widenedPositions`). */
  actionWidened: ReadonlySet<string> | null | undefined
  /** The parts made from the domain, by the sorted widened positions of the problem. */
  byWidened: Map<string, KnownDomain>
}

interface KnownDomain {
  types: WorldSpec['types']
  predicates: WorldSpec['predicates']
  parts: DomainParts
}

/** Widened sets a converter keeps the parts of: a domain's problems widen one or two. */
const MAX_WIDENED = 8

function convert(
  domain: PddlDomain,
  problem: PddlProblem,
  options: ImportPddlOptions,
  memo: DomainMemo | undefined,
): WorldSpec {
  const converted = new Converter(
    domain,
    problem,
    { ...defaultVerbaliser, ...options.verbaliser },
    options,
    memo,
  ).run(options.id)
  let known: KnownDomain
  let parsed: { data: Partial<WorldSpec> }
  if (converted.known) {
    known = converted.known
    const { goal, ...problemRest } = converted.rest
    if (goalFits(problem.goal, goal)) {
      // The goal is most of a problem's parse (the condition union is tried branch by branch),
      // and here the converter's own types answer for it: a goal without quantifiers is facts,
      // equalities, not/and/or of them, over names the NameTables made (never empty), with
      // every key the schema reads written in its order (`fail` included, the one default),
      // so the schema would give it back unchanged (convert.test.ts checks it does). Only a
      // quantifier (whose variable list the schema wants non-empty) or an empty instruction
      // from a custom verbaliser goes through the schema.
      // The problem's other parts are the converter's too, and the schema gave them back
      // unchanged but for its defaults (a fifth of a conversion): see `problemRestAsParsed`.
      let data = problemRestAsParsed(problemRest)
      if (data === undefined) {
        const rest = ProblemRest.safeParse({ ...problemRest, types: [], predicates: [] })
        if (!rest.success) throw doesNotFit(rest.error.issues[0])
        data = rest.data
      }
      parsed = { data: { ...data, goal: goal as WorldSpec['goal'] } }
    } else {
      // Types and predicates come parsed: the schema reads the problem's own parts only.
      const all = SpecRest.safeParse({ ...converted.rest, types: [], predicates: [] })
      if (!all.success) throw doesNotFit(all.error.issues[0])
      parsed = all
    }
  } else {
    const { actions, observations, ...rest } = converted.spec
    const parts = parsedDomainParts(actions, observations)
    const all = SpecRest.safeParse(rest)
    if (!all.success) throw doesNotFit(all.error.issues[0])
    parsed = all
    known = { types: all.data.types, predicates: all.data.predicates, parts }
    if (memo && converted.widened !== undefined && memo.byWidened.size < MAX_WIDENED) {
      // Later specs share them: frozen, as the actions are.
      deepFreeze(known.types)
      deepFreeze(known.predicates)
      memo.byWidened.set(converted.widened, known)
    }
  }
  // In the schema's key order, as a parse of the whole spec writes it: the spec's JSON is the
  // key of compiled worlds and remembered plans.
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(WorldSpec.shape)) {
    if (key === 'actions' || key === 'observations') out[key] = known.parts[key]
    else if (key === 'types' || key === 'predicates') out[key] = known[key]
    else if (key in parsed.data) out[key] = parsed.data[key as keyof typeof parsed.data]
  }
  return out as WorldSpec
}

/**
 * The schema's answer for `actions` and `observations`, by the JSON the converter wrote for
 * them. They come from the domain file and the options, so the problems of one domain share
 * them, and they are most of the parse (the look text is a deep union the schema tries branch
 * by branch): a run that imports many problems of few domains parses them once. Frozen, since
 * the specs share them.
 */
const MAX_DOMAIN_PARTS = 16
const domainParts = new LRUCache<string, DomainParts>({ max: MAX_DOMAIN_PARTS })
const DomainParts = WorldSpec.pick({ actions: true, observations: true })
type DomainParts = Pick<WorldSpec, 'actions' | 'observations'>
const SpecRest = WorldSpec.omit({ actions: true, observations: true })
const ProblemRest = SpecRest.omit({ goal: true })

/**
 * Whether the converter's goal for `pddlGoal` is one the schema gives back unchanged without
 * being asked: no quantifier anywhere and an instruction that is not empty (see `convert`).
 */
function goalFits(pddlGoal: PddlCondition | undefined, goal: WorldSpecInput['goal']): boolean {
  return goal.instruction.length > 0 && (pddlGoal === undefined || quantifierFree(pddlGoal))
}

/**
 * What ProblemRest's parse gives for a converter's problem parts (types and predicates come
 * parsed from the memo), without the parse: the head and meta are constants, the entities
 * `{ id, type, name }` and the facts `[predicate, ...ids]` in the schema's key order, every id
 * a name the NameTables made (which fits the schema's by construction), so the parse would
 * only copy them and add the defaults written here (convert.test.ts checks the specs against
 * the schema's parse). Undefined, for the schema to answer, where a part is not a converter's
 * usual: an empty id or entity name.
 */
function problemRestAsParsed(
  rest: Omit<WorldSpecInput, 'actions' | 'observations' | 'goal'>,
): Partial<WorldSpec> | undefined {
  const { spec, id, title, entities, facts, meta } = rest
  if (spec !== WORLD_SPEC_VERSION || id.length === 0 || typeof title !== 'string') return undefined
  if (meta === undefined || facts === undefined) return undefined
  for (let i = 0; i < entities.length; i++) if (entities[i]!.name.length === 0) return undefined
  return {
    spec,
    id,
    title,
    types: [],
    entities: entities as WorldSpec['entities'],
    predicates: [],
    attributes: [],
    facts,
    processes: [],
    derived: [],
    meta: meta as WorldSpec['meta'],
  }
}

function quantifierFree(c: PddlCondition): boolean {
  switch (c.op) {
    case 'atom':
    case 'eq':
      return true
    case 'not':
      return quantifierFree(c.arg)
    case 'and':
    case 'or':
      return c.args.every(quantifierFree)
    case 'imply':
      return quantifierFree(c.premise) && quantifierFree(c.conclusion)
    case 'exists':
    case 'forall':
      return false
  }
}

function parsedDomainParts(
  actions: WorldSpecInput['actions'],
  observations: WorldSpecInput['observations'],
): DomainParts {
  const key = JSON.stringify([actions, observations])
  const known = domainParts.get(key)
  if (known) return known
  const parsed = DomainParts.safeParse({ actions, observations })
  if (!parsed.success) throw doesNotFit(parsed.error.issues[0])
  const parts = deepFreeze(parsed.data)
  domainParts.set(key, parts)
  return parts
}

function doesNotFit(issue: { message: string; path: PropertyKey[] } | undefined): RefineryError {
  return new RefineryError(
    'internal',
    `The imported spec does not fit the WorldSpec schema: ${issue?.message ?? 'unknown issue'}.`,
    {
      path: issue?.path.join('.') ?? '',
      hint: 'Please report this with the PDDL files.',
    },
  )
}

interface ActionScope {
  /** PDDL variable (with `?`) → spec variable name (without). */
  vars: Map<string, { name: string; type: string }>
  taken: NameTable
  file: string
}

class Converter {
  private readonly types = new NameTable([ROOT_TYPE])
  private readonly entities = new NameTable()
  private readonly predicates = new NameTable()
  private readonly actions = new NameTable()
  /** PDDL type → its PDDL parent; the root is absent. */
  private readonly parents = new Map<string, string>()
  /** PDDL entity name → its PDDL type. */
  private readonly entityTypes = new Map<string, string>()
  private readonly predicateDecls = new Map<string, { decl: PredicateDecl; arity: number }>()
  private readonly predicateBySpecName = new Map<string, PredicateDecl>()
  private readonly displayById = new Map<string, string>()

  constructor(
    private readonly domain: PddlDomain,
    private readonly problem: PddlProblem,
    private readonly words: Verbaliser,
    private readonly options: ImportPddlOptions,
    private readonly memo?: DomainMemo,
  ) {}

  /**
   * The spec as written, or with a converter's memo that knows this domain reading (`known`),
   * the problem's parts only (`rest`: no actions, observations, types or predicates).
   * `widened` is the memo's key for this problem, when the memo may keep its domain parts.
   */
  run(
    id: string | undefined,
  ):
    | { spec: WorldSpecInput; known?: undefined; widened: string | undefined }
    | { rest: Omit<WorldSpecInput, 'actions' | 'observations'>; known: KnownDomain } {
    const { domain, problem } = this
    if (problem.domain !== domain.name) {
      throw pddlError(
        problem.file,
        undefined,
        `The problem is for domain '${problem.domain}', but the domain file defines '${domain.name}'.`,
        'Pass the matching domain file.',
      )
    }
    const types = this.declareTypes()
    const entities = this.declareEntities()
    const widened = this.widenedPositions()
    const key =
      this.memo && this.memo.actionWidened !== null ? [...widened].sort().join(' ') : undefined
    const known = key === undefined ? undefined : this.memo?.byWidened.get(key)
    const predicates = known ? this.knownPredicates(known) : this.declarePredicates(widened)
    const facts = this.initialFacts()
    // The domain's actions and texts, made before for the same reading of the domain.
    const actions = known ? [] : domain.actions.map((action) => this.action(action))
    if (!known && actions.length === 0)
      throw pddlError(
        domain.file,
        undefined,
        'The domain defines no action.',
        'Add at least one (:action ...).',
      )
    const goal = this.goal()
    const head = {
      spec: WORLD_SPEC_VERSION,
      id: id ?? `${domain.name}/${problem.name}`,
      title: `PDDL ${domain.name}: ${problem.name}`,
    }
    const meta = { look: true, inventory: false, checkValidActions: true, help: true }
    if (known) return { rest: { ...head, types, entities, predicates, facts, meta, goal }, known }
    const look = this.lookText(predicates)
    if (this.options.feedback === 'state') for (const action of actions) action.message = look
    return {
      spec: {
        ...head,
        types,
        entities,
        predicates,
        facts,
        actions,
        observations: { look, success: 'The goal is satisfied.' },
        meta,
        goal,
      },
      widened: key,
    }
  }

  // ------------------------------------------------------------ declarations

  private declareTypes(): TypeDecl[] {
    const out: TypeDecl[] = []
    const declared = new Map<string, string>()
    for (const decl of this.domain.types) {
      if (decl.name === ROOT_TYPE) continue
      const before = declared.get(decl.name)
      if (before !== undefined && before !== decl.parent) {
        throw pddlError(
          this.domain.file,
          decl.at,
          `The type ${decl.name} is declared with two parents, ${before} and ${decl.parent}.`,
          'Give each type one parent.',
        )
      }
      declared.set(decl.name, decl.parent)
    }
    // A parent that is only ever named as a parent is a type of its own under the root.
    for (const parent of [...declared.values()]) {
      if (parent !== ROOT_TYPE && !declared.has(parent)) declared.set(parent, ROOT_TYPE)
    }
    for (const [name, parent] of declared) {
      this.parents.set(name, parent)
      this.types.get(name)
    }
    for (const [name, parent] of declared) {
      let seen = 0
      for (
        let t: string | undefined = name;
        t !== undefined && t !== ROOT_TYPE;
        t = this.parents.get(t)
      ) {
        if (++seen > declared.size) {
          const at = this.domain.types.find((d) => d.name === name)?.at
          throw pddlError(
            this.domain.file,
            at,
            `The type hierarchy has a cycle through ${name}.`,
            'Make every type descend from object.',
          )
        }
      }
      out.push({
        name: this.types.get(name),
        ...(parent === ROOT_TYPE ? {} : { parent: this.types.get(parent) }),
      })
    }
    return out
  }

  private typeName(raw: string, file: string, at: SourcePos): string {
    if (raw === ROOT_TYPE) return ROOT_TYPE
    if (!this.parents.has(raw)) {
      throw pddlError(
        file,
        at,
        `Unknown type '${raw}'.`,
        this.domain.types.length
          ? 'Declare it in (:types ...).'
          : 'Add (:types ...) to the domain, or leave the names untyped.',
      )
    }
    return this.types.get(raw)
  }

  /** One spec type for a parameter; `either` falls back to the root plus a check. */
  private paramType(entry: PddlTypedName, file: string): { type: string; either?: string[] } {
    if (entry.types.length === 1)
      return { type: this.typeName(entry.types[0] as string, file, entry.at) }
    return { type: ROOT_TYPE, either: entry.types.map((t) => this.typeName(t, file, entry.at)) }
  }

  private isSubtype(type: string, ancestor: string): boolean {
    for (let t: string | undefined = type; t !== undefined; t = this.parents.get(t)) {
      if (t === ancestor) return true
    }
    return ancestor === ROOT_TYPE
  }

  private declareEntities(): Entity[] {
    const out: Entity[] = []
    const add = (entry: PddlTypedName, file: string) => {
      if (entry.types.length !== 1)
        throw pddlError(
          file,
          entry.at,
          `The object ${entry.name} cannot have an (either ...) type.`,
          'Give it one type.',
        )
      const type = entry.types[0] as string
      this.typeName(type, file, entry.at)
      const before = this.entityTypes.get(entry.name)
      if (before !== undefined) {
        if (before === type) return // problems often repeat the domain's constants
        throw pddlError(
          file,
          entry.at,
          `The object ${entry.name} is declared as ${before} and as ${type}.`,
          'Declare each object once.',
        )
      }
      this.entityTypes.set(entry.name, type)
      const id = this.entities.get(entry.name)
      this.displayById.set(id, displayName(entry.name))
      out.push({ id, type: this.typeName(type, file, entry.at), name: displayName(entry.name) })
    }
    for (const constant of this.domain.constants) add(constant, this.domain.file)
    for (const object of this.problem.objects) add(object, this.problem.file)
    return out
  }

  private declarePredicates(widened: ReadonlySet<string>): PredicateDecl[] {
    const out: PredicateDecl[] = []
    for (const pred of this.domain.predicates) {
      if (this.predicates.has(pred.name)) {
        throw pddlError(
          this.domain.file,
          pred.at,
          `The predicate ${pred.name} is declared twice.`,
          'Declare each predicate once.',
        )
      }
      const names = new NameTable()
      const params: Param[] = pred.params.map((p, i) => ({
        name: names.get(p.name),
        type: widened.has(`${pred.name}/${i}`)
          ? ROOT_TYPE
          : this.paramType(p, this.domain.file).type,
      }))
      const decl: PredicateDecl = {
        name: this.predicates.get(pred.name),
        params,
        text: this.words.fact({ name: pred.name, params }),
      }
      this.predicateDecls.set(pred.name, { decl, arity: params.length })
      this.predicateBySpecName.set(decl.name, decl)
      out.push(decl)
    }
    return out
  }

  /**
   * `declarePredicates` for a reading of the domain made before: the same declarations, in
   * the domain's order, so they are taken parsed from the memo instead of written (and their
   * sentences verbalised) again for every problem.
   */
  private knownPredicates(known: KnownDomain): PredicateDecl[] {
    const { predicates } = this.domain
    for (let i = 0; i < predicates.length; i++) {
      const pred = predicates[i]!
      const decl = known.predicates[i]!
      this.predicates.get(pred.name)
      this.predicateDecls.set(pred.name, { decl, arity: decl.params.length })
      this.predicateBySpecName.set(decl.name, decl)
    }
    return known.predicates
  }

  /**
   * Predicate positions (`name/index`) whose declared type some use does not fit. PDDL
   * planners do not enforce predicate types (tyreworld declares `(in ?x - container ?y -
   * obj)` and writes `(in jack boot)`), so such a position is widened to `object` rather
   * than refused.
   */
  private widenedPositions(): Set<string> {
    const out = new Set<string>()
    const declared = new Map(this.domain.predicates.map((p) => [p.name, p.params] as const))
    let into = out
    const visitAtom = (atom: PddlAtom, vars: ReadonlyMap<string, string[]>) => {
      const params = declared.get(atom.predicate)
      atom.args.forEach((arg, i) => {
        const want = params?.[i]?.types
        if (!want || want.includes(ROOT_TYPE)) return
        const have = arg.startsWith('?')
          ? (vars.get(arg) ?? [ROOT_TYPE])
          : [this.entityTypes.get(arg) ?? ROOT_TYPE]
        if (!have.every((h) => want.some((w) => this.isSubtype(h, w))))
          into.add(`${atom.predicate}/${i}`)
      })
    }
    const bindVars = (vars: ReadonlyMap<string, string[]>, more: PddlTypedName[]) => {
      const inner = new Map(vars)
      for (const v of more) inner.set(v.name, v.types)
      return inner
    }
    const visitCond = (c: PddlCondition, vars: ReadonlyMap<string, string[]>): void => {
      if (c.op === 'atom') visitAtom(c.atom, vars)
      else if (c.op === 'not') visitCond(c.arg, vars)
      else if (c.op === 'and' || c.op === 'or') for (const x of c.args) visitCond(x, vars)
      else if (c.op === 'imply') {
        visitCond(c.premise, vars)
        visitCond(c.conclusion, vars)
      } else if (c.op === 'exists' || c.op === 'forall') visitCond(c.body, bindVars(vars, c.vars))
    }
    const visitEffect = (e: PddlEffect, vars: ReadonlyMap<string, string[]>): void => {
      if (e.op === 'add' || e.op === 'del') visitAtom(e.atom, vars)
      else if (e.op === 'and') for (const x of e.effects) visitEffect(x, vars)
      else if (e.op === 'when') {
        visitCond(e.condition, vars)
        visitEffect(e.effect, vars)
      } else if (e.op === 'forall') visitEffect(e.effect, bindVars(vars, e.vars))
    }
    // The actions' part is the domain's alone when every object they name is a constant of
    // the domain (whose type no problem can change): a converter reads it once.
    const kept = this.memo?.actionWidened
    if (kept) for (const position of kept) out.add(position)
    else {
      into = new Set<string>()
      for (const action of this.domain.actions) {
        const vars = bindVars(new Map(), action.parameters)
        if (action.precondition) visitCond(action.precondition, vars)
        if (action.effect) visitEffect(action.effect, vars)
      }
      for (const position of into) out.add(position)
      if (this.memo && kept === undefined)
        this.memo.actionWidened = namesOnlyConstants(this.domain) ? into : null
      into = out
    }
    for (const atom of this.problem.init) visitAtom(atom, new Map())
    visitCond(this.problem.goal, new Map())
    return out
  }

  private initialFacts(): Atom[] {
    const seen = new Set<string>()
    const out: Atom[] = []
    for (const atom of this.problem.init) {
      const fact = this.atom(atom, undefined, this.problem.file)
      const key = fact.join(' ')
      if (seen.has(key)) continue
      seen.add(key)
      out.push(fact)
    }
    return out
  }

  // ------------------------------------------------------------ terms and conditions

  private term(raw: string, scope: ActionScope | undefined, file: string, at: SourcePos): string {
    if (raw.startsWith('?')) {
      const bound = scope?.vars.get(raw)
      if (!bound)
        throw pddlError(
          file,
          at,
          `The variable ${raw} is not declared here.`,
          'Declare it in :parameters or in a quantifier.',
        )
      return `?${bound.name}`
    }
    if (!this.entityTypes.has(raw)) {
      throw pddlError(
        file,
        at,
        `Unknown object '${raw}'.`,
        scope ? 'Declare it in (:constants ...) of the domain.' : 'Declare it in (:objects ...).',
      )
    }
    return this.entities.get(raw)
  }

  private atom(atom: PddlAtom, scope: ActionScope | undefined, file: string): Atom {
    const pred = this.predicateDecls.get(atom.predicate)
    if (!pred)
      throw pddlError(
        file,
        atom.at,
        `Unknown predicate '${atom.predicate}'.`,
        'Declare it in (:predicates ...) of the domain.',
      )
    if (pred.arity !== atom.args.length) {
      throw pddlError(
        file,
        atom.at,
        `The predicate ${atom.predicate} takes ${pred.arity} argument(s), got ${atom.args.length}.`,
        'Match its declaration in (:predicates ...).',
      )
    }
    const args = atom.args.map((arg) => this.term(arg, scope, file, atom.at))
    return [pred.decl.name, ...args]
  }

  private bind(
    scope: ActionScope,
    vars: PddlTypedName[],
    file: string,
  ): { scope: ActionScope; params: Param[]; either: Condition[] } {
    const inner: ActionScope = { vars: new Map(scope.vars), taken: scope.taken, file }
    const params: Param[] = []
    const either: Condition[] = []
    for (const v of vars) {
      const { type, either: options } = this.paramType(v, file)
      const name = scope.taken.fresh(toSpecName(v.name))
      inner.vars.set(v.name, { name, type })
      params.push({ name, type })
      if (options) either.push({ any: options.map((t) => ({ is: [`?${name}`, t] })) })
    }
    return { scope: inner, params, either }
  }

  private condition(cond: PddlCondition, scope: ActionScope, file: string): Condition {
    switch (cond.op) {
      case 'atom':
        return { fact: this.atom(cond.atom, scope, file) }
      case 'eq':
        return {
          eq: [
            this.term(cond.left, scope, file, cond.at),
            this.term(cond.right, scope, file, cond.at),
          ],
        }
      case 'not':
        return { not: this.condition(cond.arg, scope, file) }
      case 'and':
        return { all: cond.args.map((c) => this.condition(c, scope, file)) }
      case 'or':
        return { any: cond.args.map((c) => this.condition(c, scope, file)) }
      case 'imply':
        return {
          any: [
            { not: this.condition(cond.premise, scope, file) },
            this.condition(cond.conclusion, scope, file),
          ],
        }
      case 'exists':
      case 'forall': {
        const bound = this.bind(scope, cond.vars, file)
        const body = this.condition(cond.body, bound.scope, file)
        const where: Condition =
          bound.either.length === 0
            ? body
            : cond.op === 'exists'
              ? { all: [...bound.either, body] }
              : { any: [{ not: { all: bound.either } }, body] }
        return { [cond.op]: { vars: bound.params, where } } as Condition
      }
    }
  }

  // ------------------------------------------------------------ actions

  private action(action: PddlAction): WorldSpecInput['actions'][number] {
    const file = this.domain.file
    if (this.actions.has(action.name))
      throw pddlError(
        file,
        action.at,
        `The action ${action.name} is defined twice.`,
        'Give each action its own name.',
      )
    const scope: ActionScope = { vars: new Map(), taken: new NameTable(), file }
    const seen = new Set<string>()
    for (const p of action.parameters) {
      if (seen.has(p.name))
        throw pddlError(
          file,
          p.at,
          `The parameter ${p.name} appears twice in ${action.name}.`,
          'Rename one of them.',
        )
      seen.add(p.name)
    }
    const bound = this.bind(scope, action.parameters, file)
    const params = bound.params
    const signature = { name: action.name, params }
    const pattern = this.words.action(signature)
    const synonyms = [...new Set(this.words.actionSynonyms(signature))].filter((s) => s !== pattern)
    const checks = [
      ...bound.either.map((require) => ({
        require,
        fail: 'You cannot do that with these objects: one of them has the wrong type.',
        status: 'invalid_argument' as const,
      })),
      ...conjuncts(action.precondition).map((pre) => {
        const require = this.condition(pre, bound.scope, file)
        return {
          require,
          fail: this.failText(require),
          ...(isPlaceCheck(pre) ? { place: true } : {}),
        }
      }),
    ]
    const { effects, added } = this.effects(action.effect, bound.scope, file)
    const name = this.actions.get(action.name)
    return {
      name,
      params,
      pattern,
      ...(synonyms.length ? { synonyms } : {}),
      checks,
      effects,
      message: this.addedText(added),
      // The PDDL name, for toPddlAction, where the spec had to change it.
      ...(name === action.name ? {} : { description: `PDDL operator ${action.name}` }),
    }
  }

  /**
   * PDDL reads every condition in the state before the action and applies deletes before
   * adds. Conditional effects therefore come first, then the unconditional deletes, then
   * the unconditional adds.
   */
  private effects(
    effect: PddlEffect | undefined,
    scope: ActionScope,
    file: string,
  ): { effects: Effect[]; added: AddedFact[] } {
    const conditional: Effect[] = []
    const dels: Effect[] = []
    const adds: Effect[] = []
    const added: AddedFact[] = []
    const walk = (e: PddlEffect) => {
      switch (e.op) {
        case 'and':
          e.effects.forEach(walk)
          return
        case 'add': {
          const atom = this.atom(e.atom, scope, file)
          adds.push({ add: atom })
          added.push({ atom })
          return
        }
        case 'del':
          dels.push({ del: this.atom(e.atom, scope, file) })
          return
        case 'when': {
          const inner = this.effects(e.effect, scope, file)
          conditional.push(effectWhen(this.condition(e.condition, scope, file), inner.effects))
          added.push(...inner.added)
          return
        }
        case 'forall': {
          const bound = this.bind(scope, e.vars, file)
          let body = e.effect
          let where: Condition | undefined
          // (forall (?x) (when c e)) is the usual way to write a filtered universal effect.
          if (body.op === 'when') {
            where = this.condition(body.condition, bound.scope, file)
            body = body.effect
          }
          const inner = this.effects(body, bound.scope, file)
          const filters = [...bound.either, ...(where ? [where] : [])]
          const whereAll =
            filters.length === 0 ? undefined : filters.length === 1 ? filters[0] : { all: filters }
          conditional.push({
            forall: {
              vars: bound.params,
              ...(whereAll ? { where: whereAll } : {}),
              do: inner.effects,
            },
          })
          added.push(
            ...inner.added.map((a) => ({
              atom: a.atom,
              vars: [...bound.params, ...(a.vars ?? [])],
            })),
          )
          return
        }
      }
    }
    if (effect) walk(effect)
    return { effects: [...conditional, ...dels, ...adds], added }
  }

  // ------------------------------------------------------------ texts

  /** A predicate's sentence with its slots renamed to the atom's terms. */
  private sentence(atom: Atom): string {
    const [name, ...args] = atom
    const decl = name === undefined ? undefined : this.predicateBySpecName.get(name)
    const text = decl?.text ?? `${name} ${args.join(' ')}`
    const byParam = new Map(decl?.params.map((p, i) => [p.name, args[i] ?? ''] as const))
    return text.replace(
      /\{(?:(a|an|the) )?([A-Za-z][\w-]*)((?:\.[A-Za-z][\w-]*)?)\}/gi,
      (whole, article: string | undefined, slot: string, attr: string) => {
        const term = byParam.get(slot)
        if (term === undefined) return whole
        if (term.startsWith('?')) return `{${article ? `${article} ` : ''}${term.slice(1)}${attr}}`
        return `${article ? `${article} ` : ''}${this.display(term)}`
      },
    )
  }

  private display(id: string): string {
    return this.displayById.get(id) ?? id
  }

  private failText(require: Condition): string {
    const lead = 'You cannot do that now.'
    if ('fact' in require) return `${lead} Required: ${this.sentence(require.fact)}`
    if ('not' in require && 'fact' in require.not)
      return `${lead} Required to be false: ${this.sentence(require.not.fact)}`
    if ('eq' in require)
      return `${lead} Required: ${this.slotOrName(require.eq[0])} is ${this.slotOrName(require.eq[1])}.`
    if ('not' in require && 'eq' in require.not) {
      return `${lead} Required: ${this.slotOrName(require.not.eq[0])} is not ${this.slotOrName(require.not.eq[1])}.`
    }
    return `${lead} Its preconditions do not hold.`
  }

  private slotOrName(term: string): string {
    return term.startsWith('?') ? `{${term.slice(1)}}` : this.display(term)
  }

  /** What the agent reads after the action: the facts it made true, as sentences. */
  private addedText(added: AddedFact[]): Text {
    const seen = new Set<string>()
    const groups: { holds: Condition; text: Text }[] = []
    for (const { atom, vars } of added) {
      const key = JSON.stringify([atom, vars])
      if (seen.has(key)) continue
      seen.add(key)
      const where: Condition = { fact: atom }
      const item = this.sentence(atom)
      groups.push(
        vars?.length
          ? {
              holds: { exists: { vars, where } },
              text: [{ list: { vars, where, item, join: 'lines' } }],
            }
          : { holds: where, text: item },
      )
    }
    if (groups.length === 0) return 'Done.'
    return joinGroups(groups, ' ')
  }

  /** `look`: every true fact as a sentence, grouped by predicate in name order. */
  private lookText(predicates: PredicateDecl[]): Text {
    const sorted = [...predicates]
      .filter((p) => !p.hidden)
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    const groups = sorted.map((pred) => {
      const vars = pred.params.map((p, i) => ({ name: `v${i}`, type: p.type }))
      const where: Condition = { fact: [pred.name, ...vars.map((v) => `?${v.name}`)] }
      const item = this.sentence(where.fact)
      return vars.length === 0
        ? { holds: where, text: item }
        : {
            holds: { exists: { vars, where } },
            text: [{ list: { vars, where, item, join: 'lines' as const } }],
          }
    })
    return [
      ...joinGroups(groups, '\n'),
      textIf({ not: { any: groups.map((g) => g.holds) } }, 'Nothing is true now.'),
    ]
  }

  // ------------------------------------------------------------ goal

  private goal(): WorldSpecInput['goal'] {
    const file = this.problem.file
    const scope: ActionScope = { vars: new Map(), taken: new NameTable(), file }
    const parts = conjuncts(this.problem.goal)
    const conditions = parts.map((part) => this.condition(part, scope, file))
    // Quantified variables have no display name; the description names them plainly.
    const described = conditions.map((c) =>
      this.describe(c).replace(/\{(?:(?:a|an|the) )?([\w-]+)(?:\.[\w-]+)?\}/g, '$1'),
    )
    return {
      instruction: this.words.instruction([...described].sort()),
      success: { all: conditions },
      subgoals:
        this.options.progress === 'share' && this.displayById.size > 1
          ? this.shareSubgoals(conditions)
          : conditions.map((when, i) => ({
              id: `goal_${i + 1}`,
              description: described[i] as string,
              when,
            })),
      // The schema's default, written out: `convert` may pass the goal on without a parse.
      fail: [],
    }
  }

  /**
   * Subgoal k holds when at least k of the n goal conditions hold together, so progress
   * (reached subgoals / n, never decreasing) is AgentBoard's running maximum of the share
   * of goal literals true. The count tags condition i with its own tuple of entities.
   */
  private shareSubgoals(conditions: Condition[]): NonNullable<WorldSpecInput['goal']['subgoals']> {
    const ids = [...this.displayById.keys()]
    const n = conditions.length
    let width = 1
    while (ids.length ** width < n) width++
    const vars = Array.from({ length: width }, (_, j) => ({ name: `g${j}`, type: ROOT_TYPE }))
    const tagged: Condition[] = conditions.map((c, i) => {
      const tag: Condition[] = vars.map((v, j) => ({
        eq: [`?${v.name}`, ids[Math.floor(i / ids.length ** j) % ids.length] as string],
      }))
      return { all: [...tag, c] }
    })
    const count = { count: { vars, where: { any: tagged } } }
    return conditions.map((_, i) => ({
      id: `goal_share_${i + 1}`,
      description: `At least ${i + 1} of the ${n} goal conditions hold at once.`,
      when: { compare: [count, '>=', i + 1] },
    }))
  }

  /** A ground condition in words, for the instruction and subgoal descriptions. */
  private describe(cond: Condition): string {
    if ('fact' in cond) return this.sentence(cond.fact)
    if ('not' in cond && 'fact' in cond.not)
      return `It is not the case that ${this.sentence(cond.not.fact).replace(/\.$/, '')}.`
    if ('eq' in cond) return `${this.display(cond.eq[0])} is ${this.display(cond.eq[1])}.`
    if ('not' in cond) return `Not: ${this.describe(cond.not)}`
    if ('all' in cond) return cond.all.map((c) => this.describe(c)).join(' ')
    if ('any' in cond) return `One of: ${cond.any.map((c) => this.describe(c)).join(' / ')}`
    if ('exists' in cond)
      return `For some ${cond.exists.vars.map((v) => v.type).join(', ')}: ${this.describe(cond.exists.where)}`
    if ('forall' in cond)
      return `For every ${cond.forall.vars.map((v) => v.type).join(', ')}: ${this.describe(cond.forall.where)}`
    return 'A condition holds.'
  }
}

interface AddedFact {
  atom: Atom
  /** Quantified variables the atom uses, for `forall` effects. */
  vars?: Param[]
}

/**
 * Texts shown when their condition holds, separated by `sep`: a group gets the separator in
 * front when some earlier group was shown, so no text starts or ends with one.
 */
function joinGroups(groups: readonly { holds: Condition; text: Text }[], sep: string): TextPart[] {
  return groups.map((group, i) => {
    const text: TextPart[] = typeof group.text === 'string' ? [group.text] : [...group.text]
    if (i === 0) return textIf(group.holds, text)
    return textIf(group.holds, [
      textIf({ any: groups.slice(0, i).map((g) => g.holds) }, sep),
      ...text,
    ])
  })
}

/**
 * Whether every object the domain's actions name (in atoms and equalities) is one of its
 * constants: then the actions convert the same for every problem, whose objects come after.
 */
function namesOnlyConstants(domain: PddlDomain): boolean {
  const constants = new Set(domain.constants.map((c) => c.name))
  const term = (t: string) => t.startsWith('?') || constants.has(t)
  const atom = (a: PddlAtom) => a.args.every(term)
  const cond = (c: PddlCondition): boolean => {
    switch (c.op) {
      case 'atom':
        return atom(c.atom)
      case 'eq':
        return term(c.left) && term(c.right)
      case 'not':
        return cond(c.arg)
      case 'and':
      case 'or':
        return c.args.every(cond)
      case 'imply':
        return cond(c.premise) && cond(c.conclusion)
      case 'exists':
      case 'forall':
        return cond(c.body)
    }
  }
  const effect = (e: PddlEffect): boolean => {
    switch (e.op) {
      case 'add':
      case 'del':
        return atom(e.atom)
      case 'and':
        return e.effects.every(effect)
      case 'when':
        return cond(e.condition) && effect(e.effect)
      case 'forall':
        return effect(e.effect)
    }
  }
  return domain.actions.every(
    (a) => (!a.precondition || cond(a.precondition)) && (!a.effect || effect(a.effect)),
  )
}

/** The conjuncts of a condition, with nested `and`s flattened; none for no condition. */
function conjuncts(cond: PddlCondition | undefined): PddlCondition[] {
  if (!cond) return []
  if (cond.op === 'and') return cond.args.flatMap(conjuncts)
  return [cond]
}

/** Location preconditions (AgentRefine's place_error): predicates named `at` or `at-…`. */
function isPlaceCheck(cond: PddlCondition): boolean {
  return cond.op === 'atom' && /^at(?:[-_]|$)/.test(cond.atom.predicate)
}

/** An entity's surface name: its PDDL name, without characters that texts reserve. */
function displayName(raw: string): string {
  return raw.replace(/[{}]/g, '_')
}
