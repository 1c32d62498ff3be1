import { type Condition, deepFreeze, type Effect, type WorldSpec } from '@refinery/world'
import { all, any, branch, eq, exists, fact, not, param, reach, when } from './dsl'

type ActionSchema = WorldSpec['actions'][number]
type Check = ActionSchema['checks'][number]

/**
 * ScienceWorld's action templates as WorldSpec schemas. Where ScienceWorld answers only "No
 * known action matches that input.", each check here says what is wrong (the `rich`
 * profile); checks run in order and the first failure decides. Every check that names a thing
 * comes after the check that the agent can see it, so feedback never reveals what is out of
 * view (the environment grounds names against visible things only, too).
 */

const x = param('x', 'thing')
const y = param('y', 'thing')
const loc = param('loc', 'location')

const check = (
  require: Condition,
  fail: Check['fail'],
  status: Check['status'] = 'precondition_failed',
  place?: true,
): Check => (place ? { require, fail, status, place } : { require, fail, status })

const seen = (v: string) =>
  check(fact('here', `?${v}`), `You do not see the {${v}} here.`, 'precondition_failed', true)

/** Moves `?x` out of whatever holds it into `target`. */
const moveInto = (target: string): Effect[] => [
  {
    forall: {
      vars: [param('old', 'object')],
      where: fact('in', '?x', '?old'),
      do: [{ del: ['in', '?x', '?old'] }],
    },
  },
  { add: ['in', '?x', target] },
]

/** `?y` is (transitively, two levels) inside `?x`. */
const inside = (inner: string, outer: string): Condition =>
  any(
    fact('in', inner, outer),
    exists([param('mid', 'item')], all(fact('in', inner, '?mid'), fact('in', '?mid', outer))),
  )

/** A seed or plant grows in flower pot `pot`. */
const potted = (pot: string): Condition =>
  exists([param('o', 'item')], all(fact('seed', '?o'), fact('in', '?o', pot)))

/** The description actions whose text the environment writes (look around, look at, look in). */
export const DESCRIBE_ACTIONS = new Set(['look_around', 'look_at', 'look_in'])

export interface FocusRule {
  /** Things the task allows focusing on; anything else fails the task. */
  allowed: readonly string[]
  /** Pairs [later, earlier]: focusing on `later` before `earlier` fails the task. */
  order: ReadonlyArray<readonly [string, string]>
}

/**
 * The actions of every lab world but `focus`, written once and deeply frozen: the world cache
 * writes a frozen action's JSON once (its key), and the compiler shares a frozen action by
 * identity, where it wrote each world's copy out to find it among those compiled before.
 */
const BEFORE_FOCUS: readonly ActionSchema[] = deepFreeze([
  {
    name: 'look_around',
    params: [],
    pattern: 'look around',
    checks: [],
    effects: [],
    message: 'You look around.',
    description: 'describe the room you are in',
  },
  {
    name: 'look_at',
    params: [x],
    pattern: 'look at {x}',
    synonyms: ['examine {x}', 'x {x}'],
    checks: [seen('x')],
    effects: [],
    message: 'You look at the {x}.',
    description: 'describe a thing you can see',
  },
  {
    name: 'look_in',
    params: [x],
    pattern: 'look in {x}',
    checks: [
      seen('x'),
      check(fact('container', '?x'), 'The {x} is not a container.', 'invalid_argument'),
      check(reach('?x'), 'The {x} is closed. Open it first.'),
    ],
    effects: [],
    message: 'You look in the {x}.',
    description: 'list what is inside a container',
  },
  {
    name: 'go',
    params: [loc],
    pattern: 'go to {loc}',
    synonyms: ['go {loc}', 'walk to {loc}', 'move to {loc}'],
    checks: [
      check(not(fact('at', '?loc')), 'You are already in the {loc}.', 'no_effect'),
      check(
        exists([param('r', 'location')], all(fact('at', '?r'), fact('adjacent', '?r', '?loc'))),
        'There is no door to the {loc} here. Go through a room next to it.',
        'precondition_failed',
        true,
      ),
    ],
    effects: [
      {
        forall: {
          vars: [param('r', 'location')],
          where: fact('at', '?r'),
          do: [{ del: ['at', '?r'] }],
        },
      },
      { add: ['at', '?loc'] },
    ],
    message: 'You move to the {loc}.',
    description: 'walk through an open door to a neighbouring room',
  },
  {
    name: 'open',
    params: [x],
    pattern: 'open {x}',
    checks: [
      seen('x'),
      check(fact('openable', '?x'), 'The {x} cannot be opened.', 'invalid_argument'),
      check(not(fact('opened', '?x')), 'The {x} is already open.', 'no_effect'),
    ],
    effects: [{ add: ['opened', '?x'] }],
    message: 'The {x} is now open.',
  },
  {
    name: 'close',
    params: [x],
    pattern: 'close {x}',
    checks: [
      seen('x'),
      check(fact('openable', '?x'), 'The {x} cannot be closed.', 'invalid_argument'),
      check(fact('opened', '?x'), 'The {x} is already closed.', 'no_effect'),
    ],
    effects: [{ del: ['opened', '?x'] }],
    message: 'The {x} is now closed.',
  },
  {
    name: 'pick_up',
    params: [x],
    pattern: 'pick up {x}',
    synonyms: ['take {x}', 'get {x}'],
    checks: [
      seen('x'),
      check(not(fact('in', '?x', 'inventory')), 'You already have the {x}.', 'no_effect'),
      check(
        fact('portable', '?x'),
        [
          branch(
            fact('substance', '?x'),
            'The {x} cannot be picked up. A substance is carried in its container.',
            'The {x} cannot be picked up.',
          ),
        ],
        'invalid_argument',
      ),
    ],
    effects: moveInto('inventory'),
    message: 'You move the {x} to the inventory.',
    description: 'carry a thing you can see',
  },
  {
    name: 'put_down',
    params: [x],
    pattern: 'put down {x}',
    synonyms: ['drop {x}'],
    checks: [check(fact('in', '?x', 'inventory'), 'You are not carrying the {x}.')],
    effects: [
      { del: ['in', '?x', 'inventory'] },
      { forall: { vars: [loc], where: fact('at', '?loc'), do: [{ add: ['in', '?x', '?loc'] }] } },
    ],
    message: 'You move the {x} to the floor.',
    description: 'put down a thing you carry in the room',
  },
  {
    name: 'move',
    params: [x, y],
    pattern: 'move {x} to {y}',
    synonyms: ['put {x} in {y}', 'put {x} on {y}', 'place {x} in {y}'],
    checks: [
      seen('x'),
      seen('y'),
      check(not(eq('?x', '?y')), 'A thing cannot go inside itself.', 'invalid_argument'),
      check(
        fact('portable', '?x'),
        'The {x} cannot be moved. A substance is poured: pour {x} into {y}.',
        'invalid_argument',
      ),
      check(fact('container', '?y'), 'The {y} is not a container.', 'invalid_argument'),
      check(reach('?y'), 'The {y} is closed. Open it first.'),
      check(not(inside('?y', '?x')), 'The {y} is inside the {x}.', 'invalid_argument'),
      check(
        not(all(fact('seed', '?x'), fact('flowerpot', '?y'), potted('?y'))),
        'The {y} already has a plant in it. Use another flower pot.',
      ),
      check(not(fact('in', '?x', '?y')), 'The {x} is already in the {y}.', 'no_effect'),
    ],
    // A thing put on an inclined plane starts at its top.
    effects: [
      ...moveInto('?y'),
      when(fact('plane', '?y'), [{ set: { attr: ['pos', '?x'], value: 0 } }]),
    ],
    message: 'You move the {x} to the {y}.',
    description: 'move a thing you can see into a container',
  },
  {
    name: 'pour',
    params: [x, y],
    pattern: 'pour {x} into {y}',
    synonyms: ['pour {x} in {y}', 'dunk {x} into {y}'],
    checks: [
      seen('x'),
      seen('y'),
      check(not(eq('?x', '?y')), 'A thing cannot be poured into itself.', 'invalid_argument'),
      check(fact('container', '?y'), 'The {y} is not a container.', 'invalid_argument'),
      check(reach('?y'), 'The {y} is closed. Open it first.'),
      check(
        any(fact('substance', '?x'), exists([param('s', 'substance')], fact('in', '?s', '?x'))),
        'There is nothing to pour in the {x}.',
        'precondition_failed',
      ),
      check(not(fact('in', '?x', '?y')), 'The {x} is already in the {y}.', 'no_effect'),
    ],
    effects: [
      when(fact('substance', '?x'), moveInto('?y'), [
        {
          forall: {
            vars: [param('s', 'substance')],
            where: fact('in', '?s', '?x'),
            do: [{ del: ['in', '?s', '?x'] }, { add: ['in', '?s', '?y'] }],
          },
        },
      ]),
    ],
    message: 'You pour the {x} into the {y}.',
    description: 'pour a substance, or what a container holds, into a container',
  },
  {
    name: 'mix',
    params: [x],
    pattern: 'mix {x}',
    checks: [
      seen('x'),
      check(
        fact('container', '?x'),
        'Only what is in a container can be mixed.',
        'invalid_argument',
      ),
      check(
        exists(
          [param('p', 'substance'), param('a', 'substance'), param('b', 'substance')],
          all(fact('makes', '?a', '?b', '?p'), fact('in', '?a', '?x'), fact('in', '?b', '?x')),
        ),
        'Mixing the {x} makes nothing new: it does not hold the ingredients of a recipe.',
        'no_effect',
      ),
    ],
    effects: [
      {
        forall: {
          vars: [param('p', 'substance'), param('a', 'substance'), param('b', 'substance')],
          where: all(
            fact('makes', '?a', '?b', '?p'),
            fact('in', '?a', '?x'),
            fact('in', '?b', '?x'),
          ),
          do: [
            { del: ['in', '?a', '?x'] },
            { del: ['in', '?b', '?x'] },
            { add: ['in', '?p', '?x'] },
          ],
        },
      },
    ],
    message: 'You mix the {x}, which makes something new.',
    description: 'mix what a container holds, following a recipe',
  },
  {
    name: 'read',
    params: [x],
    pattern: 'read {x}',
    checks: [
      seen('x'),
      check(fact('readable', '?x'), 'There is nothing written on the {x}.', 'invalid_argument'),
    ],
    effects: [],
    message: 'You read the {x}.',
  },
  {
    name: 'activate',
    params: [x],
    pattern: 'activate {x}',
    synonyms: ['turn on {x}', 'switch on {x}'],
    checks: [
      seen('x'),
      check(fact('device', '?x'), 'The {x} cannot be activated.', 'invalid_argument'),
      check(not(fact('active', '?x')), 'The {x} is already on.', 'no_effect'),
    ],
    // A stopwatch starts again from zero.
    effects: [
      { add: ['active', '?x'] },
      when(fact('stopwatch', '?x'), [{ set: { attr: ['ticks', '?x'], value: 0 } }]),
    ],
    message: 'The {x} is now activated.',
  },
  {
    name: 'deactivate',
    params: [x],
    pattern: 'deactivate {x}',
    synonyms: ['turn off {x}', 'switch off {x}'],
    checks: [
      seen('x'),
      check(fact('device', '?x'), 'The {x} cannot be deactivated.', 'invalid_argument'),
      check(fact('active', '?x'), 'The {x} is already off.', 'no_effect'),
    ],
    // Stopping a stopwatch with a block at the bottom of a plane times that plane's run.
    effects: [
      { del: ['active', '?x'] },
      when(fact('stopwatch', '?x'), [
        {
          forall: {
            vars: [param('p', 'item'), param('k', 'item')],
            where: all(fact('plane', '?p'), fact('in', '?k', '?p'), {
              compare: [{ attr: ['pos', '?k'] }, '>=', 100],
            }),
            do: [{ add: ['timed', '?p'] }],
          },
        },
      ]),
    ],
    message: 'The {x} is now deactivated.',
  },
  {
    name: 'use',
    params: [x, y],
    pattern: 'use {x} on {y}',
    checks: [
      seen('x'),
      seen('y'),
      check(
        any(fact('thermometer', '?x'), fact('magnet', '?x')),
        'The {x} cannot be used on anything. A thermometer measures; a magnet attracts.',
        'invalid_argument',
      ),
      check(
        any(fact('in', '?x', 'inventory'), not(fact('portable', '?x'))),
        'You need to hold the {x} to use it. Pick it up first.',
      ),
    ],
    effects: [{ increase: { attr: ['uses', '?x'], value: 1 } }, { add: ['probed', '?y'] }],
    message: [
      branch(
        fact('thermometer', '?x'),
        'The {x} measures a temperature of {y.temp} degrees celsius.',
        [
          branch(
            fact('magnetic', '?y'),
            'The {y} is attracted to the {x}.',
            'The {y} is not attracted to the {x}.',
          ),
        ],
      ),
    ],
    description: 'use a thermometer or a magnet you hold on a thing',
  },
  {
    name: 'connect',
    params: [x, y],
    pattern: 'connect {x} to {y}',
    synonyms: ['connect {x} with {y}'],
    checks: [
      seen('x'),
      seen('y'),
      check(not(eq('?x', '?y')), 'A thing cannot be connected to itself.', 'invalid_argument'),
      check(
        any(fact('electrical', '?x'), fact('electrical', '?y')),
        'Neither the {x} nor the {y} is part of an electrical circuit.',
        'invalid_argument',
      ),
      check(
        not(fact('wired', '?x', '?y')),
        'The {x} is already connected to the {y}.',
        'no_effect',
      ),
    ],
    effects: [{ add: ['wired', '?x', '?y'] }, { add: ['wired', '?y', '?x'] }],
    message: 'The {x} is now connected to the {y}.',
    description: 'connect two things with a wire',
  },
])

const AFTER_FOCUS: readonly ActionSchema[] = deepFreeze([
  {
    name: 'wait',
    params: [],
    pattern: 'wait',
    checks: [],
    synonyms: ['wait1', 'wait 1', 'wait one turn'],
    effects: [],
    message: 'You decide to wait for 1 iterations.',
    description: 'let time pass',
  },
  {
    name: 'task',
    params: [],
    pattern: 'task',
    checks: [],
    effects: [],
    message: 'You recall your task.',
    hidden: true,
  },
])

/** The lab's actions for a task's focus rule: all but `focus` are shared and frozen (copy one to change it). */
export function labActions(focus: FocusRule): ActionSchema[] {
  const wrongFocus = any(
    all(...focus.allowed.map((t) => not(eq('?x', t)))),
    ...focus.order.map(([later, earlier]) => all(eq('?x', later), not(fact('focused', earlier)))),
  )
  return [
    ...BEFORE_FOCUS,
    {
      name: 'focus',
      params: [x],
      pattern: 'focus on {x}',
      checks: [
        seen('x'),
        check(not(fact('focused', '?x')), 'You are already focused on the {x}.', 'no_effect'),
      ],
      effects: [{ add: ['focused', '?x'] }, when(wrongFocus, [{ add: ['misfocus', '?x'] }])],
      message: 'You focus on the {x}.',
      description: 'say which thing the task is about (focusing on the wrong thing fails the task)',
    },
    ...AFTER_FOCUS,
  ]
}
