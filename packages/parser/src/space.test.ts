import type { ActionSpace } from '@refinery/core'
import { describe, expect, it } from 'vitest'
import { compileActionSpace, groundAction } from './space'

const household: ActionSpace = {
  templates: [
    {
      id: 'take',
      pattern: 'take {obj} from {recep}',
      synonyms: ['pick up {obj} from {recep}'],
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
    { id: 'open', pattern: 'open {recep}', slots: [{ name: 'recep', type: 'receptacle' }] },
    {
      id: 'heat',
      pattern: 'heat {obj} with {recep}',
      slots: [
        { name: 'obj', type: 'object' },
        { name: 'recep', type: 'microwave' },
      ],
    },
  ],
  entities: [
    { name: 'apple 1', types: ['apple', 'food', 'object'] },
    { name: 'apple 2', types: ['apple', 'food', 'object'] },
    { name: 'butter knife 1', types: ['butterknife', 'object'], aliases: ['knife 1'] },
    { name: 'soap bar 1', types: ['soapbar', 'object'] },
    { name: 'fridge 1', types: ['fridge', 'receptacle'] },
    { name: 'countertop 1', types: ['countertop', 'receptacle'] },
    { name: 'microwave 1', types: ['microwave', 'receptacle'] },
    { name: 'sink', types: ['sink', 'receptacle'] },
    { name: 'sink basin 1', types: ['sinkbasin', 'receptacle'] },
  ],
  meta: ['look', 'inventory', 'check valid actions', 'help'],
}

const webshop: ActionSpace = {
  templates: [
    { id: 'search', pattern: 'search[{query}]', slots: [{ name: 'query', type: 'text' }] },
    {
      id: 'click',
      pattern: 'click[{value}]',
      slots: [{ name: 'value', type: 'text' }],
      allowed: {
        value: ['Back to Search', 'Next >', 'Buy Now', '3 ounce (pack of 1)', 'B078GWRC1J'],
      },
    },
  ],
  entities: [],
}

function ok(text: string, space: ActionSpace = household) {
  const result = groundAction(text, space)
  if (!result.ok) throw new Error(`expected ${text} to ground: ${result.message}`)
  return result.action
}

describe('groundAction', () => {
  it('grounds a template with typed slots and renders the canonical text', () => {
    expect(ok('take apple 1 from countertop 1')).toEqual({
      template: 'take',
      args: { obj: 'apple 1', recep: 'countertop 1' },
      text: 'take apple 1 from countertop 1',
    })
  })

  it('ignores case, articles, extra spaces and trailing punctuation', () => {
    expect(ok('Take  the Apple 1 from a countertop 1.').text).toBe('take apple 1 from countertop 1')
    expect(ok('"go to the fridge 1"').args).toEqual({ recep: 'fridge 1' })
  })

  it('accepts verb synonyms, aliases and apple1', () => {
    expect(ok('pick up knife 1 from countertop 1')).toMatchObject({
      template: 'take',
      args: { obj: 'butter knife 1' },
    })
    expect(ok('take apple1 from fridge 1').args.obj).toBe('apple 1')
  })

  it('accepts in, on and in/on for a literal alternative', () => {
    for (const word of ['in', 'on', 'in/on']) {
      expect(ok(`put apple 2 ${word} fridge 1`).text).toBe('put apple 2 in/on fridge 1')
    }
  })

  it('prefers the longest entity name', () => {
    expect(ok('go to sink basin 1').args.recep).toBe('sink basin 1')
    expect(ok('go to sink').args.recep).toBe('sink')
  })

  it('grounds free text and allowed values in WebShop brackets', () => {
    expect(ok('search[3 ounce bright citrus deodorant]', webshop)).toEqual({
      template: 'search',
      args: { query: '3 ounce bright citrus deodorant' },
      text: 'search[3 ounce bright citrus deodorant]',
    })
    expect(ok('click [ buy now ]', webshop)).toEqual({
      template: 'click',
      args: { value: 'Buy Now' },
      text: 'click[Buy Now]',
    })
    expect(ok('click[3 ounce (pack of 1)]', webshop).args.value).toBe('3 ounce (pack of 1)')
  })

  it('recognises meta-actions', () => {
    expect(groundAction('Check valid actions.', household)).toEqual({
      ok: true,
      action: { template: 'check valid actions', args: {}, text: 'check valid actions' },
      meta: true,
    })
    expect(groundAction('check available actions', household)).toMatchObject({
      ok: true,
      meta: true,
    })
  })

  it('finds the verb by its first word whatever its length or script', () => {
    const space: ActionSpace = {
      templates: [
        { id: 'x', pattern: 'x {obj}', slots: [{ name: 'obj', type: 'object' }] },
        { id: 'xa', pattern: 'xa {obj}', slots: [{ name: 'obj', type: 'object' }] },
        { id: 'öffne', pattern: 'öffne {obj}', slots: [{ name: 'obj', type: 'object' }] },
        { id: 'look-at', pattern: 'look at {obj}', slots: [{ name: 'obj', type: 'object' }] },
        { id: 'wait', pattern: 'wait', slots: [] },
      ],
      entities: [{ name: 'door 1', types: ['object'] }],
      meta: ['look'],
    }
    expect(ok('x door 1', space).template).toBe('x')
    expect(ok('XA door 1', space).template).toBe('xa')
    expect(ok('Öffne door 1', space).template).toBe('öffne')
    expect(ok('look at door 1', space).template).toBe('look-at')
    expect(ok('wait', space).template).toBe('wait')
    expect(groundAction('look', space)).toMatchObject({ ok: true, meta: true })
    // `x-ray` is one word: it must not open `x {obj}`
    expect(groundAction('x-ray door 1', space)).toMatchObject({
      ok: false,
      status: 'unknown_action',
    })
  })

  it('grounds through a compiled space the same way', () => {
    const compiled = compileActionSpace(household)
    expect(compiled.ground('open fridge 1')).toEqual(groundAction('open fridge 1', household))
  })

  it('recompiles a space whose entities changed', () => {
    const space: ActionSpace = { ...household, entities: [...household.entities] }
    expect(groundAction('open drawer 1', space).ok).toBe(false)
    space.entities.push({ name: 'drawer 1', types: ['drawer', 'receptacle'] })
    expect(groundAction('open drawer 1', space).ok).toBe(true)
  })

  it('compiles a space once for every copy of its content', () => {
    const first = compileActionSpace(structuredClone(household))
    expect(compileActionSpace(structuredClone(household))).toBe(first)
    const other = structuredClone(household)
    other.entities.push({ name: 'drawer 9', types: ['drawer', 'receptacle'] })
    const compiled = compileActionSpace(other)
    expect(compiled).not.toBe(first)
    expect(compiled.ground('open drawer 9').ok).toBe(true)
    expect(first.ground('open drawer 9').ok).toBe(false)
  })

  it('compiles again a space whose template or entity objects were changed in place', () => {
    const space = structuredClone(household)
    const first = compileActionSpace(space)
    expect(first.ground('open fridge 1').ok).toBe(true)
    const fridge = space.entities.find((e) => e.name === 'fridge 1')!
    fridge.name = 'icebox 1'
    const renamed = compileActionSpace({ ...space, entities: [...space.entities] })
    expect(renamed.ground('open icebox 1').ok).toBe(true)
    expect(renamed.ground('open fridge 1').ok).toBe(false)
    const open = space.templates.find((t) => t.id === 'open')!
    open.synonyms = ['unlatch {recep}']
    fridge.types.push('openable')
    const reworded = compileActionSpace({ ...space, templates: [...space.templates] })
    expect(reworded.ground('unlatch icebox 1')).toMatchObject({
      ok: true,
      action: { template: 'open' },
    })
    expect(renamed.ground('unlatch icebox 1').ok).toBe(false)
  })

  it('keeps the allowed lists of spaces alike apart from a list changed in place', () => {
    const allowing = (): ActionSpace => ({
      ...structuredClone(household),
      templates: [
        {
          id: 'eat',
          pattern: 'eat {obj}',
          slots: [{ name: 'obj', type: 'object' }],
          allowed: { obj: ['apple 1'] },
        },
      ],
    })
    const first = allowing()
    expect(compileActionSpace(first).ground('eat apple 2').ok).toBe(false)
    first.templates[0]!.allowed!.obj!.push('apple 2')
    // Another space with the first one's templates as they were (and one more entity, so it
    // is compiled anew): it takes apple 1 only.
    const other = allowing()
    other.entities.push({ name: 'apple 3', types: ['apple', 'food', 'object'] })
    const second = compileActionSpace(other)
    expect(second.ground('eat apple 1').ok).toBe(true)
    expect(second.ground('eat apple 2').ok).toBe(false)
    const changed = compileActionSpace({ ...first, templates: [...first.templates] })
    expect(changed.ground('eat apple 2').ok).toBe(true)
  })

  it('grounds each view of a world against its own entities when views share the templates', () => {
    const view = (names: string[]): ActionSpace => ({
      ...household,
      entities: household.entities.filter((e) => names.includes(e.name)),
    })
    const one = compileActionSpace(view(['fridge 1', 'apple 1']))
    const two = compileActionSpace(view(['fridge 1']))
    expect(one.ground('take apple 1 from fridge 1').ok).toBe(true)
    expect(two.ground('take apple 1 from fridge 1').ok).toBe(false)
    expect(two.ground('open fridge 1').ok).toBe(true)
  })
})

describe('groundAction: mistakes', () => {
  const message = (text: string, space: ActionSpace = household) => {
    const result = groundAction(text, space)
    return result.ok ? 'GROUNDED' : `${result.status}: ${result.message}`
  }

  it('says when no verb matches, with a close one', () => {
    expect(message('fly to the moon')).toMatchInlineSnapshot(
      `"unknown_action: "fly" is not a known action. Check valid actions."`,
    )
    expect(message('tkae apple 1 from fridge 1')).toMatchInlineSnapshot(
      `"unknown_action: "tkae" is not a known action. Did you mean "take"? Check valid actions."`,
    )
    expect(message('go north')).toMatchInlineSnapshot(
      `"unknown_action: "go north" is not a known action. Did you mean "go to"? Check valid actions."`,
    )
    expect(message('pickup apple 1 from fridge 1')).toMatchInlineSnapshot(
      `"unknown_action: "pickup" is not a known action. Did you mean "pick up"? Check valid actions."`,
    )
    expect(message('')).toMatchInlineSnapshot(
      `"unknown_action: Your action is empty. Check valid actions."`,
    )
  })

  it('names a misspelt entity and offers the closest one', () => {
    expect(message('take aple 1 from fridge 1')).toMatchInlineSnapshot(
      `"invalid_argument: There is no "aple 1" here. Did you mean "apple 1"?"`,
    )
    expect(message('take apple 1 from fridg 1')).toMatchInlineSnapshot(
      `"invalid_argument: There is no "fridg 1" here. Did you mean "fridge 1"?"`,
    )
    expect(message('take soap bar 7 from fridge 1')).toMatchInlineSnapshot(
      `"invalid_argument: There is no "soap bar 7" here. Did you mean "soap bar 1"?"`,
    )
    expect(message('take banana 1 from fridge 1')).toMatchInlineSnapshot(
      `"invalid_argument: There is no "banana 1" here. Check valid actions."`,
    )
  })

  it('asks which duplicate an unnumbered name means, and takes the only one', () => {
    expect(message('take apple from fridge 1')).toMatchInlineSnapshot(
      `"invalid_argument: Which apple do you mean: "apple 1" or "apple 2"? Name it with its number."`,
    )
    expect(message('take the soap bar from fridge 1')).toMatchInlineSnapshot(`"GROUNDED"`)
  })

  it('names an entity of the wrong type', () => {
    expect(message('take fridge 1 from countertop 1')).toMatchInlineSnapshot(
      `"invalid_argument: "fridge 1" cannot be used with "take": {obj} must be an object."`,
    )
    expect(message('heat apple 1 with fridge 1')).toMatchInlineSnapshot(
      `"invalid_argument: "fridge 1" cannot be used with "heat": {recep} must be a microwave."`,
    )
  })

  it('shows the form for the wrong number of arguments', () => {
    expect(message('take apple 1')).toMatchInlineSnapshot(
      `"invalid_argument: "take" is written "take {obj} from {recep}" or "pick up {obj} from {recep}". Check valid actions."`,
    )
    expect(message('go to')).toMatchInlineSnapshot(
      `"invalid_argument: "go to" is missing {recep}. Write "go to {recep}"."`,
    )
    expect(message('open fridge 1 countertop 1')).toMatchInlineSnapshot(
      `"invalid_argument: Unexpected "countertop 1" at the end. Write "open {recep}"."`,
    )
  })

  it('names a value outside the allowed list', () => {
    expect(message('click[buy it now]', webshop)).toMatchInlineSnapshot(
      `"invalid_argument: "buy it now" is not allowed for {value} in "click". Did you mean "Buy Now"?"`,
    )
    expect(message('click[Bakc to Search]', webshop)).toMatchInlineSnapshot(
      `"invalid_argument: "Bakc to Search" is not allowed for {value} in "click". Did you mean "Back to Search"?"`,
    )
  })

  it('never throws', () => {
    for (const text of [
      '',
      ' ',
      '[',
      '{obj}',
      'take',
      'take  from ',
      '\u0000',
      'x'.repeat(10_000),
    ]) {
      expect(() => groundAction(text, household)).not.toThrow()
    }
    expect(() => groundAction(undefined as unknown as string, household)).not.toThrow()
  })
})

describe('grounding with what the agent has observed', () => {
  const space = compileActionSpace(household)
  const seen = new Set(['apple 1', 'fridge 1', 'countertop 1'])
  const known = (name: string) => seen.has(name)

  it('answers an unseen entity exactly as one that does not exist', () => {
    const unseen = space.ground('take apple 2 from countertop 1', { known })
    const missing = space.ground('take apple 7 from countertop 1', { known })
    expect(unseen).toMatchObject({ ok: false, status: 'invalid_argument' })
    expect(!unseen.ok && unseen.message.replace('apple 2', 'X')).toBe(
      !missing.ok && missing.message.replace('apple 7', 'X'),
    )
    expect(space.ground('take apple 1 from countertop 1', { known }).ok).toBe(true)
  })

  it('names no unseen entity: an unnumbered name means the one seen, suggestions only seen', () => {
    expect(space.ground('take apple from countertop 1', { known })).toMatchObject({
      ok: true,
      action: { text: 'take apple 1 from countertop 1' },
    })
    const typo = space.ground('take soap bra 1 from countertop 1', { known })
    expect(!typo.ok && typo.message).not.toMatch(/soap bar/)
    const all = space.ground('take soap bra 1 from countertop 1')
    expect(!all.ok && all.message).toMatch(/soap bar 1/)
  })

  it('resolves an ambiguous name to the one in focus, when exactly one is', () => {
    const both = (name: string) => name.startsWith('apple') || seen.has(name)
    const ambiguous = space.ground('take apple from countertop 1', { known: both })
    expect(!ambiguous.ok && ambiguous.message).toMatch(/Which apple do you mean/)
    const focused = space.ground('take apple from countertop 1', {
      known: both,
      focus: (name) => name === 'apple 2',
    })
    expect(focused).toMatchObject({ ok: true, action: { text: 'take apple 2 from countertop 1' } })
  })
})
