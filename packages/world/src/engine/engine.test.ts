import { RefineryError } from '@refinery/core'
import { describe, expect, it } from 'vitest'
import miniHousehold from '../__fixtures__/mini-household.json'
import type { WorldSpecInput } from '../spec'
import { validateWorldSpec } from '../validate/validate'
import { coinWorld, whenThen } from './__fixtures__/worlds'
import { compileWorld } from './compile'
import { WorldEngine } from './engine'

const engineFor = (spec: WorldSpecInput, options = {}) => {
  const engine = new WorldEngine(compileWorld(spec), options)
  engine.reset()
  return engine
}

const coins = coinWorld()

describe('WorldEngine checks', () => {
  it('reports the first failing check in order, with its status and place flag', () => {
    const engine = engineFor({
      ...coins,
      facts: [...coins.facts!, ['locked', 'box'], ['holding', 'coin_2']],
    })
    // All three checks fail; the first one decides.
    const locked = engine.step({ schema: 'take', args: ['coin_1', 'box'] })
    expect(locked).toMatchObject({
      observation: 'The box is locked.',
      status: 'precondition_failed',
      place: true,
    })
    const absent = engine.step({ schema: 'take', args: ['coin_1', 'table'] })
    expect(absent).toMatchObject({ observation: 'There is no coin 1 in the table.', place: true })
    const full = engineFor({ ...coins, facts: [...coins.facts!, ['holding', 'coin_2']] }).step({
      schema: 'take',
      args: ['coin_1', 'box'],
    })
    expect(full).toMatchObject({
      observation: 'Your hands are full.',
      status: 'precondition_failed',
    })
    expect(full.place).toBeUndefined()
  })

  it('rejects unknown schemas, wrong arity, unknown entities and wrong types', () => {
    const engine = engineFor(coins)
    expect(engine.step({ schema: 'fly', args: [] }).status).toBe('unknown_action')
    expect(engine.step({ schema: 'take', args: ['coin_1'] }).status).toBe('invalid_argument')
    expect(engine.step({ schema: 'take', args: ['coin_9', 'box'] }).status).toBe('invalid_argument')
    expect(engine.step({ schema: 'take', args: ['box', 'box'] })).toMatchObject({
      status: 'invalid_argument',
      observation: 'You cannot take box from box: the box is not an item.',
    })
    expect(engine.steps).toBe(0)
  })

  it('steps grounded actions by display name', () => {
    const engine = engineFor(coins)
    const r = engine.step({
      template: 'take',
      args: { i: 'coin 1', p: 'box' },
      text: 'take coin 1 from box',
    })
    expect(r).toMatchObject({ status: 'ok', observation: 'You take the coin 1 from the box.' })
  })

  it('calls an action that changes nothing no_effect', () => {
    const engine = engineFor({
      ...coins,
      actions: [
        ...coins.actions,
        {
          name: 'tidy',
          params: [],
          pattern: 'tidy',
          effects: [{ add: ['in', 'coin_2', 'table'] }],
          message: 'Tidy.',
        },
      ],
    })
    const r = engine.step({ schema: 'tidy', args: [] })
    expect(r).toMatchObject({
      status: 'no_effect',
      observation: 'Nothing happens: "tidy" would change nothing.',
    })
    expect(engine.steps).toBe(1)
  })
})

describe('WorldEngine effects', () => {
  const counter = (effects: unknown[], extra: Partial<WorldSpecInput> = {}) =>
    engineFor({
      ...coins,
      attributes: [{ name: 'value', type: 'item', default: 1 }],
      actions: [
        ...coins.actions,
        {
          name: 'act',
          params: [{ name: 'i', type: 'item' }],
          pattern: 'act {i}',
          effects,
          message: 'Value {i.value}.',
        } as never,
      ],
      goal: { instruction: 'Never.', success: { fact: ['locked', 'box'] } },
      ...extra,
    })

  it('adds and deletes facts', () => {
    const engine = engineFor(coins)
    engine.step({ schema: 'take', args: ['coin_1', 'box'] })
    expect(engine.stateData().facts).toEqual([
      ['holding', 'coin_1'],
      ['in', 'coin_2', 'table'],
    ])
  })

  it('sets, increases and decreases numeric attributes', () => {
    const engine = counter([
      { increase: { attr: ['value', '?i'], value: 4 } },
      { decrease: { attr: ['value', '?i'], value: 2 } },
    ])
    expect(engine.step({ schema: 'act', args: ['coin_1'] }).observation).toBe('Value 3.')
    const set = counter([
      { set: { attr: ['value', '?i'], value: { mul: [{ attr: ['value', '?i'] }, 7] } } },
    ])
    expect(set.step({ schema: 'act', args: ['coin_2'] }).observation).toBe('Value 7.')
  })

  it('applies conditional effects on the state before the step', () => {
    const engine = counter([
      whenThen(
        { fact: ['in', '?i', 'box'] },
        [{ del: ['in', '?i', 'box'] }, { add: ['in', '?i', 'table'] }],
        [{ set: { attr: ['value', '?i'], value: 9 } }],
      ),
      // Reads the old state: the coin was in the box, so this does not fire.
      whenThen({ fact: ['in', '?i', 'table'] }, [{ set: { attr: ['value', '?i'], value: 5 } }]),
    ])
    expect(engine.step({ schema: 'act', args: ['coin_1'] }).observation).toBe('Value 1.')
    expect(engine.stateData().facts).toContainEqual(['in', 'coin_1', 'table'])
    // coin 2 is on the table: the else branch sets 9, then the second effect sets 5, in order.
    expect(engine.step({ schema: 'act', args: ['coin_2'] }).observation).toBe('Value 5.')
  })

  it('applies quantified effects to every binding that satisfies where', () => {
    const sweep = engineFor({
      ...coins,
      actions: [
        ...coins.actions,
        {
          name: 'sweep',
          params: [{ name: 'to', type: 'place' }],
          pattern: 'sweep to {to}',
          effects: [
            {
              forall: {
                vars: [
                  { name: 'x', type: 'item' },
                  { name: 'p', type: 'place' },
                ],
                where: { fact: ['in', '?x', '?p'] },
                do: [{ del: ['in', '?x', '?p'] }, { add: ['in', '?x', '?to'] }],
              },
            },
          ],
          message: 'Swept.',
        },
      ],
    })
    expect(sweep.step({ schema: 'sweep', args: ['box'] }).status).toBe('ok')
    expect(sweep.stateData().facts).toEqual([
      ['in', 'coin_1', 'box'],
      ['in', 'coin_2', 'box'],
    ])
  })

  it('creates entities with the next free number and grows the action space', () => {
    const engine = engineFor({
      ...coins,
      attributes: [{ name: 'value', type: 'item', default: 1 }],
      actions: [
        ...coins.actions,
        {
          name: 'mint',
          params: [{ name: 'p', type: 'place' }],
          pattern: 'mint in {p}',
          effects: [
            {
              create: {
                as: 'new',
                type: 'coin',
                name: 'coin',
                facts: [['in', '?new', '?p']],
                attributes: { value: 5 },
              },
            },
          ],
          message: 'A {new} appears in {the p}; it is worth {new.value}.',
        },
      ],
    })
    expect(engine.step({ schema: 'mint', args: ['box'] }).observation).toBe(
      'A coin 3 appears in the box; it is worth 5.',
    )
    expect(engine.step({ schema: 'mint', args: ['table'] }).observation).toBe(
      'A coin 4 appears in the table; it is worth 5.',
    )
    expect(engine.stateData().created).toEqual([
      { id: 'coin_3', type: 'coin', name: 'coin', number: 3, article: 'a' },
      { id: 'coin_4', type: 'coin', name: 'coin', number: 4, article: 'a' },
    ])
    expect(engine.actionSpace.entities.map((e) => e.name)).toContain('coin 4')
    expect(engine.validActions()).toContain('take coin 3 from box')
    expect(engine.step({ schema: 'take', args: ['coin_3', 'box'] }).status).toBe('ok')
  })

  it('destroys entities: their facts go, they leave the action space and cannot be named', () => {
    const engine = engineFor({
      ...coins,
      actions: [
        ...coins.actions,
        {
          name: 'melt',
          params: [{ name: 'i', type: 'item' }],
          pattern: 'melt {i}',
          effects: [{ destroy: '?i' }],
          message: 'The {i} melts away.',
        },
      ],
    })
    expect(engine.step({ schema: 'melt', args: ['coin_2'] }).observation).toBe(
      'The coin 2 melts away.',
    )
    expect(engine.stateData()).toMatchObject({
      facts: [['in', 'coin_1', 'box']],
      destroyed: ['coin_2'],
    })
    expect(engine.actionSpace.entities.map((e) => e.name)).not.toContain('coin 2')
    expect(engine.validActions().some((a) => a.includes('coin 2'))).toBe(false)
    expect(engine.step({ schema: 'take', args: ['coin_2', 'table'] }).status).toBe(
      'invalid_argument',
    )
  })
})

describe('WorldEngine processes and derived facts', () => {
  const oven = (): WorldSpecInput => ({
    ...coins,
    attributes: [{ name: 'heat', type: 'place' }],
    predicates: [
      ...coins.predicates!,
      { name: 'hot', params: [{ name: 'p', type: 'place' }], text: '{The p} is hot.' },
    ],
    derived: [
      {
        predicate: 'hot',
        params: [{ name: 'p', type: 'place' }],
        when: { compare: [{ attr: ['heat', '?p'] }, '>=', 2] },
      },
    ],
    processes: [
      {
        name: 'cool',
        params: [{ name: 'p', type: 'place' }],
        when: { compare: [{ attr: ['heat', '?p'] }, '>', 0] },
        effects: [{ decrease: { attr: ['heat', '?p'], value: 1 } }],
        message: '{The p} cools to {p.heat}.',
      },
    ],
    actions: [
      ...coins.actions,
      {
        name: 'heat',
        params: [{ name: 'p', type: 'place' }],
        pattern: 'heat {p}',
        effects: [{ increase: { attr: ['heat', '?p'], value: 3 } }],
        message: 'You heat {the p}.',
      },
      { name: 'wait', params: [], pattern: 'wait', message: 'You wait.' },
    ],
  })

  it('runs processes after each time-advancing step and appends their messages', () => {
    const engine = engineFor(oven())
    expect(engine.step({ schema: 'heat', args: ['box'] }).observation).toBe(
      'You heat the box. The box cools to 2.',
    )
    expect(engine.describe()).toContain('The box is hot.')
    expect(engine.step({ schema: 'wait', args: [] }).observation).toBe(
      'You wait. The box cools to 1.',
    )
    expect(engine.describe()).not.toContain('The box is hot.')
    // A failed action does not advance the processes.
    engine.step({ schema: 'drop', args: ['coin_1', 'box'] })
    expect(engine.stateData().attrs?.box).toEqual({ heat: 1 })
    expect(engine.step({ schema: 'wait', args: [] }).observation).toBe(
      'You wait. The box cools to 0.',
    )
    expect(engine.step({ schema: 'wait', args: [] }).observation).toBe('You wait.')
  })

  it('fires a process for its matching bindings in declared order, first param outermost', () => {
    // The condition is tested on ?p before ?i (the binding plan prunes by place), yet the
    // messages come in the order of a plain nested loop over ?i, then ?p.
    const spec: WorldSpecInput = {
      ...coins,
      entities: [
        ...coins.entities!,
        { id: 'shelf', type: 'place', name: 'shelf' },
        { id: 'coin_3', type: 'coin', name: 'coin', number: 3 },
      ],
      predicates: [
        ...coins.predicates!,
        { name: 'warm', params: [{ name: 'p', type: 'place' }], hidden: true },
      ],
      facts: [
        ['in', 'coin_1', 'table'],
        ['in', 'coin_2', 'box'],
        ['in', 'coin_3', 'table'],
        ['warm', 'table'],
        ['warm', 'box'],
      ],
      processes: [
        {
          name: 'glint',
          params: [
            { name: 'i', type: 'coin' },
            { name: 'p', type: 'place' },
          ],
          when: { all: [{ fact: ['warm', '?p'] }, { fact: ['in', '?i', '?p'] }] },
          effects: [],
          message: '{The i} glints in {the p}.',
        },
      ],
      actions: [
        ...coins.actions,
        { name: 'wait', params: [], pattern: 'wait', message: 'You wait.' },
      ],
    }
    expect(engineFor(spec).step({ schema: 'wait', args: [] }).observation).toBe(
      'You wait. The coin 1 glints in the table. The coin 2 glints in the box. The coin 3 glints in the table.',
    )
  })

  it('recomputes recursive derived rules to a fixpoint', () => {
    const chain: WorldSpecInput = {
      ...coins,
      types: [{ name: 'node' }],
      entities: ['a', 'b', 'c', 'd'].map((id) => ({ id, type: 'node', name: id })),
      predicates: [
        {
          name: 'edge',
          params: [
            { name: 'x', type: 'node' },
            { name: 'y', type: 'node' },
          ],
        },
        {
          name: 'path',
          params: [
            { name: 'x', type: 'node' },
            { name: 'y', type: 'node' },
          ],
          text: '{x} reaches {y}.',
        },
      ],
      facts: [
        ['edge', 'a', 'b'],
        ['edge', 'b', 'c'],
      ],
      derived: [
        {
          predicate: 'path',
          params: [
            { name: 'x', type: 'node' },
            { name: 'y', type: 'node' },
          ],
          when: {
            any: [
              { fact: ['edge', '?x', '?y'] },
              {
                exists: {
                  vars: [{ name: 'z', type: 'node' }],
                  where: { all: [{ fact: ['edge', '?x', '?z'] }, { fact: ['path', '?z', '?y'] }] },
                },
              },
            ],
          },
        },
      ],
      actions: [
        {
          name: 'link',
          params: [
            { name: 'x', type: 'node' },
            { name: 'y', type: 'node' },
          ],
          pattern: 'link {x} to {y}',
          effects: [{ add: ['edge', '?x', '?y'] }],
          message: 'Linked.',
        },
      ],
      observations: { look: 'Nodes.' },
      goal: { instruction: 'Connect a to d.', success: { fact: ['path', 'a', 'd'] } },
    }
    const engine = engineFor(chain)
    expect(engine.describe()).toEqual(['a reaches b.', 'a reaches c.', 'b reaches c.'])
    const r = engine.step({ schema: 'link', args: ['c', 'd'] })
    expect(r).toMatchObject({ success: true, done: true })
    expect(engine.describe()).toHaveLength(6)
  })
})

describe('WorldEngine goals', () => {
  const ordered = (subgoals: unknown[]) =>
    engineFor({
      ...coins,
      goal: { instruction: 'Play.', success: { fact: ['locked', 'box'] }, subgoals } as never,
    })

  it('credits a subgoal with `after` only once its predecessors were reached', () => {
    const engine = ordered([
      { id: 'first', when: { fact: ['in', 'coin_1', 'table'] } },
      { id: 'held', after: ['first'], when: { fact: ['holding', 'coin_2'] } },
    ])
    engine.step({ schema: 'take', args: ['coin_2', 'table'] })
    expect(engine.progress).toBe(0)
    engine.step({ schema: 'drop', args: ['coin_2', 'table'] })
    engine.step({ schema: 'take', args: ['coin_1', 'box'] })
    engine.step({ schema: 'drop', args: ['coin_1', 'table'] })
    expect(engine.reachedSubgoals).toEqual(['first'])
    expect(engine.progress).toBe(0.5)
    engine.step({ schema: 'take', args: ['coin_2', 'table'] })
    expect(engine.progress).toBe(1)
  })

  it('never lowers progress; optional subgoals are credited without being required', () => {
    const engine = ordered([
      { id: 'take1', when: { fact: ['holding', 'coin_1'] } },
      { id: 'bonus', optional: true, when: { fact: ['in', 'coin_2', 'box'] } },
      {
        id: 'done',
        when: { all: [{ fact: ['in', 'coin_1', 'table'] }, { fact: ['in', 'coin_2', 'table'] }] },
      },
    ])
    engine.step({ schema: 'take', args: ['coin_1', 'box'] })
    expect(engine.progress).toBe(0.5)
    engine.step({ schema: 'drop', args: ['coin_1', 'box'] })
    expect(engine.progress).toBe(0.5)
    engine.step({ schema: 'take', args: ['coin_2', 'table'] })
    engine.step({ schema: 'drop', args: ['coin_2', 'box'] })
    // 1 required + 1 optional of 2 required + 1 optional.
    expect(engine.progress).toBeCloseTo(2 / 3)
    expect(engine.success).toBe(false)
  })

  it('wins with reward 1, progress 1 and the success text', () => {
    const engine = engineFor({
      ...coins,
      observations: { ...coins.observations, success: 'Well done!' },
    })
    engine.step({ schema: 'take', args: ['coin_1', 'box'] })
    const r = engine.step({ schema: 'drop', args: ['coin_1', 'table'] })
    expect(r).toEqual({
      observation: 'You put the coin 1 in the table. Well done!',
      status: 'ok',
      done: true,
      success: true,
      progress: 1,
      reward: 1,
    })
    expect(engine.step({ schema: 'take', args: ['coin_1', 'table'] })).toMatchObject({
      status: 'no_effect',
      observation: 'The episode is over.',
      reward: 0,
    })
  })

  it('ends the episode when a fail condition holds, with its message', () => {
    const engine = engineFor({
      ...coins,
      goal: {
        ...coins.goal,
        fail: [
          { when: { fact: ['in', 'coin_2', 'box'] }, message: 'The box swallows {the coin_2}.' },
        ],
      },
    })
    engine.step({ schema: 'take', args: ['coin_2', 'table'] })
    const r = engine.step({ schema: 'drop', args: ['coin_2', 'box'] })
    expect(r).toMatchObject({
      observation: 'You put the coin 2 in the box. The box swallows the coin 2.',
      done: true,
      success: false,
    })
    expect(engine.failed).toBe(true)
  })

  it('ends the episode at the step limit; failed actions count, meta-actions do not', () => {
    const engine = engineFor({ ...coins, maxSteps: 3 })
    engine.meta('look')
    engine.step({ schema: 'take', args: ['coin_2', 'box'] })
    engine.step({ schema: 'take', args: ['coin_1', 'box'] })
    expect(engine.done).toBe(false)
    const r = engine.step({ schema: 'drop', args: ['coin_1', 'box'] })
    expect(r).toMatchObject({ status: 'ok', done: true, success: false })
  })
})

describe('WorldEngine observation and valid actions', () => {
  it('lists valid actions sorted, with meta-actions and without hidden schemas', () => {
    const engine = engineFor({
      ...coins,
      actions: [
        ...coins.actions,
        {
          name: 'cheat',
          params: [],
          pattern: 'cheat',
          hidden: true,
          effects: [{ add: ['in', 'coin_1', 'table'] }],
          message: 'Cheater.',
        },
      ],
    })
    expect(engine.validActions()).toEqual([
      'check valid actions',
      'help',
      'inventory',
      'look',
      'take coin 1 from box',
      'take coin 2 from table',
    ])
    expect(engine.applicable().map((a) => a.schema)).toEqual(['cheat', 'take', 'take'])
    expect(engine.step({ schema: 'cheat', args: [] }).status).toBe('ok')
  })

  it('answers meta-actions without advancing time', () => {
    const engine = engineFor(coins)
    expect(engine.meta('look')).toBe('You see a coin 1 in the box, and a coin 2 in the table.')
    expect(engine.meta('inventory')).toBe('You carry nothing.')
    expect(engine.meta('check valid actions')).toBe(
      'Choose an action from these valid actions: check valid actions, help, inventory, look, take coin 1 from box, take coin 2 from table',
    )
    expect(engine.meta('help')).toMatchInlineSnapshot(`
      "You can use these actions:
      take <item> from <place>
      put <item> in <place>
      check valid actions: list every action you can take now
      help: show this list
      inventory: list what you carry
      look: describe what is around you"
    `)
    expect(engine.steps).toBe(0)
  })

  it('turns meta-actions off as the spec says, and inventory off without its text', () => {
    const { inventory: _, ...observations } = coins.observations
    const engine = engineFor({ ...coins, observations, meta: { help: false } })
    expect(engine.enabledMeta()).toEqual(['check valid actions', 'look'])
  })

  it('shows a paraphrase chosen by messageVariant', () => {
    const spec = {
      ...coins,
      actions: [{ ...coins.actions[0]!, paraphrases: ['You grab {the i}.'] }, coins.actions[1]!],
    }
    const engine = engineFor(spec, { messageVariant: () => 1 })
    expect(engine.step({ schema: 'take', args: ['coin_1', 'box'] }).observation).toBe(
      'You grab the coin 1.',
    )
  })

  it('shuffles lists deterministically with a seed', () => {
    const spec = miniHousehold as WorldSpecInput
    const plain = new WorldEngine(compileWorld(spec)).reset().observation
    const seen = new Set<string>()
    for (let seed = 0; seed < 8; seed++) {
      const a = new WorldEngine(compileWorld(spec), { listShuffleSeed: seed }).reset().observation
      const b = new WorldEngine(compileWorld(spec), { listShuffleSeed: seed }).reset().observation
      expect(a).toBe(b)
      expect(a.length).toBe(plain.length)
      seen.add(a)
    }
    expect(seen.size).toBeGreaterThan(1)
  })
})

describe('WorldEngine snapshots', () => {
  it('restores a JSON round-tripped snapshot exactly, created entities included', () => {
    const spec: WorldSpecInput = {
      ...coins,
      actions: [
        ...coins.actions,
        {
          name: 'mint',
          params: [],
          pattern: 'mint',
          effects: [
            { create: { as: 'c', type: 'coin', name: 'coin', facts: [['in', '?c', 'box']] } },
          ],
          message: 'Minted {the c}.',
        },
      ],
    }
    const engine = engineFor(spec)
    engine.step({ schema: 'mint', args: [] })
    engine.step({ schema: 'take', args: ['coin_3', 'box'] })
    const snap = JSON.parse(JSON.stringify(engine.snapshot()))
    const hash = engine.stateHash()
    const after = engine.step({ schema: 'drop', args: ['coin_3', 'table'] })
    const fresh = new WorldEngine(compileWorld(spec))
    fresh.restore(snap)
    expect(fresh.stateHash()).toBe(hash)
    expect(fresh.steps).toBe(2)
    expect(fresh.step({ schema: 'drop', args: ['coin_3', 'table'] })).toEqual(after)
    expect(fresh.stateHash()).toBe(engine.stateHash())
  })

  it('hashes equal world states equally whatever the path', () => {
    const a = engineFor(coins)
    const b = engineFor(coins)
    b.step({ schema: 'take', args: ['coin_1', 'box'] })
    b.step({ schema: 'drop', args: ['coin_1', 'box'] })
    expect(b.stateHash()).toBe(a.stateHash())
  })

  it('restores its own snapshot as often as asked after steps, and writes it frozen', () => {
    const engine = engineFor(coins)
    const snap = engine.snapshot()
    expect(Object.isFrozen(snap.facts)).toBe(true)
    expect(Object.isFrozen(snap.facts[0])).toBe(true)
    const hash = engine.stateHash()
    const first = engine.step({ schema: 'take', args: ['coin_1', 'box'] })
    expect(engine.stateHash()).not.toBe(hash)
    engine.restore(snap)
    expect(engine.stateHash()).toBe(hash)
    // The state taken back is not changed by the next step: the snapshot still restores it.
    expect(engine.step({ schema: 'take', args: ['coin_1', 'box'] })).toEqual(first)
    engine.restore(snap)
    expect(engine.stateHash()).toBe(hash)
    expect(engine.steps).toBe(0)
    // The same data in a copy (not the frozen arrays) restores the same state the long way.
    const fresh = engineFor(coins)
    fresh.step({ schema: 'take', args: ['coin_2', 'box'] })
    fresh.restore(JSON.parse(JSON.stringify(snap)))
    expect(fresh.stateHash()).toBe(hash)
    expect(fresh.step({ schema: 'take', args: ['coin_1', 'box'] })).toEqual(first)
  })

  it('starts each engine of a world from the same state, on a table of its own', () => {
    const world = compileWorld(coins)
    const a = new WorldEngine(world)
    a.step({ schema: 'take', args: ['coin_1', 'box'] })
    const b = new WorldEngine(world)
    const c = new WorldEngine(world)
    expect(b.state.table).not.toBe(c.state.table)
    b.step({ schema: 'take', args: ['coin_2', 'box'] })
    expect(c.stateData()).toEqual(new WorldEngine(world).stateData())
    expect(c.step({ schema: 'take', args: ['coin_2', 'box'] })).toEqual(
      new WorldEngine(world).step({ schema: 'take', args: ['coin_2', 'box'] }),
    )
    expect(c.stateHash()).toBe(b.stateHash())
  })

  it('refuses a snapshot of another world', () => {
    const engine = engineFor(coins)
    expect(() => engine.restore({ world: 'other', facts: [] })).toThrow(RefineryError)
  })
})

describe('WorldEngine start', () => {
  it("starts from the validator's state once, and resets to the initial state", () => {
    const checked = validateWorldSpec(coins, { skipPlanning: true })
    if (!checked.ok) throw new Error('the coin world validates')
    const first = new WorldEngine(checked.world)
    const start = first.stateData()
    expect(first.step({ schema: 'take', args: ['coin_1', 'box'] }).status).toBe('ok')
    expect(first.stateData()).not.toEqual(start)
    // The validator's state went to the first engine: the next one starts afresh.
    expect(new WorldEngine(checked.world).stateData()).toEqual(start)
    first.reset()
    expect(first.stateData()).toEqual(start)
    expect(first.step({ schema: 'take', args: ['coin_1', 'box'] }).status).toBe('ok')
  })
})
