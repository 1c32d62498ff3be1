import {
  type ActionSpace,
  type Environment,
  type FeedbackProfile,
  type Observation,
  type Perturbation,
  type Snapshot,
  type StepResult,
  stableHash,
} from '@refinery/core'
import { type CompiledActionSpace, compileActionSpace } from '@refinery/parser'
import {
  type CompiledWorld,
  compileBuiltWorld,
  createWorldEnvironment,
  isCompiledWorld,
  type PlannerBudget,
  WorldEngine,
  type WorldEnvironment,
  type WorldSnapshot,
  type WorldSpec,
} from '@refinery/world'
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

/** In-view spaces per world, by the names in view. */
const MAX_CACHED_SCOPES = 512
interface Scope {
  space: ActionSpace
  compiled: CompiledActionSpace
}
const SCOPES = new WeakMap<CompiledWorld, Map<string, Scope>>()

/**
 * An adventure world as a Refinery Environment. It reads commands as an Inform parser does
 * (`n`, `x lamp`, `take all`, `i`, `l`, `g`, `score`) and grounds names only against what the
 * player can see now, so no reply — a suggestion, a "which one", a refusal — names a thing
 * out of view or inside a closed container, and a thing that does not exist gets the same
 * reply as one that is out of view.
 */
export class AdventureEnvironment implements Environment {
  readonly inner: WorldEnvironment
  private last: string | null = null
  private readonly points: ReadonlyMap<string, number>
  private readonly profile: FeedbackProfile
  private readonly blueprint: Blueprint | undefined

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
    this.points = new Map((options.milestones ?? []).map((m) => [m.id, m.points]))
  }

  async reset(): Promise<Observation> {
    this.last = null
    return this.inner.reset()
  }

  async step(action: string): Promise<StepResult> {
    return this.stepSync(action)
  }

  stepSync(action: string): StepResult {
    const engine = this.inner.engine
    if (engine.done) return this.inner.stepSync(action)
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
      this.last = command
      return this.reply(this.scoreText(), 'meta')
    }
    const grounded = this.scoped().compiled.ground(command)
    if (!grounded.ok) return this.refuse(grounded.status, grounded.message)
    this.last = command
    const before = this.score()
    const result = this.inner.stepSync(grounded.action.text)
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

  snapshot(): Snapshot {
    return { world: this.inner.snapshot(), last: this.last }
  }

  restore(snapshot: Snapshot): void {
    this.inner.restore((snapshot as { world?: Snapshot }).world ?? {})
    const last = snapshot.last
    this.last = typeof last === 'string' ? last : null
  }

  /**
   * An expert plan from the current state: the blueprint's solver, played on a copy of the
   * engine (so each step is checked), or the world planner when the solver finds none.
   */
  async oracle(): Promise<string[]> {
    const engine = this.inner.engine
    if (engine.success) return []
    if (this.blueprint) {
      const plan = solvedPlan(this.inner.world, this.blueprint, engine.snapshot())
      if (plan) return [...plan]
      // The state is off the solver's map (the planner searches it instead).
    }
    return this.inner.oracle()
  }

  /** Display names of what the player can refer to now: directions and the things in view. */
  inView(): string[] {
    const engine = this.inner.engine
    const world = engine.world
    const st = engine.state
    const visible = world.predicateIndex.get('visible')!
    const thing = world.typeIndex.get('thing')!
    const direction = world.typeIndex.get('direction')!
    const out: string[] = []
    st.ents.list.forEach((e, i) => {
      if (st.ents.isA(i, direction)) out.push(e.display)
      else if (st.ents.isA(i, thing)) {
        const id = st.table.lookup1(visible, i)
        if (id >= 0 && st.has(id)) out.push(e.display)
      }
    })
    return out.sort()
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
   * The space of what is in view. A view's space is a function of the world and the names in
   * view (an entity in view is alive, and its name, types and aliases are the world's), so
   * every environment of a world shares it: an episode and its replay compile each view once.
   */
  private scoped(): Scope {
    const names = this.inView()
    const key = names.join('\u0000')
    const world = this.inner.world
    let scopes = SCOPES.get(world)
    if (!scopes) {
      scopes = new Map()
      SCOPES.set(world, scopes)
    }
    let cached = scopes.get(key)
    if (!cached) {
      const full = this.inner.actionSpace
      const keep = new Set(names)
      const space: ActionSpace = {
        templates: full.templates,
        entities: full.entities.filter((e) => keep.has(e.name)),
        meta: full.meta,
      }
      if (scopes.size >= MAX_CACHED_SCOPES) scopes.clear()
      cached = { space, compiled: compileActionSpace(space) }
      scopes.set(key, cached)
    }
    return cached
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
 * The solver's plans by blueprint, world and state (null: the solver found none). The solver
 * is a function of the three, so an episode, its replay and every later episode of a task
 * that meet a state ask it once.
 */
const PLANS = new WeakMap<
  Blueprint,
  WeakMap<CompiledWorld, Map<string, readonly string[] | null>>
>()
const PLANS_PER_WORLD = 64

function solvedPlan(
  world: CompiledWorld,
  blueprint: Blueprint,
  from: WorldSnapshot,
): readonly string[] | null {
  let byWorld = PLANS.get(blueprint)
  if (!byWorld) {
    byWorld = new WeakMap()
    PLANS.set(blueprint, byWorld)
  }
  let byState = byWorld.get(world)
  if (!byState) {
    byState = new Map()
    byWorld.set(world, byState)
  }
  const { facts, attrs, created, destroyed, reached, failed, steps } = from
  const key = stableHash({ facts, attrs, created, destroyed, reached, failed, steps })
  const known = byState.get(key)
  if (known !== undefined) return known
  const probe = new WorldEngine(world)
  probe.restore(from)
  let plan: readonly string[] | null = null
  try {
    plan = solve(probe, blueprint)
  } catch {
    plan = null
  }
  if (byState.size >= PLANS_PER_WORLD) byState.delete(byState.keys().next().value!)
  byState.set(key, plan)
  return plan
}

/** Lower case, single spaces, no full stop or exclamation mark at the end. */
export function normalise(command: string): string {
  return command
    .trim()
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/[.!?]+$/, '')
    .trim()
}
