import {
  type FeedbackProfile,
  RefineryError,
  type Rng,
  rngStream,
  type TaskRef,
} from '@refinery/core'
import { deepFreeze, WORLD_SPEC_VERSION, type WorldSpec } from '@refinery/world'
import { householdActions } from './actions'
import {
  LAMP_KINDS,
  LAMP_PLACES,
  type LampKind,
  OBJECT_KINDS,
  OBJECTS,
  type ObjectKind,
  type ObjectKindName,
  OPENABLE,
  placesFor,
  type ReceptacleKind,
  TOOLS,
} from './catalog'
import { all, branch, exists, fact, handsFull, list, not, param, receptacleViewOf } from './dsl'
import { type GoalWorld, householdGoal } from './goals'
import { type Layout, layout, type Receptacle } from './layouts'
import { HouseholdTaskParams, isHouseholdParams } from './params'
import type { TaskType } from './task-types'
import { alfworldGoalText, knownGoalChoices } from './tasks'

/** ALFWorld caps a game at 50 steps; AgentBoard's episode loop stops at 30 before that. */
export const DEFAULT_MAX_STEPS = 50

export interface HouseholdWorldOptions {
  /** Time-advancing steps before the episode ends unsuccessfully (default 50). */
  maxSteps?: number
  /** `agentboard` words the goal with ALFWorld's templates exactly (default `rich`). */
  profile?: FeedbackProfile
}

interface Placement {
  kind: ObjectKindName | LampKind
  at: Receptacle
}

/**
 * The WorldSpec of a household task: the task's room layout, its objects placed where they
 * plausibly lie (some inside closed cabinets, drawers, fridges), ALFWorld's actions and the
 * task's goal. The same task always gives the same bytes.
 */
export function householdWorld(task: TaskRef, options: HouseholdWorldOptions = {}): WorldSpec {
  const params = taskParams(task)
  const room = layout(params.layout)
  const fits = knownGoalChoices(params.taskType, room).some(
    (choice) =>
      choice.object === params.object &&
      choice.receptacle === params.receptacle &&
      (params.taskType !== 'look_at_obj' || choice.lamp === (params.lamp ?? 'desklamp')),
  )
  if (!fits) {
    throw new RefineryError(
      'invalid_input',
      `Task ${task.id}: '${params.goal}' cannot be set in layout ${room.id}.`,
      {
        hint: 'Use params from household.task(), or a layout that holds the object, the target receptacle and the tools the task type needs.',
      },
    )
  }
  const rng = rngStream(task.seed, 'household-world')
  const placements = placeObjects(rng, params, room)
  const spec = assemble(task, params, room, placements, options.maxSteps ?? DEFAULT_MAX_STEPS)
  if (options.profile !== 'agentboard') return spec
  return {
    ...spec,
    goal: { ...spec.goal, instruction: `Your task is to: ${alfworldGoalText(params)}.` },
  }
}

function taskParams(task: TaskRef): HouseholdTaskParams {
  // The params as they are where the schema would accept them unchanged (see isHouseholdParams).
  if (isHouseholdParams(task.params)) return task.params
  const parsed = HouseholdTaskParams.safeParse(task.params)
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]
  throw new RefineryError(
    'invalid_input',
    `Task ${task.id} has bad household params: ${issue?.message ?? 'invalid'}.`,
    {
      path: ['params', ...(issue?.path ?? [])].join('.'),
      hint: 'Build household tasks with household.task(split, index).',
    },
  )
}

function instances(room: Layout, kinds: readonly ReceptacleKind[]): Receptacle[] {
  return room.receptacles.filter((r) => kinds.includes(r.kind))
}

/** Goal objects first (never in/on the target kind), then a lamp where the room has one, then the rest. */
function placeObjects(rng: Rng, params: HouseholdTaskParams, room: Layout): Placement[] {
  const out: Placement[] = []
  const goalKind = params.object as ObjectKindName
  const goalPlaces = placesFor(goalKind, room.room).filter((kind) => kind !== params.receptacle)
  const goalAt = instances(room, goalPlaces)
  const drawn =
    params.taskType === 'pick_two_obj' ? rng.int(2, 3) : 1 + rng.weighted([30, 35, 25, 10])
  const goalCount = fittingGoalCount(params, room, drawn)
  for (let i = 0; i < goalCount; i++) out.push({ kind: goalKind, at: rng.pick(goalAt) })

  const lampAt = instances(room, LAMP_PLACES[room.room] ?? [])
  if (lampAt.length > 0) out.push({ kind: params.lamp ?? 'desklamp', at: rng.pick(lampAt) })

  const others = OBJECT_KINDS.filter(
    (kind) => kind !== goalKind && instances(room, placesFor(kind, room.room)).length > 0,
  )
  // As cluttered as ALFWorld's rooms: about a third of the receptacles empty, 25-40 things.
  const kindCount = room.room === 'kitchen' ? rng.int(14, 22) : rng.int(9, 14)
  for (const kind of rng.sample(others, kindCount).sort()) {
    const at = instances(room, placesFor(kind, room.room))
    const count = 1 + rng.weighted([40, 30, 20, 10])
    for (let i = 0; i < count; i++) out.push({ kind, at: rng.pick(at) })
  }
  return out
}

/**
 * The most alternatives a goal may have: the planner's relaxed heuristic counts a goal with
 * more (an object and a target, or a pair and a target, for each choice) as already true, so
 * its estimate is 0 from every state and its A* searches breadth-first. Four cups and nine
 * cabinets (36) made train task 206 run out of its 10,000 states on a 7-step plan.
 */
export const MAX_GOAL_ALTERNATIVES = 32

/** Goal objects to place: as drawn, or fewer where the goal would have too many alternatives. */
function fittingGoalCount(params: HouseholdTaskParams, room: Layout, drawn: number): number {
  if (params.taskType === 'look_at_obj' || params.receptacle === undefined) return drawn
  const targets = instances(room, [params.receptacle as ReceptacleKind]).length
  let count = drawn
  const fewest = params.taskType === 'pick_two_obj' ? 2 : 1
  while (
    count > fewest &&
    goalAlternatives(params.taskType, count, targets) > MAX_GOAL_ALTERNATIVES
  )
    count--
  return count
}

/** Alternatives of a place goal (see `householdGoal`): objects, or pairs of them, × targets. */
export function goalAlternatives(type: TaskType, objects: number, targets: number): number {
  const choices = type === 'pick_two_obj' ? (objects * (objects - 1)) / 2 : objects
  return choices * targets
}

function assemble(
  task: TaskRef,
  params: HouseholdTaskParams,
  room: Layout,
  placements: readonly Placement[],
  maxSteps: number,
): WorldSpec {
  const entities: WorldSpec['entities'] = room.receptacles.map((r) => ({
    id: r.id,
    type: r.kind,
    name: r.kind,
    number: r.number,
  }))
  const facts: string[][] = room.receptacles
    .filter((r) => OPENABLE.has(r.kind))
    .map((r) => ['openable', r.id])
  const numbers = new Map<string, number>()
  const byKind = [...placements].sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0))
  for (const { kind, at } of byKind) {
    const number = (numbers.get(kind) ?? 0) + 1
    numbers.set(kind, number)
    const id = `${kind}_${number}`
    entities.push({ id, type: kind, name: kind, number })
    facts.push(['in', id, at.id])
    const info: ObjectKind | undefined = (OBJECTS as Record<string, ObjectKind>)[kind]
    if (info?.heat) facts.push(['heatable', id])
    if (info?.cool) facts.push(['coolable', id])
    if (info?.clean) facts.push(['cleanable', id])
    if (info?.slice) facts.push(['sliceable', id])
  }

  const receptacleKinds = [...new Set([...room.kinds, ...Object.values(TOOLS)])].sort()
  // `knife` is always declared: `slice {obj} with {knife}` takes one, and a butterknife is one.
  const objectKinds = [...new Set(['knife', ...numbers.keys()])]
    .filter((kind) => !(LAMP_KINDS as readonly string[]).includes(kind))
    .sort()
  const types: WorldSpec['types'] = [
    { name: 'thing' },
    {
      name: 'receptacle',
      parent: 'thing',
      description: 'furniture and appliances objects lie in/on',
    },
    { name: 'item', parent: 'thing', description: 'what lies in/on a receptacle' },
    { name: 'portable', parent: 'item', description: 'an item you can pick up' },
    { name: 'lamp', parent: 'item', description: 'an item you can turn on' },
    ...receptacleKinds.map((name) => ({ name, parent: 'receptacle' })),
    ...objectKinds.map((name) => ({
      name,
      parent: name !== 'knife' && isBlade(name) ? 'knife' : 'portable',
    })),
    ...LAMP_KINDS.map((name) => ({ name, parent: 'lamp' })),
  ]

  return {
    spec: WORLD_SPEC_VERSION,
    id: task.id,
    title: params.goal,
    types,
    entities,
    predicates: shared.predicates,
    attributes: [],
    facts,
    actions: shared.actions,
    processes: [],
    derived: [],
    observations: observationsOf(room),
    meta: { look: true, inventory: true, checkValidActions: true, help: true },
    goal: householdGoal(params, goalWorld(params, entities, facts)),
    maxSteps,
  }
}

/** Observations by layout id: they name the layout's receptacles and nothing else. */
const observationsByLayout = new Map<string, WorldSpec['observations']>()

function observationsOf(room: Layout): WorldSpec['observations'] {
  const known = observationsByLayout.get(room.id)
  if (known) return known
  const r = param('r', 'receptacle')
  const observations = deepFreeze({
    intro: [
      'You are in the middle of a room. Looking quickly around you, you see ',
      list([r], all()),
      '.',
    ],
    // AgentBoard's look repeats what the last go-to showed: what is in/on the receptacle.
    look: [
      ...room.receptacles.map((rec) =>
        branch(fact('at', rec.id), [
          `You are at the ${rec.kind} ${rec.number}. `,
          receptacleViewOf(rec.id, `${rec.kind} ${rec.number}`),
        ]),
      ),
      branch(not(exists([r], fact('at', '?r'))), [
        'You are in the middle of a room. Looking quickly around you, you see ',
        list([r], all()),
        '.',
      ]),
    ],
    inventory: [
      branch(
        handsFull,
        ['You are carrying: ', list([param('h', 'portable')], fact('holding', '?h')), '.'],
        'You are not carrying anything.',
      ),
    ],
  })
  observationsByLayout.set(room.id, observations)
  return observations
}

function isBlade(kind: string): boolean {
  return (OBJECTS as Record<string, ObjectKind>)[kind]?.blade === true
}

/** The goal object ids and, for look_at_obj, where the lamp stands. */
function goalWorld(
  params: HouseholdTaskParams,
  entities: WorldSpec['entities'],
  facts: string[][],
): GoalWorld {
  const objects = entities.filter((e) => e.type === params.object).map((e) => e.id)
  if (params.taskType !== 'look_at_obj') return { objects }
  const lamp = entities.find((e) => e.type === (params.lamp ?? 'desklamp'))?.id
  const on = facts.find((f) => f[0] === 'in' && f[1] === lamp)?.[2]
  return lamp && on ? { objects, lamp: { id: lamp, on } } : { objects }
}

/** Predicates: name, parameters as [name, type], sentence for a true fact (none: hidden). */
const PREDICATES: ReadonlyArray<
  readonly [string, ReadonlyArray<readonly [string, string]>, string?]
> = [
  ['at', [['r', 'receptacle']], 'You are at the {r}.'],
  [
    'in',
    [
      ['o', 'item'],
      ['r', 'receptacle'],
    ],
    'The {o} is in/on the {r}.',
  ],
  ['holding', [['o', 'portable']], 'You are carrying the {o}.'],
  ['opened', [['r', 'receptacle']], 'The {r} is open.'],
  ['hot', [['o', 'portable']], 'The {o} is hot.'],
  ['cold', [['o', 'portable']], 'The {o} is cold.'],
  ['clean', [['o', 'portable']], 'The {o} is clean.'],
  ['sliced', [['o', 'portable']], 'The {o} is sliced.'],
  ['lit', [['l', 'lamp']], 'The {l} is on.'],
  ['openable', [['r', 'receptacle']]],
  ['heatable', [['o', 'portable']]],
  ['coolable', [['o', 'portable']]],
  ['cleanable', [['o', 'portable']]],
  ['sliceable', [['o', 'portable']]],
]

/**
 * What every household world shares, built once and frozen: a world spec is built for every
 * task played, and these parts are most of its objects. Frozen, since every spec holds them.
 */
const shared = {
  actions: deepFreeze(householdActions()),
  predicates: deepFreeze(
    PREDICATES.map(([name, params, text]) => ({
      name,
      params: params.map(([n, type]) => param(n, type)),
      ...(text ? { text } : { hidden: true }),
    })),
  ),
}
