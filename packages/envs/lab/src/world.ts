import { RefineryError, rngStream, type TaskRef } from '@refinery/core'
import { type Condition, deepFreeze, WORLD_SPEC_VERSION, type WorldSpec } from '@refinery/world'
import { z } from 'zod'
import { labActions } from './actions'
import { WorldBuilder } from './builder'
import {
  CLUTTER,
  DOORS,
  FREEZER_FLOOR,
  FREEZER_RATE,
  FRUIT_AT,
  FURNACE_RATE,
  PLANT_STAGES,
  ROOM_TEMPERATURE,
  ROOMS,
  STOVE_RATE,
  SUNNY,
} from './catalog'
import { above, all, any, below, eq, exists, fact, not, param, reach } from './dsl'
import { KINDS } from './kinds'
import type { Stage, TaskGoal, TraitShown } from './task'

const REPRODUCING = PLANT_STAGES.find(([name]) => name === 'reproducing')![1]

/** ScienceWorld has no step limit of its own; AgentBoard stops at 30. */
export const DEFAULT_MAX_STEPS = 50

export const LabTaskParams = z.object({
  kind: z.string(),
  variation: z.number().int().nonnegative(),
  goal: z.string(),
})
export type LabTaskParams = z.infer<typeof LabTaskParams>

export interface LabWorld {
  spec: WorldSpec
  /** How the oracle reaches the goal. */
  stages: Stage[]
  /** The room the agent starts in. */
  start: string
  /** The trait a genetics world's plants show. */
  trait?: TraitShown
  /** The actions the oracle plans with (all when absent). */
  planWith?: readonly string[]
}

/** The kind definition for a kind id, or a clear error. */
export function kindOf(id: string) {
  const kind = KINDS.find((k) => k.id === id)
  if (!kind) {
    throw new RefineryError('invalid_input', `'${id}' is not a lab task kind.`, {
      hint: `Use one of: ${KINDS.map((k) => k.id).join(', ')}.`,
    })
  }
  return kind
}

/** The goal and world of a kind's variation built from a seed (no step limit applied). */
export function buildGoal(kind: string, variation: number, seed: number) {
  const b = new WorldBuilder(rngStream(seed, 'lab-world'))
  const goal = kindOf(kind).build(b, variation)
  const start = b.room()
  const clutter = b.rng.sample([...CLUTTER], b.rng.int(4, 8)).sort()
  for (const c of clutter) b.add(c, c, b.spot(b.room()), { roles: ['portable'] })
  return { b, goal, start }
}

/**
 * The WorldSpec of a lab task: five rooms joined by open doors, the task's things placed by
 * the task's seed, clutter, ScienceWorld's actions and the kind's goal. The same task always
 * gives the same bytes.
 */
export function labWorld(task: TaskRef, maxSteps = DEFAULT_MAX_STEPS): LabWorld {
  const parsed = LabTaskParams.safeParse(task.params)
  if (!parsed.success) {
    throw new RefineryError('invalid_input', `Task ${task.id} has bad lab params.`, {
      hint: 'Build lab tasks with lab.task(split, index).',
    })
  }
  const { kind, variation } = parsed.data
  const { b, goal, start } = buildGoal(kind, variation, task.seed)
  return {
    spec: assemble(task.id, b, goal, start, maxSteps),
    stages: goal.stages,
    start,
    ...(goal.trait ? { trait: goal.trait } : {}),
    ...(goal.planWith ? { planWith: goal.planWith } : {}),
  }
}

function assemble(
  id: string,
  b: WorldBuilder,
  goal: TaskGoal,
  start: string,
  maxSteps: number,
): WorldSpec {
  const rooms = ROOMS.map((r) => ({ id: r, type: 'location', name: r, article: 'the' }))
  const inventory = { id: 'inventory', type: 'furniture', name: 'inventory', article: 'the' }
  const facts: string[][] = [
    ['at', start],
    ...DOORS.flatMap(([a, c]) => [
      ['adjacent', a, c],
      ['adjacent', c, a],
    ]),
    ...SUNNY.map((r) => ['sunny', r]),
    ['container', 'inventory'],
    ...b.facts,
  ]
  const misfocus = exists([param('m', 'thing')], fact('misfocus', '?m'))
  return {
    spec: WORLD_SPEC_VERSION,
    id,
    title: goal.instruction,
    types: TYPES,
    entities: [...rooms, inventory, ...b.entities()],
    predicates: PREDICATE_SPECS,
    attributes: ATTRIBUTES,
    facts,
    actions: labActions(goal.focus),
    processes: PROCESSES,
    derived: DERIVED,
    observations: OBSERVATIONS,
    meta: META,
    goal: {
      instruction: goal.instruction,
      // A wrong focus fails the task even when the same step would reach the goal.
      success: all(goal.success, not(misfocus)),
      subgoals: goal.subgoals,
      fail: [
        {
          when: misfocus,
          message: 'That is not what the task is about. You have failed the task.',
        },
        ...goal.fail.map((when) => ({
          when,
          message: 'That is the wrong choice. You have failed the task.',
        })),
      ],
    },
    maxSteps,
  }
}

const ROLES = [
  'container',
  'openable',
  'portable',
  'device',
  'heater',
  'furnace',
  'cooler',
  'substance',
  'living',
  'animal',
  'plant',
  'seed',
  'flowerpot',
  'soil',
  'water',
  'thermometer',
  'magnet',
  'conductive',
  'magnetic',
  'source',
  'renewable',
  'bulb',
  'readable',
  'fixture',
  'plane',
  'stopwatch',
  'beehive',
  'genetic',
  'pollinated',
  'timed',
  'electrical',
  'opened',
  'active',
  'focused',
  'misfocus',
  'probed',
  'fruited',
  // derived
  'v1',
  'v2',
  'here',
  'warming',
  'smelting',
  'cooling',
  'solid',
  'liquid',
  'gas',
  'powered',
  'lit',
  'growing',
]

const PREDICATES: ReadonlyArray<readonly [string, ReadonlyArray<readonly [string, string]>]> = [
  ['at', [['r', 'location']]],
  [
    'adjacent',
    [
      ['a', 'location'],
      ['b', 'location'],
    ],
  ],
  ['sunny', [['r', 'location']]],
  [
    'in',
    [
      ['x', 'thing'],
      ['c', 'object'],
    ],
  ],
  [
    'makes',
    [
      ['a', 'thing'],
      ['b', 'thing'],
      ['p', 'thing'],
    ],
  ],
  [
    'wired',
    [
      ['a', 'thing'],
      ['b', 'thing'],
    ],
  ],
  [
    'offspring',
    [
      ['f', 'thing'],
      ['p', 'thing'],
    ],
  ],
  [
    'fruit_of',
    [
      ['f', 'thing'],
      ['p', 'thing'],
    ],
  ],
  ...ROLES.map((r) => [r, [['x', 'thing']]] as const),
]

/*
 * The parts every lab world shares are written once and deeply frozen: the world cache writes
 * a frozen part's JSON once (see `specKey`), and the compiler shares frozen rules by identity.
 */

const TYPES: WorldSpec['types'] = deepFreeze([
  { name: 'location' },
  { name: 'thing' },
  { name: 'furniture', parent: 'thing' },
  { name: 'item', parent: 'thing' },
  { name: 'substance', parent: 'thing' },
])

const PREDICATE_SPECS: WorldSpec['predicates'] = deepFreeze(
  PREDICATES.map(([name, params]) => ({
    name,
    params: params.map(([n, t]) => param(n, t)),
    hidden: true,
  })),
)

const ATTRIBUTES: WorldSpec['attributes'] = deepFreeze([
  { name: 'temp', type: 'thing', default: ROOM_TEMPERATURE },
  { name: 'mp', type: 'thing', default: 0 },
  { name: 'bp', type: 'thing', default: 100 },
  { name: 'growth', type: 'thing', default: 0 },
  { name: 'uses', type: 'thing', default: 0 },
  // inclined planes: how far down a block is (percent), how fast a plane lets it slide
  { name: 'pos', type: 'thing', default: 0 },
  { name: 'speed', type: 'thing', default: 0 },
  // the stopwatch's reading, in ticks
  { name: 'ticks', type: 'thing', default: 0 },
  // how many dominant alleles a plant carries for its world's trait (0, 1 or 2)
  { name: 'allele', type: 'thing', default: 0 },
])

const OBSERVATIONS: WorldSpec['observations'] = deepFreeze({ look: 'You look around.' })

const META: WorldSpec['meta'] = deepFreeze({
  look: true,
  inventory: true,
  checkValidActions: true,
  help: true,
})

const x = param('x', 'thing')
const sx = param('x', 'substance')
const ix = param('x', 'item')
const c = param('c', 'thing')
const ic = param('c', 'item')
const d = param('d', 'furniture')

/** `?x` is in thing `d`, directly or inside a container there. */
const within = (d: string): ReturnType<typeof any> =>
  any(fact('in', '?x', d), exists([ic], all(fact('in', '?x', '?c'), fact('in', '?c', d))))

const DERIVED: WorldSpec['derived'] = deepFreeze([
  {
    predicate: 'v1',
    params: [x],
    when: any(
      eq('?x', 'inventory'),
      fact('in', '?x', 'inventory'),
      exists([param('r', 'location')], all(fact('at', '?r'), fact('in', '?x', '?r'))),
    ),
  },
  {
    predicate: 'v2',
    params: [x],
    when: any(
      fact('v1', '?x'),
      exists([c], all(fact('in', '?x', '?c'), fact('v1', '?c'), reach('?c'))),
    ),
  },
  {
    predicate: 'here',
    params: [x],
    when: any(
      fact('v2', '?x'),
      exists([c], all(fact('in', '?x', '?c'), fact('v2', '?c'), reach('?c'))),
    ),
  },
  {
    predicate: 'warming',
    params: [sx],
    when: all(
      fact('substance', '?x'),
      exists(
        [d],
        all(fact('heater', '?d'), not(fact('furnace', '?d')), fact('active', '?d'), within('?d')),
      ),
    ),
  },
  {
    predicate: 'smelting',
    params: [sx],
    when: all(
      fact('substance', '?x'),
      exists([d], all(fact('furnace', '?d'), fact('active', '?d'), within('?d'))),
    ),
  },
  {
    predicate: 'cooling',
    params: [sx],
    when: all(fact('substance', '?x'), exists([d], all(fact('cooler', '?d'), within('?d')))),
  },
  { predicate: 'solid', params: [sx], when: all(fact('substance', '?x'), mpBelow()) },
  { predicate: 'gas', params: [sx], when: all(fact('substance', '?x'), bpReached()) },
  {
    predicate: 'liquid',
    params: [sx],
    when: all(fact('substance', '?x'), not(fact('solid', '?x')), not(fact('gas', '?x'))),
  },
  {
    predicate: 'powered',
    params: [ix],
    when: all(fact('source', '?x'), any(not(fact('renewable', '?x')), within('outside'))),
  },
  {
    predicate: 'lit',
    params: [ix],
    when: all(
      fact('bulb', '?x'),
      exists(
        [param('s', 'item')],
        all(
          fact('powered', '?s'),
          any(
            fact('wired', '?x', '?s'),
            exists(
              [param('o', 'item')],
              all(fact('conductive', '?o'), fact('wired', '?x', '?o'), fact('wired', '?o', '?s')),
            ),
          ),
        ),
      ),
    ),
  },
  {
    predicate: 'growing',
    params: [ix],
    when: all(
      fact('seed', '?x'),
      exists(
        [param('pot', 'item')],
        all(
          fact('flowerpot', '?pot'),
          fact('in', '?x', '?pot'),
          exists([param('so', 'item')], all(fact('soil', '?so'), fact('in', '?so', '?pot'))),
          exists([param('w', 'substance')], all(fact('water', '?w'), fact('in', '?w', '?pot'))),
          exists([param('r', 'location')], all(fact('sunny', '?r'), fact('in', '?pot', '?r'))),
        ),
      ),
    ),
  },
])

/** temp < mp, written as a comparison of two attributes. */
function mpBelow(): Condition {
  return { compare: [{ attr: ['temp', '?x'] }, '<', { attr: ['mp', '?x'] }] }
}
function bpReached(): Condition {
  return { compare: [{ attr: ['temp', '?x'] }, '>=', { attr: ['bp', '?x'] }] }
}

const ambient = all(
  fact('substance', '?x'),
  not(fact('warming', '?x')),
  not(fact('smelting', '?x')),
  not(fact('cooling', '?x')),
)

const PROCESSES: WorldSpec['processes'] = deepFreeze([
  {
    name: 'stove-heat',
    params: [sx],
    when: all(fact('warming', '?x'), below('?x', 'temp', 400)),
    effects: [{ increase: { attr: ['temp', '?x'], value: STOVE_RATE } }],
  },
  {
    name: 'furnace-heat',
    params: [sx],
    when: all(fact('smelting', '?x'), below('?x', 'temp', 2000)),
    effects: [{ increase: { attr: ['temp', '?x'], value: FURNACE_RATE } }],
  },
  {
    name: 'freezer-cold',
    params: [sx],
    when: all(fact('cooling', '?x'), above('?x', 'temp', FREEZER_FLOOR + 1)),
    effects: [{ decrease: { attr: ['temp', '?x'], value: FREEZER_RATE } }],
  },
  {
    name: 'room-warms',
    params: [sx],
    when: all(ambient, below('?x', 'temp', ROOM_TEMPERATURE - 2)),
    effects: [{ increase: { attr: ['temp', '?x'], value: 2 } }],
  },
  {
    name: 'room-cools',
    params: [sx],
    when: all(ambient, above('?x', 'temp', ROOM_TEMPERATURE + 3)),
    effects: [{ decrease: { attr: ['temp', '?x'], value: 2 } }],
  },
  {
    name: 'grow',
    params: [ix],
    when: fact('growing', '?x'),
    effects: [{ increase: { attr: ['growth', '?x'], value: 1 } }],
  },
  {
    name: 'bear-fruit',
    params: [param('f', 'item'), ix, param('pot', 'item')],
    when: all(
      fact('fruit_of', '?f', '?x'),
      not(fact('fruited', '?x')),
      above('?x', 'growth', FRUIT_AT),
      fact('in', '?x', '?pot'),
    ),
    effects: [{ add: ['in', '?f', '?pot'] }, { add: ['fruited', '?x'] }],
  },
  {
    name: 'slide',
    params: [ix, param('p', 'item')],
    when: all(fact('in', '?x', '?p'), fact('plane', '?p'), {
      compare: [{ add: [{ attr: ['pos', '?x'] }, { attr: ['speed', '?p'] }] }, '<', 100],
    }),
    effects: [{ increase: { attr: ['pos', '?x'], value: { attr: ['speed', '?p'] } } }],
  },
  {
    name: 'slide-to-bottom',
    params: [ix, param('p', 'item')],
    when: all(fact('in', '?x', '?p'), fact('plane', '?p'), below('?x', 'pos', 100), {
      compare: [{ add: [{ attr: ['pos', '?x'] }, { attr: ['speed', '?p'] }] }, '>=', 100],
    }),
    effects: [{ set: { attr: ['pos', '?x'], value: 100 } }],
  },
  {
    name: 'stopwatch-runs',
    params: [ix],
    when: all(fact('stopwatch', '?x'), fact('active', '?x')),
    effects: [{ increase: { attr: ['ticks', '?x'], value: 1 } }],
  },
  {
    // Bees from an open hive carry pollen between two reproducing plants in the same room;
    // each pollinated plant drops its seed there.
    name: 'pollinate',
    params: [param('f', 'item'), ix, param('pot', 'item'), param('r', 'location')],
    when: all(
      fact('offspring', '?f', '?x'),
      not(fact('pollinated', '?x')),
      above('?x', 'growth', REPRODUCING),
      fact('in', '?x', '?pot'),
      fact('flowerpot', '?pot'),
      fact('in', '?pot', '?r'),
      exists(
        [param('h', 'item')],
        all(fact('beehive', '?h'), fact('opened', '?h'), fact('in', '?h', '?r')),
      ),
      exists(
        [param('y', 'item'), param('q', 'item')],
        all(
          fact('genetic', '?y'),
          not(eq('?y', '?x')),
          above('?y', 'growth', REPRODUCING),
          fact('in', '?y', '?q'),
          fact('flowerpot', '?q'),
          fact('in', '?q', '?r'),
        ),
      ),
    ),
    effects: [{ add: ['in', '?f', '?r'] }, { add: ['pollinated', '?x'] }],
  },
])
