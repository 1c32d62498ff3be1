import {
  type Condition,
  deepFreeze,
  type Text,
  type TextPart,
  WORLD_SPEC_VERSION,
  type WorldSpec,
} from '@refinery/world'
import { adventureActions, stateLines, type Voice } from './actions'
import { type Blueprint, DIRECTION_ALIASES, DIRECTIONS, type MilestonePlan } from './blueprint'
import { all, any, branch, eq, exists, fact, list, litHere, not, param, part } from './dsl'

/** Jericho games run long; AgentBoard's loop stops at 30 steps well before this. */
export const DEFAULT_MAX_STEPS = 100

/** Points for winning, on top of the milestones'. */
export const WIN_POINTS = 25

export const dirId = (d: string) => `dir_${d}`

const article = (name: string) => (/^[aeiou]/i.test(name) ? 'an' : 'a')

/** The last word of a multi-word name, as players shorten it: `key` for `brass key`. */
const headNoun = (name: string) =>
  name.includes(' ') ? name.slice(name.lastIndexOf(' ') + 1) : undefined

/** The world's goal in one sentence, as the agent reads it. */
export function goalInstruction(b: Blueprint): string {
  const treasure = b.items.find((i) => i.id === b.goal.treasure)!.name
  const target =
    b.containers.find((c) => c.id === b.goal.target)?.name ??
    b.people.find((p) => p.id === b.goal.target)?.name
  const find = `Find the ${treasure} hidden in ${b.place}`
  if (b.goal.kind === 'put') return `${find} and put it in the ${target}.`
  if (b.goal.kind === 'give') return `${find} and give it to the ${target}.`
  return `${find} and take it.`
}

/**
 * The WorldSpec of a blueprint. Both voices give the same world (facts, actions, goal); only
 * the replies to failed actions differ.
 */
export function adventureWorld(
  id: string,
  b: Blueprint,
  options: { voice?: Voice; maxSteps?: number } = {},
): WorldSpec {
  const voice = options.voice ?? 'rich'
  const names = new Set<string>([
    ...b.rooms.map((r) => r.name.toLowerCase()),
    ...b.doors.map((d) => d.name),
    ...b.containers.map((c) => c.name),
    ...b.items.map((i) => i.name),
    ...b.people.map((p) => p.name),
    ...DIRECTIONS,
  ])
  const aliases = (name: string): { aliases?: string[] } => {
    const head = headNoun(name)
    return head && !names.has(head) ? { aliases: [head] } : {}
  }
  const itemType = { key: 'key', lamp: 'lamp', treasure: 'item', gift: 'item', junk: 'item' }
  const entities: WorldSpec['entities'] = [
    ...b.rooms.map((r) => ({ id: r.id, type: 'room', name: r.name, article: 'the' })),
    ...DIRECTIONS.map((d) => ({
      id: dirId(d),
      type: 'direction',
      name: d,
      aliases: [...DIRECTION_ALIASES[d]],
    })),
    ...b.doors.map((d) => ({
      id: d.id,
      type: 'door',
      name: d.name,
      article: 'an',
      ...aliases(d.name),
    })),
    ...b.containers.map((c) => ({
      id: c.id,
      type: 'container',
      name: c.name,
      article: article(c.name),
      ...aliases(c.name),
    })),
    ...b.items.map((i) => ({
      id: i.id,
      type: itemType[i.kind],
      name: i.name,
      article: article(i.name),
      ...aliases(i.name),
    })),
    ...b.people.map((p) => ({
      id: p.id,
      type: 'person',
      name: p.name,
      article: 'the',
      ...aliases(p.name),
    })),
  ]
  for (const e of entities) if (e.type === 'door') e.article = article(e.name)

  const facts = worldFacts(b)

  const roomView = roomText(b)
  return {
    spec: WORLD_SPEC_VERSION,
    id,
    title: goalInstruction(b),
    types: TYPES,
    entities,
    predicates: PREDICATE_DECLS,
    attributes: [],
    facts,
    actions: adventureActions(voice, { roomView, examine: examineText(b), talk: talkText(b) }),
    processes: [],
    derived: DERIVED,
    observations: {
      look: roomView,
      inventory: [
        branch(
          exists([param('vh', 'item')], fact('held', '?vh')),
          ['You are carrying ', list([param('vh', 'item')], fact('held', '?vh'), '{a vh}'), '.'],
          'You are empty-handed.',
        ),
      ],
      success: '\n*** You have won ***',
    },
    meta: META,
    goal: {
      instruction: goalInstruction(b),
      success: successCondition(b),
      subgoals: b.milestones.map((m) => ({ id: m.id, when: milestoneCondition(m) })),
      fail: [],
    },
    maxSteps: options.maxSteps ?? DEFAULT_MAX_STEPS,
  }
}

/** The facts a blueprint's world starts with, as `[pred, ...args]` with entity ids. */
export function worldFacts(b: Blueprint): string[][] {
  const facts: string[][] = [['at', b.rooms[0]!.id]]
  for (const e of b.exits) facts.push(['exit', e.from, dirId(e.dir), e.to])
  for (const r of b.rooms) if (r.dark) facts.push(['dark', r.id])
  for (const d of b.doors) {
    for (const s of d.sides) facts.push(['doorway', s.room, dirId(s.dir), d.id])
    facts.push(['openable', d.id], ['closed', d.id])
    if (d.locked) facts.push(['lockable', d.id], ['locked', d.id])
  }
  for (const c of b.containers) {
    facts.push(['in', c.id, c.room])
    if (c.closed) facts.push(['openable', c.id], ['closed', c.id])
    if (c.locked) facts.push(['lockable', c.id], ['locked', c.id])
  }
  for (const i of b.items) {
    facts.push(['in', i.id, i.at])
    if (i.opens) facts.push(['fits', i.id, i.opens])
  }
  for (const p of b.people) {
    facts.push(['in', p.id, p.room])
    if (p.wants) facts.push(['wants', p.id, p.wants])
    if (p.blocks) facts.push(['blocks', p.id, p.room, dirId(p.blocks)], ['guard', p.id])
    if (p.reward) facts.push(['reward', p.id, p.reward])
    if (p.patron) facts.push(['patron', p.id])
  }
  return facts
}

function successCondition(b: Blueprint): Condition {
  const { kind, treasure, target } = b.goal
  if (kind === 'put') return fact('in', treasure, target!)
  if (kind === 'give') return fact('satisfied', target!)
  return fact('held', treasure)
}

export function milestoneCondition(m: MilestonePlan): Condition {
  switch (m.kind) {
    case 'took':
      return fact('held', m.of)
    case 'unlocked':
      return not(fact('locked', m.of))
    case 'satisfied':
      return fact('satisfied', m.of)
    case 'visited':
      return fact('at', m.of)
    case 'lit':
      return all(fact('at', m.of), fact('lit', m.of))
  }
}

/** What the player sees in the room they are in: Inform's room description. */
function roomText(b: Blueprint): Text {
  const vr = param('vr', 'room')
  const vr2 = param('vr2', 'room')
  const vi = param('vi', 'item')
  const ve = param('ve', 'direction')
  const inHere = (v: string) => exists([vr], all(fact('at', '?vr'), fact('in', v, '?vr')))
  const parts: TextPart[] = [list([vr], fact('at', '?vr'), '{vr}'), '\n']
  for (const r of b.rooms) parts.push(branch(fact('at', r.id), r.description))
  parts.push(
    branch(exists([vi], inHere('?vi')), [
      ' You can see ',
      list([vi], inHere('?vi'), '{a vi}'),
      ' here.',
    ]),
  )
  for (const c of b.containers) {
    parts.push(
      branch(fact('at', c.room), [
        ` There is {a ${c.id}} here`,
        branch(
          fact('closed', c.id),
          ' (closed)',
          branch(
            exists([vi], fact('in', '?vi', c.id)),
            [' (in which you see ', list([vi], fact('in', '?vi', c.id), '{a vi}'), ')'],
            ' (empty)',
          ),
        ),
        '.',
      ]),
    )
  }
  for (const p of b.people) {
    parts.push(
      branch(fact('at', p.room), [
        ` {The ${p.id}} is here.`,
        ...(p.blocks
          ? [
              branch(
                fact('blocks', p.id, p.room, dirId(p.blocks)),
                ` {The ${p.id}} blocks the way ${p.blocks}.`,
              ),
            ]
          : []),
      ]),
    )
  }
  for (const d of b.doors) {
    for (const s of d.sides) {
      parts.push(
        branch(fact('at', s.room), [
          ` {The ${d.id}} leads ${s.dir}`,
          branch(fact('closed', d.id), ' (closed)', ' (open)'),
          '.',
        ]),
      )
    }
  }
  parts.push(
    ' Exits: ',
    list(
      [ve],
      exists([vr, vr2], all(fact('at', '?vr'), fact('exit', '?vr', '?ve', '?vr2'))),
      '{ve}',
      'comma',
    ),
    '.',
  )
  return [branch(litHere, parts, 'It is pitch dark. You are likely to be eaten by a grue.')]
}

const ITEM_LINES = {
  key: 'A small key. It must open something.',
  lamp: 'A lamp for dark places.',
  treasure: 'It gleams. It must be worth a fortune.',
  gift: 'Someone might be glad of it.',
  junk: 'There is nothing special about it.',
} as const

function examineText(b: Blueprint): Text {
  const x = '?x'
  const lines: TextPart[] = [
    ...b.items.map((i) => branch(eq(x, i.id), ITEM_LINES[i.kind])),
    ...b.containers.map((c) => branch(eq(x, c.id), `A sturdy ${c.name}.`)),
    ...b.doors.map((d) => branch(eq(x, d.id), `A solid ${d.name}.`)),
    ...b.people.map((p) =>
      branch(
        eq(x, p.id),
        p.blocks
          ? `The ${p.name} eyes you, standing in the way ${p.blocks}.`
          : `The ${p.name} looks at you.`,
      ),
    ),
  ]
  return [...lines, part(stateLines('x'))]
}

function talkText(b: Blueprint): Text {
  const treasure = b.items.find((i) => i.id === b.goal.treasure)!.name
  return b.people.map((p) => {
    const name = `The ${p.name}`
    let ask: string
    if (p.patron) ask = `${name} says: "Please, find the ${treasure} and bring it to me."`
    else if (p.blocks)
      ask = `${name} grumbles: "Nobody passes here... unless you bring me ${p.hint}."`
    else ask = `${name} whispers: "I have something you will need. I will trade it for ${p.hint}."`
    return branch(eq('?p', p.id), [
      branch(fact('satisfied', p.id), `${name} nods at you, content.`, ask),
    ])
  })
}

/** Predicates: name, parameters as [name, type], sentence for a true fact (none: hidden). */
const PREDICATES: ReadonlyArray<
  readonly [string, ReadonlyArray<readonly [string, string]>, string?]
> = [
  ['at', [['r', 'room']], 'You are in {the r}.'],
  [
    'in',
    [
      ['x', 'thing'],
      ['l', 'object'],
    ],
    'The {x} is in {the l}.',
  ],
  ['held', [['x', 'thing']], 'You are carrying the {x}.'],
  ['closed', [['x', 'thing']], 'The {x} is closed.'],
  ['locked', [['x', 'thing']], 'The {x} is locked.'],
  ['on', [['x', 'thing']], 'The {x} is on.'],
  ['satisfied', [['p', 'person']], 'The {p} is satisfied.'],
  [
    'exit',
    [
      ['r', 'room'],
      ['d', 'direction'],
      ['r2', 'room'],
    ],
  ],
  [
    'doorway',
    [
      ['r', 'room'],
      ['d', 'direction'],
      ['x', 'thing'],
    ],
  ],
  ['dark', [['r', 'room']]],
  ['lit', [['r', 'room']]],
  ['visible', [['x', 'thing']]],
  ['openable', [['x', 'thing']]],
  ['lockable', [['x', 'thing']]],
  [
    'fits',
    [
      ['k', 'thing'],
      ['x', 'thing'],
    ],
  ],
  [
    'wants',
    [
      ['p', 'person'],
      ['x', 'thing'],
    ],
  ],
  [
    'blocks',
    [
      ['p', 'person'],
      ['r', 'room'],
      ['d', 'direction'],
    ],
  ],
  ['guard', [['p', 'person']]],
  ['patron', [['p', 'person']]],
  [
    'reward',
    [
      ['p', 'person'],
      ['x', 'thing'],
    ],
  ],
  ['fresh', [['x', 'thing']]],
]

/**
 * The parts every world has alike, built once and frozen: the world cache writes a frozen
 * part's JSON once for all worlds (see compileBuiltWorld), and a synthesis run builds a world
 * per episode.
 */
const TYPES: WorldSpec['types'] = deepFreeze([
  { name: 'room' },
  { name: 'direction' },
  { name: 'thing' },
  { name: 'item', parent: 'thing' },
  { name: 'key', parent: 'item' },
  { name: 'lamp', parent: 'item' },
  { name: 'container', parent: 'thing' },
  { name: 'door', parent: 'thing' },
  { name: 'person', parent: 'thing' },
])
const PREDICATE_DECLS: WorldSpec['predicates'] = deepFreeze(
  PREDICATES.map(([name, params, text]) => ({
    name,
    params: params.map(([n, type]) => param(n, type)),
    ...(text ? { text } : { hidden: true }),
  })),
)
const META: WorldSpec['meta'] = deepFreeze({
  look: true,
  inventory: true,
  checkValidActions: true,
  help: true,
})

const lr = param('lr', 'room')
const ll = param('ll', 'lamp')
const lc = param('lc', 'container')
const ld = param('ld', 'direction')

/**
 * Light, then what is in view: derived again after every change. Frozen, so that every world
 * shares their compilation (see `adventureActions`).
 */
const DERIVED: WorldSpec['derived'] = deepFreeze([
  {
    predicate: 'lit',
    params: [param('r', 'room')],
    when: any(
      not(fact('dark', '?r')),
      exists([ll], all(fact('on', '?ll'), any(fact('held', '?ll'), fact('in', '?ll', '?r')))),
    ),
  },
  {
    predicate: 'visible',
    params: [param('x', 'thing')],
    when: any(
      fact('held', '?x'),
      exists(
        [lr],
        all(
          fact('at', '?lr'),
          fact('lit', '?lr'),
          any(
            fact('in', '?x', '?lr'),
            exists(
              [lc],
              all(fact('in', '?lc', '?lr'), not(fact('closed', '?lc')), fact('in', '?x', '?lc')),
            ),
            exists([ld], fact('doorway', '?lr', '?ld', '?x')),
          ),
        ),
      ),
    ),
  },
])
