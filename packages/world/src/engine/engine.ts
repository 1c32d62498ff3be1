import {
  type ActionSpace,
  type GroundedAction,
  RefineryError,
  rngStream,
  type StepResult,
  stableHash,
} from '@refinery/core'
import { DEFAULT_RENDER, type RenderContext } from '../text/compile'
import type { Deps } from './ast'
import { type Applied, Changes } from './effects'
import { type BindingPlan, enumerateBindings, planBindings } from './enumerate'
import {
  applyAction,
  firstFailingCheck,
  newInitialState,
  refreshDerivedOf,
  runProcesses,
  staticEntities,
} from './runtime'
import { SnapshotWriter, stateFromData, type WorldSnapshot, type WorldStateData } from './snapshot'
import { ENTITY_BOUND, type EntityInfo, type EntitySet, State } from './state'
import type { CompiledAction, CompiledWorld } from './world'

export interface WorldEngineOptions {
  /** Perturbation: lists in texts come in a seeded order instead of by display name. */
  listShuffleSeed?: number
  /** Perturbation: which message to show for a schema (0 = message, i = paraphrases[i-1]). */
  messageVariant?: (schema: string) => number
}

/** A ground action by schema name and entity ids in param order. */
export interface ActionCall {
  schema: string
  args: readonly string[]
}

export type MetaAction = 'look' | 'inventory' | 'check valid actions' | 'help'

export const META_ACTIONS: readonly MetaAction[] = [
  'check valid actions',
  'help',
  'inventory',
  'look',
]

/**
 * Runs one episode of a compiled world: deterministic steps, admissible actions, progress,
 * snapshots. Synchronous and allocation-light; the Environment adapter wraps it.
 */
export class WorldEngine {
  readonly world: CompiledWorld
  private st: State
  private readonly actEnv: Int32Array
  private readonly auxEnv: Int32Array
  private readonly procEnv: Int32Array
  private readonly ch = new Changes()
  private readonly dirty: Uint8Array
  /** What changed since derived facts were last refreshed (same layout as `dirty`). */
  private readonly fresh: Uint8Array
  private readonly rc: RenderContext
  private readonly variant: ((schema: string) => number) | undefined
  private readonly plans: BindingPlan[]
  private readonly reached: Uint8Array
  /** Last tested value of each subgoal's condition. */
  private readonly subgoalValues: Uint8Array
  private readonly requiredCount: number
  /** The initial state's facts (derived ones included), by this engine's fact ids. */
  private readonly startFacts: Uint8Array
  private _steps = 0
  private _progress = 0
  private _success = false
  private _failed = false
  private _done = false
  private readonly surfaces = new Map<number, string>()
  private surfacesFor: readonly EntityInfo[] | null = null
  private visiting: CompiledAction | null = null
  private readonly writer: SnapshotWriter
  /**
   * The data of every state a snapshot was taken of. Such a state is never changed again (a
   * step changes a copy), so the data stays true of it and a snapshot restored from that data
   * takes the state back as it is: no rebuild, no derived facts recomputed.
   */
  private readonly pinned = new WeakMap<State, Pinned>()
  /** The pinned state by its data's (frozen) facts array. */
  private readonly pinnedByFacts = new WeakMap<object, State>()

  constructor(world: CompiledWorld, options: WorldEngineOptions = {}) {
    this.world = world
    this.actEnv = new Int32Array(world.envSize)
    this.auxEnv = new Int32Array(world.envSize)
    this.procEnv = new Int32Array(world.envSize)
    // Predicates, then two flags: attributes changed, entity set changed (see applyChanges).
    this.dirty = new Uint8Array(world.predicates.length + 2)
    this.fresh = new Uint8Array(world.predicates.length + 2)
    const seed = options.listShuffleSeed
    this.rc =
      seed === undefined
        ? DEFAULT_RENDER
        : {
            seed: Math.abs(Math.trunc(seed)) % 0x7fffffff,
            shuffle: (n, s) =>
              rngStream(s, 'world-list-order').shuffle(Array.from({ length: n }, (_, i) => i)),
          }
    this.variant = options.messageVariant
    this.plans = world.actions.map((a) => planBindings(a.params, a.pre))
    this.reached = new Uint8Array(world.goal.subgoals.length)
    this.subgoalValues = new Uint8Array(world.goal.subgoals.length)
    this.requiredCount = world.goal.subgoals.filter((s) => !s.optional).length
    this.st = newInitialState(world)
    this.writer = new SnapshotWriter(world, this.st)
    this.startFacts = this.st.facts.slice()
    this.evaluate(true)
  }

  /** Back to the initial state; returns the instruction and the first observation. */
  reset(): { instruction: string; observation: string } {
    // The initial facts keep their ids in this engine's table, so the start is copied.
    const world = this.world
    this.st = new State(
      this.st.table,
      this.startFacts.slice(),
      world.initialAttrs.slice(),
      staticEntities(world),
      world.attributes.length,
    )
    this._steps = 0
    this._progress = 0
    this._success = false
    this._failed = false
    this._done = false
    this.reached.fill(0)
    this.evaluate(true)
    return { instruction: this.world.goal.instruction, observation: this.startText() }
  }

  /**
   * The intro (or look) of the initial state: a function of the world and the list order, so
   * it is rendered once for every engine of the world that resets (a probe, a replay).
   */
  private startText(): string {
    let bySeed = startTexts.get(this.world)
    if (bySeed === undefined) {
      bySeed = new Map()
      startTexts.set(this.world, bySeed)
    }
    let text = bySeed.get(this.rc.seed)
    if (text === undefined) {
      const intro = this.world.texts.intro ?? this.world.texts.look
      text = intro(this.st, this.auxEnv, this.rc)
      bySeed.set(this.rc.seed, text)
    }
    return text
  }

  get steps(): number {
    return this._steps
  }
  /** Fraction of required subgoals reached so far (never decreases); 1 on success. */
  get progress(): number {
    return this._progress
  }
  get success(): boolean {
    return this._success
  }
  get failed(): boolean {
    return this._failed
  }
  get done(): boolean {
    return this._done
  }
  /** Ids of the subgoals reached so far, in declaration order. */
  get reachedSubgoals(): string[] {
    return this.world.goal.subgoals.filter((_, i) => this.reached[i] === 1).map((s) => s.id)
  }

  /** How this engine orders lists in texts (the list-shuffle perturbation). */
  get renderContext(): RenderContext {
    return this.rc
  }

  /** The live state (for the planner and tests); treat it as read-only. */
  get state(): State {
    return this.st
  }

  step(action: GroundedAction | ActionCall): StepResult {
    return this.run(action, false)!
  }

  /**
   * `step` for an action the engine rejects (an error status: unknown, invalid, a failed
   * check, or no effect): the same step, the same result. An action it would accept leaves
   * the engine exactly as it was and answers null: its effects are applied to a copy of the
   * state (to tell an action that changes something from one with no effect), and nothing
   * after them runs (derived facts, processes, goals, the message).
   */
  stepIfRejected(action: GroundedAction | ActionCall): StepResult | null {
    return this.run(action, true)
  }

  private run(action: GroundedAction | ActionCall, onlyRejected: boolean): StepResult | null {
    if (this._done) return this.result('The episode is over.', 'no_effect', 0)
    const resolved = 'template' in action ? this.resolveGrounded(action) : this.resolveCall(action)
    if ('error' in resolved) return this.result(resolved.error, resolved.status, 0)
    const schema = this.world.actions[resolved.schema]!
    const env = this.actEnv
    const typeError = this.loadArgs(schema, resolved.args)
    if (typeError !== null) return this.result(typeError, 'invalid_argument', 0)
    const failing = firstFailingCheck(schema, this.st, env)
    if (failing >= 0) {
      const check = schema.checks[failing]!
      const text = check.fail(this.st, env, this.rc)
      this.tick()
      const r = this.result(text, check.status, 0)
      if (check.place && check.status === 'precondition_failed') r.place = true
      return r
    }
    if (onlyRejected) {
      // Accepted unless its effects change nothing: told on a copy, left unchanged either way.
      if (schema.effects.length === 0) return null
      this.dirty.fill(0)
      this.fresh.fill(0)
      const tried = applyAction(this.world, schema, this.st.clone(), env, this.ch, this.fresh)
      this.fresh.fill(0)
      if (tried.changed > 0) return null
      this.tick()
      return this.result(
        `Nothing happens: "${this.surfaceOf(schema, env)}" would change nothing.`,
        'no_effect',
        0,
      )
    }
    // A state a snapshot was taken of stays as it was: the step changes a copy.
    if (this.pinned.has(this.st)) this.st = this.st.clone()
    this.dirty.fill(0)
    const fresh = this.fresh
    fresh.fill(0)
    const applied = applyAction(this.world, schema, this.st, env, this.ch, fresh)
    if (applied.changed === 0 && schema.effects.length > 0) {
      this.tick()
      return this.result(
        `Nothing happens: "${this.surfaceOf(schema, env)}" would change nothing.`,
        'no_effect',
        0,
      )
    }
    this.refresh(this.world, this.st, this.auxEnv, fresh, applied)
    let observation = this.message(schema, env)
    if (this.world.processes.length > 0) {
      this.processText = observation
      runProcesses(
        this.world,
        this.st,
        this.procEnv,
        this.ch,
        fresh,
        this.onProcessFired,
        this.refresh,
      )
      observation = this.processText
      this.processText = ''
    }
    this._steps++
    const won = this.evaluate()
    if (won && this.world.texts.success)
      observation = joinSentences(
        observation,
        this.world.texts.success(this.st, this.auxEnv, this.rc),
      )
    else if (this._failed) observation = joinSentences(observation, this.failMessage())
    this.checkLimit()
    return this.result(observation, 'ok', won ? 1 : 0)
  }

  /** Ground actions whose checks all pass now, sorted by surface text (hidden ones included). */
  applicable(): ActionCall[] {
    const out: { text: string; call: ActionCall }[] = []
    this.forApplicable((schema, env) => {
      const args = schema.params.map((p) => this.st.ents.list[env[p.slot]!]!.id)
      out.push({ text: this.surfaceOf(schema, env), call: { schema: schema.name, args } })
    })
    return out.sort((a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : 0)).map((x) => x.call)
  }

  /** Surface texts of applicable non-hidden actions plus the enabled meta-actions, sorted. */
  validActions(): string[] {
    const out: string[] = this.enabledMeta()
    const env = this.actEnv
    for (const schema of this.world.actions) {
      if (schema.hidden) continue
      this.visiting = schema
      enumerateBindings(this.plans[schema.index]!, this.st, env, () =>
        out.push(this.surfaceOf(this.visiting!, env)),
      )
    }
    out.sort()
    // Two schemas may write the same text: keep it once.
    let n = 0
    for (let i = 0; i < out.length; i++) if (i === 0 || out[i] !== out[n - 1]) out[n++] = out[i]!
    out.length = n
    return out
  }

  /** Texts of the enabled meta-actions, sorted. */
  enabledMeta(): string[] {
    const m = this.world.meta
    const out: string[] = []
    if (m.checkValidActions) out.push('check valid actions')
    if (m.help) out.push('help')
    if (m.inventory) out.push('inventory')
    if (m.look) out.push('look')
    return out
  }

  /** Answers a meta-action; time does not advance. */
  meta(name: MetaAction): string {
    switch (name) {
      case 'look':
        return this.world.texts.look(this.st, this.auxEnv, this.rc)
      case 'inventory':
        return this.world.texts.inventory
          ? this.world.texts.inventory(this.st, this.auxEnv, this.rc)
          : 'You are not carrying anything.'
      case 'check valid actions':
        return `Choose an action from these valid actions: ${this.validActions().join(', ')}`
      default:
        return this.help()
    }
  }

  private help(): string {
    const lines = this.world.actions
      .filter((a) => !a.hidden)
      .map((a) => {
        const form = a.pieces
          .map((p) =>
            typeof p === 'number' ? `<${this.world.types[a.params[p]!.type]!.name}>` : p,
          )
          .join('')
        return a.description ? `${form}: ${a.description}` : form
      })
    const meta: Record<MetaAction, string> = {
      look: 'look: describe what is around you',
      inventory: 'inventory: list what you carry',
      'check valid actions': 'check valid actions: list every action you can take now',
      help: 'help: show this list',
    }
    for (const m of this.enabledMeta()) lines.push(meta[m as MetaAction])
    return `You can use these actions:\n${lines.join('\n')}`
  }

  /**
   * The templates and entities the parser grounds against (rebuilt when entities change). A
   * function of the world and its entity set, so every engine of a world hands out the one
   * space of its spec's entities: read-only, as a space handed out always was. The parser
   * finds a space it compiled before by identity, so a new environment of the world grounds
   * without going through its templates and entities again.
   */
  get actionSpace(): ActionSpace {
    const ents = this.st.ents
    let space = spaces.get(ents)
    if (space === undefined) {
      space = actionSpaceOf(this.world, ents, this.enabledMeta())
      spaces.set(ents, space)
    }
    return space
  }

  /** `take apple 1 from countertop 1` for entity ids in param order. */
  surface(schema: string, args: readonly string[]): string {
    const resolved = this.resolveCall({ schema, args })
    if ('error' in resolved) throw new RefineryError('invalid_input', resolved.error)
    const action = this.world.actions[resolved.schema]!
    return renderPieces(action, resolved.args, this.st.ents)
  }

  snapshot(): WorldSnapshot {
    // Written out key by key in the order a spread of the data would give: on Node 20 an
    // object literal with a spread in it costs microseconds.
    const data = this.pin()
    const out: { -readonly [K in keyof WorldSnapshot]: WorldSnapshot[K] } = {
      world: this.world.id,
      facts: data.facts,
    } as WorldSnapshot
    if (data.attrs !== undefined) out.attrs = data.attrs
    if (data.created !== undefined) out.created = data.created
    if (data.destroyed !== undefined) out.destroyed = data.destroyed
    out.steps = this._steps
    out.progress = this._progress
    out.reached = this.reachedSubgoals
    out.success = this._success
    out.failed = this._failed
    out.done = this._done
    return out
  }

  restore(snapshot: WorldSnapshot | { readonly [key: string]: unknown }): void {
    const s = snapshot as WorldSnapshot
    if (s?.world !== this.world.id) {
      throw new RefineryError('invalid_input', `Not a snapshot of world '${this.world.id}'.`, {
        hint: 'Pass a value that snapshot() returned for the same world.',
      })
    }
    const known = this.pinnedByFacts.get(s.facts as object)
    const pin = known && this.pinned.get(known)
    const data = pin?.data
    // Data this engine wrote is frozen: the same arrays and maps are the same state.
    const same =
      known !== undefined &&
      data !== undefined &&
      data.attrs === s.attrs &&
      data.created === s.created &&
      data.destroyed === s.destroyed
    this.st = same ? known : stateFromData(this.world, this.st.table, s, this.st.ents)
    this._steps = Number(s.steps) || 0
    this._progress = Number(s.progress) || 0
    this._success = s.success === true
    this._failed = s.failed === true
    this._done = s.done === true
    const reached = new Set(s.reached ?? [])
    const subgoals = this.world.goal.subgoals
    for (let i = 0; i < subgoals.length; i++) this.reached[i] = reached.has(subgoals[i]!.id) ? 1 : 0
    // A pinned state never changes, so neither do its subgoals' values: tested once.
    if (same && pin!.values !== null) this.subgoalValues.set(pin!.values)
    else {
      for (let i = 0; i < subgoals.length; i++)
        this.subgoalValues[i] = subgoals[i]!.test(this.st, this.auxEnv) ? 1 : 0
      if (same) pin!.values = this.subgoalValues.slice()
    }
  }

  /** Hash of the world state (facts, attributes, entities), not of the episode counters. */
  stateHash(): string {
    return stableHash(this.pin())
  }

  /** The world part of a snapshot: true base facts, attributes, created/destroyed entities. */
  stateData(): WorldStateData {
    return this.pin()
  }

  /** The snapshot data of the state now (frozen); from now on the state is not changed. */
  private pin(): WorldStateData {
    const st = this.st
    const pin = this.pinned.get(st)
    if (pin !== undefined) return pin.data
    const data = this.writer.data(st)
    this.pinned.set(st, { data, values: null })
    this.pinnedByFacts.set(data.facts, st)
    return data
  }

  /** True facts written with the predicates' sentences (hidden ones left out), sorted. */
  describe(): string[] {
    const { table } = this.st
    const out: string[] = []
    for (let id = 0; id < this.st.facts.length; id++) {
      if (this.st.facts[id] !== 1) continue
      const pred = table.pred[id]!
      const text = this.world.texts.facts[pred]
      if (!text || this.world.predicates[pred]!.hidden) continue
      this.auxEnv.set(table.args[id]!)
      out.push(text(this.st, this.auxEnv, this.rc))
    }
    return out.sort()
  }

  // ---------------------------------------------------------------- internals

  private forApplicable(visit: (schema: CompiledAction, env: Int32Array) => void): void {
    const env = this.actEnv
    for (const schema of this.world.actions) {
      enumerateBindings(this.plans[schema.index]!, this.st, env, () => visit(schema, env))
    }
  }

  /** Surface text of the action with params in env; cached per ground action. */
  private surfaceOf(schema: CompiledAction, env: Int32Array): string {
    const params = schema.params
    const list = this.st.ents.list
    let key = -1
    if (params.length <= 3 && schema.index < 256) {
      // schema + 256 · (args in base ENTITY_BOUND): unique, and below 2^53.
      let args = 0
      for (let i = params.length - 1; i >= 0; i--)
        args = args * ENTITY_BOUND + env[params[i]!.slot]!
      key = schema.index + 256 * args
      const cached = this.surfaces.get(key)
      if (cached !== undefined && this.surfacesFor === list) return cached
    }
    if (this.surfacesFor !== list) {
      // Created entities can reuse an index with another name in a restored state.
      this.surfaces.clear()
      this.surfacesFor = list
    }
    let out = ''
    for (const piece of schema.pieces)
      out += typeof piece === 'number' ? list[env[params[piece]!.slot]!]!.display : piece
    if (key >= 0) this.surfaces.set(key, out)
    return out
  }

  private message(schema: CompiledAction, env: Int32Array): string {
    let index = 0
    if (this.variant && schema.messages.length > 1) {
      const v = Math.trunc(this.variant(schema.name))
      index = ((v % schema.messages.length) + schema.messages.length) % schema.messages.length
    }
    return schema.messages[index]!(this.st, env, this.rc)
  }

  /** Puts args into the action environment; returns an error text on a type mismatch. */
  private loadArgs(schema: CompiledAction, args: readonly number[]): string | null {
    const env = this.actEnv
    for (let i = 0; i < schema.params.length; i++) env[schema.params[i]!.slot] = args[i]!
    for (let i = 0; i < schema.params.length; i++) {
      const p = schema.params[i]!
      if (!this.st.ents.isA(args[i]!, p.type)) {
        const info = this.st.ents.list[args[i]!]!
        return `You cannot ${this.surfaceOf(schema, env)}: the ${info.display} is not ${withArticle(this.world.types[p.type]!.name)}.`
      }
    }
    return null
  }

  private resolveCall(call: ActionCall): Resolved {
    const schema = this.world.actionIndex.get(call.schema)
    if (schema === undefined) return unknownAction(call.schema)
    const action = this.world.actions[schema]!
    if (call.args.length !== action.params.length)
      return invalid(
        `'${action.name}' takes ${action.params.length} argument(s), got ${call.args.length}.`,
      )
    const ids = this.idIndex()
    const args: number[] = []
    for (const id of call.args) {
      const e = ids.get(id)
      if (e === undefined || this.st.ents.alive[e] !== 1)
        return invalid(`There is no '${id}' here.`)
      args.push(e)
    }
    return { schema, args }
  }

  private resolveGrounded(action: GroundedAction): Resolved {
    const schema = this.world.actionIndex.get(action.template)
    if (schema === undefined) return unknownAction(action.template)
    const a = this.world.actions[schema]!
    const names = this.nameIndex()
    const args: number[] = []
    for (const p of a.paramNames) {
      const value = action.args[p]
      if (value === undefined) return invalid(`'${a.name}' needs a value for {${p}}.`)
      const e = names.get(value.toLowerCase())
      if (e === undefined) return invalid(`There is no ${value} here.`)
      args.push(e)
    }
    return { schema, args }
  }

  private idIndexCache: { ents: EntitySet; ids: Map<string, number> } | null = null

  private idIndex(): Map<string, number> {
    const ents = this.st.ents
    if (ents.list.length === ents.staticCount) return this.world.entityIndex as Map<string, number>
    if (this.idIndexCache?.ents === ents) return this.idIndexCache.ids
    const ids = new Map<string, number>()
    for (const [i, e] of ents.list.entries()) ids.set(e.id, i)
    this.idIndexCache = { ents, ids }
    return ids
  }

  /**
   * Display names, aliases and ids (lower-cased) of alive entities: a function of the entity
   * set, kept with it, so the engines of a world share its spec's (`staticEntities`).
   */
  private nameIndex(): Map<string, number> {
    const ents = this.st.ents
    const known = nameIndexes.get(ents)
    if (known !== undefined) return known
    const names = new Map<string, number>()
    ents.list.forEach((e, i) => {
      if (ents.alive[i] !== 1) return
      for (const n of [e.id, ...e.aliases])
        if (!names.has(n.toLowerCase())) names.set(n.toLowerCase(), i)
    })
    ents.list.forEach((e, i) => {
      if (ents.alive[i] === 1) names.set(e.display.toLowerCase(), i)
    })
    nameIndexes.set(ents, names)
    return names
  }

  private tick(): void {
    this._steps++
    this.checkLimit()
  }

  private checkLimit(): void {
    const max = this.world.maxSteps
    if (max !== undefined && this._steps >= max) this._done = true
  }

  /**
   * Updates subgoals, progress, success and failure; true when this call won the episode.
   * After a step only conditions that read something the step changed are tested again.
   */
  private evaluate(full = false): boolean {
    const { goal } = this.world
    const env = this.auxEnv
    const st = this.st
    const subgoals = goal.subgoals
    const values = this.subgoalValues
    for (let i = 0; i < subgoals.length; i++) {
      if (this.reached[i] === 1) continue
      const s = subgoals[i]!
      if (full || this.touched(s.deps)) values[i] = s.test(st, env) ? 1 : 0
    }
    for (let changed = true; changed; ) {
      changed = false
      for (let i = 0; i < subgoals.length; i++) {
        if (this.reached[i] === 1 || values[i] !== 1) continue
        let ready = true
        for (const j of subgoals[i]!.after) if (this.reached[j] !== 1) ready = false
        if (ready) {
          this.reached[i] = 1
          changed = true
        }
      }
    }
    if (this.requiredCount > 0) {
      let req = 0
      let opt = 0
      for (let i = 0; i < subgoals.length; i++) {
        if (this.reached[i] !== 1) continue
        if (subgoals[i]!.optional) opt++
        else req++
      }
      // Reached optional subgoals count on both sides: credited, never needed for 1.
      const p = (req + opt) / (this.requiredCount + opt)
      if (p > this._progress) this._progress = Math.min(p, 1)
    }
    if (this._success) return false
    if ((full || this.touched(goal.success.deps)) && goal.success.test(st, env)) {
      this._success = true
      this._done = true
      this._progress = 1
      return true
    }
    for (const f of goal.fail) {
      if ((full || this.touched(f.deps)) && f.test(st, env)) {
        this._failed = true
        this._done = true
        break
      }
    }
    return false
  }

  /**
   * Refreshes derived facts after a change: only the rules whose inputs changed since the
   * last refresh run again. What changed goes into `dirty`, for `evaluate`.
   */
  private readonly refresh = (
    world: CompiledWorld,
    st: State,
    env: Int32Array,
    fresh: Uint8Array,
    applied: Applied,
  ): void => {
    refreshDerivedOf(world, st, env, fresh, applied)
    const dirty = this.dirty
    for (let i = 0; i < fresh.length; i++) if (fresh[i] === 1) dirty[i] = 1
    fresh.fill(0)
  }

  /** The observation of the step whose processes run, their messages appended as they fire. */
  private processText = ''

  private readonly onProcessFired = (process: number, env: Int32Array): void => {
    const message = this.world.processes[process]!.message
    if (message) this.processText = joinSentences(this.processText, message(this.st, env, this.rc))
  }

  /** Whether the last step changed something a condition reads. */
  private touched(deps: Deps): boolean {
    const dirty = this.dirty
    const n = this.world.predicates.length
    if (dirty[n + 1] === 1 || (deps.attrs && dirty[n] === 1)) return true
    for (const p of deps.preds) if (dirty[p] === 1) return true
    return false
  }

  private failMessage(): string {
    for (const f of this.world.goal.fail)
      if (f.test(this.st, this.auxEnv)) return f.message(this.st, this.auxEnv, this.rc)
    return ''
  }

  private result(observation: string, status: StepResult['status'], reward: number): StepResult {
    return {
      observation,
      status,
      done: this._done,
      success: this._success,
      progress: this._progress,
      reward,
    }
  }
}

export function renderPieces(
  action: CompiledAction,
  args: ArrayLike<number>,
  ents: EntitySet,
): string {
  let out = ''
  for (const piece of action.pieces)
    out += typeof piece === 'number' ? ents.list[args[piece]!]!.display : piece
  return out
}

/** Name indexes by entity set (see `nameIndex`); a set never changes once made. */
const nameIndexes = new WeakMap<EntitySet, Map<string, number>>()

/** The text `reset` shows, per world and list-order seed (see `startText`). */
const startTexts = new WeakMap<CompiledWorld, Map<number, string>>()

/** A state a snapshot was taken of: its data, and its subgoals' values once tested. */
interface Pinned {
  readonly data: WorldStateData
  values: Uint8Array | null
}

type Resolved =
  | { schema: number; args: number[] }
  | { error: string; status: 'unknown_action' | 'invalid_argument' }

const unknownAction = (name: string): Resolved => ({
  error: `There is no action '${name}'. Type "help" to see the actions.`,
  status: 'unknown_action',
})
const invalid = (error: string): Resolved => ({ error, status: 'invalid_argument' })

/** The two texts with a space between, leaving out an empty one. */
function joinSentences(a: string, b: string): string {
  return a.length === 0 ? b : b.length === 0 ? a : `${a} ${b}`
}

function withArticle(word: string): string {
  return /^[aeiou]/i.test(word) ? `an ${word}` : `a ${word}`
}

/**
 * Action spaces by entity set: a world's static set (`staticEntities`) is shared by all its
 * engines, a set with created or destroyed entities belongs to one engine's states.
 */
const spaces = new WeakMap<EntitySet, ActionSpace>()

function actionSpaceOf(world: CompiledWorld, ents: EntitySet, meta: string[]): ActionSpace {
  const typeNames = (t: number) => world.types[t]!.lineage.map((u) => world.types[u]!.name)
  return {
    templates: world.actions.map((a) => ({
      id: a.name,
      pattern: a.pattern,
      slots: a.params.map((p, i) => ({
        name: a.paramNames[i]!,
        type: world.types[p.type]!.name,
      })),
      ...(a.synonyms.length > 0 ? { synonyms: [...a.synonyms] } : {}),
      ...(a.description !== undefined ? { description: a.description } : {}),
    })),
    entities: ents.list
      .filter((_, e) => ents.alive[e] === 1)
      .map((e) => ({
        name: e.display,
        types: typeNames(e.type),
        ...(e.aliases.length > 0 ? { aliases: [...e.aliases] } : {}),
      })),
    meta,
  }
}
