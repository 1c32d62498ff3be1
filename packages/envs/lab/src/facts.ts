import type { WorldEngine } from '@refinery/world'

/**
 * Calls `visit` with each true base fact of the engine's state (derived ones left out): its
 * predicate's name, its arity and the ids of its first three arguments (undefined past the
 * arity). Reads the fact table in place: a snapshot would sort and copy every fact, and the
 * oracle's constructions and every view read the state many times a turn. Facts come in
 * the table's order, not sorted.
 */
export function eachBaseFact(
  engine: WorldEngine,
  visit: (
    pred: string,
    arity: number,
    a: string | undefined,
    b: string | undefined,
    c: string | undefined,
  ) => void,
): void {
  const { world, state } = engine
  const { table, facts } = state
  const list = state.ents.list
  for (let id = 0; id < facts.length; id++) {
    if (facts[id] !== 1) continue
    const p = table.pred[id]!
    if (world.derivedPreds.has(p)) continue
    const args = table.args[id]!
    visit(
      world.predicates[p]!.name,
      args.length,
      args.length > 0 ? list[args[0]!]!.id : undefined,
      args.length > 1 ? list[args[1]!]!.id : undefined,
      args.length > 2 ? list[args[2]!]!.id : undefined,
    )
  }
}
