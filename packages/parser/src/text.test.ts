import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isPlainAction } from './text'

// One seed, so CI runs the same cases every time; FC_SEED=<n> explores others.
fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20_261_127) })

describe('isPlainAction', () => {
  // The definition the hand-written loop must agree with.
  const plain = (text: string) =>
    /^[A-Za-z0-9](?:[!-~ ]*[A-Za-z0-9\])])?$/.test(text) && !text.includes('  ')

  it('agrees with its regular-expression definition', () => {
    const pieces = fc.constantFrom(
      'a',
      'Z',
      '7',
      ' ',
      '  ',
      ']',
      ')',
      '[',
      '.',
      '\t',
      '\n',
      'é',
      '~',
      '!',
    )
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 30 }),
          fc.array(pieces).map((p) => p.join('')),
        ),
        (text) => {
          expect(isPlainAction(text)).toBe(plain(text))
        },
      ),
      { numRuns: 5000 },
    )
  })

  it('takes canonical actions and refuses decorated ones', () => {
    expect(isPlainAction('take apple 1 from countertop 1')).toBe(true)
    expect(isPlainAction('search[red shoes]')).toBe(true)
    expect(isPlainAction('look')).toBe(true)
    expect(isPlainAction('take apple 1.')).toBe(false)
    expect(isPlainAction('"look"')).toBe(false)
    expect(isPlainAction('go  to fridge 1')).toBe(false)
    expect(isPlainAction('')).toBe(false)
  })
})
