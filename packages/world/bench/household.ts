import type { Atom, Condition, Effect, Text, TextPart, WorldSpecInput } from '../src/spec'

/** `{ if, then, else }` and `{ when, then, else }` built without a literal `then` key (lint). */
const THEN = 'then' as const
function ifThen(cond: Condition, yes: Text, no?: Text): TextPart {
  return { if: cond, [THEN]: yes, ...(no === undefined ? {} : { else: no }) } as TextPart
}
function whenThen(cond: Condition, yes: Effect[], no?: Effect[]): Effect {
  return { when: cond, [THEN]: yes, ...(no === undefined ? {} : { else: no }) } as Effect
}

/**
 * An ALFWorld-sized household for the benchmark: 21 receptacles, 21 objects (42 entities),
 * 12 action schemas with ordered checks, a derived `reachable`, and the ALFWorld replies.
 */
export function householdWorld(): WorldSpecInput {
  const receptacles: [string, number, string[]][] = [
    ['cabinet', 6, ['openable']],
    ['countertop', 2, []],
    ['drawer', 3, ['openable']],
    ['fridge', 1, ['openable', 'cooler']],
    ['microwave', 1, ['openable', 'heater']],
    ['sinkbasin', 1, ['cleaner']],
    ['stoveburner', 2, ['heater']],
    ['shelf', 2, []],
    ['diningtable', 1, []],
    ['garbagecan', 1, []],
    ['sidetable', 1, []],
  ]
  const objects: [string, string, number, string, string[]][] = [
    ['apple', 'food', 2, 'countertop_1', ['sliceable']],
    ['bread', 'food', 1, 'diningtable_1', ['sliceable']],
    ['egg', 'food', 1, 'fridge_1', []],
    ['potato', 'food', 1, 'cabinet_2', ['sliceable']],
    ['lettuce', 'food', 1, 'fridge_1', ['sliceable']],
    ['tomato', 'food', 1, 'countertop_2', ['sliceable']],
    ['mug', 'dish', 2, 'cabinet_1', []],
    ['cup', 'dish', 1, 'shelf_1', []],
    ['plate', 'dish', 1, 'cabinet_3', []],
    ['bowl', 'dish', 1, 'drawer_1', []],
    ['pan', 'dish', 1, 'stoveburner_1', []],
    ['knife', 'tool', 1, 'drawer_2', ['sharp']],
    ['butterknife', 'tool', 1, 'diningtable_1', ['sharp']],
    ['spoon', 'tool', 1, 'drawer_3', []],
    ['fork', 'tool', 1, 'countertop_1', []],
    ['saltshaker', 'tool', 1, 'shelf_2', []],
    ['peppershaker', 'tool', 1, 'sidetable_1', []],
    ['desklamp', 'lamp', 1, 'sidetable_1', []],
  ]
  const entities: WorldSpecInput['entities'] = []
  const facts: Atom[] = []
  for (const [name, count, flags] of receptacles) {
    for (let n = 1; n <= count; n++) {
      const id = `${name}_${n}`
      entities.push({ id, type: 'receptacle', name, number: n })
      for (const flag of flags) facts.push([flag, id])
    }
  }
  for (const [name, type, count, where, flags] of objects) {
    for (let n = 1; n <= count; n++) {
      const id = `${name}_${n}`
      entities.push({ id, type, name, number: n })
      facts.push(['in', id, n === 1 ? where : 'cabinet_4'])
      for (const flag of flags) facts.push([flag, id])
    }
  }

  const r = [{ name: 'r', type: 'receptacle' }]
  const o = [{ name: 'o', type: 'item' }]
  const or = [...o, ...r]
  const fact = (...atom: string[]): Condition => ({ fact: atom })
  const not = (c: Condition): Condition => ({ not: c })
  const atR = { require: fact('at', '?r'), fail: 'You need to go to {the r} first.', place: true }
  const reachableR = { require: fact('reachable', '?r'), fail: 'The {r} is closed.' }
  const holdingO = { require: fact('holding', '?o'), fail: 'You are not holding {the o}.' }
  const contents = (v: string): Text => [
    { list: { vars: [{ name: 'x', type: 'item' }], where: fact('in', '?x', v), empty: 'nothing' } },
  ]
  const handsFree: Condition = not({
    exists: { vars: [{ name: 'h', type: 'item' }], where: fact('holding', '?h') },
  })
  const tool = (verb: string, flag: string, effect: string, message: string) => ({
    name: verb,
    params: or,
    pattern: `${verb} {o} with {r}`,
    checks: [
      holdingO,
      atR,
      { require: fact(flag, '?r'), fail: `You cannot ${verb} anything with {the r}.` },
    ],
    effects: [{ add: [effect, '?o'] }],
    message,
  })

  return {
    id: 'bench-household',
    title: 'Benchmark household',
    types: [
      { name: 'receptacle' },
      { name: 'item' },
      { name: 'food', parent: 'item' },
      { name: 'dish', parent: 'item' },
      { name: 'tool', parent: 'item' },
      { name: 'lamp', parent: 'item' },
    ],
    entities,
    predicates: [
      { name: 'at', params: r, text: 'You are at {the r}.' },
      { name: 'in', params: or, text: '{The o} is in {the r}.' },
      { name: 'holding', params: o, text: 'You are holding {the o}.' },
      { name: 'openable', params: r, hidden: true },
      { name: 'opened', params: r, text: 'The {r} is open.' },
      { name: 'cleaner', params: r, hidden: true },
      { name: 'heater', params: r, hidden: true },
      { name: 'cooler', params: r, hidden: true },
      { name: 'sliceable', params: o, hidden: true },
      { name: 'sharp', params: o, hidden: true },
      { name: 'clean', params: o, text: 'The {o} is clean.' },
      { name: 'hot', params: o, text: 'The {o} is hot.' },
      { name: 'cool', params: o, text: 'The {o} is cool.' },
      { name: 'sliced', params: o, text: 'The {o} is sliced.' },
      { name: 'lit', params: o, text: 'The {o} is on.' },
      { name: 'reachable', params: r, hidden: true },
    ],
    facts,
    derived: [
      {
        predicate: 'reachable',
        params: r,
        when: { any: [not(fact('openable', '?r')), fact('opened', '?r')] },
      },
    ],
    actions: [
      {
        name: 'go',
        params: r,
        pattern: 'go to {r}',
        checks: [
          {
            require: not(fact('at', '?r')),
            fail: 'You are already at {the r}.',
            status: 'no_effect',
          },
        ],
        effects: [
          {
            forall: {
              vars: [{ name: 'x', type: 'receptacle' }],
              where: fact('at', '?x'),
              do: [{ del: ['at', '?x'] }],
            },
          },
          { add: ['at', '?r'] },
        ],
        message: [
          'You arrive at {r}. ',
          ifThen(
            fact('reachable', '?r'),
            ['On the {r}, you see ', ...contents('?r'), '.'],
            'The {r} is closed.',
          ),
        ],
      },
      {
        name: 'open',
        params: r,
        pattern: 'open {r}',
        checks: [
          atR,
          {
            require: fact('openable', '?r'),
            fail: 'The {r} cannot be opened.',
            status: 'invalid_argument',
          },
          {
            require: not(fact('opened', '?r')),
            fail: 'The {r} is already open.',
            status: 'no_effect',
          },
        ],
        effects: [{ add: ['opened', '?r'] }],
        message: ['You open the {r}. The {r} is open. In it, you see ', ...contents('?r'), '.'],
      },
      {
        name: 'close',
        params: r,
        pattern: 'close {r}',
        checks: [
          atR,
          {
            require: fact('openable', '?r'),
            fail: 'The {r} cannot be closed.',
            status: 'invalid_argument',
          },
          {
            require: fact('opened', '?r'),
            fail: 'The {r} is already closed.',
            status: 'no_effect',
          },
        ],
        effects: [{ del: ['opened', '?r'] }],
        message: 'You close the {r}.',
      },
      {
        name: 'take',
        params: or,
        pattern: 'take {o} from {r}',
        synonyms: ['pick up {o} from {r}'],
        checks: [
          atR,
          reachableR,
          { require: fact('in', '?o', '?r'), fail: 'There is no {o} in/on the {r}.', place: true },
          { require: handsFree, fail: 'Your hands are full. Put down what you hold first.' },
        ],
        effects: [{ del: ['in', '?o', '?r'] }, { add: ['holding', '?o'] }],
        message: 'You pick up the {o} from the {r}.',
      },
      {
        name: 'put',
        params: or,
        pattern: 'put {o} in/on {r}',
        synonyms: ['put {o} in {r}', 'put {o} on {r}'],
        checks: [holdingO, atR, reachableR],
        effects: [{ del: ['holding', '?o'] }, { add: ['in', '?o', '?r'] }],
        message: 'You put the {o} in/on the {r}.',
      },
      tool('clean', 'cleaner', 'clean', 'You clean the {o} using the {r}.'),
      tool('heat', 'heater', 'hot', 'You heat the {o} using the {r}.'),
      tool('cool', 'cooler', 'cool', 'You cool the {o} using the {r}.'),
      {
        name: 'slice',
        params: [...o, { name: 'k', type: 'tool' }],
        pattern: 'slice {o} with {k}',
        checks: [
          { require: fact('holding', '?k'), fail: 'You are not holding {the k}.' },
          { require: fact('sharp', '?k'), fail: 'The {k} is not sharp.' },
          {
            require: {
              exists: {
                vars: [{ name: 'x', type: 'receptacle' }],
                where: { all: [fact('at', '?x'), fact('in', '?o', '?x')] },
              },
            },
            fail: 'There is no {o} here.',
            place: true,
          },
          {
            require: fact('sliceable', '?o'),
            fail: 'The {o} cannot be sliced.',
            status: 'invalid_argument',
          },
          {
            require: not(fact('sliced', '?o')),
            fail: 'The {o} is already sliced.',
            status: 'no_effect',
          },
        ],
        effects: [{ add: ['sliced', '?o'] }],
        message: 'You slice the {o} with the {k}.',
      },
      {
        name: 'use',
        params: [{ name: 'l', type: 'lamp' }],
        pattern: 'use {l}',
        checks: [
          {
            require: {
              exists: {
                vars: [{ name: 'x', type: 'receptacle' }],
                where: { all: [fact('at', '?x'), fact('in', '?l', '?x')] },
              },
            },
            fail: 'There is no {l} here.',
            place: true,
          },
        ],
        effects: [whenThen(fact('lit', '?l'), [{ del: ['lit', '?l'] }], [{ add: ['lit', '?l'] }])],
        message: [ifThen(fact('lit', '?l'), 'You turn on the {l}.', 'You turn off the {l}.')],
      },
      {
        name: 'examine',
        params: r,
        pattern: 'examine {r}',
        checks: [atR],
        message: [
          ifThen(
            fact('reachable', '?r'),
            ['On the {r}, you see ', ...contents('?r'), '.'],
            'The {r} is closed.',
          ),
        ],
      },
      {
        name: 'inspect',
        params: o,
        pattern: 'examine {o}',
        checks: [
          {
            require: {
              any: [
                fact('holding', '?o'),
                {
                  exists: {
                    vars: [{ name: 'x', type: 'receptacle' }],
                    where: { all: [fact('at', '?x'), fact('in', '?o', '?x')] },
                  },
                },
              ],
            },
            fail: 'There is no {o} here.',
            place: true,
          },
        ],
        message: [
          'This is a normal {o}.',
          ifThen(fact('hot', '?o'), ' It is hot.'),
          ifThen(fact('clean', '?o'), ' It is clean.'),
        ],
      },
    ],
    observations: {
      intro: [
        'You are in the middle of a room. Looking quickly around you, you see ',
        { list: { vars: r, where: { all: [] } } },
        '.',
      ],
      look: [
        {
          list: {
            vars: r,
            where: fact('at', '?r'),
            item: 'You are facing {the r}. Next to it, you see nothing.',
            empty: 'You are in the middle of a room.',
          },
        },
        ' Looking quickly around you, you see ',
        { list: { vars: r, where: { all: [] } } },
        '.',
      ],
      inventory: [
        'You are carrying: ',
        { list: { vars: o, where: fact('holding', '?o'), empty: 'nothing' } },
        '.',
      ],
    },
    goal: {
      instruction: 'Your task is to: put a hot apple in fridge.',
      success: {
        exists: {
          vars: [{ name: 'a', type: 'food' }],
          where: { all: [fact('hot', '?a'), fact('in', '?a', 'fridge_1'), { is: ['?a', 'food'] }] },
        },
      },
      subgoals: [
        { id: 'hold', when: fact('holding', 'apple_1') },
        { id: 'heat', when: fact('hot', 'apple_1'), after: ['hold'] },
        {
          id: 'place',
          when: { all: [fact('hot', 'apple_1'), fact('in', 'apple_1', 'fridge_1')] },
          after: ['heat'],
        },
      ],
    },
    maxSteps: 50,
  }
}
