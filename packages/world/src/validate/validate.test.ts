import { describe, expect, it } from 'vitest'
import fixture from '../__fixtures__/mini-household.json'
import { WorldEngine } from '../engine/engine'
import { deepFreeze } from '../freeze'
import type { WorldSpecInput } from '../spec'
import { formatIssues } from './issues'
import { validateBuiltWorldSpec, validateWorldSpec } from './validate'

const base = fixture as unknown as WorldSpecInput
type Key = string | number
/** `undefined` deletes the key; a path ending in `+` appends to the array. */
type Change = [path: string, value: unknown]

/** A deep copy of the fixture with values set at dotted paths (`actions[2].pattern`). */
function edit(...changes: Change[]): unknown {
  const copy = structuredClone(base) as unknown
  for (const [path, value] of changes) {
    const keys: Key[] = [...path.matchAll(/[^.[\]]+/g)].map(([k]) =>
      /^\d+$/.test(k) ? Number(k) : k,
    )
    const last = keys.pop() as Key
    let node = copy as Record<Key, unknown>
    for (const key of keys) node = node[key] as Record<Key, unknown>
    if (last === '+') (node as unknown as unknown[]).push(value)
    else if (value === undefined) delete node[last]
    else node[last] = value
  }
  return copy
}

function issuesOf(input: unknown, options = { skipPlanning: true }) {
  const result = validateWorldSpec(input, options)
  if (result.ok) throw new Error('expected issues')
  return result.issues
}

describe('validateWorldSpec', () => {
  it('accepts the mini-household world and finds a plan', () => {
    const result = validateWorldSpec(base)
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.world.id).toBe('mini-household')
    expect(result.plan?.length).toBeGreaterThan(3)
  })

  it.each([
    [null, '$', 'Expected an object, got null.'],
    [[], '$', 'Expected an object, got an array.'],
    ['spec', '$', "Expected an object, got the string 'spec'."],
  ])('refuses %j at the root', (input, path, message) => {
    expect(issuesOf(input)[0]).toMatchObject({ path, message, code: 'schema' })
  })

  it('turns schema errors into paths, into the condition form that was meant', () => {
    const issues = issuesOf(
      edit(
        ['actions[2].checks[0].require', { fact: [5] }],
        ['actions[1].checks[0].require', { fakt: ['at', '?r'] }],
        ['entities[0].id', '1bad'],
        ['colour', 'blue'],
        ['goal.instruction', undefined],
      ),
    )
    expect(issues.map((i) => `${i.path}: ${i.message}`)).toEqual([
      "entities[0].id: '1bad' is not a valid name: use letters, digits, _ or -, starting with a letter.",
      "actions[1].checks[0].require: Unknown form 'fakt'.",
      'actions[2].checks[0].require.fact[0]: Expected a string, got the number 5.',
      "goal.instruction: The required key 'instruction' is missing.",
      "colour: Unknown key 'colour'.",
    ])
    expect(issues[1]?.hint).toContain("'fact'")
  })

  it.each([
    [
      'unknown type',
      ['entities[4].type', 'fruit'] as Change,
      'entities[4].type',
      "Unknown type 'fruit'.",
    ],
    [
      'unknown parent',
      ['types[2].parent', 'thing'] as Change,
      'types[2].parent',
      "Unknown parent type 'thing'.",
    ],
    [
      'type cycle',
      ['types[1].parent', 'apple'] as Change,
      'types[1].parent',
      'The type hierarchy has a cycle: item → apple → food → item.',
    ],
    [
      'duplicate entity',
      ['entities[6].id', 'apple_1'] as Change,
      'entities[6].id',
      "The entity id 'apple_1' is used twice.",
    ],
    [
      'unknown predicate',
      ['actions[2].checks[0].require', { fact: ['near', '?r'] }] as Change,
      'actions[2].checks[0].require.fact[0]',
      "Unknown predicate 'near'.",
    ],
    [
      'wrong arity',
      ['facts[3]', ['in', 'apple_1']] as Change,
      'facts[3]',
      "The predicate 'in' takes 2 argument(s), got 1.",
    ],
    [
      'unknown entity',
      ['facts[0]', ['openable', 'freezer_1']] as Change,
      'facts[0][1]',
      "Unknown entity 'freezer_1'.",
    ],
    [
      'undeclared variable',
      ['actions[3].effects[0]', { del: ['holding', '?x'] }] as Change,
      'actions[3].effects[0].del[1]',
      "The variable '?x' is not declared here.",
    ],
    [
      'slot not a param',
      ['actions[2].pattern', 'take {obj} from {r}'] as Change,
      'actions[2].pattern',
      'The slot {obj} is not a parameter of this action.',
    ],
    [
      'param not in pattern',
      ['actions[2].pattern', 'take {o}'] as Change,
      'actions[2].pattern',
      'The pattern leaves out {r}.',
    ],
    [
      'text slot',
      ['actions[2].message', 'You take {thing}.'] as Change,
      'actions[2].message',
      'The text slot {thing} is not a variable in scope or an entity id.',
    ],
    [
      'bad slot',
      ['actions[2].message', 'You take {a b c}.'] as Change,
      'actions[2].message',
      "The text slot '{a b c}' does not parse.",
    ],
    [
      'unknown attribute',
      ['actions[2].message', 'It weighs {o.mass}.'] as Change,
      'actions[2].message',
      "Unknown attribute 'mass'.",
    ],
    [
      'duplicate subgoal',
      ['goal.subgoals[1].id', 'hold'] as Change,
      'goal.subgoals[1].id',
      "The subgoal id 'hold' is used twice.",
    ],
    [
      'unknown after',
      ['goal.subgoals[2].after', ['washed']] as Change,
      'goal.subgoals[2].after[0]',
      "Unknown subgoal 'washed'.",
    ],
    [
      'derived set by a fact',
      ['facts.+', ['reachable', 'fridge_1']] as Change,
      'facts[6][0]',
      "The predicate 'reachable' is derived; facts and effects cannot set it.",
    ],
    [
      'same display',
      ['entities[5].number', 1] as Change,
      'entities[5]',
      "The entities 'apple_1' and 'apple_2' both read 'apple 1'.",
    ],
    [
      'fact of the wrong type',
      ['facts[3]', ['in', 'fridge_1', 'countertop_1']] as Change,
      'facts[3][1]',
      "'fridge_1' is a receptacle, but 'in' expects an item there.",
    ],
  ])('finds %s', (_name, change, path, message) => {
    const issues = issuesOf(edit(change))
    expect(issues).toContainEqual(expect.objectContaining({ path, message, code: 'semantic' }))
    for (const issue of issues) expect(issue.hint.length).toBeGreaterThan(0)
  })

  it('reports every semantic issue at once', () => {
    const issues = issuesOf(
      edit(
        ['entities[4].type', 'fruit'],
        ['facts[0]', ['opened', 'nowhere']],
        ['actions[0].pattern', 'go'],
      ),
    )
    expect(issues.map((i) => i.path)).toEqual([
      'entities[4].type',
      'facts[0][1]',
      'actions[0].pattern',
    ])
  })

  it('finds a goal that already holds', () => {
    const issues = issuesOf(edit(['goal.success', { fact: ['in', 'apple_1', 'countertop_1'] }]))
    expect(issues).toEqual([
      expect.objectContaining({ path: 'goal.success', code: 'goal_already_true' }),
    ])
  })

  it('finds a goal that cannot be reached', () => {
    const issues = issuesOf(
      // Only apples can be put down, and the goal wants the mug in the sink basin.
      edit(
        ['goal.success', { fact: ['in', 'mug_1', 'sinkbasin_1'] }],
        [
          'actions[3].checks[0].require',
          { all: [{ fact: ['holding', '?o'] }, { is: ['?o', 'apple'] }] },
        ],
      ),
      { skipPlanning: false },
    )
    expect(issues).toEqual([
      expect.objectContaining({ path: 'goal.success', code: 'goal_unreachable' }),
    ])
  })

  it('says to raise the budget when the planner runs out', () => {
    const result = validateWorldSpec(base, { planBudget: 2 })
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.issues[0]).toMatchObject({ path: 'goal.success', code: 'plan_budget' })
    expect(result.issues[0]?.hint).toContain('planBudget')
  })

  it('refuses deep nesting and cycles without throwing', () => {
    let deep: unknown = { fact: ['at', '?r'] }
    for (let i = 0; i < 100_000; i++) deep = { not: deep }
    const issues = issuesOf(edit(['actions[0].checks[0].require', deep]))
    expect(issues[0]?.path).toMatch(/^actions\[0\]\.checks\[0\]\.require(\.not)+$/)
    const cyclic = edit() as { goal: { success: unknown } }
    cyclic.goal.success = { not: cyclic.goal }
    expect(issuesOf(cyclic)[0]?.message).toContain('nests deeper')
  })

  it('formats one line per issue', () => {
    const issues = issuesOf(edit(['entities[4].type', 'fruit']))
    expect(formatIssues(issues)).toEqual([
      "entities[4].type: Unknown type 'fruit'. Declare it in types, or use one of: object, receptacle, item, food, apple, mug.",
    ])
  })
})

describe('validateBuiltWorldSpec', () => {
  it('runs every check after the schema on a spec built in the parsed shape', () => {
    const parsed = validateWorldSpec(base, { skipPlanning: true })
    expect(parsed.ok).toBe(true)
    if (!parsed.ok) return
    const built = validateBuiltWorldSpec(parsed.spec)
    const full = validateWorldSpec(base)
    expect(built.ok && built.plan).toEqual(full.ok && full.plan)
    expect(built.ok && built.plan?.length).toBeGreaterThan(0)
    expect(built.ok && built.world.entities.length).toBe(parsed.world.entities.length)
    const unknown = structuredClone(parsed.spec)
    unknown.facts.push(['nosuch', 'apple_1'])
    const bad = validateBuiltWorldSpec(unknown, { skipPlanning: true })
    expect(bad.ok).toBe(false)
    expect(!bad.ok && bad.issues[0]!.path).toBe(`facts[${unknown.facts.length - 1}][0]`)
    const won = structuredClone(parsed.spec)
    won.goal.success = { all: [] }
    const already = validateBuiltWorldSpec(won, { skipPlanning: true })
    expect(!already.ok && already.issues[0]!.code).toBe('goal_already_true')
  })
})

describe('shared action specs', () => {
  it('checks a frozen action again in a world that resolves its names differently', () => {
    const parsed = validateWorldSpec(base, { skipPlanning: true })
    if (!parsed.ok) throw new Error('the fixture validates')
    const spec = { ...parsed.spec, actions: parsed.spec.actions.map(deepFreeze) }
    expect(validateBuiltWorldSpec(spec, { skipPlanning: true }).ok).toBe(true)
    expect(validateBuiltWorldSpec({ ...spec, id: 'again' }, { skipPlanning: true }).ok).toBe(true)
    // `at` takes two arguments in this world: the go action's atoms no longer fit it.
    const predicates = spec.predicates.map((p) =>
      p.name === 'at' ? { ...p, params: [...p.params, { name: 'y', type: 'object' }] } : p,
    )
    const other = validateBuiltWorldSpec({ ...spec, predicates }, { skipPlanning: true })
    expect(!other.ok && other.issues.map((i) => i.path)).toContain(
      'actions[0].checks[0].require.not.fact',
    )
  })
})

describe('shared predicate declarations', () => {
  it('checks frozen declarations again where their types are not declared', () => {
    const parsed = validateWorldSpec(base, { skipPlanning: true })
    if (!parsed.ok) throw new Error('the fixture validates')
    const spec = { ...parsed.spec, predicates: deepFreeze(structuredClone(parsed.spec.predicates)) }
    expect(validateBuiltWorldSpec(spec, { skipPlanning: true }).ok).toBe(true)
    expect(validateBuiltWorldSpec({ ...spec, id: 'again' }, { skipPlanning: true }).ok).toBe(true)
    const types = spec.types.filter((t) => t.name !== 'item')
    const entities = spec.entities.filter((e) => e.type !== 'item')
    const issues = validateBuiltWorldSpec(
      { ...spec, types, entities, actions: [], facts: [] },
      { skipPlanning: true },
    )
    const at = spec.predicates.findIndex((p) => p.params.some((q) => q.type === 'item'))
    expect(!issues.ok && issues.issues.map((i) => i.path)).toContain(
      `predicates[${at}].params[${spec.predicates[at]!.params.findIndex((q) => q.type === 'item')}].type`,
    )
  })
})

describe('shared view parts', () => {
  it('checks and compiles a frozen observation part again where its names resolve differently', () => {
    const parsed = validateWorldSpec(base, { skipPlanning: true })
    if (!parsed.ok) throw new Error('the fixture validates')
    const first = new WorldEngine(parsed.world).reset().observation
    const freezeParts = <T>(text: T): T =>
      (text as unknown[]).map((p) => (typeof p === 'object' ? deepFreeze(p) : p)) as T
    const { observations } = structuredClone(parsed.spec)
    const spec = {
      ...parsed.spec,
      observations: {
        ...observations,
        intro: freezeParts(observations.intro),
        look: freezeParts(observations.look),
      },
    }
    const once = validateBuiltWorldSpec(spec, { skipPlanning: true })
    expect(once.ok && new WorldEngine(once.world).reset().observation).toBe(first)
    // The same parts in a world whose predicates come in another order (other indices).
    const reordered = { ...spec, predicates: [...spec.predicates].reverse() }
    const again = validateBuiltWorldSpec(reordered, { skipPlanning: true })
    expect(again.ok && new WorldEngine(again.world).reset().observation).toBe(first)
    // And in one where a type the parts name is missing: the issue is found again.
    const entities = spec.entities.filter((e) => e.type !== 'receptacle')
    const types = spec.types.filter((t) => t.name !== 'receptacle')
    const bad = validateBuiltWorldSpec(
      { ...spec, types, entities, actions: [], facts: [] },
      { skipPlanning: true },
    )
    expect(!bad.ok && bad.issues.map((i) => i.path)).toContain(
      'observations.intro[1].list.vars[0].type',
    )
  })
})
