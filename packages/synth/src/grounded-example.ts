// biome-ignore-all lint/suspicious/noThenProperty: the WorldSpec language writes text conditions as if/then/else.
import type { WorldSpecInput } from '@refinery/world'

/**
 * The worked example the world-writing prompt shows: a small kitchen task with a closed
 * container, a location check and a tool. It validates and the planner solves it in 7 steps.
 */
export const EXAMPLE_WORLD: WorldSpecInput = {
  id: 'example-kitchen',
  title: 'Clean an apple and put it in the fridge',
  types: [
    {
      name: 'receptacle',
    },
    {
      name: 'item',
    },
    {
      name: 'food',
      parent: 'item',
    },
    {
      name: 'apple',
      parent: 'food',
    },
    {
      name: 'mug',
      parent: 'item',
    },
  ],
  entities: [
    {
      id: 'countertop_1',
      type: 'receptacle',
      name: 'countertop',
      number: 1,
    },
    {
      id: 'fridge_1',
      type: 'receptacle',
      name: 'fridge',
      number: 1,
    },
    {
      id: 'sinkbasin_1',
      type: 'receptacle',
      name: 'sinkbasin',
      number: 1,
    },
    {
      id: 'cabinet_1',
      type: 'receptacle',
      name: 'cabinet',
      number: 1,
    },
    {
      id: 'apple_1',
      type: 'apple',
      name: 'apple',
      number: 1,
    },
    {
      id: 'apple_2',
      type: 'apple',
      name: 'apple',
      number: 2,
    },
    {
      id: 'mug_1',
      type: 'mug',
      name: 'mug',
      number: 1,
    },
  ],
  predicates: [
    {
      name: 'at',
      params: [
        {
          name: 'r',
          type: 'receptacle',
        },
      ],
      text: 'You are at {the r}.',
    },
    {
      name: 'in',
      params: [
        {
          name: 'o',
          type: 'item',
        },
        {
          name: 'r',
          type: 'receptacle',
        },
      ],
      text: '{o} is in/on {r}.',
    },
    {
      name: 'holding',
      params: [
        {
          name: 'o',
          type: 'item',
        },
      ],
      text: 'You are holding {o}.',
    },
    {
      name: 'openable',
      params: [
        {
          name: 'r',
          type: 'receptacle',
        },
      ],
      hidden: true,
    },
    {
      name: 'opened',
      params: [
        {
          name: 'r',
          type: 'receptacle',
        },
      ],
      text: '{r} is open.',
    },
    {
      name: 'cleaner',
      params: [
        {
          name: 'r',
          type: 'receptacle',
        },
      ],
      hidden: true,
    },
    {
      name: 'clean',
      params: [
        {
          name: 'o',
          type: 'item',
        },
      ],
      text: '{o} is clean.',
    },
    {
      name: 'reachable',
      params: [
        {
          name: 'r',
          type: 'receptacle',
        },
      ],
      hidden: true,
    },
  ],
  facts: [
    ['openable', 'fridge_1'],
    ['openable', 'cabinet_1'],
    ['cleaner', 'sinkbasin_1'],
    ['in', 'apple_1', 'countertop_1'],
    ['in', 'mug_1', 'countertop_1'],
    ['in', 'apple_2', 'cabinet_1'],
  ],
  derived: [
    {
      predicate: 'reachable',
      params: [
        {
          name: 'r',
          type: 'receptacle',
        },
      ],
      when: {
        any: [
          {
            not: {
              fact: ['openable', '?r'],
            },
          },
          {
            fact: ['opened', '?r'],
          },
        ],
      },
    },
  ],
  actions: [
    {
      name: 'go',
      params: [
        {
          name: 'r',
          type: 'receptacle',
        },
      ],
      pattern: 'go to {r}',
      checks: [
        {
          require: {
            not: {
              fact: ['at', '?r'],
            },
          },
          fail: 'You are already at {the r}.',
          status: 'no_effect',
        },
      ],
      effects: [
        {
          forall: {
            vars: [
              {
                name: 'x',
                type: 'receptacle',
              },
            ],
            do: [
              {
                del: ['at', '?x'],
              },
            ],
          },
        },
        {
          add: ['at', '?r'],
        },
      ],
      message: [
        'You arrive at {r}. ',
        {
          if: {
            fact: ['reachable', '?r'],
          },
          then: [
            'On the {r}, you see ',
            {
              list: {
                vars: [
                  {
                    name: 'o',
                    type: 'item',
                  },
                ],
                where: {
                  fact: ['in', '?o', '?r'],
                },
              },
            },
            '.',
          ],
          else: 'The {r} is closed.',
        },
      ],
    },
    {
      name: 'open',
      params: [
        {
          name: 'r',
          type: 'receptacle',
        },
      ],
      pattern: 'open {r}',
      checks: [
        {
          require: {
            fact: ['at', '?r'],
          },
          fail: 'You need to go to {the r} first.',
          place: true,
        },
        {
          require: {
            fact: ['openable', '?r'],
          },
          fail: 'The {r} cannot be opened.',
          status: 'invalid_argument',
        },
        {
          require: {
            not: {
              fact: ['opened', '?r'],
            },
          },
          fail: 'The {r} is already open.',
          status: 'no_effect',
        },
      ],
      effects: [
        {
          add: ['opened', '?r'],
        },
      ],
      message: [
        'You open the {r}. In it, you see ',
        {
          list: {
            vars: [
              {
                name: 'o',
                type: 'item',
              },
            ],
            where: {
              fact: ['in', '?o', '?r'],
            },
          },
        },
        '.',
      ],
    },
    {
      name: 'take',
      params: [
        {
          name: 'o',
          type: 'item',
        },
        {
          name: 'r',
          type: 'receptacle',
        },
      ],
      pattern: 'take {o} from {r}',
      synonyms: ['pick up {o} from {r}'],
      checks: [
        {
          require: {
            fact: ['at', '?r'],
          },
          fail: 'You need to go to {the r} first.',
          place: true,
        },
        {
          require: {
            fact: ['reachable', '?r'],
          },
          fail: 'The {r} is closed.',
        },
        {
          require: {
            fact: ['in', '?o', '?r'],
          },
          fail: 'There is no {o} in/on the {r}.',
          place: true,
        },
        {
          require: {
            not: {
              exists: {
                vars: [
                  {
                    name: 'h',
                    type: 'item',
                  },
                ],
                where: {
                  fact: ['holding', '?h'],
                },
              },
            },
          },
          fail: 'Your hands are full. Put down what you hold first.',
        },
      ],
      effects: [
        {
          del: ['in', '?o', '?r'],
        },
        {
          add: ['holding', '?o'],
        },
      ],
      message: 'You pick up the {o} from the {r}.',
    },
    {
      name: 'put',
      params: [
        {
          name: 'o',
          type: 'item',
        },
        {
          name: 'r',
          type: 'receptacle',
        },
      ],
      pattern: 'put {o} in/on {r}',
      synonyms: ['put {o} in {r}', 'put {o} on {r}'],
      checks: [
        {
          require: {
            fact: ['holding', '?o'],
          },
          fail: 'You are not holding {the o}.',
        },
        {
          require: {
            fact: ['at', '?r'],
          },
          fail: 'You need to go to {the r} first.',
          place: true,
        },
        {
          require: {
            fact: ['reachable', '?r'],
          },
          fail: 'The {r} is closed.',
        },
      ],
      effects: [
        {
          del: ['holding', '?o'],
        },
        {
          add: ['in', '?o', '?r'],
        },
      ],
      message: 'You put the {o} in/on the {r}.',
    },
    {
      name: 'clean',
      params: [
        {
          name: 'o',
          type: 'item',
        },
        {
          name: 'r',
          type: 'receptacle',
        },
      ],
      pattern: 'clean {o} with {r}',
      checks: [
        {
          require: {
            fact: ['holding', '?o'],
          },
          fail: 'You are not holding {the o}.',
        },
        {
          require: {
            fact: ['at', '?r'],
          },
          fail: 'You need to go to {the r} first.',
          place: true,
        },
        {
          require: {
            fact: ['cleaner', '?r'],
          },
          fail: 'You cannot clean anything with {the r}.',
        },
      ],
      effects: [
        {
          add: ['clean', '?o'],
        },
      ],
      message: 'You clean the {o} using the {r}.',
    },
  ],
  observations: {
    intro: [
      'You are in the middle of a room. Looking quickly around you, you see ',
      {
        list: {
          vars: [
            {
              name: 'r',
              type: 'receptacle',
            },
          ],
          where: {
            all: [],
          },
        },
      },
      '.',
    ],
    look: [
      {
        list: {
          vars: [
            {
              name: 'r',
              type: 'receptacle',
            },
          ],
          where: {
            fact: ['at', '?r'],
          },
          item: 'You are facing {the r}.',
          empty: 'You are in the middle of a room.',
        },
      },
      ' Looking quickly around you, you see ',
      {
        list: {
          vars: [
            {
              name: 'r',
              type: 'receptacle',
            },
          ],
          where: {
            all: [],
          },
        },
      },
      '.',
    ],
    inventory: [
      'You are carrying: ',
      {
        list: {
          vars: [
            {
              name: 'o',
              type: 'item',
            },
          ],
          where: {
            fact: ['holding', '?o'],
          },
          empty: 'nothing',
        },
      },
      '.',
    ],
  },
  goal: {
    instruction: 'Your task is to: put a clean apple in fridge.',
    success: {
      exists: {
        vars: [
          {
            name: 'a',
            type: 'apple',
          },
        ],
        where: {
          all: [
            {
              fact: ['clean', '?a'],
            },
            {
              fact: ['in', '?a', 'fridge_1'],
            },
          ],
        },
      },
    },
    subgoals: [
      {
        id: 'hold',
        description: 'pick up an apple',
        when: {
          exists: {
            vars: [
              {
                name: 'a',
                type: 'apple',
              },
            ],
            where: {
              fact: ['holding', '?a'],
            },
          },
        },
      },
      {
        id: 'cleaned',
        description: 'clean it',
        when: {
          exists: {
            vars: [
              {
                name: 'a',
                type: 'apple',
              },
            ],
            where: {
              fact: ['clean', '?a'],
            },
          },
        },
      },
      {
        id: 'placed',
        description: 'put it in the fridge',
        after: ['cleaned'],
        when: {
          exists: {
            vars: [
              {
                name: 'a',
                type: 'apple',
              },
            ],
            where: {
              all: [
                {
                  fact: ['clean', '?a'],
                },
                {
                  fact: ['in', '?a', 'fridge_1'],
                },
              ],
            },
          },
        },
      },
    ],
  },
  maxSteps: 50,
}
