import { LRUCache } from 'lru-cache'
import { type Effect, implicitAttributes, type Text, WorldSpec, type WorldSpecInput } from '../spec'
import { type CText, compileTemplate, compileText, type FrozenPartCompiler } from '../text/compile'
import { patternSlots } from '../text/template'
import { condDeps, effectPreds, type RCond, type REffect, type RVar } from './ast'
import { compileCond } from './conditions'
import { type CreateContext, compileEffects } from './effects'
import {
  type AttributeInfo,
  type Lookups,
  type PredicateInfo,
  Resolver,
  Scope,
  type Symbols,
  sameLookups,
  type TypeInfo,
} from './resolve'
import { ENTITY_BOUND, type EntityInfo, PRED_BOUND, specError } from './state'
import type {
  CompiledAction,
  CompiledCondition,
  CompiledDerived,
  CompiledGoal,
  CompiledProcess,
  CompiledSubgoal,
  CompiledTexts,
  CompiledWorld,
} from './world'

/**
 * Parses a WorldSpec and resolves every name in it. Throws RefineryError `invalid_spec` with
 * a JSON path (`actions[2].checks[0].require`) on the first structural error.
 */
export function compileWorld(input: WorldSpecInput | WorldSpec): CompiledWorld {
  const parsed = WorldSpec.safeParse(input)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    const path = issue.path
      .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
      .join('')
      .replace(/^\./, '')
    throw specError(
      `The world spec does not parse: ${issue.message}.`,
      path || '(root)',
      'See worldSpecJsonSchema() for the shape.',
    )
  }
  return compileParsed(parsed.data)
}

/**
 * Compiles a spec the schema has already parsed (the validator's output), so a world is not
 * parsed twice on its way to the engine. `actionJson`, when given, holds
 * `JSON.stringify(spec.actions[i])` for each action (the world cache writes them for its key),
 * so that actions are not written again to be found among those compiled before.
 */
export function compileParsed(spec: WorldSpec, actionJson?: readonly string[]): CompiledWorld {
  const sym = buildSymbols(spec)
  const resolver = new Resolver(sym)
  let envSize = 1
  const grow = (n: number) => {
    envSize = Math.max(envSize, n)
  }

  const entities = spec.entities.map((e, i): EntityInfo => {
    const display = e.number === undefined ? e.name : `${e.name} ${e.number}`
    return {
      id: e.id,
      type: resolver.type(e.type, `entities[${i}].type`),
      name: e.name,
      number: e.number,
      article: e.article ?? 'a',
      aliases: e.aliases ?? [],
      display,
    }
  })
  const displays = new Map<string, string>()
  entities.forEach((e) => {
    const other = displays.get(e.display)
    if (other !== undefined) {
      throw specError(
        `Entities '${other}' and '${e.id}' both display as '${e.display}'.`,
        `entities[${entities.indexOf(e)}]`,
        'Give duplicates a number.',
      )
    }
    displays.set(e.display, e.id)
  })

  const createContext = {
    attrDefaults: Float64Array.from(sym.attributes.map((a) => a.default)),
    articleDefault: 'a',
  }

  const actionIndex = new Map<string, number>()
  const actions = spec.actions.map((a, index): CompiledAction => {
    if (actionIndex.has(a.name))
      throw specError(`Action '${a.name}' is declared twice.`, `actions[${index}].name`)
    actionIndex.set(a.name, index)
    const action = sharedAction(a, index, resolver, createContext, actionJson?.[index])
    grow(action.envSize)
    return action
  })

  const processes = spec.processes.map((p, i): CompiledProcess => {
    const process = shared(
      sharedProcesses,
      p,
      resolver,
      () => compileProcess(p, i, resolver, createContext),
      (made) => !createsEntities(made.effects),
    )
    grow(process.envSize)
    return process
  })

  const derived = spec.derived.map((d, i): CompiledDerived => {
    const rule = shared(sharedRules, d, resolver, () => compileDerived(d, i, resolver))
    grow(rule.envSize)
    return rule
  })
  const derivedPreds = new Set(derived.map((d) => d.pred))
  const derivedDeps = new Set<number>()
  let derivedReadAttrs = false
  for (const d of derived) {
    const deps = condDeps(d.when)
    for (const p of deps.preds) derivedDeps.add(p)
    if (deps.attrs) derivedReadAttrs = true
  }

  const changed = new Set<number>()
  for (const a of actions) effectPreds(a.effects, changed)
  for (const p of processes) effectPreds(p.effects, changed)
  const staticPreds = new Set<number>()
  sym.predicates.forEach((_, p) => {
    if (!changed.has(p) && !derivedPreds.has(p)) staticPreds.add(p)
  })

  const condition = (c: WorldSpec['goal']['success'], path: string): CompiledCondition => {
    const scope = Scope.root()
    const cond = resolver.cond(c, scope, path)
    grow(scope.size)
    return { cond, test: compileCond(cond), deps: condDeps(cond), envSize: scope.size }
  }
  const subgoalIds = new Map<string, number>()
  spec.goal.subgoals.forEach((s, i) => {
    if (subgoalIds.has(s.id))
      throw specError(`Subgoal '${s.id}' is declared twice.`, `goal.subgoals[${i}].id`)
    subgoalIds.set(s.id, i)
  })
  const goal: CompiledGoal = {
    instruction: spec.goal.instruction,
    success: condition(spec.goal.success, 'goal.success'),
    subgoals: spec.goal.subgoals.map((s, i): CompiledSubgoal => {
      const c = condition(s.when, `goal.subgoals[${i}].when`)
      return {
        cond: c.cond,
        test: c.test,
        deps: c.deps,
        envSize: c.envSize,
        id: s.id,
        description: s.description,
        optional: s.optional ?? false,
        after: (s.after ?? []).map((id, j) => {
          const k = subgoalIds.get(id)
          if (k === undefined)
            throw specError(`Unknown subgoal '${id}'.`, `goal.subgoals[${i}].after[${j}]`)
          if (k === i)
            throw specError(
              `Subgoal '${id}' cannot come after itself.`,
              `goal.subgoals[${i}].after[${j}]`,
            )
          return k
        }),
      }
    }),
    fail: spec.goal.fail.map((f, i) => {
      const c = condition(f.when, `goal.fail[${i}].when`)
      return {
        cond: c.cond,
        test: c.test,
        deps: c.deps,
        envSize: c.envSize,
        message: compileText(f.message, resolver, Scope.root(), `goal.fail[${i}].message`),
      }
    }),
  }

  const textScope = Scope.root()
  const factTexts = sym.predicates.map((p, i) => {
    const decl = spec.predicates[i]
    // Derived predicates declared only by their rule have no sentence.
    if (decl?.text === undefined) return null
    const scope = Scope.root()
    for (const q of p.params) scope.declare(q.name, q.type)
    const text = compileTemplate(decl.text, resolver, scope, `predicates[${i}].text`)
    grow(scope.size)
    return text
  })
  // The observations have no variables in scope, so a frozen part compiles the same in a
  // scope of its own: it is shared by every world whose symbols answer its lookups the same.
  const frozenPart: FrozenPartCompiler = (part, compile) => {
    const made = shared(sharedParts, part, resolver, () => {
      const scope = Scope.root()
      const text = compile(scope)
      return { text, envSize: scope.size }
    })
    grow(made.envSize)
    return made.text
  }
  const optionalText = (text: Text | undefined, path: string) =>
    text === undefined ? null : compileText(text, resolver, textScope.child(), path, frozenPart)
  const texts: CompiledTexts = {
    intro: optionalText(spec.observations.intro, 'observations.intro'),
    look: compileText(
      spec.observations.look,
      resolver,
      textScope.child(),
      'observations.look',
      frozenPart,
    ),
    inventory: optionalText(spec.observations.inventory, 'observations.inventory'),
    success: optionalText(spec.observations.success, 'observations.success'),
    facts: factTexts,
  }
  grow(textScope.size)

  const initialFacts = spec.facts.map((f, i) => {
    const atom = resolver.atom(f, Scope.root(), `facts[${i}]`, true)
    return [atom.pred, ...atom.args]
  })
  const nAttrs = sym.attributes.length
  const initialAttrs = new Float64Array(entities.length * nAttrs)
  entities.forEach((_, e) => {
    initialAttrs.set(createContext.attrDefaults, e * nAttrs)
    for (const [name, value] of Object.entries(spec.entities[e]!.attributes ?? {}))
      initialAttrs[e * nAttrs + sym.attributeIndex.get(name)!] = value
  })

  const nTypes = sym.types.length
  const subtype = new Uint8Array(nTypes * nTypes)
  sym.types.forEach((t, u) => {
    for (const ancestor of t.lineage) subtype[ancestor * nTypes + u] = 1
  })
  resolver.closedTexts = null

  // Written out key by key (the symbols' keys in their order, where a spread put them): on
  // Node 20 an object literal with a spread in it costs 1–2 µs for every key after it.
  return {
    kind: 'refinery.compiled-world',
    types: sym.types,
    typeIndex: sym.typeIndex,
    entityIndex: sym.entityIndex,
    predicates: sym.predicates,
    predicateIndex: sym.predicateIndex,
    attributes: sym.attributes,
    attributeIndex: sym.attributeIndex,
    spec,
    id: spec.id,
    entities,
    actions,
    actionIndex,
    processes,
    derived,
    derivedPreds,
    derivedDeps,
    derivedReadAttrs,
    staticPreds,
    goal,
    texts,
    meta: metaOf(spec.meta, texts.inventory !== null),
    maxSteps: spec.maxSteps,
    initialFacts,
    initialAttrs,
    createContext,
    subtype,
    envSize,
    dynamicEntities: hasCreateOrDestroy(spec),
  }
}

/** The spec's meta switches, inventory off where the world has no inventory text. */
function metaOf(meta: WorldSpec['meta'], hasInventory: boolean): WorldSpec['meta'] {
  const out = { ...meta }
  out.inventory = meta.inventory && hasInventory
  return out
}

type ActionSpec = WorldSpec['actions'][number]

/** A compiled unit with the lookups its compilation made. */
interface Shared<T> {
  readonly reads: Lookups
  readonly unit: T
}

/** Compiled units by frozen spec object, and by the JSON of specs that are not frozen. */
interface SharedCache<T> {
  readonly frozen: WeakMap<object, Shared<T>[]>
  readonly byJson: LRUCache<string, Shared<T>[]>
}

/** Variants kept per action spec (worlds that answer its lookups differently). */
const MAX_VARIANTS = 8
/**
 * Unfrozen specs kept by JSON: the actions every task of a family writes stay (a lab or an
 * adventure world writes some 20 or 12, most of them the same as the last task's), those of
 * one task only go. A compiled unit holds on to the symbols of the world it was compiled in
 * (its texts' closures do), so few are kept: 64 found as many (lab 98%, adventure 79% of
 * actions, 400 tasks each) as 256 or 1,024, which held up to 50 MiB more.
 */
const MAX_BY_JSON = 64

/**
 * Compiled actions by their spec. Worlds of a family share their action specs (household
 * worlds carry the same 13 KB of them, generated worlds draw theirs from a few hundred
 * variants, lab and adventure worlds write the same actions afresh for every task), so such
 * an action is compiled once and shared by every world whose symbols answer its lookups the
 * same: compiled actions are immutable, and their conditions then share their binding plans
 * too. A frozen spec (deeply frozen, as a family that shares them makes them) is found by
 * identity; any other by its JSON, taken when it is compiled, so a spec changed later is not
 * mistaken for what it was (the same holds as `compileWorldCached` keys whole specs). An
 * action that creates entities is compiled per world (its effect reads the world's attribute
 * defaults).
 */
const sharedActions: SharedCache<CompiledAction> = {
  frozen: new WeakMap(),
  byJson: new LRUCache({ max: MAX_BY_JSON }),
}

function sharedAction(
  a: ActionSpec,
  index: number,
  resolver: Resolver,
  createContext: CreateContext,
  json: string | undefined,
): CompiledAction {
  // An action copied per world around a family's frozen frame, for a message of the world's
  // own (adventure's `go` shows the world's rooms): the frame is found by identity (see
  // compileAction), and the world's message is not another world's, so writing out the
  // whole action (some 3 KB of it frozen) to find it by JSON would find nothing and only
  // push out of `byJson` the actions that do repeat.
  if (json === undefined && !Object.isFrozen(a) && frozenFrame(a))
    return compileAction(a, index, resolver, createContext)
  const action = shared(
    sharedActions,
    a,
    resolver,
    () => compileAction(a, index, resolver, createContext),
    (made) => !createsEntities(made.effects),
    json,
  )
  return action.index === index ? action : { ...action, index }
}

/**
 * Frozen parts of the observations (a family's room and inventory views), compiled in a
 * scope of their own, shared as actions are (see `sharedActions`).
 */
const sharedParts: SharedCache<{ text: CText; envSize: number }> = {
  frozen: new WeakMap(),
  byJson: new LRUCache({ max: MAX_BY_JSON }),
}

/**
 * Processes by their spec, shared as actions are (see `sharedActions`): a lab world's are
 * the family's, frozen, and a shared process condition keeps its binding plan (runtime's
 * `bindingPlan`) from world to world.
 */
const sharedProcesses: SharedCache<CompiledProcess> = {
  frozen: new WeakMap(),
  byJson: new LRUCache({ max: MAX_BY_JSON }),
}

function compileProcess(
  p: WorldSpec['processes'][number],
  i: number,
  resolver: Resolver,
  createContext: CreateContext,
): CompiledProcess {
  const path = `processes[${i}]`
  const bound = resolver.bind(p.params, Scope.root(), `${path}.params`)
  const when = resolver.cond(p.when, bound.scope, `${path}.when`)
  const effects = resolver.effects(p.effects, bound.scope, `${path}.effects`)
  const message =
    p.message === undefined
      ? null
      : compileText(p.message, resolver, bound.scope.child(), `${path}.message`)
  return {
    name: p.name,
    params: bound.vars,
    when,
    test: compileCond(when),
    effects,
    effect: compileEffects(effects, createContext),
    message,
    envSize: bound.scope.size,
  }
}

/** Derived rules by their spec, shared as actions are (see `sharedActions`). */
const sharedRules: SharedCache<CompiledDerived> = {
  frozen: new WeakMap(),
  byJson: new LRUCache({ max: MAX_BY_JSON }),
}

/**
 * What `compile` makes of a spec unit, taken from `cache` when a world whose symbols
 * answered the same lookups compiled it (or a spec with the same JSON) already; kept for
 * later worlds unless `keep` says no. `written` is the unit's JSON when the caller has it.
 */
function shared<T>(
  cache: SharedCache<T>,
  unit: object,
  resolver: Resolver,
  compile: () => T,
  keep: (made: T) => boolean = () => true,
  written?: string,
): T {
  const frozen = Object.isFrozen(unit)
  const json = frozen ? '' : (written ?? JSON.stringify(unit))
  const known = frozen ? cache.frozen.get(unit) : cache.byJson.get(json)
  if (known !== undefined)
    for (const v of known) if (sameLookups(v.reads, resolver.sym)) return v.unit
  const reads: Lookups = []
  resolver.reads = reads
  let made: T
  try {
    made = compile()
  } finally {
    resolver.reads = null
  }
  if (keep(made)) {
    const variants = known ?? []
    if (variants.length >= MAX_VARIANTS) variants.shift()
    variants.push({ reads, unit: made })
    if (frozen) cache.frozen.set(unit, variants)
    else cache.byJson.set(json, variants)
  }
  return made
}

function createsEntities(effects: readonly REffect[]): boolean {
  return effects.some(
    (e) =>
      e.k === 'create' ||
      (e.k === 'when' && (createsEntities(e.yes) || createsEntities(e.no))) ||
      (e.k === 'forall' && createsEntities(e.do)),
  )
}

/**
 * What an action compiles to besides its messages: its params, pattern, checks and effects.
 * Families that write an action per world for its message (adventure's `go` shows the world's
 * room) take the rest from a shared schema, frozen: such a frame is compiled once and shared
 * by every world whose symbols answer its lookups the same, as whole actions are (see
 * `sharedActions`), and its precondition with it (so an engine's binding plan for it, and
 * its conditions' caches, outlive the world).
 */
interface ActionFrame {
  /** The spec it was compiled from, less its messages (a world's own texts are not kept). */
  readonly from: FrameSpec
  readonly reads: Lookups
  readonly params: readonly RVar[]
  readonly paramNames: readonly string[]
  readonly pieces: readonly (string | number)[]
  readonly checks: CompiledAction['checks']
  readonly pre: RCond
  readonly effects: readonly REffect[]
  readonly effect: CompiledAction['effect']
  /** Slots used before the messages compiled. */
  readonly size: number
}

type FrameSpec = Pick<
  ActionSpec,
  'name' | 'params' | 'pattern' | 'synonyms' | 'effects' | 'hidden' | 'description'
>

/** Frames by their spec's frozen checks array (variants as `MAX_VARIANTS`). */
const sharedFrames = new WeakMap<object, ActionFrame[]>()

/** Whether an action's frame is made of frozen parts only (and so may be shared). */
function frozenFrame(a: ActionSpec): boolean {
  return (
    Object.isFrozen(a.checks) &&
    Object.isFrozen(a.params) &&
    Object.isFrozen(a.effects) &&
    (a.synonyms === undefined || Object.isFrozen(a.synonyms))
  )
}

function sameFrame(f: ActionFrame, a: ActionSpec, sym: Resolver['sym']): boolean {
  const b = f.from
  return (
    b.params === a.params &&
    b.effects === a.effects &&
    b.synonyms === a.synonyms &&
    b.pattern === a.pattern &&
    b.name === a.name &&
    b.hidden === a.hidden &&
    b.description === a.description &&
    sameLookups(f.reads, sym)
  )
}

/** One action of a spec, resolved against the world's symbols. */
function compileAction(
  a: ActionSpec,
  index: number,
  resolver: Resolver,
  createContext: CreateContext,
): CompiledAction {
  const path = `actions[${index}]`
  const share = frozenFrame(a)
  const known = share ? sharedFrames.get(a.checks) : undefined
  let frame = known?.find((f) => sameFrame(f, a, resolver.sym))
  const scope = Scope.root()
  if (frame === undefined) {
    const outer = resolver.reads
    const reads: Lookups = []
    resolver.reads = reads
    try {
      frame = compileFrame(a, path, resolver, createContext, scope, reads)
    } finally {
      resolver.reads = outer
    }
    if (outer !== null) for (const r of reads) outer.push(r)
    if (share && !createsEntities(frame.effects)) {
      const variants = known ?? []
      if (variants.length >= MAX_VARIANTS) variants.shift()
      variants.push(frame)
      sharedFrames.set(a.checks, variants)
    }
  } else {
    // The messages see the params in the slots the frame gave them, and their own after it.
    for (let i = 0; i < a.params.length; i++)
      scope.declare(a.params[i]!.name, frame.params[i]!.type)
    scope.reserve(frame.size)
    if (resolver.reads !== null) for (const r of frame.reads) resolver.reads.push(r)
  }
  const messages = [a.message, ...(a.paraphrases ?? [])].map((m, i) =>
    compileText(
      m,
      resolver,
      scope.child(),
      i === 0 ? `${path}.message` : `${path}.paraphrases[${i - 1}]`,
    ),
  )
  return {
    index,
    name: a.name,
    params: frame.params,
    paramNames: frame.paramNames,
    pattern: a.pattern,
    pieces: frame.pieces,
    synonyms: a.synonyms ?? [],
    checks: frame.checks,
    pre: frame.pre,
    effects: frame.effects,
    effect: frame.effect,
    messages,
    hidden: a.hidden ?? false,
    description: a.description,
    envSize: scope.size,
  }
}

/** An action's frame, compiled in `scope` (which then holds its params). */
function compileFrame(
  a: ActionSpec,
  path: string,
  resolver: Resolver,
  createContext: CreateContext,
  scope: Scope,
  reads: Lookups,
): ActionFrame {
  const params = a.params.map((p, i) => {
    if (scope.get(p.name))
      throw specError(`Param '${p.name}' is declared twice.`, `${path}.params[${i}]`)
    return scope.declare(p.name, resolver.type(p.type, `${path}.params[${i}].type`))
  })
  const paramNames = a.params.map((p) => p.name)
  const pieces = checkPattern(a.pattern, paramNames, `${path}.pattern`, true)
  for (const [i, s] of (a.synonyms ?? []).entries())
    checkPattern(s, paramNames, `${path}.synonyms[${i}]`, false)
  const checks = a.checks.map((c, i) => {
    const cond = resolver.cond(c.require, scope.child(), `${path}.checks[${i}].require`)
    return {
      cond,
      test: compileCond(cond),
      fail: compileText(c.fail, resolver, scope.child(), `${path}.checks[${i}].fail`),
      status: c.status,
      place: c.place ?? false,
    }
  })
  const effects = resolver.effects(a.effects, scope, `${path}.effects`)
  const pre: RCond =
    checks.length === 0
      ? { k: 'true' }
      : checks.length === 1
        ? checks[0]!.cond
        : { k: 'all', cs: checks.map((c) => c.cond) }
  const { name, pattern, synonyms, hidden, description } = a
  return {
    from: { name, params: a.params, pattern, synonyms, effects: a.effects, hidden, description },
    reads,
    params,
    paramNames,
    pieces,
    checks,
    pre,
    effects,
    effect: compileEffects(effects, createContext),
    size: scope.size,
  }
}

/** One derived rule of a spec, resolved against the world's symbols. */
function compileDerived(
  d: WorldSpec['derived'][number],
  i: number,
  resolver: Resolver,
): CompiledDerived {
  const path = `derived[${i}]`
  // The symbols declare every rule's predicate: this lookup only records it.
  const pred = resolver.predicate(d.predicate, `${path}.predicate`)
  const arity = resolver.sym.predicates[pred]!.params.length
  if (arity !== d.params.length) {
    throw specError(
      `Derived predicate '${d.predicate}' takes ${arity} param(s), the rule gives ${d.params.length}.`,
      `${path}.params`,
    )
  }
  const bound = resolver.bind(d.params, Scope.root(), `${path}.params`)
  const when = resolver.cond(d.when, bound.scope, `${path}.when`)
  return { pred, params: bound.vars, when, test: compileCond(when), envSize: bound.scope.size }
}

function declIndexOf(spec: WorldSpec, type: string): number {
  return spec.types.findIndex((t) => t.name === type)
}

function buildSymbols(spec: WorldSpec): Symbols {
  const types: TypeInfo[] = []
  const typeIndex = new Map<string, number>([['object', 0]])
  const parents: (string | undefined)[] = [undefined]
  spec.types.forEach((t, i) => {
    if (t.name === 'object') {
      if (t.parent !== undefined)
        throw specError("The root type 'object' has no parent.", `types[${i}].parent`)
      return
    }
    if (typeIndex.has(t.name))
      throw specError(`Type '${t.name}' is declared twice.`, `types[${i}].name`)
    typeIndex.set(t.name, parents.length)
    parents.push(t.parent ?? 'object')
  })
  const names = [...typeIndex.keys()]
  names.forEach((name, index) => {
    const lineage = [index]
    let parent = parents[index]
    while (parent !== undefined) {
      const p = typeIndex.get(parent)
      // The declaration is searched for an error only, not at every step of every lineage.
      if (p === undefined)
        throw specError(
          `Unknown parent type '${parent}'.`,
          `types[${declIndexOf(spec, name)}].parent`,
        )
      if (lineage.includes(p))
        throw specError(
          `Type '${name}' descends from itself.`,
          `types[${declIndexOf(spec, name)}].parent`,
        )
      lineage.push(p)
      parent = parents[p]
    }
    types.push({ name, parent: lineage[1] ?? -1, lineage })
  })

  const typeOf = (name: string, path: string): number => {
    const t = typeIndex.get(name)
    if (t === undefined)
      throw specError(
        `Unknown type '${name}'.`,
        path,
        `Declare it in types, or use one of: ${names.join(', ')}.`,
      )
    return t
  }

  const entityIndex = new Map<string, number>()
  spec.entities.forEach((e, i) => {
    if (entityIndex.has(e.id))
      throw specError(`Entity '${e.id}' is declared twice.`, `entities[${i}].id`)
    entityIndex.set(e.id, i)
  })
  if (spec.entities.length > ENTITY_BOUND)
    throw specError(`A world holds at most ${ENTITY_BOUND} entities.`, 'entities')

  const predicates: PredicateInfo[] = []
  const predicateIndex = new Map<string, number>()
  spec.predicates.forEach((p, i) => {
    if (predicateIndex.has(p.name))
      throw specError(`Predicate '${p.name}' is declared twice.`, `predicates[${i}].name`)
    predicateIndex.set(p.name, i)
    predicates.push({
      name: p.name,
      params: p.params.map((q, j) => ({
        name: q.name,
        type: typeOf(q.type, `predicates[${i}].params[${j}].type`),
      })),
      hidden: p.hidden ?? false,
      derived: false,
    })
  })
  spec.derived.forEach((d, i) => {
    const existing = predicateIndex.get(d.predicate)
    if (existing === undefined) {
      predicateIndex.set(d.predicate, predicates.length)
      predicates.push({
        name: d.predicate,
        params: d.params.map((q, j) => ({
          name: q.name,
          type: typeOf(q.type, `derived[${i}].params[${j}].type`),
        })),
        hidden: true,
        derived: true,
      })
    } else {
      predicates[existing] = { ...predicates[existing]!, derived: true }
    }
  })
  if (predicates.length > PRED_BOUND)
    throw specError(`A world holds at most ${PRED_BOUND} predicates.`, 'predicates')

  const attributes: AttributeInfo[] = []
  const attributeIndex = new Map<string, number>()
  spec.attributes.forEach((a, i) => {
    if (attributeIndex.has(a.name))
      throw specError(`Attribute '${a.name}' is declared twice.`, `attributes[${i}].name`)
    attributeIndex.set(a.name, attributes.length)
    attributes.push({
      name: a.name,
      type: typeOf(a.type, `attributes[${i}].type`),
      default: a.default,
    })
  })
  // Attributes given to entities or created ones without a declaration default to 0.
  for (const name of implicitAttributes(spec)) {
    if (attributeIndex.has(name)) continue
    attributeIndex.set(name, attributes.length)
    attributes.push({ name, type: 0, default: 0 })
  }
  return { types, typeIndex, entityIndex, predicates, predicateIndex, attributes, attributeIndex }
}

/** Every slot of a pattern must be a param; the canonical pattern must name every param. */
function checkPattern(
  pattern: string,
  params: readonly string[],
  path: string,
  canonical: boolean,
): (string | number)[] {
  const slots = patternSlots(pattern)
  for (const slot of slots) {
    if (!params.includes(slot)) {
      throw specError(
        `Pattern slot {${slot}} is not a param.`,
        path,
        `Params: ${params.length ? params.join(', ') : '(none)'}.`,
      )
    }
  }
  if (canonical) {
    for (const p of params) {
      if (!slots.includes(p))
        throw specError(
          `Param '${p}' does not appear in the pattern.`,
          path,
          'Every param needs a {slot} so the action can be written.',
        )
    }
  }
  const pieces: (string | number)[] = []
  let last = 0
  for (const m of pattern.matchAll(/\{([^{}]*)\}/g)) {
    pieces.push(pattern.slice(last, m.index))
    pieces.push(params.indexOf((m[1] ?? '').trim()))
    last = m.index + m[0].length
  }
  pieces.push(pattern.slice(last))
  return pieces
}

function hasCreateOrDestroy(spec: WorldSpec): boolean {
  const walk = (effects: readonly Effect[]): boolean =>
    effects.some(
      (e) =>
        'create' in e ||
        'destroy' in e ||
        ('when' in e && (walk(e.then) || walk(e.else ?? []))) ||
        ('forall' in e && walk(e.forall.do)),
    )
  return spec.actions.some((a) => walk(a.effects)) || spec.processes.some((p) => walk(p.effects))
}
