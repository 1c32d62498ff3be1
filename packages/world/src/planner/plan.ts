import type { Snapshot } from '@refinery/core'
import { renderPieces, WorldEngine } from '../engine/engine'
import { factTable, initialState } from '../engine/runtime'
import { stateFromData, type WorldSnapshot } from '../engine/snapshot'
import type { CompiledWorld } from '../engine/world'
import { isBudgetExceeded, WORLD_LIMITS, WorkBudget } from '../limits'
import type { HeuristicKind } from './relaxed'
import { Search } from './search'

export interface PlannerBudget {
  /** States evaluated before giving up (deterministic); default 200,000. */
  maxNodes?: number
  /**
   * Wall-clock limit in milliseconds; none by default, so a plan depends on the node budget
   * alone, never on the host's speed or load (synthesis replays and compares plans). A caller
   * that answers a person passes one (`refinery pddl --max-seconds`, validation's `planMs`).
   */
  maxMs?: number
  /** Relaxed-plan heuristic: h_FF (default, with helpful actions) or h_add. */
  heuristic?: HeuristicKind
  /** Lazy weighted A* with this weight instead of greedy best-first search. */
  weight?: number
  /**
   * States a second search may evaluate looking for a shorter plan (0 turns it off; default
   * 8× the first search's, between 100 and 2,000). Counts against maxNodes.
   */
  improveNodes?: number
  /**
   * What the search leaves out: action schemas (by name) it never takes and entities (by id)
   * it never binds. A plan found without them is a plan of the whole world, since every
   * transition still runs through the engine on the whole state. For worlds whose builder
   * knows some actions and things never help (a generated world's drop and distractors).
   */
  skip?: PlanSkip
}

export interface PlanSkip {
  actions?: readonly string[]
  entities?: readonly string[]
}

export interface PlanOptions extends PlannerBudget {
  /** Plan from this snapshot instead of the initial state. */
  from?: WorldSnapshot | Snapshot
  /**
   * Allow plans longer than the steps the episode has left (`maxSteps` minus the steps of
   * `from`); by default such a task counts as unsolvable.
   */
  ignoreStepLimit?: boolean
}

export interface PlanStep {
  schema: string
  /** Entity ids in param order. */
  args: string[]
}

export type PlanResult =
  | { status: 'solved'; actions: string[]; steps: PlanStep[]; expanded: number }
  | { status: 'unsolvable'; expanded: number }
  /** `reason` says why when the world was too large to ground at all. */
  | { status: 'budget'; expanded: number; reason?: string }

export const DEFAULT_MAX_NODES = 200_000
export const DEFAULT_IMPROVE_NODES = 2_000
const IMPROVE_WEIGHT = 2

/**
 * Finds a sequence of actions that reaches the goal: the oracle, the solvability check and
 * the procedural teacher. Deterministic for a given node budget.
 */
export function plan(world: CompiledWorld | WorldEngine, options: PlanOptions = {}): PlanResult {
  let compiled: CompiledWorld
  let from = options.from
  if (world instanceof WorldEngine) {
    compiled = world.world
    from ??= world.snapshot()
  } else compiled = world
  const table = factTable(compiled)
  const root =
    from === undefined
      ? initialState(compiled, table)
      : stateFromData(compiled, table, from as WorldSnapshot)
  const maxNodes = options.maxNodes ?? DEFAULT_MAX_NODES
  const maxMs = options.maxMs ?? Number.POSITIVE_INFINITY
  const deadline = Number.isFinite(maxMs) ? Date.now() + maxMs : Number.POSITIVE_INFINITY
  // A plan longer than the steps left cannot win the episode: only shorter ones count.
  const used = from === undefined ? 0 : Number((from as WorldSnapshot).steps) || 0
  const limit =
    compiled.maxSteps === undefined || options.ignoreStepLimit === true
      ? Number.POSITIVE_INFINITY
      : compiled.maxSteps - used + 1
  // Grounding comes first and can explode on its own: it counts against the same deadline
  // and a cap on bindings, and a world too large to ground answers `budget`.
  let search: Search
  try {
    search = new Search(
      compiled,
      root,
      options.heuristic ?? 'hff',
      new WorkBudget(WORLD_LIMITS.maxGroundBindings, deadline, 'ground bindings'),
      options.skip,
    )
  } catch (error) {
    if (isBudgetExceeded(error)) return { status: 'budget', expanded: 0, reason: error.message }
    throw error
  }
  const first = search.run({ weight: options.weight, maxNodes, deadline, bound: limit })
  if (first.status !== 'solved') return { status: first.status, expanded: search.expanded }
  let best = first.moves
  // Anytime improvement: a bounded lazy weighted A* run that only looks for shorter plans.
  const firstExpanded = search.expanded
  const wanted =
    options.improveNodes ?? Math.min(DEFAULT_IMPROVE_NODES, Math.max(100, 8 * firstExpanded))
  const improve = Math.min(wanted, maxNodes - firstExpanded)
  if (improve > 0 && best.length > 2) {
    const second = search.run({
      weight: IMPROVE_WEIGHT,
      maxNodes: improve,
      deadline,
      bound: best.length,
    })
    if (second.status === 'solved' && second.moves.length < best.length) best = second.moves
  }
  best = search.eliminate(best)
  const result = { path: search.replay(best), expanded: search.expanded }
  const steps: PlanStep[] = []
  const actions: string[] = []
  for (const step of result.path) {
    const action = compiled.actions[step.schema]!
    const list = step.state.ents.list
    steps.push({ schema: action.name, args: Array.from(step.args, (e) => list[e]!.id) })
    actions.push(renderPieces(action, step.args, step.state.ents))
  }
  return { status: 'solved', actions, steps, expanded: result.expanded }
}
