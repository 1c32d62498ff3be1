import type { WorldSpec } from '@refinery/world'
import { TOOLS } from '../src/catalog'
import type { HouseholdTaskParams } from '../src/params'
import { treatmentOf } from '../src/task-types'

/**
 * A hand-written, all-seeing expert for household worlds (ALFWorld ships a hand-coded one
 * too). It knows where everything is and takes the cheapest object and receptacle, so its
 * plans are short but not always shortest: the planner must never do worse, and replaying
 * these plans checks the action schemas independently of the planner.
 */
export function expertPlan(world: WorldSpec, params: HouseholdTaskParams): string[] {
  const name = new Map(
    world.entities.map((e) => [e.id, e.number === undefined ? e.name : `${e.name} ${e.number}`]),
  )
  const location = new Map<string, string>()
  const openable = new Set<string>()
  for (const [predicate, a, b] of world.facts) {
    if (predicate === 'in' && a && b) location.set(a, b)
    if (predicate === 'openable' && a) openable.add(a)
  }
  const ofType = (type: string) => world.entities.filter((e) => e.type === type).map((e) => e.id)
  const plan: string[] = []
  const opened = new Set<string>()
  let at: string | undefined
  const n = (id: string) => name.get(id) as string
  const goTo = (r: string) => {
    if (at !== r) plan.push(`go to ${n(r)}`)
    at = r
  }
  const openHere = (r: string) => {
    if (openable.has(r) && !opened.has(r)) {
      plan.push(`open ${n(r)}`)
      opened.add(r)
    }
  }
  const cost = (r: string) => (at === r ? 0 : 1) + (openable.has(r) && !opened.has(r) ? 1 : 0)
  const cheapest = (ids: string[], where: (id: string) => string) =>
    [...ids].sort((a, b) => cost(where(a)) - cost(where(b)) || (a < b ? -1 : 1))[0] as string
  const fetch = (o: string) => {
    const r = location.get(o) as string
    goTo(r)
    openHere(r)
    plan.push(`take ${n(o)} from ${n(r)}`)
    location.delete(o)
  }
  const place = (o: string, r: string) => {
    goTo(r)
    openHere(r)
    plan.push(`put ${n(o)} in/on ${n(r)}`)
    location.set(o, r)
  }

  const objects = ofType(params.object).filter((o) => location.has(o))
  if (params.taskType === 'look_at_obj') {
    const lamp = ofType(params.lamp ?? 'desklamp')[0] as string
    const o = cheapest(objects, (id) => location.get(id) as string)
    fetch(o)
    goTo(location.get(lamp) as string)
    plan.push(`use ${n(lamp)}`)
    return plan
  }
  const targets = ofType(params.receptacle as string)
  const o = cheapest(objects, (id) => location.get(id) as string)
  fetch(o)
  const treatment = treatmentOf(params.taskType)
  if (treatment) {
    const tool = ofType(TOOLS[treatment])[0] as string
    goTo(tool)
    plan.push(`${treatment} ${n(o)} with ${n(tool)}`)
  }
  const target = cheapest(targets, (id) => id)
  place(o, target)
  if (params.taskType === 'pick_two_obj') {
    const second = cheapest(
      objects.filter((x) => x !== o),
      (id) => location.get(id) as string,
    )
    fetch(second)
    place(second, target)
  }
  return plan
}
