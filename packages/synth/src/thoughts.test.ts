import { describe, expect, it } from 'vitest'
import { planSummary, quoteOf, taskSentence } from './thoughts'

describe('thought helpers', () => {
  it('quotes the first sentence of an observation on one line', () => {
    expect(quoteOf('The box is locked.\nYou see a "key".')).toBe('The box is locked.')
    expect(quoteOf('Nothing happens')).toBe('Nothing happens')
    expect(quoteOf(`${'word '.repeat(60)}end.`, 30)).toBe('word word word word word word…')
  })

  it('turns the instruction into a task sentence', () => {
    expect(taskSentence('Your task is to: take the coin.')).toBe('Take the coin.')
    expect(taskSentence('put a clean apple in the fridge')).toBe('Put a clean apple in the fridge.')
  })

  it('summarises long plans', () => {
    expect(planSummary(['a', 'b'])).toBe('a, then b')
    expect(planSummary(['a', 'b', 'c', 'd', 'e', 'f', 'g'])).toBe(
      'a, then b, then c, then d, and 3 more steps',
    )
  })
})
