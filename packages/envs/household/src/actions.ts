import type { Condition, WorldSpec } from '@refinery/world'
import {
  all,
  any,
  branch,
  contents,
  exists,
  fact,
  handsFull,
  is,
  list,
  not,
  param,
  reachable,
  receptacleView,
} from './dsl'

type ActionSchema = WorldSpec['actions'][number]
type Check = ActionSchema['checks'][number]
type FailStatus = Check['status']
type Text = Check['fail']

/**
 * The action schemas every household world shares: ALFWorld's old grammar, as AgentBoard
 * and AgentBench use it. Where ALFWorld answers only "Nothing happens.", each check says what
 * is wrong and what would work; checks run in order and the first failure decides.
 */

// Parameter names show in the parser's feedback ("{recep} must be a receptacle").
const r = param('recep', 'receptacle')
const o = param('obj', 'item')

function check(require: Condition, fail: Text, status: FailStatus, place?: true): Check {
  return place ? { require, fail, status, place } : { require, fail, status }
}

/** The agent stands at the receptacle. */
const atR = (v = 'recep') =>
  check(
    fact('at', `?${v}`),
    `You are not at the {${v}}. Go to the {${v}} first.`,
    'precondition_failed',
    true,
  )

/** The receptacle is open or has no door. */
const openR = (v = 'recep') =>
  check(reachable(`?${v}`), `The {${v}} is closed. Open it first.`, 'precondition_failed')

const holdingO = check(
  fact('holding', '?obj'),
  'You are not carrying the {obj}. Take it first.',
  'precondition_failed',
)

/** `heat|cool|clean {obj} with {recep}`: one schema per treatment, same checks, same shape. */
function treatment(
  name: 'heat' | 'cool' | 'clean',
  tool: string,
  capability: string,
  state: string,
  undo?: string,
): ActionSchema {
  const adjective = { heat: 'hot', cool: 'cool', clean: 'clean' }[name]
  const participle = { heat: 'heated', cool: 'cooled', clean: 'cleaned' }[name]
  return {
    name,
    params: [o, r],
    pattern: `${name} {obj} with {recep}`,
    synonyms: [`${name} {obj} using {recep}`, `${name} {obj} in {recep}`],
    checks: [
      check(
        is('?recep', tool),
        `You cannot ${name} things with the {recep}. Use a ${tool}.`,
        'invalid_argument',
      ),
      check(fact(capability, '?obj'), `The {obj} cannot be ${participle}.`, 'invalid_argument'),
      holdingO,
      atR(),
      check(not(fact(state, '?obj')), `The {obj} is already ${adjective}.`, 'no_effect'),
    ],
    effects: [{ add: [state, '?obj'] }, ...(undo ? [{ del: [undo, '?obj'] }] : [])],
    message: `You ${name} the {obj} using the {recep}.`,
    paraphrases: [
      `You ${name} the {obj} with the {recep}.`,
      `The {obj} is now ${adjective}: you ${name} it using the {recep}.`,
    ],
    description: `${name} the object you carry with a ${tool}`,
  }
}

export function householdActions(): ActionSchema[] {
  return [
    {
      name: 'go',
      params: [r],
      pattern: 'go to {recep}',
      synonyms: ['goto {recep}', 'walk to {recep}', 'go {recep}'],
      checks: [check(not(fact('at', '?recep')), 'You are already at the {recep}.', 'no_effect')],
      effects: [
        {
          forall: {
            vars: [param('x', 'receptacle')],
            where: fact('at', '?x'),
            do: [{ del: ['at', '?x'] }],
          },
        },
        { add: ['at', '?recep'] },
      ],
      message: ['You arrive at {recep}. ', receptacleView('recep')],
      paraphrases: [['You reach the {recep}. ', receptacleView('recep')]],
      description: 'walk to a receptacle and see what is in/on it',
    },
    {
      name: 'open',
      params: [r],
      pattern: 'open {recep}',
      checks: [
        check(
          fact('openable', '?recep'),
          'The {recep} cannot be opened; it has no door or lid.',
          'invalid_argument',
        ),
        atR(),
        check(not(fact('opened', '?recep')), 'The {recep} is already open.', 'no_effect'),
      ],
      effects: [{ add: ['opened', '?recep'] }],
      message: [
        'You open the {recep}. The {recep} is open. In it, you see ',
        contents('?recep'),
        '.',
      ],
      paraphrases: [
        ['You open the {recep}. Inside the {recep}, you see ', contents('?recep'), '.'],
      ],
      description: 'open a cabinet, drawer, fridge, microwave or safe you are at',
    },
    {
      name: 'close',
      params: [r],
      pattern: 'close {recep}',
      checks: [
        check(
          fact('openable', '?recep'),
          'The {recep} cannot be closed; it has no door or lid.',
          'invalid_argument',
        ),
        atR(),
        check(fact('opened', '?recep'), 'The {recep} is already closed.', 'no_effect'),
      ],
      effects: [{ del: ['opened', '?recep'] }],
      message: 'You close the {recep}.',
      paraphrases: ['You shut the {recep}.'],
      description: 'close an open receptacle you are at',
    },
    {
      name: 'take',
      params: [o, r],
      pattern: 'take {obj} from {recep}',
      synonyms: [
        'pick up {obj} from {recep}',
        'get {obj} from {recep}',
        'take {obj} out of {recep}',
      ],
      checks: [
        check(
          is('?obj', 'portable'),
          [
            'The {obj} cannot be picked up.',
            branch(is('?obj', 'lamp'), ' You can turn it on: use {obj}.'),
          ],
          'invalid_argument',
        ),
        // Before "go to the {recep}": the object may be right here, in view elsewhere.
        check(
          any(fact('at', '?recep'), not(inViewHere('?obj'))),
          [
            'The {obj} is not in/on the {recep}: it is in/on the ',
            list(
              [param('s', 'receptacle')],
              all(fact('at', '?s'), fact('in', '?obj', '?s')),
              '{s}',
            ),
            ', where you are. Take it from there.',
          ],
          'precondition_failed',
        ),
        atR(),
        openR(),
        check(not(fact('holding', '?obj')), 'You are already carrying the {obj}.', 'no_effect'),
        check(
          fact('in', '?obj', '?recep'),
          'There is no {obj} in/on the {recep}.',
          'precondition_failed',
          true,
        ),
        check(
          not(handsFull),
          [
            'You can carry only one thing at a time and you are carrying ',
            list([param('h', 'portable')], fact('holding', '?h'), 'the {h}'),
            '. Put it in/on a receptacle first.',
          ],
          'precondition_failed',
        ),
      ],
      effects: [{ del: ['in', '?obj', '?recep'] }, { add: ['holding', '?obj'] }],
      message: 'You pick up the {obj} from the {recep}.',
      paraphrases: ['You take the {obj} from the {recep}.', 'You grab the {obj} from the {recep}.'],
      description: 'pick up an object from the receptacle you are at',
    },
    {
      name: 'put',
      params: [o, r],
      pattern: 'put {obj} in/on {recep}',
      synonyms: [
        'put {obj} in {recep}',
        'put {obj} on {recep}',
        'put {obj} into {recep}',
        'place {obj} in/on {recep}',
        'move {obj} to {recep}',
      ],
      checks: [
        check(fact('holding', '?obj'), 'You are not carrying the {obj}.', 'precondition_failed'),
        atR(),
        openR(),
      ],
      effects: [{ del: ['holding', '?obj'] }, { add: ['in', '?obj', '?recep'] }],
      message: 'You put the {obj} in/on the {recep}.',
      paraphrases: [
        'You place the {obj} in/on the {recep}.',
        'You set the {obj} in/on the {recep}.',
      ],
      description: 'put the object you carry in/on the receptacle you are at',
    },
    treatment('heat', 'microwave', 'heatable', 'hot', 'cold'),
    treatment('cool', 'fridge', 'coolable', 'cold', 'hot'),
    treatment('clean', 'sinkbasin', 'cleanable', 'clean'),
    {
      name: 'slice',
      params: [o, param('knife', 'knife')],
      pattern: 'slice {obj} with {knife}',
      synonyms: ['cut {obj} with {knife}', 'slice {obj} using {knife}'],
      checks: [
        check(fact('sliceable', '?obj'), 'The {obj} cannot be sliced.', 'invalid_argument'),
        check(
          fact('holding', '?knife'),
          'You need to carry the {knife} to slice with it.',
          'precondition_failed',
        ),
        check(
          exists(
            [param('s', 'receptacle')],
            all(fact('at', '?s'), reachable('?s'), fact('in', '?obj', '?s')),
          ),
          'The {obj} is not in/on the receptacle you are at. Go to it first.',
          'precondition_failed',
          true,
        ),
        check(not(fact('sliced', '?obj')), 'The {obj} is already sliced.', 'no_effect'),
      ],
      effects: [{ add: ['sliced', '?obj'] }],
      message: 'You slice the {obj} with the {knife}.',
      paraphrases: ['You cut the {obj} with the {knife}.'],
      description: 'slice food in/on the receptacle you are at with the knife you carry',
    },
    {
      name: 'use',
      params: [param('lamp', 'lamp')],
      pattern: 'use {lamp}',
      synonyms: ['turn on {lamp}', 'toggle {lamp}', 'switch on {lamp}'],
      checks: [
        check(
          exists([param('s', 'receptacle')], all(fact('at', '?s'), fact('in', '?lamp', '?s'))),
          'The {lamp} is not here. Go to the receptacle it stands on first.',
          'precondition_failed',
          true,
        ),
        check(not(fact('lit', '?lamp')), 'The {lamp} is already on.', 'no_effect'),
      ],
      effects: [{ add: ['lit', '?lamp'] }],
      message: 'You turn on the {lamp}.',
      paraphrases: ['You switch on the {lamp}.', 'The {lamp} is now on.'],
      description: 'turn on a lamp on the receptacle you are at',
    },
    {
      name: 'examine',
      params: [param('thing', 'thing')],
      pattern: 'examine {thing}',
      synonyms: ['look at {thing}', 'inspect {thing}'],
      checks: [
        check(
          visible('?thing'),
          'You cannot see the {thing} from here. Go to it, or to the receptacle it is in/on, first.',
          'precondition_failed',
          true,
        ),
      ],
      effects: [],
      message: [branch(is('?thing', 'receptacle'), [receptacleView('thing')], itemView('thing'))],
      description: 'look closely at a receptacle you are at or an object you can see',
    },
  ]
}

/** `x` lies in/on the open receptacle the agent is at. */
function inViewHere(x: string): Condition {
  return exists(
    [param('s', 'receptacle')],
    all(fact('at', '?s'), reachable('?s'), fact('in', x, '?s')),
  )
}

/** The agent is at receptacle `x`, carries object `x`, or sees `x` in/on the open receptacle it is at. */
function visible(x: string): Condition {
  return any(fact('at', x), fact('holding', x), inViewHere(x))
}

/** `examine apple 1` in ALFWorld's words: "This is a hot apple 1.", or "nothing special". */
function itemView(v: string): Text {
  const x = `?${v}`
  const states = ['hot', 'cold', 'clean', 'sliced']
  return [
    branch(
      is(x, 'lamp'),
      [
        branch(
          fact('lit', x),
          `This is a {${v}}. It is turned on.`,
          `This is a {${v}}. It is turned off; use {${v}} to turn it on.`,
        ),
      ],
      [
        branch(
          any(...states.map((state) => fact(state, x))),
          ['This is a', ...states.map((state) => branch(fact(state, x), ` ${state}`)), ` {${v}}.`],
          `There's nothing special about {${v}}.`,
        ),
      ],
    ),
  ]
}
