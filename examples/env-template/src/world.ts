import { RefineryError, type TaskRef } from '@refinery/core'
import {
  type Condition,
  formatIssues,
  type Param,
  type Text,
  type TextPart,
  validateWorldSpec,
  WORLD_SPEC_VERSION,
  type WorldSpec,
  type WorldSpecInput,
} from '@refinery/world'
import { GardenTaskParams, PLANT_KINDS, plantId } from './params.js'

/** Time-advancing steps before an episode ends unsuccessfully. */
export const DEFAULT_MAX_STEPS = 40

export interface GardenWorldOptions {
  /** Time-advancing steps before the episode ends unsuccessfully (default 40). */
  maxSteps?: number
}

// Small builders so that conditions and texts read like sentences.
const param = (name: string, type: string): Param => ({ name, type })
const fact = (...atom: string[]): Condition => ({ fact: atom })
const not = (condition: Condition): Condition => ({ not: condition })
const any = (...conditions: Condition[]): Condition => ({ any: conditions })
const is = (term: string, type: string): Condition => ({ is: [term, type] })
const exists = (vars: Param[], where: Condition): Condition => ({ exists: { vars, where } })
const water = (term: string) => ({ attr: ['water', term] as [string, string] })
/** `{ if, then, else }` text; its `then` is the WorldSpec branch, not a promise. */
const branch = (condition: Condition, then: Text, otherwise: Text): TextPart => ({
  if: condition,
  then,
  else: otherwise,
})
/** ALFWorld's list: `a rose 1, and a tomato 2`, `nothing` when empty. */
const list = (vars: Param[], where: Condition, item?: string): TextPart => ({
  list: { vars, where, ...(item === undefined ? {} : { item }), join: 'and' },
})

type Action = WorldSpecInput['actions'][number]
type Check = NonNullable<Action['checks']>[number]
const check = (
  require: Condition,
  fail: Text,
  status: 'precondition_failed' | 'no_effect' | 'invalid_argument' = 'precondition_failed',
  place?: true,
): Check => (place ? { require, fail, status, place } : { require, fail, status })

// Parameter names show in the parser's feedback ("{place} must be a place").
const place = param('place', 'place')
const obj = param('obj', 'item')
const tool = param('tool', 'tool')
const plant = param('plant', 'plant')

/** A place is reachable when it has no door or its door is open. */
const reachable = (p: string): Condition => any(not(fact('openable', p)), fact('opened', p))
const handsFull = exists([param('h', 'item')], fact('holding', '?h'))
const contents = (p: string) => list([param('c', 'item')], fact('in', '?c', p))

/** What you see at a place: closed, at the tap, or in a bed or the shed. */
const view: TextPart = branch(
  reachable('?place'),
  [
    branch(
      is('?place', 'tap'),
      ['Next to the {place}, you see ', contents('?place'), '.'],
      ['In the {place}, you see ', contents('?place'), '.'],
    ),
  ],
  'The {place} is closed.',
)

const atPlace = (v: string) =>
  check(fact('at', `?${v}`), `You are not at the {${v}}. Go to the {${v}} first.`, undefined, true)
const holding = (v: string) =>
  check(fact('holding', `?${v}`), `You are not carrying the {${v}}. Take it first.`)

/**
 * The six action schemas. Checks run in order and the first one that fails decides the
 * feedback, so each says what is wrong and what would work.
 */
const ACTIONS: Action[] = [
  {
    name: 'go',
    params: [place],
    pattern: 'go to {place}',
    synonyms: ['walk to {place}', 'go {place}'],
    checks: [check(not(fact('at', '?place')), 'You are already at the {place}.', 'no_effect')],
    effects: [
      {
        forall: {
          vars: [param('x', 'place')],
          where: fact('at', '?x'),
          do: [{ del: ['at', '?x'] }],
        },
      },
      { add: ['at', '?place'] },
    ],
    message: ['You arrive at the {place}. ', view],
    description: 'walk to the shed, the tap or a bed and see what is there',
  },
  {
    name: 'open',
    params: [place],
    pattern: 'open {place}',
    checks: [
      check(fact('openable', '?place'), 'The {place} has no door to open.', 'invalid_argument'),
      atPlace('place'),
      check(not(fact('opened', '?place')), 'The {place} is already open.', 'no_effect'),
    ],
    effects: [{ add: ['opened', '?place'] }],
    message: ['You open the {place}. In the {place}, you see ', contents('?place'), '.'],
    description: 'open the shed door',
  },
  {
    name: 'take',
    params: [tool, place],
    pattern: 'take {tool} from {place}',
    synonyms: ['pick up {tool} from {place}'],
    checks: [
      atPlace('place'),
      check(reachable('?place'), 'The {place} is closed. Open it first.'),
      check(
        fact('in', '?tool', '?place'),
        'There is no {tool} in the {place}.',
        'precondition_failed',
        true,
      ),
      check(not(handsFull), [
        'You are already carrying ',
        list([param('h', 'item')], fact('holding', '?h'), '{the h}'),
        '. Put it down first.',
      ]),
    ],
    effects: [{ del: ['in', '?tool', '?place'] }, { add: ['holding', '?tool'] }],
    message: 'You pick up the {tool} from the {place}.',
    description: 'pick up a tool at the place you are at; you carry one thing at a time',
  },
  {
    name: 'put',
    params: [obj, place],
    pattern: 'put {obj} in/on {place}',
    synonyms: ['put {obj} in {place}', 'put {obj} on {place}', 'put down {obj} in {place}'],
    checks: [
      holding('obj'),
      atPlace('place'),
      check(reachable('?place'), 'The {place} is closed. Open it first.'),
    ],
    effects: [{ del: ['holding', '?obj'] }, { add: ['in', '?obj', '?place'] }],
    message: 'You put the {obj} in/on the {place}.',
    description: 'put down what you carry at the place you are at',
  },
  {
    name: 'fill',
    params: [tool, place],
    pattern: 'fill {tool} at {place}',
    synonyms: ['fill {tool} with {place}', 'fill {tool} from {place}'],
    checks: [
      check(is('?tool', 'can'), 'The {tool} cannot hold water.', 'invalid_argument'),
      check(
        is('?place', 'tap'),
        'There is no water at the {place}. Fill the {tool} at the tap.',
        'invalid_argument',
      ),
      holding('tool'),
      atPlace('place'),
      check(
        { compare: [water('?tool'), '<', { attr: ['capacity', '?tool'] }] },
        'The {tool} is already full.',
        'no_effect',
      ),
    ],
    effects: [{ set: { attr: ['water', '?tool'], value: { attr: ['capacity', '?tool'] } } }],
    message: 'You fill the {tool} at the {place}. It holds water for {tool.water} plants.',
    description: 'fill the watering can you carry at the tap',
  },
  {
    name: 'water',
    params: [plant, tool],
    pattern: 'water {plant} with {tool}',
    synonyms: ['water {plant} using {tool}'],
    checks: [
      check(
        is('?tool', 'can'),
        'You cannot water anything with the {tool}. Use the watering can.',
        'invalid_argument',
      ),
      holding('tool'),
      check(
        { compare: [water('?tool'), '>', 0] },
        'The {tool} is empty. Fill it at the tap first.',
      ),
      check(
        exists([param('b', 'bed')], { all: [fact('in', '?plant', '?b'), fact('at', '?b')] }),
        [
          'You are not at the bed where the {plant} grows. Go to ',
          list([param('b', 'bed')], fact('in', '?plant', '?b'), 'the {b}'),
          ' first.',
        ],
        undefined,
        true,
      ),
      check(not(fact('watered', '?plant')), 'You already watered the {plant}.', 'no_effect'),
      check(
        fact('dry', '?plant'),
        'The soil around the {plant} is still damp. It does not need water.',
        'no_effect',
      ),
    ],
    effects: [
      { del: ['dry', '?plant'] },
      { add: ['watered', '?plant'] },
      { decrease: { attr: ['water', '?tool'], value: 1 } },
    ],
    message: [
      'You water the {plant} with the {tool}. ',
      branch(
        { compare: [water('?tool'), '>', 1] },
        'The {tool} still holds water for {tool.water} more plants.',
        [
          branch(
            { compare: [water('?tool'), '=', 1] },
            'The {tool} still holds water for one more plant.',
            'The {tool} is empty now.',
          ),
        ],
      ),
    ],
    description: 'water a plant in the bed you are at with the watering can you carry',
  },
]

const PREDICATES: WorldSpecInput['predicates'] = [
  { name: 'at', params: [param('p', 'place')], text: 'You are at the {p}.' },
  { name: 'in', params: [param('o', 'item'), param('p', 'place')], text: 'The {o} is in the {p}.' },
  { name: 'holding', params: [param('o', 'item')], text: 'You are carrying the {o}.' },
  { name: 'opened', params: [param('p', 'place')], text: 'The {p} is open.' },
  { name: 'dry', params: [param('o', 'plant')], text: 'The {o} is dry.' },
  { name: 'watered', params: [param('o', 'plant')], text: 'The {o} is watered.' },
  { name: 'openable', params: [param('p', 'place')], hidden: true },
]

const TYPES: WorldSpecInput['types'] = [
  { name: 'place', description: 'somewhere you can go' },
  { name: 'shed', parent: 'place' },
  { name: 'tap', parent: 'place' },
  { name: 'bed', parent: 'place' },
  { name: 'item', description: 'something in a place' },
  { name: 'tool', parent: 'item', description: 'something you can carry' },
  { name: 'can', parent: 'tool', description: 'holds water' },
  { name: 'plant', parent: 'item' },
  { name: 'vegetable', parent: 'plant' },
  { name: 'flower', parent: 'plant' },
  { name: 'weed', parent: 'plant', description: 'must never be watered' },
]

/**
 * The WorldSpec of a garden task. It is a pure function of the task's params: the same
 * task always gives the same bytes.
 */
export function gardenWorld(task: TaskRef, options: GardenWorldOptions = {}): WorldSpec {
  const params = taskParams(task)
  const beds = Array.from({ length: params.beds }, (_, i) => i + 1)
  const plants = params.plants.map((p) => ({ ...p, id: plantId(p) }))
  const names = new Map(plants.map((p) => [p.id, `${p.kind} ${p.number}`]))
  const targets = params.targets.map((id) => {
    const name = names.get(id)
    if (!name || !plants.find((p) => p.id === id)?.dry) {
      throw new RefineryError('invalid_input', `Task ${task.id}: target '${id}' is no dry plant.`, {
        hint: 'Name plants of the task that are dry.',
      })
    }
    return { id, name }
  })

  const entities: WorldSpecInput['entities'] = [
    { id: 'shed', type: 'shed', name: 'shed' },
    { id: 'tap', type: 'tap', name: 'tap' },
    ...beds.map((n) => ({ id: `bed_${n}`, type: 'bed', name: 'bed', number: n })),
    {
      id: 'watering_can',
      type: 'can',
      name: 'watering can',
      aliases: ['can'],
      attributes: { water: 0, capacity: params.capacity },
    },
    ...params.tools.map((t) => ({ id: t.kind, type: 'tool', name: t.kind })),
    ...plants.map((p) => ({
      id: p.id,
      type: PLANT_KINDS[p.kind],
      name: p.kind,
      number: p.number,
    })),
  ]
  const facts: string[][] = [
    ['openable', 'shed'],
    ...(params.shedOpen ? [['opened', 'shed']] : []),
    ['in', 'watering_can', params.can],
    ...params.tools.map((t) => ['in', t.kind, t.at]),
    ...plants.map((p) => ['in', p.id, `bed_${p.bed}`]),
    ...plants.filter((p) => p.dry).map((p) => ['dry', p.id]),
  ]

  const p = param('p', 'place')
  const spec: WorldSpecInput = {
    spec: WORLD_SPEC_VERSION,
    id: task.id,
    title: `Water ${targets.map((t) => t.name).join(', ')}`,
    types: TYPES,
    entities,
    predicates: PREDICATES,
    attributes: [
      { name: 'water', type: 'can', default: 0 },
      { name: 'capacity', type: 'can', default: 2 },
    ],
    facts,
    actions: ACTIONS,
    observations: {
      intro: [
        'You are in the middle of a garden. Looking quickly around you, you see ',
        list([p], { all: [] }),
        '.',
      ],
      look: [
        {
          list: {
            vars: [p],
            where: fact('at', '?p'),
            item: 'You are at the {p}.',
            empty: 'You are in the middle of a garden.',
          },
        },
        ' Looking quickly around you, you see ',
        list([p], { all: [] }),
        '.',
      ],
      inventory: [
        branch(
          handsFull,
          ['You are carrying: ', list([param('h', 'item')], fact('holding', '?h')), '.'],
          'You are not carrying anything.',
        ),
      ],
      success: 'Every plant you were asked to water is watered.',
    },
    goal: {
      instruction: `Your task is to: water ${joinAnd(targets.map((t) => `the ${t.name}`))}.`,
      success: { all: targets.map((t) => fact('watered', t.id)) },
      subgoals: targets.map((t) => ({
        id: `water_${t.id}`,
        description: `water the ${t.name}`,
        when: fact('watered', t.id),
      })),
      fail: [
        {
          when: exists([param('w', 'weed')], fact('watered', '?w')),
          message: 'You watered a weed, and it will now spread over the bed. The task has failed.',
        },
      ],
    },
    maxSteps: options.maxSteps ?? DEFAULT_MAX_STEPS,
  }
  // validateWorldSpec gives every mistake one line with its JSON path, where WorldSpec.parse
  // would throw a raw schema dump. Planning is left to the oracle: it is the slow part.
  const checked = validateWorldSpec(spec, { skipPlanning: true })
  if (checked.ok) return checked.spec
  throw new RefineryError(
    'invalid_spec',
    `The garden world of ${task.id} is not a valid WorldSpec: ${formatIssues(checked.issues)[0]}`,
    { hint: 'Fix gardenWorld in src/world.ts; `refinery world check` explains a spec file.' },
  )
}

/** `a`, `a and b`, `a, b, and c` (ALFWorld's lists). */
function joinAnd(items: readonly string[]): string {
  if (items.length <= 2) return items.join(' and ')
  return `${items.slice(0, -1).join(', ')}, and ${items.at(-1)}`
}

function taskParams(task: TaskRef): GardenTaskParams {
  const parsed = GardenTaskParams.safeParse(task.params)
  if (parsed.success) {
    const { beds, can, tools, plants } = parsed.data
    const tooFar = [can, ...tools.map((t) => t.at), ...plants.map((p) => `bed_${p.bed}`)].find(
      (at) => at.startsWith('bed_') && Number(at.slice(4)) > beds,
    )
    if (!tooFar) return parsed.data
    throw new RefineryError('invalid_input', `Task ${task.id} puts something in ${tooFar}.`, {
      hint: `The task has ${beds} beds.`,
    })
  }
  const issue = parsed.error.issues[0]
  throw new RefineryError(
    'invalid_input',
    `Task ${task.id} has bad garden params: ${issue?.message ?? 'invalid'}.`,
    {
      path: ['params', ...(issue?.path ?? [])].join('.'),
      hint: 'Build garden tasks with garden.task(split, index).',
    },
  )
}
