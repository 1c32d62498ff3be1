import {
  type ActionSpace,
  type Environment,
  type FeedbackProfile,
  type GroundedAction,
  isErrorStatus,
  type Observation,
  type Perturbation,
  RefineryError,
  type Snapshot,
  type StepResult,
  textDigest,
} from '@refinery/core'
import { type CompiledActionSpace, compileActionSpace } from '@refinery/parser'
import {
  type CompiledWorld,
  type Condition,
  compileBuiltWorld,
  createWorldEnvironment,
  type PlannerBudget,
  type PlanStep,
  plan,
  WorldEngine,
  type WorldEnvironment,
  type WorldSnapshot,
  type WorldSpec,
} from '@refinery/world'
import { DESCRIBE_ACTIONS } from './actions'
import { constructStage } from './construct'
import { firstOpen, stageHolds } from './holds'
import { keepLooks, keepPlan, type OraclePlan, recallLooks, recallPlan } from './plans'
import { rehearseWait, stateKey } from './rehearsal'
import { StageWorld } from './stages'
import type { Stage, TraitShown } from './task'
import { LabView } from './view'

/** ScienceWorld's reply, through AgentBoard, to anything it cannot parse or do. */
export const SCIENCEWORLD_NO_MATCH = 'No known action matches that input.'
export const AMBIGUOUS_PREFIX =
  'Ambiguous request: Please enter the number for the action you intended (or blank to cancel):'

export interface LabEnvironmentOptions {
  profile?: FeedbackProfile
  perturbation?: Perturbation | undefined
  planner?: PlannerBudget
  /** The trait a genetics world's plants show. */
  trait?: TraitShown | undefined
  /** The actions the oracle plans with (all when absent). */
  planWith?: readonly string[] | undefined
  /**
   * Whether the oracle searches every stage that takes more than one action, instead of
   * building its plan the way the task was built (see `constructStage`): for comparing the two.
   */
  searchOnly?: boolean
  /**
   * The spec compiled, when the caller has it (the family keeps its latest tasks'); ignored
   * with a perturbation, which compiles a changed spec.
   */
  compiled?: CompiledWorld
  /**
   * What the oracle's plans are kept by instead of a digest of the spec, the stages and the
   * options above: a key the caller vouches names them all (the family's task ref and
   * settings). Ignored with a perturbation.
   */
  taskKey?: string
}

interface LabSnapshot extends WorldSnapshot {
  pending: string[] | null
  /** Ids of the things the agent has been shown, sorted. */
  seen: string[]
  lastActed?: string | null
}

/**
 * A lab world as an Environment. It wraps the WorldSpec engine and adds what ScienceWorld's
 * interface does: names are grounded against the things the agent can see only (so no reply,
 * "did you mean" included, names an unseen thing, and an unseen thing gets the same reply as
 * one that does not exist); a name that fits several visible things gets a numbered
 * clarification that the next action answers with a number; look around, look at, look in
 * and inventory are written from what is in view. The oracle reaches each of the task's
 * stages by a plan built the way the task was built (see `constructStage`), checked on the
 * engine, and by the world planner where that fails (or waiting until a condition holds).
 */
export class LabEnvironment implements Environment {
  private readonly inner: WorldEnvironment
  private readonly engine: WorldEngine
  private readonly names = new Map<string, string>()
  private readonly ids = new Map<string, string>()
  private readonly aliases = new Map<string, string[]>()
  private pending: string[] | null = null
  /** The last action that worked, as its template writes it (lower case). */
  private lastActed: string | null = null
  /**
   * The last plan `oracle()` made, from the snapshot it was made in (whose state key is
   * `now`), and the world state before each of its actions once asked for (see `planStates`).
   */
  private lastPlan: {
    /** Null for a plan from the reset state, whose snapshot is taken when asked for. */
    from: WorldSnapshot | null
    /** `stateKey(from)`, written when asked for. */
    now: string | null
    states: readonly string[] | null
    actions: readonly string[]
    steps: readonly PlanStep[]
  } | null = null
  /**
   * Ids of the things the agent has been shown (by looking around or in, or by naming them in
   * an action that worked), so the oracle looks before it acts on anything else: entering a
   * room only says "You move to the kitchen.", as in ScienceWorld.
   */
  private seen = new Set<string>()
  private spaceCache: {
    key: string
    view: LabView
    space: ActionSpace
    compiled: CompiledActionSpace
  } | null = null
  private planning: StageWorld | null = null
  private scratch: WorldEngine | null = null
  private taskDigest: string | null = null
  /** Views of the states this environment has shown, by state (see `view`). */
  private views = new WeakMap<object, { version: number; view: LabView }>()
  /**
   * The engine state `reset` left and its version, while nothing has been asked of the
   * environment since but the oracle (see `oracle`): null once a step or restore is.
   */
  private started: { state: object; version: number } | null = null
  /** The last snapshot taken, with the engine state it was taken of. */
  private lastSnapshot: { snapshot: Snapshot; state: object; steps: number } | null = null

  constructor(
    spec: WorldSpec,
    private readonly stages: readonly Stage[],
    private readonly options: LabEnvironmentOptions = {},
  ) {
    // The lab writes its specs whole (every default the schema gives written out), so an
    // unperturbed one is compiled without the schema's parse, which cost more than the compile.
    const world = options.perturbation ? spec : (options.compiled ?? compileBuiltWorld(spec))
    this.inner = createWorldEnvironment(world, {
      perturbation: options.perturbation,
      profile: 'rich',
      ...(options.planner ? { planner: options.planner } : {}),
    })
    this.engine = this.inner.engine
    for (const e of this.engine.state.ents.list) {
      this.names.set(e.id, e.display)
      this.ids.set(e.display.toLowerCase(), e.id)
      if (e.aliases.length > 0)
        this.aliases.set(
          e.id,
          e.aliases.map((a) => a.toLowerCase()),
        )
    }
  }

  /**
   * The view of the state now. A turn asks for it several times (the action space, grounding
   * the action, the reply) and building one reads the whole state, so each state's is kept
   * while it stays as it was: the engine bumps a state's version at every change it makes in
   * place, and a reset or restore puts in another state. Keyed by the version, not the step
   * count, a view outlives an action that failed (time passed, nothing changed); kept per
   * state, it outlives a teacher's probe: the snapshot before it keeps its state as it was
   * (the step changes a copy), and restoring it puts that same state back.
   */
  private view(): LabView {
    const state = this.engine.state
    const known = this.views.get(state)
    if (known?.version === state.version) return known.view
    // Read in place: a view is used within the turn that asked for it, and one kept is taken
    // again only while its state's version is the same (the state as it was).
    const view = new LabView(this.engine, this.names, this.options.trait, true)
    this.views.set(state, { version: state.version, view })
    return view
  }

  /** Names of what the agent perceives now: things in view, its room and the rooms next door. */
  perceived(): string[] {
    const view = this.view()
    return [...view.visible, view.room, ...view.adjacent]
      .map((id) => this.names.get(id) ?? id)
      .sort()
  }

  /** Display names of every entity of the world, seen or not (for tests and teachers). */
  allNames(): string[] {
    return [...this.names.values()].sort()
  }

  async reset(): Promise<Observation> {
    const first = await this.inner.reset()
    this.pending = null
    this.lastActed = null
    const view = this.view()
    this.seen = new Set(shownByLook(view))
    this.started = { state: this.engine.state, version: this.engine.state.version }
    return {
      instruction: first.instruction,
      observation: `${view.lookAround()}\n${view.inventory()}`,
    }
  }

  async step(action: string): Promise<StepResult> {
    return this.stepSync(action)
  }

  stepSync(action: string): StepResult {
    return this.finish(this.stepRich(action, false)!)
  }

  /**
   * `stepSync` for an action the lab rejects (an error status); one it would accept leaves it
   * exactly as it was (a pending clarification included) and answers null, without the world
   * taking the step (see `WorldEngine.stepIfRejected`): what a teacher probing for a mistake
   * needs to know.
   */
  stepIfRejected(action: string): StepResult | null {
    const pending = this.pending
    const result = this.stepRich(action, true)
    if (result !== null) return this.finish(result)
    this.pending = pending
    return null
  }

  private finish(result: StepResult): StepResult {
    if (this.options.profile !== 'agentboard' || !isErrorStatus(result.status)) return result
    return { ...result, observation: SCIENCEWORLD_NO_MATCH }
  }

  /**
   * Null only when `onlyRejected` and the action is accepted (a meta-action, a clarification
   * asked or cancelled, an action the world takes): then nothing but `pending` has changed.
   */
  private stepRich(text: string, onlyRejected: boolean): StepResult | null {
    this.started = null
    if (this.engine.done) return this.outcome('The episode is over.', 'no_effect')
    const input = text.trim()
    const pending = this.pending
    this.pending = null
    if (pending && /^\d+$/.test(input)) {
      const choice = pending[Number(input)]
      if (choice === undefined)
        return this.outcome(
          `Choose a number from 0 to ${pending.length - 1}, or type another action.`,
          'invalid_argument',
        )
      return this.stepRich(choice, onlyRejected)
    }
    if (pending && input === '') return onlyRejected ? null : this.outcome('Cancelled.', 'meta')
    const { compiled } = this.space()
    const grounded = compiled.ground(input)
    if (grounded.ok) {
      if (grounded.meta) return onlyRejected ? null : this.meta(grounded.action.template)
      if (onlyRejected) {
        const rejected = this.engine.stepIfRejected(grounded.action)
        // As `run` leaves it after an action that did not work.
        if (rejected !== null) this.lastActed = null
        return rejected
      }
      return this.run(grounded.action)
    }
    const choices = this.ambiguity(input, compiled)
    if (choices.length > 1) {
      if (onlyRejected) return null
      this.pending = choices
      const view = this.view()
      const lines = choices.map((c, i) => `${i}:\t${c}${this.whereNote(c, view)}`)
      return this.outcome(`${AMBIGUOUS_PREFIX}\n${lines.join('\n')}`, 'meta')
    }
    return this.outcome(grounded.message, grounded.status)
  }

  private meta(name: string): StepResult {
    const view = this.view()
    switch (name) {
      case 'look':
        for (const id of shownByLook(view)) this.seen.add(id)
        return this.outcome(view.lookAround(), 'meta')
      case 'inventory':
        return this.outcome(view.inventory(), 'meta')
      case 'check valid actions':
        return this.outcome(this.engine.meta('check valid actions'), 'meta')
      default:
        return this.outcome(this.engine.meta('help'), 'meta')
    }
  }

  private run(action: GroundedAction): StepResult {
    const result = this.engine.step(action)
    this.lastActed = result.status === 'ok' ? action.text.toLowerCase() : null
    if (result.status !== 'ok') return result
    const view = this.view()
    const arg = (name: string) => this.ids.get((action.args[name] ?? '').toLowerCase()) ?? ''
    for (const value of Object.values(action.args)) {
      const id = this.ids.get(value.toLowerCase())
      if (id) this.seen.add(shownAs(view, id))
    }
    if (action.template === 'look_around') for (const id of shownByLook(view)) this.seen.add(id)
    if (action.template === 'look_in')
      for (const id of view.in(arg('x'))) this.seen.add(shownAs(view, id))
    if (action.template === 'task')
      return { ...result, observation: this.engine.world.goal.instruction }
    if (!DESCRIBE_ACTIONS.has(action.template)) return result
    const text =
      action.template === 'look_around'
        ? view.lookAround()
        : action.template === 'look_in'
          ? view.lookIn(arg('x'))
          : `${capitalise(view.describe(arg('x'), 0, true))}.`
    return { ...result, observation: text }
  }

  /** Where a thing named in a candidate action is, for the clarification list. */
  private whereNote(candidate: string, view: LabView): string {
    for (const id of view.visible) {
      const name = this.names.get(id)!
      if (!candidate.includes(name)) continue
      for (const c of [...view.visible, view.room, 'inventory'])
        if (view.in(c).includes(id) && view.in(c).length > 0)
          return ` (in ${this.names.get(c) ?? c})`
    }
    return ''
  }

  /**
   * The actions an ambiguous input could mean: every visible thing whose name, without its
   * number, appears in the input stands in for it, one at a time; those that ground are kept.
   */
  private ambiguity(input: string, compiled: CompiledActionSpace): string[] {
    const view = this.view()
    const groups = new Map<string, string[]>()
    for (const id of view.visible) {
      const display = this.names.get(id)!
      const base = display.replace(/ \d+$/, '')
      // A numbered name without its number, or a name two things share (`inclined plane`).
      const keys = [...(base === display ? [] : [base]), ...(this.aliases.get(id) ?? [])]
      for (const key of keys) groups.set(key, [...(groups.get(key) ?? []), display])
    }
    const lower = input.toLowerCase()
    const out: string[] = []
    for (const [base, displays] of [...groups.entries()].sort()) {
      const pattern = namePattern(base)
      if (displays.length < 2 || !pattern.test(lower)) continue
      for (const display of displays.sort()) {
        const candidate = lower.replace(pattern, display)
        const g = compiled.ground(candidate)
        if (g.ok && !g.meta) out.push(g.action.text)
      }
    }
    return [...new Set(out)]
  }

  /** The action space over the things in view (and the rooms whose doors are in view). */
  private space(): { space: ActionSpace; compiled: CompiledActionSpace } {
    const full = this.engine.actionSpace
    const view = this.view()
    // A turn asks for the space several times in one view: the same view shows the same things.
    const last = this.spaceCache
    if (last?.view === view) return last
    // Most steps leave in view what was: the same things in the same order name the same
    // space, found without writing the names out and sorting them.
    if (last !== null && sameShown(last.view, view)) {
      last.view = view
      return last
    }
    const shown = new Set<string>(
      [...view.visible, view.room, ...view.adjacent].map((id) => this.names.get(id) ?? id),
    )
    const key = [...shown].sort().join('|')
    if (last?.key === key) {
      last.view = view
      return last
    }
    // The space of these names was made before when the episode, its replay or an earlier
    // episode of the world showed them: the same object, so the parser finds it compiled.
    let views = viewSpaces.get(full)
    if (views === undefined) {
      views = new Map()
      viewSpaces.set(full, views)
    }
    let made = views.get(key)
    if (made === undefined) {
      const space: ActionSpace = {
        ...full,
        entities: full.entities.filter((e) => shown.has(e.name)),
      }
      made = { space, compiled: compileActionSpace(space) }
      if (views.size >= MAX_VIEW_SPACES) views.clear()
      views.set(key, made)
    }
    this.spaceCache = { key, view, space: made.space, compiled: made.compiled }
    return this.spaceCache
  }

  async validActions(): Promise<string[]> {
    return this.engine.validActions()
  }

  get actionSpace(): ActionSpace {
    return this.space().space
  }

  snapshot(): Snapshot {
    // The engine's snapshot copied by `Object.assign` and the lab's keys set after: an object
    // spread with keys added cost some 4 µs a snapshot (Node 20), and a teacher takes one per
    // mistake it tries. The same keys in the same order.
    const out: Record<string, unknown> = Object.assign({}, this.engine.snapshot())
    out.pending = this.pending
    out.seen = [...this.seen].sort()
    out.lastActed = this.lastActed
    const snapshot: Snapshot = out
    this.lastSnapshot = { snapshot, state: this.engine.state, steps: this.engine.steps }
    return snapshot
  }

  restore(snapshot: Snapshot): void {
    const s = snapshot as unknown as LabSnapshot
    this.started = null
    // A teacher takes a snapshot, tries a mistake and restores it: most mistakes never reach
    // the world (an unknown verb, a thing not in view), and then the engine still holds the
    // state the snapshot was taken of (see `view`), so rebuilding it from the snapshot is
    // skipped.
    const last = this.lastSnapshot
    const { state, steps } = this.engine
    if (last?.snapshot !== snapshot || last.state !== state || last.steps !== steps)
      this.engine.restore(s)
    this.pending = Array.isArray(s.pending) ? [...s.pending] : null
    this.seen = new Set(Array.isArray(s.seen) ? s.seen : [])
    this.lastActed = typeof s.lastActed === 'string' ? s.lastActed : null
  }

  /**
   * An expert plan from the current state: for each stage from the first one not yet passed,
   * a built (or else the planner's) way to the stage's condition, or `wait` until it holds.
   * Throws when a stage cannot be reached.
   */
  async oracle(): Promise<string[]> {
    if (this.engine.success) return []
    if (this.atStart()) return this.oracleAtStart()
    const snapshot = this.engine.snapshot()
    const now = stateKey(snapshot)
    // Followed from where it was made, the last plan's rest is a plan from here: planning
    // again at every step cost ~400 ms a step and made the lab 300 times slower than the rest.
    const last = this.lastPlan
    const states = last ? this.planStates(last) : []
    let known = states.indexOf(now)
    // A look leaves the world as it found it once nothing moves (a block at the bottom, the
    // stopwatch stopped): the state before and after it are one, so the action just taken
    // says which side of it the episode is on.
    if (
      known >= 0 &&
      states[known + 1] === now &&
      last!.actions[known]!.toLowerCase() === this.lastActed
    )
      known++
    if (known >= 0) {
      const { actions, steps } = last!
      return withLooksAt(actions.slice(known), this.looksBefore(steps.slice(known)))
    }
    // The snapshot is its state (`now`, already written) and the episode's counters: written
    // apart, the facts and attributes are not written as JSON a second time.
    const { world, steps, progress, reached, success, failed, done } = snapshot
    const counters = JSON.stringify([world, steps, progress, reached, success, failed, done])
    const key = `${this.taskKey()}|${textDigest(`${now}\u0000${counters}`)}`
    // Drawn again, a task starts from the same state: its plan is found once per worker.
    const remembered = recallPlan(key)
    const found: OraclePlan & { views?: readonly LabView[] } =
      remembered ?? this.planStages(this.probe(snapshot))
    if (!remembered) keepPlan(key, { actions: found.actions, steps: found.steps })
    this.lastPlan = {
      from: snapshot,
      now,
      // A remembered plan's states were always its replay's: [now] even when it is empty.
      states: !remembered && found.steps.length === 0 ? [] : null,
      actions: found.actions,
      steps: found.steps,
    }
    // What the agent has been shown decides the looks: at an episode's first question, what
    // looking around the start state shows, so a task drawn again finds them kept too.
    const shown = `${key}|${textDigest([...this.seen].sort().join('\n'))}`
    let looks = recallLooks(shown)
    if (!looks) {
      looks = this.looksBefore(found.steps, found.views)
      keepLooks(shown, looks)
    }
    return withLooksAt(found.actions, looks)
  }

  /**
   * Whether the engine is in the state `reset` left, with nothing shown since: a synthesis
   * episode asks the oracle there first, and a task drawn again asks the same question.
   */
  private atStart(): boolean {
    const started = this.started
    const state = this.engine.state
    return started?.state === state && started.version === state.version && this.engine.steps === 0
  }

  /**
   * `oracle()` at the start: the reset state and what the agent has been shown there are a
   * function of the task, so the plan and its looks are kept by the task's key alone. A task
   * drawn again then takes no snapshot, writes no state key and digests nothing (some 2.5% of
   * a lab trajectory's CPU at 64,000); the start's snapshot and key are found when a later
   * question needs them (see `planStates`).
   */
  private oracleAtStart(): string[] {
    const key = `${this.taskKey()}|start`
    const remembered = recallPlan(key)
    // Planned on the scratch engine reset, not restored from a snapshot of this one: the
    // same state (in the scratch's own fact table either way), without writing the snapshot
    // or reading it back.
    const found: OraclePlan & { views?: readonly LabView[] } =
      remembered ?? this.planStages(this.startProbe())
    if (!remembered) keepPlan(key, { actions: found.actions, steps: found.steps })
    this.lastPlan = {
      from: null,
      now: null,
      states: !remembered && found.steps.length === 0 ? [] : null,
      actions: found.actions,
      steps: found.steps,
    }
    let looks = recallLooks(key)
    if (!looks) {
      looks = this.looksBefore(found.steps, found.views)
      keepLooks(key, looks)
    }
    return withLooksAt(found.actions, looks)
  }

  /**
   * The state key before each step of a plan, played from where it was made. Only a second
   * question to the same environment needs them (most episodes ask once), so they are found
   * then, on the scratch engine: the engine is deterministic, so these are the states the
   * plan went through when it was made.
   */
  private planStates(plan: NonNullable<LabEnvironment['lastPlan']>): readonly string[] {
    if (plan.states) return plan.states
    // A plan from the start: the scratch engine reset is in the state the episode's was.
    let probe: WorldEngine
    if (plan.from === null) {
      probe = this.startProbe()
      plan.from = probe.snapshot()
    } else probe = this.probe(plan.from)
    plan.now ??= stateKey(plan.from)
    plan.states = replayed(probe, plan, plan.now)
    return plan.states
  }

  /**
   * The oracle's plan from the state of the scratch engine `probe` (which it plays the plan
   * on), with the view of each state it passes through (before each step, and after the
   * last): `looksBefore` reads them instead of playing the plan again.
   */
  private planStages(probe: WorldEngine): {
    actions: string[]
    steps: PlanStep[]
    views: LabView[]
  } {
    const out: string[] = []
    const planned: PlanStep[] = []
    const views = [new LabView(probe, this.names)]
    const viewed = () => {
      views.push(new LabView(probe, this.names))
    }
    const first = firstOpen(probe, this.stages)
    for (const [k, stage] of this.stages.entries()) {
      if (k < first) continue
      if ('look' in stage) {
        // Reading a result changes nothing but the time, so the plan goes on from one tick on.
        const look: PlanStep = { schema: 'look_at', args: [stage.look] }
        out.push(this.lookText(stage.look))
        planned.push(look)
        probe.step(look)
        viewed()
        continue
      }
      if ('wait' in stage) {
        // Only time passes, so the shortest wait is found by letting it pass: no search.
        for (const step of rehearseWait(probe, stage, viewed)) {
          out.push(step.text)
          planned.push(step.step)
        }
        continue
      }
      if (stageHolds(probe, stage)) continue
      const built = this.options.searchOnly ? null : this.construct(probe, stage)
      if (built) {
        for (const step of built) {
          out.push(probe.surface(step.schema, step.args))
          planned.push(step)
          probe.step(step)
          viewed()
        }
        continue
      }
      const stages = this.stageWorld()
      const one = stages.oneStep(probe.snapshot(), k)
      if (one) {
        probe.step(one.step)
        viewed()
        out.push(one.text)
        planned.push(one.step)
        continue
      }
      const result = plan(stages.world, {
        maxNodes: 20_000,
        improveNodes: 300,
        ...this.options.planner,
        from: stages.from(probe.snapshot(), k),
      })
      if (result.status !== 'solved') throw noWay(this.engine.world.id, result.status)
      for (const [i, step] of result.steps.entries()) {
        probe.step(step)
        viewed()
        out.push(result.actions[i]!)
        planned.push(step)
      }
    }
    return { actions: out, steps: planned, views }
  }

  /**
   * The constructed plan for a stage from the probe's state, checked: played on the probe, it
   * reaches the stage. Null when it does not, or when there is none; the probe is left where
   * it was either way.
   */
  private construct(probe: WorldEngine, stage: { reach: Condition }): PlanStep[] | null {
    const before = probe.snapshot()
    const steps = constructStage(probe, stage.reach, this.options.planWith)
    const reached = steps !== null && stageHolds(probe, stage)
    probe.restore(before)
    return reached ? steps : null
  }

  /** What the oracle's plan is a function of besides the state, as a digest. */
  private taskKey(): string {
    const { planWith, planner, searchOnly, perturbation, taskKey } = this.options
    if (taskKey !== undefined && !perturbation) return taskKey
    this.taskDigest ??= textDigest(
      JSON.stringify([
        this.engine.world.spec,
        this.stages,
        planWith ?? null,
        planner ?? null,
        searchOnly === true,
      ]),
    )
    return this.taskDigest
  }

  /**
   * Where the plan needs `look around`: before each action on a thing in view that the agent
   * has not been shown yet (the positions of those actions). Walked on a scratch engine, with
   * what is shown counted as `step` counts it, unless the views of the plan's states are given
   * (`views[i]` before step i, and one after the last step: see `planStages`).
   */
  private looksBefore(steps: readonly PlanStep[], views?: readonly LabView[]): number[] {
    const seen = new Set(this.seen)
    const probe = views ? null : this.probe(this.engine.snapshot())
    const out: number[] = []
    // The view of the state before each step; after the step it is the next state's view.
    // Each view of the probe is read before its next step: in place.
    let view = views ? views[0]! : new LabView(probe!, this.names, undefined, true)
    for (const [i, step] of steps.entries()) {
      const shown = new Set(shownByLook(view))
      const named = step.args.map((id) => shownAs(view, id))
      if (named.some((key) => shown.has(key) && !seen.has(key))) {
        out.push(i)
        for (const key of shown) seen.add(key)
      }
      if (probe) {
        probe.step(step)
        view = new LabView(probe, this.names, undefined, true)
      } else view = views![i + 1]!
      for (const id of step.args) seen.add(shownAs(view, id))
    }
    return out
  }

  /**
   * The scratch engine the oracle plays plans on, restored to a snapshot: one per environment,
   * since a new engine computes the world's initial state only to be restored at once.
   */
  private probe(snapshot: WorldSnapshot): WorldEngine {
    this.scratch ??= new WorldEngine(this.engine.world)
    this.scratch.restore(snapshot)
    return this.scratch
  }

  /** The scratch engine reset: in the state `reset` leaves the episode's engine in. */
  private startProbe(): WorldEngine {
    this.scratch ??= new WorldEngine(this.engine.world)
    this.scratch.reset()
    return this.scratch
  }

  /** The world the stages are planned in, compiled on first use. */
  private stageWorld(): StageWorld {
    this.planning ??= new StageWorld(this.engine.world.spec, this.stages, this.options.planWith)
    return this.planning
  }

  /** `look at <thing>` in the words of this world's (perhaps perturbed) action set. */
  private lookText(id: string): string {
    const schema = this.engine.world.spec.actions.find((a) => a.name === 'look_at')!
    return schema.pattern.replace('{x}', this.names.get(id) ?? id)
  }

  private outcome(observation: string, status: StepResult['status']): StepResult {
    const e = this.engine
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
 * The spaces of views by the world's space (shared by the engines of a world while no entity
 * is made or destroyed) and the names in view: read-only once made, so environments share
 * them. A lab episode shows a handful of views; the bound only caps a long-lived world.
 */
const viewSpaces = new WeakMap<
  ActionSpace,
  Map<string, { space: ActionSpace; compiled: CompiledActionSpace }>
>()
const MAX_VIEW_SPACES = 64

/** Whether two views show the same things, rooms and doors, in the same order. */
function sameShown(a: LabView, b: LabView): boolean {
  if (a.room !== b.room || a.visible.size !== b.visible.size) return false
  const doors = a.adjacent
  const others = b.adjacent
  if (doors.length !== others.length) return false
  for (let i = 0; i < doors.length; i++) if (doors[i] !== others[i]) return false
  const it = b.visible.values()
  for (const id of a.visible) if (it.next().value !== id) return false
  return true
}

/** The plan's actions with `look around` before those at `looks` (ascending positions). */
function withLooksAt(actions: readonly string[], looks: readonly number[]): string[] {
  const out: string[] = []
  let next = 0
  for (const [i, action] of actions.entries()) {
    if (looks[next] === i) {
      out.push('look around')
      next++
    }
    out.push(action)
  }
  return out
}

/** The state key before each step of a plan from the probe's state (whose key is `now`). */
function replayed(probe: WorldEngine, plan: OraclePlan, now: string): string[] {
  const states = [now]
  for (const step of plan.steps.slice(0, -1)) {
    probe.step(step)
    states.push(stateKey(probe.snapshot()))
  }
  return states
}

function noWay(world: string, status: string): RefineryError {
  return new RefineryError(
    status === 'budget' ? 'limit' : 'unsolvable',
    `The lab oracle found no way through a stage of '${world}' (${status}).`,
    { hint: 'Raise the planner budget or check the task.' },
  )
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1)
}

/**
 * The pattern of a name without its number, as a whole word not followed by a number: kept
 * by name (a lab names its things from a fixed catalogue), since an ambiguous input compiled
 * one per group of names in view every time. Neither `test` nor `replace` of a pattern
 * without the g flag keeps state between calls.
 */
function namePattern(base: string): RegExp {
  let pattern = namePatterns.get(base)
  if (pattern === undefined) {
    pattern = new RegExp(`\\b${escapeRegex(base)}\\b(?! \\d)`)
    if (namePatterns.size >= MAX_NAME_PATTERNS) namePatterns.clear()
    namePatterns.set(base, pattern)
  }
  return pattern
}

const namePatterns = new Map<string, RegExp>()
const MAX_NAME_PATTERNS = 1024

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/**
 * What looking around shows: the things in view and the rooms whose doors are in view, each
 * as `id name` (ice that melts is a thing not yet shown: water).
 */
function shownByLook(view: LabView): string[] {
  return [...view.visible, ...view.adjacent].map((id) => shownAs(view, id))
}

function shownAs(view: LabView, id: string): string {
  return `${id} ${view.label(id)}`
}
