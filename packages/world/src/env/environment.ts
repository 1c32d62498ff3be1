import {
  type ActionSpace,
  type Environment,
  type FeedbackProfile,
  isErrorStatus,
  type Observation,
  type Perturbation,
  RefineryError,
  type Snapshot,
  type StepResult,
  textDigest,
} from '@refinery/core'
import { type CompiledActionSpace, compileActionSpace } from '@refinery/parser'
import { compileWorld } from '../engine/compile'
import { type MetaAction, WorldEngine } from '../engine/engine'
import type { WorldSnapshot } from '../engine/snapshot'
import type { State } from '../engine/state'
import { type CompiledWorld, isCompiledWorld } from '../engine/world'
import { perturbWorld } from '../perturb/perturb'
import { type PlannerBudget, type PlanResult, type PlanStep, plan } from '../planner/plan'
import { WorldSpec, type WorldSpecInput } from '../spec'
import { compileWorldCached, rememberedPlan } from './cache'
import { ObservedEntities } from './observed'

type SolvedPlan = Extract<PlanResult, { status: 'solved' }>

export interface WorldEnvironmentOptions {
  /** Perturbation: lists in texts come in a seeded order. */
  listShuffleSeed?: number
  /** Perturbation: which paraphrase of a schema's message to show. */
  messageVariant?: (schema: string) => number
  /** Budget of the planner behind `oracle()`. */
  planner?: PlannerBudget
  /**
   * A narrower search `oracle()` tries first (one that skips what the world's builder knows
   * no goal needs); when it finds no plan, `planner` searches the whole world.
   */
  narrowPlanner?: PlannerBudget
  /**
   * What `narrowPlanner` finds from the world's initial state, when the world's builder has
   * run that search already (a generator proving its world solvable): the oracle answers it
   * from the start instead of searching again. A function is asked at the oracle's first call
   * from the start, so an environment no one asks for a plan (an agent under evaluation)
   * never pays for the search; where it answers undefined, `narrowPlanner` searches.
   */
  provenPlan?: SolvedPlan | (() => SolvedPlan | undefined)
  /** Put in front of the goal instruction on reset. */
  instructionPrefix?: string
  /**
   * Whether the agent may name an entity: by default, whether its name appeared in a text the
   * agent was shown. A family that decides visibility itself (exits, things in view) says so
   * here.
   */
  known?: (name: string) => boolean
  /** `rich` (default): each failed action gets its specific reason; `agentboard`: see below. */
  profile?: FeedbackProfile
  /**
   * Under the `agentboard` profile, the reply to every failed action, as the original
   * environment gives it (default ALFWorld's "Nothing happens.").
   */
  agentboardReply?: (status: StepResult['status'], action: string) => string
}

/** ALFWorld's reply to anything it cannot do, as AgentBoard shows it. */
export const AGENTBOARD_NOTHING_HAPPENS = 'Nothing happens.'

const META = new Set<string>(['look', 'inventory', 'check valid actions', 'help'])

/**
 * A world as a Refinery Environment: text in, observation out. Text is grounded by
 * `@refinery/parser` against the world's action space; meta-actions answer without
 * advancing time.
 */
export class WorldEnvironment implements Environment {
  readonly engine: WorldEngine
  private grounder: {
    space: ActionSpace
    compiled: CompiledActionSpace
    observed: ObservedEntities
  } | null = null
  /**
   * The texts the agent was shown (kept across entity-set changes), each once, the last shown
   * last: a text shown again moves to the end, so a long episode of `look` stays small.
   */
  private shownTexts = new Map<string, [text: string, said: string]>()
  /** The rest of a known plan, by the state it starts from (see `planKey`). */
  private readonly plans = new Map<string, readonly string[]>()
  /**
   * The latest plan found, not yet walked into `plans`: most episodes ask the oracle once
   * (a teacher follows the plan it got), so the walk waits for a second question.
   */
  private unwalked: {
    /** null: the world's initial state. */
    from: WorldSnapshot | null
    steps: readonly PlanStep[]
    actions: readonly string[]
  } | null = null
  /** A scratch engine to walk found plans on. */
  private probe: WorldEngine | undefined
  /**
   * The engine's state object as `reset` left it, until `restore`: while the engine still holds
   * it at step 0, it holds the initial state (a step changes the state in place only as it
   * counts a step; see `atStart`).
   */
  private startState: State | null = null

  constructor(
    readonly world: CompiledWorld,
    private readonly options: WorldEnvironmentOptions = {},
  ) {
    this.engine = new WorldEngine(world, {
      ...(options.listShuffleSeed !== undefined
        ? { listShuffleSeed: options.listShuffleSeed }
        : {}),
      ...(options.messageVariant !== undefined ? { messageVariant: options.messageVariant } : {}),
    })
  }

  async reset(): Promise<Observation> {
    const first = this.engine.reset()
    this.startState = this.engine.state
    const prefix = this.options.instructionPrefix
    this.shownTexts.clear()
    this.grounder?.observed.clear()
    this.show(first.instruction)
    this.show(first.observation)
    return {
      instruction: prefix ? `${prefix}${first.instruction}` : first.instruction,
      observation: first.observation,
    }
  }

  /**
   * What the agent reads: entities named here count as observed from now on. Before the first
   * action there is no grounder yet: it reads the shown texts when it is made (see
   * `grounding`), so an environment that is only reset (a family that grounds actions itself,
   * as the lab does) never compiles the world's space.
   */
  private show(text: string, said = ''): void {
    const key = `${said}\u0000${text}`
    this.shownTexts.delete(key)
    this.shownTexts.set(key, [text, said])
    this.grounder?.observed.shown(text, said)
  }

  async step(action: string): Promise<StepResult> {
    return this.stepSync(action)
  }

  /** `step` without the promise, for loops that run many episodes. */
  stepSync(action: string): StepResult {
    return this.reply(action, this.stepRich(action, false)!)
  }

  /**
   * `stepSync` for an action the environment rejects (an error status); an action it would
   * accept leaves the environment as it was and answers null, without the work of taking it
   * (see `WorldEngine.stepIfRejected`): what a teacher probing for a mistake needs to know.
   */
  stepIfRejected(action: string): StepResult | null {
    const result = this.stepRich(action, true)
    return result === null ? null : this.reply(action, result)
  }

  /** The result as the agent reads it, its text shown. */
  private reply(action: string, stepped: StepResult): StepResult {
    let result = stepped
    if (this.options.profile === 'agentboard' && isErrorStatus(result.status)) {
      const reply = this.options.agentboardReply
      result = {
        ...result,
        observation: reply ? reply(result.status, action) : AGENTBOARD_NOTHING_HAPPENS,
      }
    }
    // Only a refusal echoes the agent's words; a successful reply shows what is there.
    this.show(result.observation, isErrorStatus(result.status) ? action : '')
    return result
  }

  /** Null only when `onlyRejected` and the action is accepted (see `stepIfRejected`). */
  private stepRich(action: string, onlyRejected: boolean): StepResult | null {
    const engine = this.engine
    if (engine.done) return this.outcome('The episode is over.', 'no_effect')
    const { compiled, observed } = this.grounding()
    // Feedback names only what the agent has seen; an unseen thing reads as one that is not there.
    const grounded = compiled.ground(action, {
      known: this.options.known ?? ((name) => observed.has(name)),
      focus: (name) => observed.inFocus(name),
    })
    if (!grounded.ok) return this.outcome(grounded.message, grounded.status)
    if (grounded.meta) {
      const name = grounded.action.template
      if (META.has(name))
        return onlyRejected ? null : this.outcome(engine.meta(name as MetaAction), 'meta')
      return this.outcome(`Unknown meta-action '${name}'.`, 'unknown_action')
    }
    return onlyRejected ? engine.stepIfRejected(grounded.action) : engine.step(grounded.action)
  }

  async validActions(): Promise<string[]> {
    return this.engine.validActions()
  }

  get actionSpace(): ActionSpace {
    return this.engine.actionSpace
  }

  snapshot(): Snapshot {
    // Set on the engine's fresh snapshot rather than spread from it: on Node 20 an object
    // literal that starts with a spread and adds a key costs some 2 µs.
    const snapshot: WorldSnapshot & { shown?: string[][] } = this.engine.snapshot()
    snapshot.shown = [...this.shownTexts.values()].map(([t, s]) => [t, s])
    return snapshot
  }

  restore(snapshot: Snapshot): void {
    this.startState = null
    this.engine.restore(snapshot)
    const shown = snapshot.shown
    this.shownTexts.clear()
    this.grounder?.observed.clear()
    if (Array.isArray(shown))
      for (const item of shown) if (Array.isArray(item)) this.show(String(item[0]), String(item[1]))
  }

  /**
   * An expert plan from the current state; throws when the planner finds none. A plan found
   * once is remembered for every state along it, so an agent that follows it (or errs without
   * changing the state) gets the rest of the same plan without another search.
   */
  async oracle(): Promise<string[]> {
    if (this.engine.success) return []
    const { narrowPlanner: narrow, provenPlan } = this.options
    // The first question, asked at the start (a teacher's, after reset): the proven plan is the
    // answer, as below, without the snapshot and state keys that would tell the same (a fifth of
    // a generated episode's oracle work went to them). Its walk starts from a reset.
    let proven: SolvedPlan | undefined
    const asked =
      narrow !== undefined &&
      provenPlan !== undefined &&
      this.unwalked === null &&
      this.plans.size === 0 &&
      this.atStart()
    if (asked) {
      proven = typeof provenPlan === 'function' ? provenPlan() : provenPlan
      if (proven?.status === 'solved') {
        this.unwalked = { from: null, steps: proven.steps, actions: proven.actions }
        return [...proven.actions]
      }
    }
    if (this.unwalked) {
      const { from, steps, actions } = this.unwalked
      this.unwalked = null
      this.remember(from, steps, actions)
    }
    const from = this.engine.snapshot()
    const state = planKey(from)
    const known = this.plans.get(state)
    // The rest of a plan is only good while it fits in the steps the episode has left.
    const left = this.world.maxSteps === undefined ? Infinity : this.world.maxSteps - from.steps
    if (known && known.length <= left) return [...known]
    // The generator's narrow search first where the family gives one, then the whole world;
    // a solved plan is remembered per compiled world, start state and planner options.
    const search = (planner: PlannerBudget | undefined) =>
      rememberedPlan(this.world, `${state}|${from.steps}|${JSON.stringify(planner ?? {})}`, () =>
        plan(this.world, { ...planner, from }),
      )
    // Asked above (at the start, no plan from it found), the proven plan is not asked again.
    const fromStart =
      !asked &&
      narrow !== undefined &&
      provenPlan !== undefined &&
      from.steps === 0 &&
      state === this.startKey()
    if (fromStart) proven = typeof provenPlan === 'function' ? provenPlan() : provenPlan
    const first = narrow ? proven || search(narrow) : undefined
    const result = first?.status === 'solved' ? first : search(this.options.planner)
    if (result.status === 'solved') {
      this.unwalked = { from, steps: result.steps, actions: result.actions }
      return [...result.actions]
    }
    throw new RefineryError(
      result.status === 'budget' ? 'limit' : 'unsolvable',
      result.status === 'budget'
        ? `The planner ran out of budget after ${result.expanded} states in world '${this.world.id}'.`
        : `The goal of world '${this.world.id}' cannot be reached from this state.`,
      {
        hint:
          result.status === 'budget'
            ? 'Raise planner.maxNodes or planner.maxMs.'
            : 'Check the world spec with the validator.',
      },
    )
  }

  /**
   * Whether the engine is at the world's initial state, known without a snapshot: it holds the
   * state object `reset` made, at step 0. A step that changes that object counts a step, and
   * only `reset` or `restore` set the count back; `restore` through this environment forgets
   * the object (a direct `engine.restore` gives a step count of a snapshot of this world, which
   * for any state a step changed is above 0).
   */
  private atStart(): boolean {
    const engine = this.engine
    return this.startState !== null && engine.state === this.startState && engine.steps === 0
  }

  /**
   * The key of the world's initial state, where a proven plan starts: made once per compiled
   * world, when an oracle first asks (a generator that only plays its world never does).
   */
  private startKey(): string {
    let key = startKeys.get(this.world)
    if (key === undefined) {
      this.probe ??= new WorldEngine(this.world)
      this.probe.reset()
      key = planKey(this.probe.snapshot())
      startKeys.set(this.world, key)
    }
    return key
  }

  /** Walks the plan on a scratch engine, keying each state on the way to the rest of the plan. */
  private remember(
    from: WorldSnapshot | null,
    steps: readonly PlanStep[],
    actions: readonly string[],
  ) {
    if (this.plans.size > MAX_REMEMBERED_STATES) this.plans.clear()
    this.probe ??= new WorldEngine(this.world)
    const probe = this.probe
    if (from === null) probe.reset()
    else probe.restore(from)
    for (let i = 0; i < steps.length; i++) {
      this.plans.set(planKey(probe.snapshot()), actions.slice(i))
      if (probe.step(steps[i]!).status !== 'ok') return
    }
  }

  private grounding(): { compiled: CompiledActionSpace; observed: ObservedEntities } {
    const space = this.engine.actionSpace
    if (this.grounder?.space !== space) {
      const observed = new ObservedEntities(space.entities.map((e) => e.name))
      // The first action or a new entity set (created or destroyed entities): read what was
      // shown, each text once, the last shown last (the focus), as `show` left them.
      for (const [text, said] of this.shownTexts.values()) observed.shown(text, said)
      this.grounder = { space, compiled: compileActionSpace(space), observed }
    }
    return this.grounder
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

const MAX_REMEMBERED_STATES = 4096
/** The key of each world's initial state (see `startKey`). */
const startKeys = new WeakMap<CompiledWorld, string>()

/**
 * What a plan from a state depends on: the world state and the subgoals reached (ordered
 * subgoals), not the step counter. The engine writes a state's data in one order (facts
 * sorted, entities and attributes in the world's order), so its JSON is the same for the same
 * state without sorting keys first, which cost more than the digest.
 */
function planKey(snapshot: WorldSnapshot): string {
  const { facts, attrs, created, destroyed, reached, failed } = snapshot
  return textDigest(JSON.stringify([facts, attrs, created, destroyed, reached, failed]))
}

export interface CreateWorldEnvironmentOptions extends WorldEnvironmentOptions {
  /**
   * Play the world under this perturbation (`perturbWorld`): what a family's
   * `create(task, { perturbation })` passes on. Needs a spec, not a compiled world.
   */
  perturbation?: Perturbation | undefined
}

/** A world spec (or a compiled world) as an Environment, perturbed when asked. */
export function createWorldEnvironment(
  world: WorldSpecInput | WorldSpec | CompiledWorld,
  options: CreateWorldEnvironmentOptions = {},
): WorldEnvironment {
  const { perturbation, ...rest } = options
  if (!perturbation)
    return new WorldEnvironment(isCompiledWorld(world) ? world : compileWorldCached(world), rest)
  if (isCompiledWorld(world)) {
    throw new RefineryError('usage', 'A compiled world cannot be perturbed.', {
      hint: 'Pass the WorldSpec to createWorldEnvironment with the perturbation.',
    })
  }
  const perturbed = perturbWorld(WorldSpec.parse(world), perturbation)
  return new WorldEnvironment(compileWorld(perturbed.spec), { ...rest, ...perturbed.engineOptions })
}
