import { compileWorld } from '../engine/compile'
import type { CompiledWorld } from '../engine/world'
import type { PlanResult } from '../planner/plan'
import type { WorldSpec, WorldSpecInput } from '../spec'

/**
 * Compiled worlds by spec, least recently used first out. A synthesis run plays the same task
 * many times (an episode, its replay, later slots that draw the task again), and compiling a
 * household world costs far more than writing its spec as JSON, which is the key: two specs
 * with the same JSON compile to the same world. Compiled worlds are immutable, so environments
 * share them.
 */
const compiled = new Map<string, CompiledWorld>()
let limit = 32

/** How many compiled worlds to keep (default 32; 0 turns the cache off). */
export function setWorldCacheLimit(worlds: number): void {
  limit = Math.max(0, Math.floor(worlds))
  while (compiled.size > limit) compiled.delete(compiled.keys().next().value!)
}

/** `compileWorld`, reusing a world compiled from the same spec. */
export function compileWorldCached(spec: WorldSpecInput | WorldSpec): CompiledWorld {
  if (limit === 0) return compileWorld(spec)
  const key = JSON.stringify(spec)
  const known = compiled.get(key)
  if (known) {
    compiled.delete(key)
    compiled.set(key, known)
    return known
  }
  const world = compileWorld(spec)
  compiled.set(key, world)
  if (compiled.size > limit) compiled.delete(compiled.keys().next().value!)
  return world
}

/** Plans searched in a world, by start state and planner options; a few per world. */
const plans = new WeakMap<CompiledWorld, Map<string, PlanResult>>()
const PLANS_PER_WORLD = 32

/**
 * `plan` is a function of the world, the start state (with its step count) and the options,
 * so its answer is kept and handed to every environment of the same world that asks again:
 * a task drawn twice is searched once. Only solved plans are kept (a budget answer may depend
 * on the clock).
 */
export function rememberedPlan(
  world: CompiledWorld,
  key: string,
  search: () => PlanResult,
): PlanResult {
  let byState = plans.get(world)
  if (!byState) {
    byState = new Map()
    plans.set(world, byState)
  }
  const known = byState.get(key)
  if (known) return known
  const result = search()
  if (result.status === 'solved') {
    if (byState.size >= PLANS_PER_WORLD) byState.delete(byState.keys().next().value!)
    byState.set(key, result)
  }
  return result
}
