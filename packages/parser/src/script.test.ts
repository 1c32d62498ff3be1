import { RefineryError } from '@refinery/core'
import { describe, expect, it } from 'vitest'
import { compileSafeRegex } from './safe-regex'
import { scriptActionSpace } from './script'

const script = {
  Environment: { rooms: ['kitchen', 'living room'] },
  Goal: 'Bake a cake.',
  'Completion Conditions': ['the cake is baked'],
  'Available Actions': {
    'go to {location}': {
      'verification regex': '^go to (kitchen|living room)$',
      parameters: { location: ['kitchen', 'living room'] },
    },
    'mix <ingredient> with <ingredient2>': {
      regex: '^mix (flour|sugar|eggs) with (flour|sugar|eggs)$',
      params: { ingredient: ['flour', 'sugar', 'eggs'], ingredient2: ['flour', 'sugar', 'eggs'] },
    },
    'bake [item] at [temperature] degrees': {
      regex: '^bake \\w+ at (\\d+) degrees\\Z',
      parameters: { item: ['cake'] },
    },
    'write note': { regex: '(?<=x)write', parameters: ['hello', 'goodbye'] },
    wait: {},
  },
}

describe('scriptActionSpace', () => {
  const built = scriptActionSpace(script)

  it('builds templates with allowed values from the script', () => {
    expect(built.space.templates.map((t) => [t.pattern, t.allowed ?? null])).toMatchInlineSnapshot(`
      [
        [
          "go to {location}",
          {
            "location": [
              "kitchen",
              "living room",
            ],
          },
        ],
        [
          "mix {ingredient} with {ingredient2}",
          {
            "ingredient": [
              "flour",
              "sugar",
              "eggs",
            ],
            "ingredient2": [
              "flour",
              "sugar",
              "eggs",
            ],
          },
        ],
        [
          "bake {item} at {temperature} degrees",
          {
            "item": [
              "cake",
            ],
          },
        ],
        [
          "write note {value}",
          {
            "value": [
              "hello",
              "goodbye",
            ],
          },
        ],
        [
          "wait",
          null,
        ],
      ]
    `)
  })

  it('lists regexes it did not run, with why', () => {
    expect(built.rejected).toMatchInlineSnapshot(`
      [
        {
          "action": "write note {value}",
          "reason": "its regex was not run: it cannot be run safely (invalid named capture: \`(?<=x)write\`)",
        },
      ]
    `)
  })

  it('grounds valid actions and checks the regex', () => {
    expect(built.ground('go to the Kitchen')).toMatchObject({
      ok: true,
      action: { args: { location: 'kitchen' } },
    })
    expect(built.ground('mix flour with eggs')).toMatchObject({ ok: true })
    expect(built.ground('bake cake at 180 degrees')).toMatchObject({
      ok: true,
      action: { args: { temperature: '180' } },
    })
    expect(built.ground('write note goodbye')).toMatchObject({ ok: true })
    expect(built.ground('wait')).toMatchObject({ ok: true })
  })

  it('explains a value outside the lists and a failed regex', () => {
    const message = (text: string) => {
      const result = built.ground(text)
      return result.ok ? 'GROUNDED' : result.message
    }
    expect(message('go to garage')).toMatchInlineSnapshot(
      `""garage" is not allowed for {location} in "go to". Use one of "kitchen" or "living room"."`,
    )
    expect(message('mix flour with milk')).toMatchInlineSnapshot(
      `""milk" is not allowed for {ingredient2} in "mix". Use one of "flour", "sugar" or "eggs"."`,
    )
    expect(message('bake cake at hot degrees')).toMatchInlineSnapshot(
      `""bake cake at hot degrees" does not have the form "bake {item} at {temperature} degrees". Check valid actions."`,
    )
    expect(message('dance')).toMatchInlineSnapshot(
      `""dance" is not a known action. Check valid actions."`,
    )
  })

  it('reads a list of actions and a JSON string', () => {
    const list = scriptActionSpace(
      JSON.stringify({
        available_actions: [
          {
            action: 'open {door}',
            verification: '^open (red|blue) door$',
            parameters: { door: ['red door', 'blue door'] },
          },
        ],
      }),
    )
    expect(list.ground('open red door')).toMatchObject({
      ok: true,
      action: { template: 'open {door}', args: { door: 'red door' } },
    })
  })

  it('throws invalid_spec for a script without actions', () => {
    try {
      scriptActionSpace({ Goal: 'nothing' })
      expect.unreachable()
    } catch (error) {
      expect(RefineryError.isInstance(error) && error.code).toBe('invalid_spec')
    }
  })
})

describe('compileSafeRegex', () => {
  it('rejects what cannot run safely', () => {
    const reasons = [
      '(?=a)b',
      '(a)\\1',
      '((a{100}){100}){100}',
      'a'.repeat(600),
      '',
      '(unclosed',
    ].map((source) => {
      const result = compileSafeRegex(source)
      return result.ok ? 'COMPILED' : result.reason
    })
    expect(reasons).toMatchInlineSnapshot(`
      [
        "it cannot be run safely (invalid or unsupported Perl syntax: \`(?=\`)",
        "it cannot be run safely (invalid escape sequence: \`\\1\`)",
        "its counted repetitions add up to 300 (at most 200)",
        "the pattern is longer than 500 characters",
        "the pattern is empty",
        "it cannot be run safely (missing closing ): \`(?i)(unclosed\`)",
      ]
    `)
  })

  it('runs classic catastrophic patterns in linear time without hanging', () => {
    for (const source of ['(a+)+$', '(a|aa)+$', '(.*a){12}', '^(\\w+\\s?)*$']) {
      const result = compileSafeRegex(source)
      expect(result.ok).toBe(true)
      if (result.ok) expect(result.regex.matchesStart(`${'a'.repeat(1500)}!`)).toBeTypeOf('boolean')
    }
  })

  it('matches at the start, case-insensitively, like re.match', () => {
    const result = compileSafeRegex('go to (kitchen|garden)')
    expect(result.ok && result.regex.matchesStart('Go to kitchen now')).toBe(true)
    expect(result.ok && result.regex.matchesStart('please go to kitchen')).toBe(false)
  })
})
