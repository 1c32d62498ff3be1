import { type Rng, rngStream, type StepStatus } from '@refinery/core'
import { describe, expect, it } from 'vitest'
import { ERROR_KINDS, EXPECTED_STATUSES } from './errors'
import {
  expandChoicesForTest,
  mistakeThought,
  openingThought,
  planSummary,
  quoteOf,
  refineThought,
  stepThought,
  taskSentence,
} from './thoughts'

describe('thought helpers', () => {
  it('quotes the first sentence of an observation on one line', () => {
    expect(quoteOf('The box is locked.\nYou see a "key".')).toBe('The box is locked.')
    expect(quoteOf('Nothing happens')).toBe('Nothing happens')
    expect(quoteOf(`${'word '.repeat(60)}end.`, 30)).toBe('word word word word word word…')
  })

  it('turns the instruction into a task sentence', () => {
    expect(taskSentence('Your task is to: take the coin.')).toBe('Take the coin.')
    expect(taskSentence('put a clean apple in the fridge')).toBe('Put a clean apple in the fridge.')
    expect(taskSentence('Your task is to: open the box.\n\nThe actions of this world: …')).toBe(
      'Open the box.',
    )
  })

  it('summarises long plans', () => {
    expect(planSummary(['a', 'b'])).toBe('a, then b')
    expect(planSummary(['a', 'b', 'c', 'd', 'e', 'f', 'g'])).toBe(
      'a, then b, then c, then d, and 3 more steps',
    )
  })
})

/** Every kind of thought, many seeds: what a dataset of them looks like. */
function sample(n: number): string[] {
  const out: string[] = []
  for (let i = 0; i < n; i++) {
    const rng = rngStream(11, 'thought-sample', i)
    const kind = ERROR_KINDS[i % ERROR_KINDS.length]!
    const status = EXPECTED_STATUSES[kind][0]!
    out.push(
      openingThought(rng, {
        task: 'Put the coin in the box.',
        plan: 'take coin, then open box, then put coin in box',
        action: 'take coin',
        last: 'put coin in box',
        steps: 3,
        after: 'open box',
      }),
      stepThought(rng, i % 3 === 0 ? 'last' : 'next', {
        action: 'open box',
        quote: 'You take the coin.',
        remaining: 2,
        previous: 'take coin',
        after: 'put coin in box',
        seen: i % 2 === 0 ? 'box' : undefined,
      }),
      mistakeThought(rng, kind, { action: 'grab box', next: 'open box' }),
      refineThought(rng, status, kind, {
        action: 'open box',
        quote: 'The box is locked.',
        wrong: 'grab',
        right: 'open',
        failed: kind === 'malformed_reply' ? undefined : 'grab box',
        after: 'put coin in box',
      }),
    )
  }
  return out
}

describe('thoughts', () => {
  it('a refinement quotes the feedback it got and plays the fix, for every kind and status', () => {
    const statuses: StepStatus[] = [
      'format_error',
      'unknown_action',
      'invalid_argument',
      'precondition_failed',
      'no_effect',
    ]
    for (const [i, kind] of ERROR_KINDS.entries()) {
      for (const [j, status] of statuses.entries()) {
        for (let k = 0; k < 20; k++) {
          const thought = refineThought(rngStream(3, `refine/${i}/${j}`, k), status, kind, {
            action: 'go to desk 1',
            quote: 'You are not at the desk 1.',
            wrong: undefined,
            right: undefined,
            failed: 'open drawer 2',
            after: 'open drawer 2',
          })
          expect(thought).toContain('"You are not at the desk 1."')
          expect(thought).toContain('go to desk 1')
        }
      }
    }
  })

  it('writes whole sentences: every choice expanded, every part capitalised, one line', () => {
    for (const thought of sample(400)) {
      expect(thought).not.toMatch(/[⟨⟩%|]/)
      expect(thought).not.toContain('\n')
      expect(thought).not.toMatch(/\. [a-z]/)
      expect(thought.charAt(0)).toMatch(/[A-Z"0-9]/)
    }
  })

  it('names an entity as seen in the observation only when the teacher found it there', () => {
    for (let i = 0; i < 300; i++) {
      const vars = { action: 'open box', quote: 'You take the coin.', remaining: 2 }
      const thought = stepThought(rngStream(5, 'seen', i), 'next', vars)
      expect(thought).not.toMatch(/mentions|names|shows|lists|appears in/)
    }
  })

  it('rarely says the same thing twice: 1,600 thoughts of four situations are nearly all distinct', () => {
    const thoughts = sample(400)
    expect(new Set(thoughts).size).toBeGreaterThan(thoughts.length * 0.9)
  })

  it('is the same for the same stream', () => {
    expect(sample(20)).toEqual(sample(20))
  })
})

describe('expandChoices', () => {
  /** The definition: replace the first innermost choice, again and again, up to 64 times. */
  function byReplace(rng: Rng, text: string): string {
    let out = text
    for (let made = 0; made < 64; made++) {
      const m = /⟨([^⟨⟩]*)⟩/.exec(out)
      if (!m) break
      out = out.slice(0, m.index) + rng.pick(m[1]!.split('|')) + out.slice(m.index + m[0].length)
    }
    return out
  }

  it('picks as replacing the first innermost choice does, drawing as many numbers', () => {
    const parts = ['a', ' ', '|', '⟨', '⟩', '||', '⟨x|y⟩', '⟨I will|I can⟩ ', 'plain words ']
    const gen = rngStream(5, 'expand-choices-test')
    for (let n = 0; n < 3000; n++) {
      let text = ''
      const length = gen.int(0, n % 50 === 0 ? 400 : 16)
      for (let i = 0; i < length; i++) text += gen.pick(parts)
      const a = rngStream(1, 'choices', n)
      const b = rngStream(1, 'choices', n)
      expect(`${expandChoicesForTest(a, text)} ${a.next()}`, text).toBe(
        `${byReplace(b, text)} ${b.next()}`,
      )
    }
  })
})
