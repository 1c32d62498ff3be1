import {
  type ActionSpace,
  type Environment,
  type FeedbackProfile,
  type Observation,
  type Perturbation,
  type Snapshot,
  type StepResult,
  textDigest,
} from '@refinery/core'
import { type CompiledActionSpace, compileActionSpace, type GroundResult } from '@refinery/parser'
import {
  type CompiledWorld,
  compileBuiltWorld,
  createWorldEnvironment,
  isCompiledWorld,
  type PlannerBudget,
  type WorldEngine,
  type WorldEnvironment,
  type WorldSpec,
} from '@refinery/world'
import { LRUCache } from 'lru-cache'
import type { Blueprint, MilestonePlan } from './blueprint'
import { solve } from './solver'
import { WIN_POINTS } from './world'

export interface AdventureEnvironmentOptions {
  profile?: FeedbackProfile
  perturbation?: Perturbation | undefined
  planner?: PlannerBudget
  /** The world's puzzle structure, for the oracle's solver. */
  blueprint?: Blueprint
  /** Points per milestone (subgoal id); winning adds WIN_POINTS. */
  milestones?: readonly Pick<MilestonePlan, 'id' | 'points'>[]
  /**
   * Names the world among those built from the blueprint: worlds with one key play alike (a
   * family builds one per task, voice and step limit), so the oracle's plans found in one hold
   * in all. Without it, plans are kept per compiled world.
   */
  worldKey?: string
}

/** Inform's replies to what its parser cannot read, as a Jericho game gives them. */
export const INFORM_REPLIES = {
  unknownVerb: "That's not a verb I recognise.",
  notHere: "You can't see any such thing.",
  nothingToRepeat: 'You can hardly repeat that.',
} as const

/** Commands a player types that are not in the action space: Inform's one-letter shorthands. */
const SHORTHANDS: Readonly<Record<string, string>> = {
  l: 'look',
  'look around': 'look',
  inv: 'inventory',
  i: 'inventory',
  'take inventory': 'inventory',
}

/** The world snapshots `snapshot` took. */
const TAKEN = new WeakSet<Snapshot>()

/** In-view spaces per world, by the entities in view. */
const MAX_CACHED_SCOPES = 512
interface Scope {
  space: ActionSpace
  /** Compiled when a command is first read in it (see `ground`). */
  compiled: CompiledActionSpace | null
  /** The entity list the ids index, and the ids in view, in `nameable` order. */
  list: WorldEngine['state']['ents']['list']
  ids: Int32Array
  /** The names in view, as `inView` gives them, as a set (see `FullReading.sameInView`). */
  names: ReadonlySet<string>
}
/** Scopes of a world by a hash of their ids, and how many it holds. */
interface Scopes {
  byHash: Map<number, Scope[]>
  size: number
}
/** The ids in view (see `viewIds`): one buffer, grown as needed, read before the next call. */
let viewBuffer = new Int32Array(64)
const SCOPES = new WeakMap<CompiledWorld, Scopes>()

/**
 * An adventure world as a Refinery Environment. It reads commands as an Inform parser does
 * (`n`, `x lamp`, `take all`, `i`, `l`, `g`, `score`) and grounds names only against what the
 * player can see now, so no reply — a suggestion, a "which one", a refusal — names a thing
 * out of view or inside a closed container, and a thing that does not exist gets the same
 * reply as one that is out of view.
 */
export class AdventureEnvironment implements Environment {
  /** The world environment, to read: a command played on it directly leaves `snapshot` stale. */
  readonly inner: WorldEnvironment
  private last: string | null = null
  private readonly points: ReadonlyMap<string, number>
  private readonly profile: FeedbackProfile
  private readonly blueprint: Blueprint | undefined
  private readonly worldKey: string | undefined
  /**
   * A snapshot of the world as it is now, taken since it last changed: a refused command never
   * reaches the world, so a probe that makes one and restores the snapshot it took before
   * finds the world as it was and need not rebuild it.
   */
  private worldNow: Snapshot | null = null

  /**
   * `world` is the WorldSpec `adventureWorld` built, or that spec compiled already (a family
   * plays a task many times). A spec this package built is compiled without the schema's
   * parse; a perturbed world is compiled from the spec.
   */
  constructor(world: WorldSpec | CompiledWorld, options: AdventureEnvironmentOptions = {}) {
    this.profile = options.profile ?? 'rich'
    const playable =
      options.perturbation || isCompiledWorld(world) ? world : compileBuiltWorld(world)
    this.inner = createWorldEnvironment(playable, {
      perturbation: options.perturbation,
      ...(options.planner ? { planner: options.planner } : {}),
      profile: 'rich',
      // Commands reach the world only after this environment matched them against what is in
      // view (inView), so the world need not track what the text showed.
      known: () => true,
    })
    this.blueprint = options.blueprint
    this.worldKey = options.perturbation ? undefined : options.worldKey
    this.points = new Map((options.milestones ?? []).map((m) => [m.id, m.points]))
  }

  async reset(): Promise<Observation> {
    this.last = null
    this.worldNow = null
    return this.inner.reset()
  }

  async step(action: string): Promise<StepResult> {
    return this.stepSync(action)
  }

  stepSync(action: string): StepResult {
    return this.play(action, false)!
  }

  /**
   * `stepSync` for a command this environment rejects (an error status); one it would accept
   * leaves it exactly as it was and answers null, without the world taking the step (see
   * `WorldEnvironment.stepIfRejected`): what a teacher probing for a mistake needs to know.
   */
  stepIfRejected(action: string): StepResult | null {
    return this.play(action, true)
  }

  /**
   * A command read and played. With `onlyRejected`, whatever `stepSync` would accept (a
   * `score`, a command the world accepts) answers null before it changes anything (`last`
   * included); the rest is played exactly as `stepSync` plays it.
   */
  private play(action: string, onlyRejected: boolean): StepResult | null {
    const engine = this.inner.engine
    if (engine.done) return this.innerStep(action, onlyRejected)
    let command = normalise(action)
    if (command === 'g' || command === 'again') {
      if (this.last === null)
        return this.reply(
          this.rich('There is nothing to repeat yet.', INFORM_REPLIES.nothingToRepeat),
          'no_effect',
        )
      command = this.last
    }
    command = SHORTHANDS[command] ?? command
    if (command === 'score') {
      if (onlyRejected) return null
      this.last = command
      return this.reply(this.scoreText(), 'meta')
    }
    const grounded = this.ground(command)
    if (!grounded.ok) return this.refuse(grounded.status, grounded.message)
    const before = this.score()
    const result = this.innerStep(grounded.action.text, onlyRejected)
    if (result === null) return null
    this.last = command
    if (
      grounded.meta &&
      grounded.action.template === 'check valid actions' &&
      this.profile === 'agentboard'
    )
      return {
        ...result,
        observation: `You can take the following actions: ${engine.validActions().join(', ')}`,
      }
    const gained = this.score() - before
    if (gained > 0 && this.profile === 'rich')
      return {
        ...result,
        observation: `${result.observation}\n[Your score has just gone up by ${gained} points.]`,
      }
    return result
  }

  async validActions(): Promise<string[]> {
    return this.inner.validActions()
  }

  /** The templates and the entities in view now: what commands are grounded against. */
  get actionSpace(): ActionSpace {
    return this.scoped().space
  }

  /** Snapshots are values: the world's part of one may be handed out again while it holds. */
  snapshot(): Snapshot {
    if (this.worldNow === null) {
      this.worldNow = this.inner.snapshot()
      TAKEN.add(this.worldNow)
    }
    return { world: this.worldNow, last: this.last }
  }

  restore(snapshot: Snapshot): void {
    const world = (snapshot as { world?: Snapshot }).world
    if (world === undefined || world !== this.worldNow) {
      this.worldNow = null
      this.inner.restore(world ?? {})
      // A snapshot this class took reads back as itself: the world is now as it says.
      if (world !== undefined && TAKEN.has(world)) this.worldNow = world
    }
    const last = snapshot.last
    this.last = typeof last === 'string' ? last : null
  }

  /**
   * An expert plan from the current state: the blueprint's solver, which checks each step as
   * the world would, or the world planner when the solver finds none.
   */
  async oracle(): Promise<string[]> {
    const engine = this.inner.engine
    if (engine.success) return []
    if (this.blueprint) {
      const plan = solvedPlan(engine, this.blueprint, this.worldKey)
      if (plan) return [...plan]
      // The state is off the solver's map (the planner searches it instead).
    }
    return this.inner.oracle()
  }

  /** Display names of what the player can refer to now: directions and the things in view. */
  inView(): string[] {
    const count = this.viewIds()
    const list = this.inner.engine.state.ents.list
    const out: string[] = new Array(count)
    for (let k = 0; k < count; k++) out[k] = list[viewBuffer[k]!]!.display
    return out
  }

  /**
   * The ids of what `inView` names, in its order, written to `viewBuffer`; returns how many.
   * Ids, not names: the view's scope is looked up by them without building a string.
   */
  private viewIds(): number {
    const engine = this.inner.engine
    const world = engine.world
    const st = engine.state
    const visible = world.predicateIndex.get('visible')!
    const thing = world.typeIndex.get('thing')!
    const direction = world.typeIndex.get('direction')!
    const order = nameable(st.ents, direction, thing)
    if (viewBuffer.length < order.length) viewBuffer = new Int32Array(order.length)
    const ids = viewBuffer
    let count = 0
    for (const i of order) {
      if (st.ents.isA(i, direction)) ids[count++] = i
      else if (st.ents.isA(i, thing)) {
        const id = st.table.lookup1(visible, i)
        if (id >= 0 && st.has(id)) ids[count++] = i
      }
    }
    return count
  }

  /** What the player perceives now: the things in view and, when it is lit, the room. */
  perceived(): string[] {
    const names = this.inView()
    const engine = this.inner.engine
    const st = engine.state
    const at = engine.world.predicateIndex.get('at')!
    if (this.litHere())
      for (const f of st.table.byPred[at]!)
        if (st.has(f)) names.push(st.ents.list[st.table.args[f]![0]!]!.display)
    return names.sort()
  }

  /** Points so far: reached milestones, and the win. */
  score(): number {
    const engine = this.inner.engine
    let total = engine.success ? WIN_POINTS : 0
    for (const id of engine.reachedSubgoals) total += this.points.get(id) ?? 0
    return total
  }

  get maxScore(): number {
    let total = WIN_POINTS
    for (const p of this.points.values()) total += p
    return total
  }

  private scoreText(): string {
    const turns = this.inner.engine.steps
    return `You have so far scored ${this.score()} out of a possible ${this.maxScore}, in ${turns} turn${turns === 1 ? '' : 's'}.`
  }

  /**
   * `command` grounded against the space of what is in view. The world's whole space, which
   * the world environment compiles anyway, answers first: where its reading names only what
   * is in view and no name in the command is shared by things in and out of view, the view's
   * space reads the command the same way (see `fullReading`), and that space is compiled only
   * for the other commands, mostly the mistakes. A view compiled already reads every command.
   */
  private ground(command: string): GroundResult {
    const scope = this.scoped()
    const full = scope.compiled ? null : this.fullReading()
    if (full) {
      const grounded = full.compiled.ground(command)
      if (grounded.ok && full.sameInView(grounded, command, scope.names)) return grounded
    }
    scope.compiled ??= compileActionSpace(scope.space)
    return scope.compiled.ground(command)
  }

  /**
   * The space of what is in view. A view's space is a function of the world and the names in
   * view (an entity in view is alive, and its name, types and aliases are the world's), so
   * every environment of a world shares it: an episode and its replay compile each view once,
   * if at all. Found by the ids in view, hashed, and compared with the scope's own: the names
   * joined into a key cost more than the rest of a step's reading of what is in view.
   */
  private scoped(): Scope {
    const count = this.viewIds()
    const ids = viewBuffer
    const list = this.inner.engine.state.ents.list
    let hash = count
    for (let k = 0; k < count; k++) hash = (Math.imul(hash, 31) + ids[k]!) | 0
    const world = this.inner.world
    let scopes = SCOPES.get(world)
    if (!scopes) {
      scopes = { byHash: new Map(), size: 0 }
      SCOPES.set(world, scopes)
    }
    const alike = scopes.byHash.get(hash)
    if (alike !== undefined)
      for (const scope of alike)
        if (scope.list === list && sameIds(scope.ids, ids, count)) return scope
    const own = ids.slice(0, count)
    const names: string[] = []
    for (let k = 0; k < count; k++) names.push(list[own[k]!]!.display)
    const full = this.inner.actionSpace
    const keep = new Set(names)
    const space: ActionSpace = {
      templates: full.templates,
      entities: full.entities.filter((e) => keep.has(e.name)),
      meta: full.meta,
    }
    if (scopes.size >= MAX_CACHED_SCOPES) {
      scopes.byHash.clear()
      scopes.size = 0
    }
    const scope: Scope = { space, compiled: null, list, ids: own, names: keep }
    const bucket = scopes.byHash.get(hash)
    if (bucket === undefined) scopes.byHash.set(hash, [scope])
    else bucket.push(scope)
    scopes.size++
    return scope
  }

  /**
   * The whole space's reading (see `fullReading`), shared by the environments of a world whose
   * entities never change: their spaces are alike (the world's templates, its entities and
   * meta-actions), and an episode and its replay would each read theirs.
   */
  private fullReading(): FullReading | null {
    const world = this.inner.world
    if (world.dynamicEntities) return fullReading(this.inner.actionSpace)
    let reading = READINGS_BY_WORLD.get(world)
    if (reading === undefined) {
      reading = fullReading(this.inner.actionSpace)
      READINGS_BY_WORLD.set(world, reading)
    }
    return reading
  }

  /**
   * A command played in the world, which may change it; with `onlyRejected`, null (the world
   * untouched) where the world accepts it.
   */
  private innerStep(action: string, onlyRejected: boolean): StepResult | null {
    if (!onlyRejected) {
      this.worldNow = null
      return this.inner.stepSync(action)
    }
    const result = this.inner.stepIfRejected(action)
    if (result !== null) this.worldNow = null
    return result
  }

  /** A command the parser could not ground: nothing happened in the world. */
  private refuse(status: 'unknown_action' | 'invalid_argument', message: string): StepResult {
    if (this.profile === 'agentboard')
      return this.reply(
        status === 'unknown_action' ? INFORM_REPLIES.unknownVerb : INFORM_REPLIES.notHere,
        status,
      )
    const dark = status === 'invalid_argument' && !this.litHere()
    return this.reply(dark ? `${message} It is too dark to see anything here.` : message, status)
  }

  private litHere(): boolean {
    const engine = this.inner.engine
    const { world, state: st } = engine
    const at = world.predicateIndex.get('at')!
    const lit = world.predicateIndex.get('lit')!
    for (const f of st.table.byPred[at]!) {
      if (!st.has(f)) continue
      const id = st.table.lookup1(lit, st.table.args[f]![0]!)
      return id >= 0 && st.has(id)
    }
    return false
  }

  private rich(rich: string, terse: string): string {
    return this.profile === 'rich' ? rich : terse
  }

  private reply(observation: string, status: StepResult['status']): StepResult {
    const e = this.inner.engine
    return {
      observation,
      status,
      done: e.done,
      success: e.success,
      progress: e.progress,
      reward: 0,
    }
  }
}

/**
 * A world's whole action space, compiled, and when its reading of a command is the reading of
 * the space of what is in view. Grounding walks the templates in one order and, in each slot,
 * the names that start there, longest first; a name stands for the one entity of the slot's
 * type among those it names, or for none. With a name that names only things in view, or only
 * things out of view, the walk over the whole space meets the same names as the walk over the
 * view's (a name out of view reads as one that is not there, or as the entity out of view) and
 * goes on the same way; so when its reading names only what is in view, the view's space finds
 * that reading too, and none before it. A name shared by things in and out of view can stand
 * for one thing in view and for none in the whole space: a command where it may start a slot
 * is read in the view's space. Null when the space has what the argument leaves out: a
 * template with allowed values (a slot then reads the values where no entity in view fits
 * it), a numbered name (the parser reads its unnumbered base as a name too), or a name the
 * parser reads otherwise than in plain lower case.
 */
export interface FullReading {
  compiled: CompiledActionSpace
  sameInView(
    grounded: GroundResult & { ok: true },
    command: string,
    inView: ReadonlySet<string>,
  ): boolean
}

const READINGS = new WeakMap<ActionSpace, FullReading | null>()
const READINGS_BY_WORLD = new WeakMap<CompiledWorld, FullReading | null>()

export function fullReading(space: ActionSpace): FullReading | null {
  let reading = READINGS.get(space)
  if (reading === undefined) {
    reading = makeFullReading(space)
    READINGS.set(space, reading)
  }
  return reading
}

/** Lower-case words of letters and digits, one space apart: the parser reads them as they are. */
const PLAIN = /^[a-z0-9]+( [a-z0-9]+)*$/
/** Letters and digits only: a name in a command still shows in it with all else taken out. */
const squash = (text: string) =>
  text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
/** The parser also reads a name after an article at the start of a slot. */
const ARTICLES = ['the', 'a', 'an', 'some']

function makeFullReading(space: ActionSpace): FullReading | null {
  if (space.templates.some((t) => t.allowed !== undefined)) return null
  const named = new Map<string, string[]>()
  for (const e of space.entities) {
    for (const name of [e.name, ...(e.aliases ?? [])]) {
      const key = name.toLowerCase()
      if (!PLAIN.test(key) || /^(the|a|an|some) |. \d+$/.test(key)) return null
      const entities = named.get(key)
      if (entities === undefined) named.set(key, [e.name])
      else if (!entities.includes(e.name)) entities.push(e.name)
    }
  }
  const shared = [...named].filter(([, e]) => e.length > 1).map(([key, e]) => ({ key, e }))
  const entitySlots = new Map(
    space.templates.map((t) => [t.id, t.slots.filter((s) => s.type !== 'text').map((s) => s.name)]),
  )
  const opening = slotOpeners(space)
  return {
    compiled: compileActionSpace(space),
    sameInView(grounded, command, inView) {
      if (!grounded.meta)
        for (const slot of entitySlots.get(grounded.action.template) ?? [])
          if (!inView.has(grounded.action.args[slot] ?? '')) return false
      for (const { key, e } of shared) {
        // Counted, not filtered: a list per shared name per command showed in profiles.
        let seen = 0
        for (const name of e) if (inView.has(name)) seen++
        if (seen > 0 && seen < e.length && mayStartSlot(command, key, opening)) return false
      }
      return true
    },
  }
}

/**
 * The words a slot may follow in a plain command: the last word of each literal before a slot
 * (a literal matches whole words), and the articles. Null when a slot may start elsewhere:
 * after punctuation, right after another slot, or within free text.
 */
function slotOpeners(space: ActionSpace): Set<string> | null {
  const words = new Set(ARTICLES)
  for (const t of space.templates) {
    if (t.slots.some((slot) => slot.type === 'text')) return null
    const forms = t.synonyms ?? []
    for (let f = -1; f < forms.length; f++) {
      const openers = formOpeners(f < 0 ? t.pattern : forms[f]!)
      if (openers === null) return null
      for (const word of openers) words.add(word)
    }
  }
  return words
}

/**
 * The words a slot may follow in one pattern (see `slotOpeners`), null where a slot may start
 * elsewhere; kept by pattern: every world has the same few dozen, and reading them again cost
 * a world's reading as much as the rest of it.
 */
const OPENERS = new Map<string, readonly string[] | null>()
const MAX_OPENERS = 4096

function formOpeners(form: string): readonly string[] | null {
  let known = OPENERS.get(form)
  if (known !== undefined) return known
  const pieces = form.toLowerCase().split(/\{\w+\}/)
  const words: string[] = []
  known = words
  for (let i = 0; i < pieces.length - 1; i++) {
    const before = pieces[i]!
    if (i === 0 && before === '') continue
    const last = /([a-z0-9]+)\s*$/.exec(before)
    if (!last) {
      known = null
      break
    }
    words.push(last[1]!)
  }
  if (OPENERS.size >= MAX_OPENERS) OPENERS.clear()
  OPENERS.set(form, known)
  return known
}

/**
 * Whether `key` may be read as a name in `command`: where it starts the command or follows a
 * word that a slot may follow. Only a plain command is checked word by word; in any other, a
 * name anywhere in it counts.
 */
function mayStartSlot(command: string, key: string, opening: Set<string> | null): boolean {
  if (opening === null || !PLAIN.test(command)) return squash(command).includes(squash(key))
  for (let at = command.indexOf(key); at !== -1; at = command.indexOf(key, at + 1)) {
    if (at === 0) return true
    if (command[at - 1] !== ' ') continue
    const start = command.lastIndexOf(' ', at - 2) + 1
    if (opening.has(command.slice(start, at - 1))) return true
  }
  return false
}

/**
 * The solver's plans by blueprint, world and state (null: the solver found none). The solver
 * is a function of the three, so an episode, its replay and every later episode of a task
 * that meet a state ask it once. Worlds named by a key (see `worldKey`) keep their plans by
 * it, so a task drawn again after its compiled world left the family's cache is not solved
 * again.
 */
interface BlueprintPlans {
  /** A plan per start state; `false` when the solver found none. */
  byWorld: WeakMap<CompiledWorld, LRUCache<string, readonly string[] | false>>
  byKey: Map<string, LRUCache<string, readonly string[] | false>>
}
const PLANS = new WeakMap<Blueprint, BlueprintPlans>()
const PLANS_PER_WORLD = 64

function solvedPlan(
  engine: WorldEngine,
  blueprint: Blueprint,
  worldKey: string | undefined,
): readonly string[] | null {
  const world = engine.world
  let plans = PLANS.get(blueprint)
  if (!plans) {
    plans = { byWorld: new WeakMap(), byKey: new Map() }
    PLANS.set(blueprint, plans)
  }
  let byState = worldKey === undefined ? plans.byWorld.get(world) : plans.byKey.get(worldKey)
  if (!byState) {
    byState = new LRUCache({ max: PLANS_PER_WORLD })
    if (worldKey === undefined) plans.byWorld.set(world, byState)
    else plans.byKey.set(worldKey, byState)
  }
  const { facts, attrs, created, destroyed, reached, failed, steps } = engine.snapshot()
  // The digest of the parts' JSON in a fixed order: one state, one key, as with stableHash,
  // without its canonical JSON (sorting every key of every part cost more than the digest).
  const key = textDigest(JSON.stringify([facts, attrs, created, destroyed, reached, failed, steps]))
  const known = byState.get(key)
  if (known !== undefined) return known || null
  let plan: readonly string[] | null = null
  try {
    plan = solve(engine, blueprint)
  } catch {
    plan = null
  }
  byState.set(key, plan ?? false)
  return plan
}

/**
 * The entities of a list that are directions or things, by display name in sorted order: what
 * `inView` reads, a step and a probe at a time, in the order it answers in (display names are
 * unique). An entity list never changes; its entities may die, which `inView` checks.
 */
const NAMEABLE = new WeakMap<WorldEngine['state']['ents']['list'], readonly number[]>()

function sameIds(a: Int32Array, b: Int32Array, count: number): boolean {
  if (a.length !== count) return false
  for (let k = 0; k < count; k++) if (a[k] !== b[k]) return false
  return true
}

function nameable(
  ents: WorldEngine['state']['ents'],
  direction: number,
  thing: number,
): readonly number[] {
  let order = NAMEABLE.get(ents.list)
  if (order === undefined) {
    const kept: number[] = []
    ents.list.forEach((_, i) => {
      if (ents.isA(i, direction) || ents.isA(i, thing) || ents.alive[i] !== 1) kept.push(i)
    })
    const display = (i: number) => ents.list[i]!.display
    order = kept.sort((a, b) => (display(a) < display(b) ? -1 : display(a) > display(b) ? 1 : 0))
    NAMEABLE.set(ents.list, order)
  }
  return order
}

/** Lower case, single spaces, no full stop or exclamation mark at the end. */
export function normalise(command: string): string {
  // Most commands, the oracle's among them, are plain already: nothing below would change them.
  if (PLAIN.test(command)) return command
  return command
    .trim()
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/[.!?]+$/, '')
    .trim()
}
