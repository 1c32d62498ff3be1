import type { WorldSpec } from '@refinery/world'
import { TOOLS } from './catalog'
import type { HouseholdTaskParams } from './params'
import { treatmentOf } from './task-types'

/**
 * Facts no household world starts with: where one does, the counts below do not hold (they
 * assume the agent stands nowhere, carries nothing, and nothing is open, lit or treated).
 */
const UNSET_AT_START: ReadonlySet<string> = new Set([
  'at',
  'holding',
  'opened',
  'hot',
  'cold',
  'clean',
  'sliced',
  'lit',
])

/**
 * A lower bound on the length of every plan that reaches the goal of a household world from its
 * initial state, counted from what the goal cannot do without (0 where it does not apply):
 *
 * - A goal object ends in/on a target receptacle of the goal's kind, so it is taken (`take`
 *   is the only action that moves it out of where it lies) and put there (`put` is the only
 *   one that puts anything in/on a receptacle). `take` needs the agent at the object's
 *   receptacle, `put` at the target, and only `go` moves the agent, who starts at none: a
 *   `go` before the take and one between the take and the put (the object never starts in/on
 *   a receptacle of the target's kind, or the bound is 0). Both need their receptacle open
 *   when it has a door, and only `open` opens one.
 * - A treatment (`heat`, `cool`, `clean`) is the only way to the object's state; it needs the
 *   object in hand (after the take) and the agent at the tool: a `go` after the take unless
 *   the object lay in/on a tool of that kind, and then a `go` to the target (no tool is of the
 *   target's kind).
 * - look_at_obj: the object taken (a `go` to where it lies, its door opened), the lamp turned
 *   on (`use`, at the lamp's receptacle; lamps cannot be carried), and a second `go` where the
 *   object does not lie by the lamp.
 * - pick_two_obj: two objects taken and put in/on one target (two each at least). One hand:
 *   if the first object reaches the target before the second is taken, the agent goes to the
 *   first object, the target, the second object and the target again (four `go`s); if not,
 *   the first was put down elsewhere and taken again (three takes and three puts at least,
 *   and two `go`s). Eight steps either way, with the opens of the receptacles taken from and
 *   the target.
 *
 * A plan of this length is as short as any: the planner's second search, which only looks
 * for a strictly shorter plan, cannot change it (see `firstPlan` in family.ts).
 */
export function planLowerBound(params: HouseholdTaskParams, spec: WorldSpec): number {
  const parent = new Map<string, string | undefined>()
  for (const t of spec.types) parent.set(t.name, t.parent)
  const isA = (type: string, kind: string): boolean => {
    for (let t: string | undefined = type; t !== undefined; t = parent.get(t))
      if (t === kind) return true
    return false
  }
  const typeOf = new Map<string, string>()
  for (const e of spec.entities) typeOf.set(e.id, e.type)
  const where = new Map<string, string>()
  const openable = new Set<string>()
  for (const [name, a, b] of spec.facts) {
    if (UNSET_AT_START.has(name!)) return 0
    if (name === 'in') where.set(a!, b!)
    else if (name === 'openable') openable.add(a!)
  }
  const opens = (receptacle: string) => (openable.has(receptacle) ? 1 : 0)

  if (params.taskType === 'look_at_obj') {
    const lamp = spec.entities.find((e) => e.type === (params.lamp ?? 'desklamp'))
    const on = lamp && where.get(lamp.id)
    if (on === undefined) return 0
    let best = Infinity
    for (const e of spec.entities) {
      const at = where.get(e.id)
      if (at === undefined || !isA(e.type, params.object)) continue
      // go, (open), take, (go to the lamp), use
      best = Math.min(best, 3 + opens(at) + (at === on ? 0 : 1))
    }
    return Number.isFinite(best) ? best : 0
  }

  const target = params.receptacle
  if (target === undefined) return 0
  const targets = spec.entities.filter((e) => e.type === target)
  if (targets.length === 0) return 0
  const openTarget = targets.every((e) => openable.has(e.id)) ? 1 : 0

  if (params.taskType === 'pick_two_obj') {
    // The goal lists pairs of objects of exactly the goal's kind (see householdGoal).
    const spots: string[] = []
    for (const e of spec.entities) {
      if (e.type !== params.object) continue
      const at = where.get(e.id)
      if (at === undefined || isA(typeOf.get(at) ?? '', target)) return 0
      spots.push(at)
    }
    let best = Infinity
    for (let i = 0; i < spots.length; i++)
      for (let j = i + 1; j < spots.length; j++) {
        const a = spots[i]!
        const b = spots[j]!
        best = Math.min(best, 8 + opens(a) + (a === b ? 0 : opens(b)) + openTarget)
      }
    return Number.isFinite(best) ? best : 0
  }

  const treatment = treatmentOf(params.taskType)
  const tool = treatment && TOOLS[treatment]
  if (tool === target) return 0
  let best = Infinity
  for (const e of spec.entities) {
    const at = where.get(e.id)
    if (at === undefined || !isA(e.type, params.object)) continue
    const kind = typeOf.get(at) ?? ''
    if (isA(kind, target)) return 0
    // go, (open), take, [(go to the tool), treat], go to the target, (open), put
    const treat = tool === undefined ? 0 : (isA(kind, tool) ? 0 : 1) + 1
    best = Math.min(best, 4 + opens(at) + treat + openTarget)
  }
  return Number.isFinite(best) ? best : 0
}
