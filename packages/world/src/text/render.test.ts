import { RefineryError } from '@refinery/core'
import { describe, expect, it } from 'vitest'
import { coinWorld, ifThen } from '../engine/__fixtures__/worlds'
import { compileWorld } from '../engine/compile'
import { WorldEngine } from '../engine/engine'
import type { WorldSpecInput } from '../spec'
import { renderText } from './render'
import { joinItems, parseTemplate } from './template'

const spec = coinWorld({
  attributes: [{ name: 'weight', type: 'item', default: 2.5 }],
  entities: [
    { id: 'box', type: 'place', name: 'box' },
    { id: 'table', type: 'place', name: 'table', article: 'the' },
    { id: 'coin_1', type: 'coin', name: 'coin', number: 1 },
    { id: 'coin_2', type: 'coin', name: 'coin', number: 2 },
    {
      id: 'coin_10',
      type: 'coin',
      name: 'coin',
      number: 10,
      article: 'an',
      attributes: { weight: 3 },
    },
    { id: 'apple', type: 'item', name: 'apple', article: 'an' },
  ],
  facts: [
    ['in', 'coin_1', 'box'],
    ['in', 'coin_10', 'box'],
    ['in', 'coin_2', 'box'],
    ['in', 'apple', 'table'],
  ],
} as Partial<WorldSpecInput>)
const engine = new WorldEngine(compileWorld(spec))
const render = (text: Parameters<typeof renderText>[1], bindings: Record<string, string> = {}) =>
  renderText(engine, text, bindings)

describe('renderText', () => {
  it('renders names, articles, "the", capitals and attributes', () => {
    expect(render('{x} / {a x} / {the x} / {A x} / {The x} / {x.weight}', { x: 'coin_10' })).toBe(
      'coin 10 / an coin 10 / the coin 10 / An coin 10 / The coin 10 / 3',
    )
    expect(render('{a y} weighs {y.weight}.', { y: 'apple' })).toBe('an apple weighs 2.5.')
    expect(render('Entity ids work too: {the table}.')).toBe('Entity ids work too: the table.')
  })

  it('joins lists ALFWorld-style in natural order, with comma and line joins', () => {
    const inBox = { vars: [{ name: 'c', type: 'item' }], where: { fact: ['in', '?c', 'box'] } }
    expect(render([{ list: inBox }])).toBe('a coin 1, a coin 2, and an coin 10')
    expect(render([{ list: { ...inBox, join: 'comma', item: '{c}' } }])).toBe(
      'coin 1, coin 2, coin 10',
    )
    expect(render([{ list: { ...inBox, join: 'lines', item: '- {c}' } }])).toBe(
      '- coin 1\n- coin 2\n- coin 10',
    )
    expect(
      render(
        [
          {
            list: {
              vars: [{ name: 'c', type: 'item' }],
              where: { fact: ['holding', '?c'] },
              empty: 'no {p}',
            },
          },
        ],
        { p: 'box' },
      ),
    ).toBe('no box')
    expect(
      render([
        { list: { vars: [{ name: 'c', type: 'item' }], where: { fact: ['holding', '?c'] } } },
      ]),
    ).toBe('nothing')
  })

  it('lists multi-variable bindings and nests conditionals', () => {
    const text = [
      {
        list: {
          vars: [
            { name: 'i', type: 'item' },
            { name: 'p', type: 'place' },
          ],
          where: { fact: ['in', '?i', '?p'] },
          item: '{i} in {p}',
          join: 'comma' as const,
        },
      },
      '; ',
      ifThen({ fact: ['holding', 'apple'] }, 'holding', [
        'not ',
        ifThen({ fact: ['in', 'apple', 'table'] }, 'holding, on {the table}'),
      ]),
    ]
    expect(render(text)).toBe(
      'apple in table, coin 1 in box, coin 2 in box, coin 10 in box; not holding, on the table',
    )
  })

  it('throws invalid_spec on a slot that is not in scope', () => {
    expect(() => render('{nobody}')).toThrow(RefineryError)
  })
})

describe('templates', () => {
  it('parses slots and keeps literals', () => {
    expect(parseTemplate('put {a o} in/on {r.size}')).toEqual({
      ok: true,
      pieces: [
        { kind: 'literal', text: 'put ' },
        { kind: 'slot', name: 'o', form: 'a', capital: false },
        { kind: 'literal', text: ' in/on ' },
        { kind: 'slot', name: 'r', form: 'attr', attr: 'size', capital: false },
      ],
    })
    expect(parseTemplate('{the a.b}')).toEqual({ ok: false, slot: '{the a.b}' })
  })

  it('joins with and, comma and lines', () => {
    expect(joinItems([], 'and')).toBe('')
    expect(joinItems(['a'], 'and')).toBe('a')
    expect(joinItems(['a', 'b'], 'and')).toBe('a, and b')
    expect(joinItems(['a', 'b', 'c'], 'comma')).toBe('a, b, c')
  })
})
