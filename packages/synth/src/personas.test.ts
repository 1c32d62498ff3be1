import { RefineryError } from '@refinery/core'
import { describe, expect, it } from 'vitest'
import { COMPOSED_PERSONA_COUNT, composedPersona, parsePersonas, pickPersona } from './personas'

describe('personas', () => {
  it('composes at least 1,000 distinct personas from seeded attributes', () => {
    expect(COMPOSED_PERSONA_COUNT).toBeGreaterThanOrEqual(1000)
    const seen = new Set<string>()
    for (let i = 0; i < COMPOSED_PERSONA_COUNT; i += 7) seen.add(composedPersona(i).description)
    expect(seen.size).toBe(Math.ceil(COMPOSED_PERSONA_COUNT / 7))
    const p = composedPersona(12345)
    expect(p.description).toContain(p.occupation!)
    expect(p.description).toContain(p.interest!)
    expect(p.description).toContain(p.setting!)
    expect(p.description.endsWith(`; ${p.temperament}`)).toBe(true)
  })

  it('picks the same persona for the same seed, and spreads over the space', () => {
    expect(pickPersona(42)).toEqual(pickPersona(42))
    const picked = new Set(Array.from({ length: 500 }, (_, i) => pickPersona(i).description))
    expect(picked.size).toBeGreaterThan(480)
    const list = [{ description: 'a beekeeper' }, { description: 'a ferry pilot' }]
    expect(list).toContainEqual(pickPersona(7, list))
  })

  it('reads one persona per line or Persona Hub JSONL, once each', () => {
    const text = [
      'a beekeeper who restores old radios',
      '',
      '{"persona": "a ferry pilot who paints"}',
      '{"input persona": "a retired judge"}',
      'a beekeeper who restores old radios',
    ].join('\n')
    expect(parsePersonas(text).map((p) => p.description)).toEqual([
      'a beekeeper who restores old radios',
      'a ferry pilot who paints',
      'a retired judge',
    ])
  })

  // The CLI puts the error's path in front: `refinery: p.jsonl: line 2 is not valid JSON. …`
  it('refuses a bad file with one line naming the line and the fix', () => {
    const bad = (text: string) => {
      try {
        parsePersonas(text, 'p.jsonl')
      } catch (error) {
        expect(RefineryError.isInstance(error)).toBe(true)
        expect((error as RefineryError).path).toBe('p.jsonl')
        return (error as RefineryError).message
      }
      throw new Error('no error')
    }
    expect(bad('ok persona\n{"persona": ')).toBe('line 2 is not valid JSON.')
    expect(bad('{"name": "x"}')).toBe('line 1 has no "persona" string.')
    expect(bad('\n  \n')).toBe('no personas found.')
  })
})
