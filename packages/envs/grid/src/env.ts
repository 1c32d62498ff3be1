import {
  type ActionEntity,
  type ActionSpace,
  type Environment,
  type FeedbackProfile,
  type Observation,
  RefineryError,
  type Snapshot,
  type StepResult,
  type StepStatus,
} from '@refinery/core'
import { type CompiledActionSpace, compileActionSpace } from '@refinery/parser'
import { LRUCache } from 'lru-cache'
import { expertPlan, knownPlan, rememberPlan } from './expert'
import { worldKey } from './generate'
import { type MacroKind, resolveMacro, validMacros } from './macros'
import { agentboardGoal } from './mission'
import type { GridPerturbation } from './perturb'
import { GridSim, type SimSnapshot } from './sim'
import type { GridWorld } from './types'
import { describeView, type View } from './view'

/** AgentBoard's reply to an action it does not know. */
export const NOT_RECOGNIZED = 'The action is not recognized. Please check valid actions.'
/** AgentBoard's line after the view when the mission is done. */
export const TASK_COMPLETED = '\n The task is completed.'
export const TASK_FAILED = '\n The task has failed.'

export interface GridEnvironmentOptions {
  profile?: FeedbackProfile
  maxSteps: number
  perturbation?: GridPerturbation
  /** Names the perturbation (`all/3`): plans made under one never serve another. */
  perturbationKey?: string
  /** The help text (the family's instructions). */
  help?: string
}

const SLOT_OF: Partial<Record<MacroKind, { name: string; type: string }>> = {
  pickup: { name: 'obj', type: 'object' },
  'go to': { name: 'target', type: 'thing' },
  'go through': { name: 'door', type: 'door' },
  'toggle and go through': { name: 'door', type: 'door' },
}

const ALL_KINDS: readonly MacroKind[] = [
  'turn left',
  'turn right',
  'move forward',
  'pickup',
  'drop',
  'go to',
  'go through',
  'toggle and go through',
  'toggle',
]

/**
 * A BabyAI world as a Refinery Environment: AgentBoard's macro actions grounded through the
 * parser against what is in view, AgentBoard's observation text, and failure replies in the
 * chosen profile.
 */
export class GridEnvironment implements Environment {
  readonly sim: GridSim
  private readonly initial: SimSnapshot
  private readonly profile: FeedbackProfile
  private readonly verbs: Record<MacroKind, string>
  private readonly meta: string[]
  /** What the action space depends on besides the labels in view: its `SPACES` key so far. */
  private readonly spacePrefix: string
  private grounder: { view: View; space: ActionSpace; compiled: CompiledActionSpace } | null = null
  /** The world's identity, for the shared plan cache; worked out when the oracle is asked. */
  private worldIdCache: string | null = null

  constructor(
    readonly world: GridWorld,
    private readonly options: GridEnvironmentOptions,
  ) {
    const p = options.perturbation
    this.sim = new GridSim(world, options.maxSteps, p?.viewOrder ?? {})
    this.initial = this.sim.snapshot()
    this.profile = options.profile ?? 'rich'
    this.verbs = { ...Object.fromEntries(ALL_KINDS.map((k) => [k, k])), ...p?.verbs } as Record<
      MacroKind,
      string
    >
    this.meta =
      this.profile === 'agentboard'
        ? ['check valid actions']
        : ['check valid actions', 'help', 'inventory', 'look']
    this.spacePrefix = `${this.profile}|${JSON.stringify(this.verbs)}`
  }

  /** The mission as the instruction shows it (AgentBoard rewrites "then" and "after you"). */
  get goal(): string {
    const text = this.world.mission.text
    return this.profile === 'agentboard' ? agentboardGoal(text) : text
  }

  async reset(): Promise<Observation> {
    this.sim.restore(this.initial)
    return { instruction: `Your task is to: ${this.goal}.`, observation: this.observe() }
  }

  async step(action: string): Promise<StepResult> {
    return this.stepSync(action)
  }

  stepSync(action: string): StepResult {
    return this.play(action, false)!
  }

  /**
   * `stepSync` for an action the environment rejects (an error status); one it would accept
   * (a meta-action, a macro that resolves) leaves it exactly as it was and answers null,
   * without running the macro: what a teacher probing for a mistake needs to know.
   */
  stepIfRejected(action: string): StepResult | null {
    return this.play(action, true)
  }

  /** Null only when `onlyRejected` and the action is accepted (see `stepIfRejected`). */
  private play(action: string, onlyRejected: boolean): StepResult | null {
    const sim = this.sim
    if (sim.done) return this.result('The episode is over.', 'no_effect')
    const raw = typeof action === 'string' ? action.trim() : ''
    const grounded = this.compiled().ground(raw)
    if (!grounded.ok) {
      if (this.profile !== 'agentboard') return this.result(grounded.message, grounded.status)
      if (raw === '') return this.result('No change in state.', grounded.status)
      // AgentBoard answers any input with "check" in it with the action list.
      if (/check/i.test(raw)) return onlyRejected ? null : this.result(this.actionList(), 'meta')
      return this.result(NOT_RECOGNIZED, grounded.status)
    }
    if (grounded.meta)
      return onlyRejected ? null : this.result(this.answerMeta(grounded.action.template), 'meta')
    const kind = grounded.action.template as MacroKind
    const slot = SLOT_OF[kind]
    const label = slot ? (grounded.action.args[slot.name] ?? null) : null
    const resolved = resolveMacro(sim, kind, label)
    if (!resolved.ok) {
      sim.tick()
      const f = resolved.failure
      const reply =
        this.profile === 'agentboard'
          ? f.unchangedView
            ? this.observe()
            : (f.agentboard ?? NOT_RECOGNIZED)
          : f.rich
      const r = this.result(this.perturbText(reply), f.status)
      if (f.place && f.status === 'precondition_failed') r.place = true
      return r
    }
    if (onlyRejected) return null
    sim.run(resolved.macro.prims)
    let observation = this.observe()
    if (sim.success) observation += TASK_COMPLETED
    else if (sim.failed) observation += TASK_FAILED
    return this.result(observation, 'ok', sim.success ? 1 : 0)
  }

  async validActions(): Promise<string[]> {
    if (this.sim.done) return []
    return [...validMacros(this.sim).map((m) => this.text(m)), ...this.meta].sort()
  }

  get actionSpace(): ActionSpace {
    return this.grounding().space
  }

  snapshot(): Snapshot {
    return this.sim.snapshot() as unknown as Snapshot
  }

  restore(snapshot: Snapshot): void {
    this.sim.restore(snapshot as unknown as SimSnapshot)
  }

  /**
   * An expert plan from the current state (see `expertPlan`); remembered along the way, so
   * following it asks for no second search.
   */
  async oracle(): Promise<string[]> {
    const sim = this.sim
    if (sim.success) return []
    const left = Math.max(0, this.options.maxSteps - sim.steps)
    let plan = knownPlan(this.worldId, sim)
    if (!plan || plan.length > left) {
      const found = sim.done ? null : expertPlan(sim, left)
      if (!found) {
        throw new RefineryError('unsolvable', 'The oracle finds no way to the goal from here.', {
          hint: sim.done ? 'The episode is over; reset it.' : 'Reset the episode and try again.',
        })
      }
      rememberPlan(this.worldId, sim, found)
      plan = found
    }
    return plan.map((m) => this.text(m))
  }

  private get worldId(): string {
    // Labels depend on the view order, so plans are kept apart per perturbation.
    this.worldIdCache ??= `${worldKey(this.world)}|${this.options.perturbationKey ?? ''}`
    return this.worldIdCache
  }

  /** What the agent sees now, in AgentBoard's words. */
  observe(): string {
    return this.perturbText(describeView(this.sim.view(), this.sim.carried()))
  }

  private answerMeta(name: string): string {
    if (name === 'look') return this.observe()
    if (name === 'inventory') {
      const c = this.sim.carried()
      return c ? `You are carrying a ${c.color} ${c.type}.` : 'You are not carrying anything.'
    }
    if (name === 'help') return this.options.help ?? this.actionList()
    return this.actionList()
  }

  /** AgentBoard's list: "You can take the following actions: turn left, turn right, …". */
  private actionList(): string {
    const actions = [...validMacros(this.sim).map((m) => this.text(m)), 'check valid actions']
    return `You can take the following actions: ${actions.join(', ')}`
  }

  private text(m: { kind: MacroKind; label: string | null }): string {
    const verb = this.verbs[m.kind]
    return m.label === null ? verb : `${verb} ${m.label}`
  }

  private perturbText(text: string): string {
    const rewrite = this.options.perturbation?.rewrite
    return rewrite ? rewrite(text) : text
  }

  private grounding(): { space: ActionSpace; compiled: CompiledActionSpace } {
    const view = this.sim.view()
    if (this.grounder?.view === view) return this.grounder
    // The same labels in view give the same space: compiled once, shared by every episode.
    let key = this.spacePrefix
    for (const item of view.items) key += `|${item.label}`
    let built = SPACES.get(key)
    if (!built) {
      const space = this.buildSpace(view)
      built = { space, compiled: compileActionSpace(space) }
      SPACES.set(key, built)
    }
    this.grounder = { view, ...built }
    return this.grounder
  }

  private buildSpace(view: View): ActionSpace {
    const entities: ActionEntity[] = view.items.map((item) => {
      const thing = this.sim.things[item.id]!
      return {
        name: item.label,
        types: thing.type === 'door' ? ['door', 'thing'] : [thing.type, 'object', 'thing'],
      }
    })
    return {
      templates: ALL_KINDS.map((kind) => {
        const slot = SLOT_OF[kind]
        const verb = this.verbs[kind]
        const pattern = slot ? `${verb} {${slot.name}}` : verb
        const synonyms: string[] = []
        // AgentBoard's prompt writes "pick up" though its parser takes only "pickup".
        if (kind === 'pickup' && verb === 'pickup') synonyms.push('pick up {obj}')
        if (kind === 'move forward' && verb === 'move forward') synonyms.push('go forward')
        return {
          id: kind,
          pattern,
          slots: slot ? [slot] : [],
          ...(synonyms.length > 0 ? { synonyms } : {}),
        }
      }),
      entities,
      meta: this.meta,
    }
  }

  private compiled(): CompiledActionSpace {
    return this.grounding().compiled
  }

  private result(observation: string, status: StepStatus, reward = 0): StepResult {
    const sim = this.sim
    return {
      observation,
      status,
      done: sim.done,
      success: sim.success,
      progress: sim.progress,
      reward,
    }
  }
}

/**
 * Compiled spaces by profile, verbs and labels in view, least recently used first out. A
 * compiled space takes some 30 KiB: 2,000 of them held 50 MiB per thread and saved no more
 * CPU than 256 do (1,500 grid trajectories: 8 CPU-ms each either way).
 */
const MAX_SPACES = 256
const SPACES = new LRUCache<string, { space: ActionSpace; compiled: CompiledActionSpace }>({
  max: MAX_SPACES,
})
