import { describe, expect, it } from 'vitest'
import {
  canonicalJson,
  checkTaskRef,
  countErrorRefinePairs,
  dmFlag,
  FamilyRegistry,
  isErrorStatus,
  type Message,
  parseTaskId,
  plainTaskParams,
  RefineryError,
  rngStream,
  stableHash,
  Trajectory,
} from './index'
import { createLockboxFamily } from './testing'

describe('RefineryError', () => {
  it('is recognised by marker, not by prototype', () => {
    const error = new RefineryError('usage', 'Unknown flag --x.', { hint: 'See --help.' })
    expect(RefineryError.isInstance(error)).toBe(true)
    expect(RefineryError.isInstance({ code: 'usage', message: 'x' })).toBe(false)
    expect(RefineryError.isInstance(new Error('x'))).toBe(false)
    const foreign = Object.assign(Object.create(null), { [Symbol.for('refinery.error')]: true })
    expect(RefineryError.isInstance(foreign)).toBe(true)
    expect(error.oneLine).toBe('Unknown flag --x. See --help.')
  })
})

describe('seeded streams', () => {
  it('give the same numbers for the same (seed, purpose, index) and others otherwise', () => {
    const a = Array.from(
      { length: 5 },
      (
        (r) => () =>
          r.next()
      )(rngStream(7, 'tasks', 3)),
    )
    const b = Array.from(
      { length: 5 },
      (
        (r) => () =>
          r.next()
      )(rngStream(7, 'tasks', 3)),
    )
    const c = Array.from(
      { length: 5 },
      (
        (r) => () =>
          r.next()
      )(rngStream(7, 'tasks', 4)),
    )
    expect(a).toEqual(b)
    expect(a).not.toEqual(c)
  })

  it('shuffle and sample keep every item once', () => {
    const rng = rngStream(1, 'x')
    const items = Array.from({ length: 20 }, (_, i) => i)
    expect(rng.shuffle(items).sort((x, y) => x - y)).toEqual(items)
    expect(new Set(rng.sample(items, 5)).size).toBe(5)
    for (let i = 0; i < 100; i++) {
      const n = rng.int(2, 4)
      expect(n >= 2 && n <= 4).toBe(true)
    }
  })
})

describe('canonical JSON', () => {
  it('sorts keys at every depth and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: undefined } })).toBe(
      '{"a":{"d":[1,{"y":2,"z":1}]},"b":1}',
    )
    expect(stableHash({ a: 1, b: 2 })).toBe(stableHash({ b: 2, a: 1 }))
  })
})

describe('status', () => {
  it('maps statuses to AgentRefine flags', () => {
    expect(dmFlag('unknown_action')).toBe('parameter_error')
    expect(dmFlag('precondition_failed', true)).toBe('place_error')
    expect(dmFlag('precondition_failed')).toBe('logic_error')
    expect(dmFlag('no_effect')).toBe('logic_error')
    expect(dmFlag('ok')).toBeNull()
    expect(isErrorStatus('meta')).toBe(false)
  })
})

const turn = (
  status: Message extends infer M ? (M extends { status: infer S } ? S : never) : never,
): Message => ({
  role: 'assistant',
  content: 'x',
  thought: '',
  action: 'x',
  status,
  train: !isErrorStatus(status),
})

describe('countErrorRefinePairs', () => {
  it('counts an error run followed by an accepted action once', () => {
    const messages: Message[] = [
      turn('ok'),
      turn('unknown_action'),
      turn('invalid_argument'),
      turn('ok'),
      turn('precondition_failed'),
      turn('meta'),
      turn('ok'),
      turn('no_effect'),
    ]
    expect(countErrorRefinePairs(messages)).toBe(2)
  })
})

describe('Trajectory schema', () => {
  const record = {
    schema: 'refinery.trajectory.v1',
    id: 'abc',
    env: 'lockbox',
    task: 'lockbox/test/0',
    seed: 0,
    perturbation: null,
    source: { kind: 'synth', mode: 'procedural', teacher: 'oracle', extra: 1 },
    messages: [
      { role: 'system', content: 's' },
      { role: 'user', content: 'u' },
      {
        role: 'assistant',
        content: 'Action: look',
        thought: '',
        action: 'look',
        status: 'meta',
        train: true,
      },
    ],
    outcome: { success: false, progress: 0, steps: 1, errorRefinePairs: 0 },
    verified: null,
  }
  it('accepts a record and keeps unknown source fields', () => {
    const parsed = Trajectory.parse(record)
    expect(parsed.source.extra).toBe(1)
  })
  it('rejects a wrong schema tag or a bad status', () => {
    expect(Trajectory.safeParse({ ...record, schema: 'v0' }).success).toBe(false)
    const bad = structuredClone(record)
    ;(bad.messages[2] as { status: string }).status = 'oops'
    expect(Trajectory.safeParse(bad).success).toBe(false)
  })
})

describe('FamilyRegistry', () => {
  it('lists families sorted and names the known ones for an unknown id', () => {
    const registry = new FamilyRegistry([createLockboxFamily()])
    expect(registry.ids()).toEqual(['lockbox'])
    expect(() => registry.get('kitchen')).toThrow(/Unknown family 'kitchen'/)
    try {
      registry.get('kitchen')
    } catch (error) {
      expect(RefineryError.isInstance(error) && error.oneLine).toMatch(/Known families: lockbox/)
    }
  })
  it('refuses a family written against another specification version', () => {
    const family = { ...createLockboxFamily(), specificationVersion: 'v2' as never }
    expect(() => new FamilyRegistry([family])).toThrow(/specification "v2"/)
  })
})

describe('task ids', () => {
  it('parse and reject', () => {
    expect(parseTaskId('household/test/17')).toEqual({
      family: 'household',
      split: 'test',
      index: 17,
    })
    expect(() => parseTaskId('household/17')).toThrow(/not a task id/)
  })
})

describe('checkTaskRef', () => {
  const task = { id: 'garden/test/3', family: 'garden', split: 'test', index: 3, seed: 7 }

  it('passes a task of the family through', () => {
    expect(checkTaskRef(task, 'garden')).toEqual(task)
  })

  it('refuses what is not a task, and a task of another family, naming the fix', () => {
    expect(() => checkTaskRef({ id: 'x' }, 'garden')).toThrow(/^Not a task: /)
    try {
      checkTaskRef({ id: 'x' }, 'garden')
    } catch (error) {
      expect(RefineryError.isInstance(error) && error.hint).toBe(
        'Get tasks from garden.task(split, index).',
      )
    }
    expect(() => checkTaskRef(task, 'household')).toThrow(
      "Task garden/test/3 belongs to family 'garden', not household.",
    )
  })

  it('reads params by hand only where the parse accepts the task', () => {
    const params = { level: 2 }
    const ref = { ...task, params }
    expect(plainTaskParams(ref, 'garden')).toBe(params)
    expect(plainTaskParams(JSON.parse(JSON.stringify(ref)), 'garden')).toEqual(params)
    // No params: the parse accepts it, the family's own schema says what is missing.
    expect(plainTaskParams(task, 'garden')).toBeNull()
    const refused = (t: unknown) => {
      try {
        checkTaskRef(t, 'garden')
      } catch {
        return true
      }
      return false
    }
    for (const bad of [
      null,
      [ref],
      { ...ref, family: 'household' },
      { ...ref, id: 3 },
      { ...ref, split: 'val' },
      { ...ref, index: -1 },
      { ...ref, index: 0.5 },
      { ...ref, seed: 1.5 },
      { ...ref, seed: 2 ** 60 },
      { ...ref, params: [1] },
      { ...ref, params: null },
    ]) {
      expect(plainTaskParams(bad, 'garden'), JSON.stringify(bad)).toBeNull()
      expect(refused(bad), JSON.stringify(bad)).toBe(true)
    }
  })
})
