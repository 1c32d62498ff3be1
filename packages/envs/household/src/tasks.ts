import { RefineryError, type Rng } from '@refinery/core'
import {
  LAMP_KINDS,
  LAMP_PLACES,
  type LampKind,
  OBJECT_KINDS,
  OBJECTS,
  type ObjectKind,
  type ObjectKindName,
  placesFor,
  preposition,
  type ReceptacleKind,
  ROOM_TYPES,
  TOOLS,
} from './catalog'
import { type Layout, layout, layoutIds } from './layouts'
import type { HouseholdTaskParams } from './params'
import { TASK_TYPE_INFO, type TaskType, treatmentOf } from './task-types'

/** One goal a task of some type can have in some layout. */
export interface GoalChoice {
  object: ObjectKindName
  receptacle?: ReceptacleKind
  lamp?: LampKind
}

/**
 * Every goal a task type can have in a layout, sorted: the object kind must lie somewhere in
 * the room other than the target (so the goal never holds at the start), the treatment's
 * receptacle (microwave, fridge, sinkbasin) must be there, and a lamp for look_at_obj.
 */
export function goalChoices(type: TaskType, room: Layout): GoalChoice[] {
  const out: GoalChoice[] = []
  const treatment = treatmentOf(type)
  if (treatment && !room.kinds.includes(TOOLS[treatment])) return out
  const lamps = (LAMP_PLACES[room.room] ?? []).filter((kind) => room.kinds.includes(kind))
  for (const object of OBJECT_KINDS) {
    const kind: ObjectKind = OBJECTS[object]
    if (treatment && !kind[treatment]) continue
    const places = placesFor(object, room.room).filter((place) => room.kinds.includes(place))
    if (type === 'look_at_obj') {
      if (kind.look && places.length > 0 && lamps.length > 0) {
        for (const lamp of LAMP_KINDS) out.push({ object, lamp })
      }
      continue
    }
    for (const receptacle of places) {
      if (treatment && receptacle === TOOLS[treatment]) continue
      if (places.some((place) => place !== receptacle)) out.push({ object, receptacle })
    }
  }
  return out
}

const choicesByLayout = new WeakMap<Layout, Map<TaskType, readonly GoalChoice[]>>()

/**
 * `goalChoices`, remembered per layout object and type: every task drawn (a persona's theme
 * looks at several) and every world built asks again. Layouts are built once per id.
 */
export function knownGoalChoices(type: TaskType, room: Layout): readonly GoalChoice[] {
  let byType = choicesByLayout.get(room)
  if (!byType) {
    byType = new Map()
    choicesByLayout.set(room, byType)
  }
  let choices = byType.get(type)
  if (!choices) {
    choices = goalChoices(type, room)
    byType.set(type, choices)
  }
  return choices
}

const TEMPLATES: Record<TaskType, readonly string[]> = {
  pick_and_place: ['put a {o} {in} {r}', 'put some {o} {in} {r}'],
  pick_clean_then_place: ['put a clean {o} {in} {r}', 'clean some {o} and put it {in} {r}'],
  pick_heat_then_place: ['put a hot {o} {in} {r}', 'heat some {o} and put it {in} {r}'],
  pick_cool_then_place: ['put a cool {o} {in} {r}', 'cool some {o} and put it {in} {r}'],
  look_at_obj: ['look at {o} under the {l}', 'examine the {o} with the {l}'],
  pick_two_obj: ['put two {o} {in} {r}', 'find two {o} and put them {in} {r}'],
}

/**
 * ALFWorld's own goal templates (`alfworld/gen/goal_library.py`), word for word: "in"
 * whatever the receptacle, except the second pick-and-place form's "on". The `agentboard`
 * profile words its goals so; `rich` says "on" where a thing goes on a surface.
 */
const ALFWORLD_TEMPLATES: Record<TaskType, readonly string[]> = {
  pick_and_place: ['put a {o} in {r}', 'put some {o} on {r}'],
  pick_clean_then_place: ['put a clean {o} in {r}', 'clean some {o} and put it in {r}'],
  pick_heat_then_place: ['put a hot {o} in {r}', 'heat some {o} and put it in {r}'],
  pick_cool_then_place: ['put a cool {o} in {r}', 'cool some {o} and put it in {r}'],
  look_at_obj: ['look at {o} under the {l}', 'examine the {o} with the {l}'],
  pick_two_obj: ['put two {o} in {r}', 'find two {o} and put them in {r}'],
}

/** A task's goal as ALFWorld words it: the same phrasing (first or second) as `params.goal`. */
export function alfworldGoalText(params: HouseholdTaskParams): string {
  const choice: GoalChoice = {
    object: params.object as ObjectKindName,
    ...(params.receptacle ? { receptacle: params.receptacle as ReceptacleKind } : {}),
    ...(params.lamp ? { lamp: params.lamp as LampKind } : {}),
  }
  const variant = goalText(params.taskType, choice, 1) === params.goal ? 1 : 0
  return fill(ALFWORLD_TEMPLATES[params.taskType][variant]!, choice, 'in')
}

function fill(template: string, choice: GoalChoice, into: string): string {
  return template
    .replace('{o}', choice.object)
    .replace('{in}', into)
    .replace('{r}', choice.receptacle ?? '')
    .replace('{l}', choice.lamp ?? '')
}

/** The goal in ALFWorld's phrasings, with "in" or "on" as fits the receptacle. */
export function goalText(type: TaskType, choice: GoalChoice, variant: number): string {
  const templates = TEMPLATES[type]
  const template = templates[variant % templates.length] as string
  return fill(template, choice, choice.receptacle ? preposition(choice.receptacle) : 'in')
}

/** Draws the params of one task of the given type, in a seen (train, dev) or unseen (test) layout. */
export function sampleTaskParams(rng: Rng, type: TaskType, unseen: boolean): HouseholdTaskParams {
  const weights = TASK_TYPE_INFO[type].rooms
  const rooms = ROOM_TYPES.filter((room) => (weights[room] ?? 0) > 0)
  for (let attempt = 0; attempt < 100; attempt++) {
    const room = rooms[rng.weighted(rooms.map((r) => weights[r] ?? 0))] ?? 'kitchen'
    const where = layout(rng.pick(layoutIds(room, unseen)))
    const choices = knownGoalChoices(type, where)
    if (choices.length === 0) continue
    // The object kind first, so that kinds with many possible targets are not favoured.
    const object = rng.pick([...new Set(choices.map((c) => c.object))])
    const choice = rng.pick(choices.filter((c) => c.object === object))
    return {
      taskType: type,
      layout: where.id,
      ...choice,
      goal: goalText(type, choice, rng.int(0, 1)),
    }
  }
  throw new RefineryError(
    'internal',
    `No ${type} task fits any ${unseen ? 'unseen' : 'seen'} layout.`,
  )
}
