import {
  type CompiledWorld,
  type Condition,
  compileBuiltWorld,
  type PlanStep,
  WorldEngine,
  type WorldSnapshot,
  type WorldSpec,
} from '@refinery/world'
import type { Stage } from './task'

/** A stage that has a condition: one planned to, or one waited for. */
export type ConditionStage = Exclude<Stage, { look: string }>

/** The condition a stage ends on. */
export const stageCondition = (stage: ConditionStage): Condition =>
  'wait' in stage ? stage.wait : stage.reach

/**
 * One world per task for all its stages: the task's world with a marker fact per stage,
 * derived from the stage's condition (and no fail condition), and a base marker fact per
 * stage that says which one is wanted. Its goal is the wanted stage's marker, so planning to
 * stage k is planning from the state with `want_k` added: nothing changes `want_k`, so the
 * planner grounds the goal to stage k's condition alone, as a world compiled for stage k
 * would. Compiling a world per stage (a parse of the whole spec each) cost more than most of
 * the plans; this world is compiled once. Only stages the oracle cannot build a plan for (see
 * `constructStage`) are planned in it.
 */
export class StageWorld {
  /** The world the oracle plans in (the actions it plans with, every stage's markers). */
  readonly world: CompiledWorld
  private readonly engine: WorldEngine
  private readonly wants: string[]
  /** Things the stage world leaves out (see `inertThings`). */
  private readonly left: ReadonlySet<string>

  /** Per stage tried in one action: whether each action may write what the stage reads. */
  private readonly touching = new Map<number, boolean[]>()

  constructor(
    private readonly spec: WorldSpec,
    private readonly stages: readonly Stage[],
    planWith?: readonly string[],
  ) {
    this.left = inertThings(spec, stages)
    const kept = (atom: readonly string[]) => atom.slice(1).every((a) => !this.left.has(a))
    const taken = new Set(spec.predicates.map((p) => p.name))
    const fresh = (base: string) => {
      let name = base
      while (taken.has(name)) name = `_${name}`
      taken.add(name)
      return name
    }
    const marks = stages.map((_, k) => fresh(`stage_${k}`))
    this.wants = stages.map((_, k) => fresh(`want_${k}`))
    const target = fresh('stage_wanted')
    const notFailed = spec.goal.fail.map((f): Condition => ({ not: f.when }))
    const marked = stages.flatMap((stage, k) => ('look' in stage ? [] : [k]))
    const flag = (name: string) => ({ name, params: [], hidden: true })
    // Cached by its spec: a task drawn again (or its replay's oracle) compiles it once. The
    // task's spec is whole (as the schema would give it) and so is what is added here, so the
    // schema's parse, which cost more than the compile, is skipped.
    this.world = compileBuiltWorld({
      ...spec,
      entities: spec.entities.filter((e) => !this.left.has(e.id)),
      facts: spec.facts.filter(kept),
      actions: planWith ? spec.actions.filter((a) => planWith.includes(a.name)) : spec.actions,
      predicates: [
        ...spec.predicates,
        ...marked.flatMap((k) => [flag(marks[k]!), flag(this.wants[k]!)]),
        flag(target),
      ],
      derived: [
        ...spec.derived,
        ...marked.map((k) => ({
          predicate: marks[k]!,
          params: [],
          when: { all: [stageCondition(stages[k] as ConditionStage), ...notFailed] },
        })),
        {
          predicate: target,
          params: [],
          when: {
            any: marked.map((k) => ({
              all: [{ fact: [this.wants[k]!] }, { fact: [marks[k]!] }],
            })),
          },
        },
      ],
      goal: { ...spec.goal, success: { fact: [target] }, subgoals: [] },
    })
    this.engine = new WorldEngine(this.world)
  }

  /** A snapshot to plan stage k from: the state of `snapshot`, with stage k wanted. */
  from(snapshot: WorldSnapshot, k: number): WorldSnapshot {
    const state = this.without(snapshot)
    return { ...state, facts: [...state.facts, [this.wants[k]!]], reached: [], progress: 0 }
  }

  /**
   * A one-action way to stage k from a snapshot, or null when there is none: every action
   * that applies is tried on this world's engine, in the order of the world's actions and
   * things, as the planner grounds them. Most stages after the first take one action (a
   * focus, a move into a pot, the stopwatch stopped), and no search can beat one action, so
   * these skip the planner's grounding of the whole world.
   */
  oneStep(snapshot: WorldSnapshot, k: number): { step: PlanStep; text: string } | null {
    const e = this.engine
    const from = this.from(snapshot, k)
    e.restore(from)
    if (e.done) return null
    const index = this.world.entityIndex
    const schemaOf = new Map(this.world.actions.map((a, i) => [a.name, i]))
    const calls = e.applicable().map((call) => ({
      call,
      key: [schemaOf.get(call.schema)!, ...call.args.map((a) => index.get(a)!)],
    }))
    calls.sort((a, b) => compareKeys(a.key, b.key))
    const touching = this.touchingFor(k)
    // An action that writes nothing the stage reads leaves the stage as the ticking of time
    // alone does, once it has done anything (one that changes nothing does not tick the
    // processes): the first of them that does anything tells them all.
    let othersFail = false
    for (const { call, key } of calls) {
      const others = !touching[key[0]!]
      if (others && othersFail) continue
      e.restore(from)
      const result = e.step(call)
      if (e.success) {
        const step = { schema: call.schema, args: [...call.args] }
        return { step, text: e.surface(step.schema, step.args) }
      }
      if (others && result.status === 'ok') othersFail = true
    }
    return null
  }

  /**
   * For stage k, whether each of this world's actions may write anything its condition (or a
   * fail condition) reads: directly, through the derived facts it reads or through a process
   * that writes them. Names are gathered from every string of the specs, so what is read and
   * what is written are both over-counted, never missed; making or destroying a thing counts
   * as writing everything.
   */
  private touchingFor(k: number): boolean[] {
    const known = this.touching.get(k)
    if (known) return known
    const { spec } = this
    const read = new Set<string>()
    namesIn([stageCondition(this.stages[k] as ConditionStage), spec.goal.fail], read)
    const writes = (effects: unknown) => {
      const names = namesIn(effects, new Set())
      return makesOrDestroys(effects) || [...names].some((n) => read.has(n))
    }
    for (let size = -1; size !== read.size; ) {
      size = read.size
      for (const rule of spec.derived) if (read.has(rule.predicate)) namesIn(rule, read)
      for (const process of spec.processes) if (writes(process.effects)) namesIn(process, read)
    }
    const effects = new Map(this.world.spec.actions.map((a) => [a.name, a.effects]))
    const touching = this.world.actions.map((a) => writes(effects.get(a.name)))
    this.touching.set(k, touching)
    return touching
  }

  /** A snapshot of the task's world as one of this world: the things left out removed. */
  private without(snapshot: WorldSnapshot): WorldSnapshot {
    if (this.left.size === 0) return snapshot
    const attrs = snapshot.attrs
      ? Object.fromEntries(Object.entries(snapshot.attrs).filter(([id]) => !this.left.has(id)))
      : undefined
    return {
      ...snapshot,
      facts: snapshot.facts.filter((atom) => atom.slice(1).every((a) => !this.left.has(a))),
      ...(attrs ? { attrs } : {}),
    }
  }
}

/** Every string in a spec value (names of predicates, attributes and more), into `into`. */
function namesIn(value: unknown, into: Set<string>): Set<string> {
  if (typeof value === 'string') into.add(value)
  else if (Array.isArray(value)) for (const item of value) namesIn(item, into)
  else if (value !== null && typeof value === 'object')
    for (const item of Object.values(value)) namesIn(item, into)
  return into
}

/** Whether effects make or destroy a thing anywhere (a change no name stands for). */
function makesOrDestroys(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(makesOrDestroys)
  if (value === null || typeof value !== 'object') return false
  if ('create' in value || 'destroy' in value) return true
  return Object.values(value).some(makesOrDestroys)
}

function compareKeys(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!
  return a.length - b.length
}

/**
 * Roles no action, derived fact or process of a lab world reads: a thing with these alone is
 * what it is called and nothing more (a chair, a rabbit in a find task that asks for plants).
 */
const INERT_ROLES = new Set(['portable', 'living', 'animal', 'plant'])

/**
 * Things no plan of a stage needs: items that only lie somewhere, with inert roles, that hold
 * nothing, take part in no relation and are named by no goal, stage or action (the clutter of
 * every room). Moving or focusing on one changes nothing a stage asks for, so the planner
 * leaves them out: every entity costs it grounding, and two-thing actions cost it twice.
 */
export function inertThings(spec: WorldSpec, stages: readonly Stage[]): Set<string> {
  const named = JSON.stringify([spec.actions, spec.goal, spec.derived, spec.processes, stages])
  const busy = new Set<string>()
  for (const [pred, ...args] of spec.facts) {
    if (pred === 'in') busy.add(args[1]!)
    else if (args.length === 1 && INERT_ROLES.has(pred!)) continue
    else for (const a of args) busy.add(a)
  }
  return new Set(
    spec.entities
      .filter((e) => e.type === 'item' && !busy.has(e.id) && !named.includes(`"${e.id}"`))
      .map((e) => e.id),
  )
}
