import { factTable } from './runtime'
import { stateFromData, type WorldSnapshot } from './snapshot'
import type { CompiledWorld } from './world'

/**
 * Whether `world`'s success condition holds in the state `snapshot` describes: the answer a
 * one-node `plan(world, { from: snapshot })` gives as a plan of no steps, without grounding
 * the world's actions. The snapshot may come from another world with the same entities and
 * predicates (a variant of it with another goal).
 */
export function goalHolds(world: CompiledWorld, snapshot: WorldSnapshot): boolean {
  const st = stateFromData(world, factTable(world), snapshot)
  return world.goal.success.test(st, new Int32Array(world.envSize))
}
