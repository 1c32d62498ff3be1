import { RefineryError } from '@refinery/core'
import { describe, expect, it } from 'vitest'
import miniHousehold from '../__fixtures__/mini-household.json'
import { deepFreeze } from '../freeze'
import { WorldSpec, type WorldSpecInput } from '../spec'
import { coinWorld } from './__fixtures__/worlds'
import { compileParsed, compileWorld } from './compile'
import { WorldEngine } from './engine'
import type { CompiledWorld } from './world'

/** The error compileWorld throws, as `path: message`. */
function specError(spec: WorldSpecInput): string {
  try {
    compileWorld(spec)
  } catch (error) {
    if (RefineryError.isInstance(error) && error.code === 'invalid_spec')
      return `${error.path}: ${error.message}`
    throw error
  }
  throw new Error('compileWorld accepted the spec')
}

const base = coinWorld()
const take = base.actions[0]!
const withTake = (patch: Record<string, unknown>): WorldSpecInput => ({
  ...base,
  actions: [{ ...take, ...patch }, base.actions[1]!],
})

describe('compileWorld', () => {
  it('compiles the mini-household fixture', () => {
    const world = compileWorld(miniHousehold as WorldSpecInput)
    expect(world.id).toBe('mini-household')
    expect(world.entities.map((e) => e.display)).toContain('apple 2')
    expect(
      world.types[world.typeIndex.get('apple')!]!.lineage.map((t) => world.types[t]!.name),
    ).toEqual(['apple', 'food', 'item', 'object'])
    expect([...world.staticPreds].map((p) => world.predicates[p]!.name).sort()).toEqual([
      'cleaner',
      'openable',
    ])
    expect([...world.derivedPreds].map((p) => world.predicates[p]!.name)).toEqual(['reachable'])
  })

  it('reports zod errors with their path', () => {
    expect(specError({ ...base, actions: [] })).toMatch(/^actions: The world spec does not parse/)
  })

  it.each([
    [
      'unknown type',
      { ...base, entities: [{ id: 'x', type: 'ghost', name: 'x' }] },
      "entities[0].type: Unknown type 'ghost'.",
    ],
    [
      'unknown entity',
      withTake({ checks: [{ require: { fact: ['in', '?i', 'attic'] }, fail: 'no' }] }),
      "actions[0].checks[0].require.fact[2]: Unknown entity 'attic'.",
    ],
    [
      'unknown predicate',
      withTake({ checks: [{ require: { not: { fact: ['shiny', '?i'] } }, fail: 'no' }] }),
      "actions[0].checks[0].require.not.fact[0]: Unknown predicate 'shiny'.",
    ],
    [
      'wrong arity',
      withTake({ effects: [{ add: ['holding', '?i', '?p'] }] }),
      "actions[0].effects[0].add: Predicate 'holding' takes 1 argument(s), got 2.",
    ],
    [
      'undeclared variable',
      withTake({ checks: [{ require: { fact: ['holding', '?x'] }, fail: 'no' }] }),
      "actions[0].checks[0].require.fact[1]: Undeclared variable '?x'.",
    ],
    [
      'pattern slot not a param',
      withTake({ pattern: 'take {i} from {q}' }),
      'actions[0].pattern: Pattern slot {q} is not a param.',
    ],
    [
      'param missing from the pattern',
      withTake({ pattern: 'take {i}' }),
      "actions[0].pattern: Param 'p' does not appear in the pattern.",
    ],
    [
      'text slot not in scope',
      withTake({ message: 'You take {x}.' }),
      'actions[0].message: Text slot {x} is not a variable in scope.',
    ],
    [
      'text slot that does not parse',
      withTake({ message: 'You take {the big i}.' }),
      "actions[0].message: Text slot '{the big i}' does not parse.",
    ],
    [
      'derived predicate set by an effect',
      {
        ...withTake({ effects: [{ add: ['free', '?p'] }] }),
        derived: [
          {
            predicate: 'free',
            params: [{ name: 'p', type: 'place' }],
            when: { not: { fact: ['locked', '?p'] } },
          },
        ],
      },
      "actions[0].effects[0].add: Predicate 'free' is derived; effects and facts cannot set it.",
    ],
    [
      'duplicate display names',
      {
        ...base,
        entities: [...base.entities, { id: 'coin_x', type: 'coin', name: 'coin', number: 1 }],
      },
      "entities[4]: Entities 'coin_1' and 'coin_x' both display as 'coin 1'.",
    ],
    [
      'type cycle',
      {
        ...base,
        types: [{ name: 'a', parent: 'b' }, { name: 'b', parent: 'a' }, ...(base.types ?? [])],
      },
      "types[0].parent: Type 'a' descends from itself.",
    ],
    [
      'unknown subgoal in after',
      { ...base, goal: { ...base.goal, subgoals: [{ id: 's', when: { all: [] }, after: ['t'] }] } },
      "goal.subgoals[0].after[0]: Unknown subgoal 't'.",
    ],
    [
      'unknown attribute',
      withTake({
        checks: [{ require: { compare: [{ attr: ['weight', '?i'] }, '>', 1] }, fail: 'no' }],
      }),
      "actions[0].checks[0].require.compare[0].attr[0]: Unknown attribute 'weight'.",
    ],
  ])('rejects %s with a path', (_, spec, expected) => {
    expect(specError(spec as WorldSpecInput)).toBe(expected)
  })

  it('declares attributes that entities carry without a declaration', () => {
    const world = compileWorld({
      ...base,
      entities: base.entities.map((e) =>
        e.id === 'coin_1' ? { ...e, attributes: { weight: 3 } } : e,
      ),
    })
    expect(world.attributes.map((a) => a.name)).toEqual(['weight'])
  })

  it('shares frozen actions between worlds whose symbols answer them the same', () => {
    const parsed = WorldSpec.parse(coinWorld())
    const spec = { ...parsed, actions: parsed.actions.map(deepFreeze) }
    const first = compileParsed(spec)
    const again = compileParsed({ ...spec, id: 'coins-again' })
    expect(again.actions[0]!.pre).toBe(first.actions[0]!.pre)
    expect(again.actions.map((a) => a.index)).toEqual([0, 1])
    // Other predicate indices: the action is compiled again, and plays right in that world.
    const reordered = compileParsed({ ...spec, predicates: [...spec.predicates].reverse() })
    expect(reordered.actions[0]!.pre).not.toBe(first.actions[0]!.pre)
    const engine = new WorldEngine(reordered)
    expect(engine.step({ schema: 'take', args: ['coin_1', 'box'] }).status).toBe('ok')
    expect(engine.describe()).toEqual(['The coin 2 is in the table.', 'You hold the coin 1.'])
  })

  it('shares actions that are not frozen by their JSON, as it was when they were compiled', () => {
    const spec = WorldSpec.parse(coinWorld())
    const first = compileParsed(spec)
    const copy = structuredClone(spec)
    const again = compileParsed({ ...copy, id: 'coins-copy' })
    expect(again.actions[0]!.pre).toBe(first.actions[0]!.pre)
    // Changed after it was compiled: the action is compiled again from what it says now.
    copy.actions[0]!.pattern = `${copy.actions[0]!.pattern} now`
    const changed = compileParsed({ ...copy, id: 'coins-changed' })
    expect(changed.actions[0]!.pattern).toBe(copy.actions[0]!.pattern)
    expect(changed.actions[0]!.pre).not.toBe(first.actions[0]!.pre)
    expect(changed.actions[1]!.pre).toBe(first.actions[1]!.pre)
  })

  it('shares the frozen frame of an action written per world for its message', () => {
    const parsed = WorldSpec.parse(coinWorld())
    const frozen = parsed.actions.map(deepFreeze)
    // Each world writes `take` afresh with a message of its own around the family's frozen parts.
    const world = (id: string, message: string) =>
      compileParsed({
        ...parsed,
        id,
        actions: [{ ...frozen[0]!, message }, frozen[1]!],
      })
    const first = world('coins-a', 'You take {the i}.')
    const second = world('coins-b', 'Got {the i} from {the p}.')
    expect(second.actions[0]!.pre).toBe(first.actions[0]!.pre)
    expect(second.actions[0]!.checks).toBe(first.actions[0]!.checks)
    expect(second.actions[0]!.envSize).toBe(first.actions[0]!.envSize)
    const engine = new WorldEngine(second)
    const step = engine.step({ schema: 'take', args: ['coin_1', 'box'] })
    expect(step.status).toBe('ok')
    expect(step.observation).toBe('Got the coin 1 from the box.')
    // Other predicate indices: the frame is compiled again, and plays right in that world.
    const reordered = compileParsed({
      ...parsed,
      predicates: [...parsed.predicates].reverse(),
      actions: [{ ...frozen[0]!, message: 'You take {the i}.' }, frozen[1]!],
    })
    expect(reordered.actions[0]!.pre).not.toBe(first.actions[0]!.pre)
    expect(
      new WorldEngine(reordered).step({ schema: 'take', args: ['coin_1', 'box'] }).status,
    ).toBe('ok')
  })

  it('shares frozen derived rules the same way', () => {
    const parsed = WorldSpec.parse(miniHousehold)
    const spec = { ...parsed, derived: parsed.derived.map((d) => Object.freeze(d)) }
    const first = compileParsed(spec)
    expect(compileParsed({ ...spec, id: 'again' }).derived[0]).toBe(first.derived[0])
    const reordered = compileParsed({ ...spec, predicates: [...spec.predicates].reverse() })
    expect(reordered.derived[0]).not.toBe(first.derived[0])
    const actions = (world: CompiledWorld) => new WorldEngine(world).validActions()
    expect(actions(reordered)).toEqual(actions(compileWorld(miniHousehold as WorldSpecInput)))
  })
})
