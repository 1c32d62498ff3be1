import { RefineryError } from '@refinery/core'
import type { Condition, NumExpr, WorldEngine } from '@refinery/world'
import type { Stage } from './task'

/**
 * Whether a stage holds in an engine's state now: its condition, in a state that has not
 * failed (a look never holds; it leaves no trace). Read from the state in place, where the
 * stage world's markers cost a restore of the whole state into another world per question.
 */
export function stageHolds(engine: WorldEngine, stage: Stage): boolean {
  if ('look' in stage) return false
  return !engine.failed && holds(engine, 'wait' in stage ? stage.wait : stage.reach)
}

/**
 * The first stage still to do: the one after the last stage that holds now, skipping the
 * looks right after it (a look leaves no trace to test); 0 when none holds. Stages are
 * waypoints and one passed may no longer hold (the orange paint of "make yellow-orange
 * paint" is gone once mixed into it), so the last that holds decides.
 */
export function firstOpen(engine: WorldEngine, stages: readonly Stage[]): number {
  for (let k = stages.length - 1; k >= 0; k--) {
    if (!stageHolds(engine, stages[k]!)) continue
    let next = k + 1
    while (next < stages.length && 'look' in stages[next]!) next++
    return next
  }
  return 0
}

/**
 * Whether a condition holds in an engine's state, base and derived facts alike. Covers what
 * lab stages are written with (facts, all, any, not, comparisons of attributes); anything else
 * is a stage this package does not write, and throws.
 */
export function holds(engine: WorldEngine, cond: Condition): boolean {
  if ('fact' in cond) return factHolds(engine, cond.fact)
  if ('all' in cond) return cond.all.every((c) => holds(engine, c))
  if ('any' in cond) return cond.any.some((c) => holds(engine, c))
  if ('not' in cond) return !holds(engine, cond.not)
  if ('compare' in cond) {
    const [left, op, right] = cond.compare
    const a = value(engine, left)
    const b = value(engine, right)
    switch (op) {
      case '<':
        return a < b
      case '<=':
        return a <= b
      case '=':
        return a === b
      case '!=':
        return a !== b
      case '>=':
        return a >= b
      default:
        return a > b
    }
  }
  throw unsupported(cond)
}

/** Whether a ground fact `[predicate, ...entity ids]` holds (false for names not in the world). */
export function factHolds(engine: WorldEngine, atom: readonly string[]): boolean {
  const world = engine.world
  const pred = world.predicateIndex.get(atom[0]!)
  if (pred === undefined) return false
  const args: number[] = []
  for (let i = 1; i < atom.length; i++) {
    const e = world.entityIndex.get(atom[i]!)
    if (e === undefined) return false
    args.push(e)
  }
  const st = engine.state
  const id = st.table.lookup(pred, args)
  return id >= 0 && st.facts[id] === 1
}

function value(engine: WorldEngine, n: NumExpr): number {
  if (typeof n === 'number') return n
  if ('attr' in n) {
    const world = engine.world
    const attr = world.attributeIndex.get(n.attr[0])
    const e = world.entityIndex.get(n.attr[1])
    if (attr === undefined || e === undefined) throw unsupported(n)
    return engine.state.attr(e, attr)
  }
  if ('add' in n) return value(engine, n.add[0]) + value(engine, n.add[1])
  if ('sub' in n) return value(engine, n.sub[0]) - value(engine, n.sub[1])
  throw unsupported(n)
}

function unsupported(what: unknown): RefineryError {
  return new RefineryError(
    'internal',
    `A lab stage is written with ${JSON.stringify(what)}, which stage checks do not read.`,
  )
}
