import { type ActionSpace, renderPattern, rngStream } from '@refinery/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { sampleSpace } from './__fixtures__/sample-space'
import type { ConcreteFormat } from './feedback'
import { parseOutput, toolCallOutput, toolName } from './output'
import { PERTURBATION_KINDS, perturbActionSpace } from './perturb'
import { renderOutput } from './render'
import { groundAction } from './space'
import { actionTools } from './tools'

// One seed, so CI runs the same cases every time; FC_SEED=<n> explores others.
fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20_261_127) })

const FORMATS: readonly ConcreteFormat[] = [
  'react',
  'agentbench',
  'act',
  'json',
  'tool_call',
  'agentrefine',
]
const WORDS = [
  'the',
  'apple',
  'is',
  'in',
  'fridge',
  'I',
  'should',
  'first',
  'then',
  'look',
  'it',
  'maybe',
  '42',
  'so',
]

/** A small household space whose every template × argument combination is enumerated. */
const small: ActionSpace = {
  templates: [
    {
      id: 'take',
      pattern: 'take {obj} from {recep}',
      slots: [
        { name: 'obj', type: 'object' },
        { name: 'recep', type: 'receptacle' },
      ],
    },
    {
      id: 'put',
      pattern: 'put {obj} in/on {recep}',
      slots: [
        { name: 'obj', type: 'object' },
        { name: 'recep', type: 'receptacle' },
      ],
    },
    { id: 'goto', pattern: 'go to {recep}', slots: [{ name: 'recep', type: 'receptacle' }] },
    { id: 'examine', pattern: 'examine {thing}', slots: [{ name: 'thing', type: 'thing' }] },
    { id: 'search', pattern: 'search[{query}]', slots: [{ name: 'query', type: 'text' }] },
    { id: 'wait', pattern: 'wait', slots: [] },
  ],
  entities: [
    { name: 'apple 1', types: ['apple', 'object', 'thing'] },
    { name: 'apple 2', types: ['apple', 'object', 'thing'] },
    { name: 'butter knife 1', types: ['butterknife', 'object', 'thing'] },
    { name: 'fridge 1', types: ['fridge', 'receptacle', 'thing'] },
    { name: 'sink', types: ['sink', 'receptacle', 'thing'] },
    { name: 'sink basin 1', types: ['sinkbasin', 'receptacle', 'thing'] },
  ],
  meta: ['look', 'check valid actions'],
}

/** Every (template, args) of a space; text slots take a few fixed queries. */
function combinations(space: ActionSpace): { template: string; args: Record<string, string> }[] {
  const out: { template: string; args: Record<string, string> }[] = []
  for (const template of space.templates) {
    let partial: Record<string, string>[] = [{}]
    for (const slot of template.slots) {
      const values =
        slot.type === 'text'
          ? ['red shoes', '3 ounce bottle of deodorant']
          : space.entities.filter((e) => e.types.includes(slot.type)).map((e) => e.name)
      partial = partial.flatMap((args) => values.map((value) => ({ ...args, [slot.name]: value })))
    }
    for (const args of partial) out.push({ template: template.id, args })
  }
  return out
}

function roundTrip(
  space: ActionSpace,
  format: ConcreteFormat,
  template: string,
  args: Record<string, string>,
  thought: string,
) {
  const pattern = space.templates.find((t) => t.id === template)!.pattern
  const reply = renderOutput(thought, renderPattern(pattern, args), format)
  const parsed = parseOutput(reply, { format })
  if (!parsed.ok) return { error: parsed.message, reply }
  const grounded = groundAction(parsed.action, space)
  if (!grounded.ok) return { error: grounded.message, reply }
  return { template: grounded.action.template, args: grounded.action.args, thought: parsed.thought }
}

describe('property: never throws', () => {
  const tricky = fc.oneof(
    fc.string({ unit: 'grapheme-composite', maxLength: 200 }),
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc
      .array(
        fc.constantFrom(
          'Thought:',
          'Action:',
          'Act 2:',
          'Observation:',
          '```',
          '```json',
          '{',
          '}',
          '[',
          ']',
          '"action":',
          '"',
          "'",
          '\n',
          ' ',
          '：',
          'take apple 1',
          '**',
          '\\',
          'role',
        ),
        { maxLength: 40 },
      )
      .map((parts) => parts.join('')),
  )

  it('parseOutput never throws, in either mode and any format', () => {
    fc.assert(
      fc.property(
        tricky,
        fc.boolean(),
        fc.constantFrom<'auto' | ConcreteFormat>('auto', ...FORMATS),
        (text, strict, format) => {
          const result = parseOutput(text, { strict, format })
          expect(typeof result.ok).toBe('boolean')
          if (result.ok) expect(result.action.trim()).not.toBe('')
        },
      ),
      { numRuns: 2000 },
    )
  })

  it('parseOutput never throws on tool calls', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.array(fc.record({ name: fc.string(), arguments: fc.string() }), { maxLength: 3 }),
        (content, toolCalls) => {
          expect(() => parseOutput({ content, toolCalls })).not.toThrow()
        },
      ),
    )
  })

  it('groundAction never throws', () => {
    const space = sampleSpace()
    fc.assert(
      fc.property(tricky, (text) => {
        const result = groundAction(text, space)
        expect(typeof result.ok).toBe('boolean')
      }),
      { numRuns: 2000 },
    )
  })
})

describe('property: render → parse → ground gives back the action', () => {
  const thoughtArb = fc
    .array(fc.constantFrom(...WORDS), { maxLength: 12 })
    .map((words) => words.join(' '))

  it('for every template and argument combination of a small space, in every format', () => {
    const failures: unknown[] = []
    for (const { template, args } of combinations(small)) {
      for (const format of FORMATS) {
        const result = roundTrip(small, format, template, args, 'I think so.')
        if (
          !('template' in result) ||
          result.template !== template ||
          JSON.stringify(result.args) !== JSON.stringify(args)
        ) {
          failures.push({ format, template, args, result })
        }
      }
    }
    expect(failures).toEqual([])
  })

  it('for every combination under every perturbation and a few seeds', () => {
    const failures: unknown[] = []
    for (const kind of PERTURBATION_KINDS) {
      for (const seed of [1, 2, 3]) {
        const perturbed = perturbActionSpace(small, { kind, seed })
        for (const { template, args } of combinations(perturbed.space)) {
          const result = roundTrip(perturbed.space, perturbed.format, template, args, 'ok')
          if (
            !('template' in result) ||
            result.template !== template ||
            JSON.stringify(result.args) !== JSON.stringify(args)
          ) {
            failures.push({ kind, seed, template, args, result })
          }
        }
      }
    }
    expect(failures).toEqual([])
  })

  it('on the 40-template space, for random actions, thoughts, formats, perturbations and seeds', () => {
    const space = sampleSpace()
    const all = combinations(space)
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: all.length - 1 }),
        fc.constantFrom(...FORMATS),
        fc.constantFrom('none', ...PERTURBATION_KINDS),
        fc.integer({ min: 0, max: 1000 }),
        thoughtArb,
        (index, format, kind, seed, thought) => {
          const { template, args } = all[index]!
          const target = kind === 'none' ? space : perturbActionSpace(space, { kind, seed }).space
          const result = roundTrip(target, format, template, args, thought)
          // act-only replies carry no thought
          expect(result).toEqual({ template, args, thought: format === 'act' ? '' : thought })
        },
      ),
      { numRuns: 1500 },
    )
  }, 120_000) // a perturbed space is compiled afresh on most runs

  it('surface noise (case, articles, spacing, a full stop) grounds to the same action', () => {
    const space = sampleSpace()
    const all = combinations(space).filter(({ args }) => !('query' in args))
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: all.length - 1 }),
        fc.boolean(),
        fc.constantFrom('', 'the ', 'a ', 'The '),
        fc.constantFrom('', '.', '!'),
        fc.constantFrom(' ', '  ', '\t'),
        (index, upper, article, end, gap) => {
          const { template, args } = all[index]!
          const pattern = space.templates.find((t) => t.id === template)!.pattern
          const noisyArgs = Object.fromEntries(
            Object.entries(args).map(([k, v]) => [k, article + v]),
          )
          let text = renderPattern(pattern, noisyArgs).replace(/ /g, gap) + end
          if (upper) text = text.toUpperCase()
          const result = groundAction(text, space)
          expect(result.ok && result.action.template === template && result.action.args).toEqual(
            args,
          )
        },
      ),
      { numRuns: 1000 },
    )
  })
})

describe('per-template tool calls', () => {
  it('every template and argument combination, called as its own function, grounds back', () => {
    const big = sampleSpace()
    // every combination of the small space; a seeded sample of the 40-template one
    const rng = rngStream(11, 'tool-call-sample')
    const cases: [ActionSpace, ReturnType<typeof combinations>][] = [
      [small, combinations(small)],
      [big, rng.shuffle(combinations(big)).slice(0, 1500)],
    ]
    for (const [space, sample] of cases) {
      const tools = new Map(actionTools(space).map((tool) => [tool.function.name, tool]))
      for (const { template, args } of sample) {
        const tool = tools.get(toolName(template))!
        expect(Object.keys(tool.function.parameters.properties)).toEqual(Object.keys(args))
        const message = {
          content: 'Doing it.',
          tool_calls: [
            {
              type: 'function',
              function: { name: tool.function.name, arguments: JSON.stringify(args) },
            },
          ],
        }
        const parsed = parseOutput(toolCallOutput(message)!, { format: 'tool_call', space })
        expect(parsed.ok, JSON.stringify(parsed)).toBe(true)
        if (!parsed.ok) continue
        const grounded = groundAction(parsed.action, space)
        expect(grounded.ok && grounded.action, parsed.action).toMatchObject({ template, args })
      }
    }
  })

  it('lists the names a slot accepts, sorted, and requires every slot', () => {
    const take = actionTools(small).find((tool) => tool.function.name === 'take')!
    expect(take.function.parameters).toEqual({
      type: 'object',
      properties: {
        obj: {
          type: 'string',
          description: 'an object',
          enum: ['apple 1', 'apple 2', 'butter knife 1'],
        },
        recep: {
          type: 'string',
          description: 'a receptacle',
          enum: ['fridge 1', 'sink', 'sink basin 1'],
        },
      },
      required: ['obj', 'recep'],
      additionalProperties: false,
    })
  })
})
