import { describe, expect, it } from 'vitest'
import type { Environment, EnvironmentFamily, StepResult } from '../spec'
import { checkFamilyConformance } from './conformance'
import { createLockboxFamily } from './toy-family'
import { describeFamilyConformance, probeTest } from './vitest'

describeFamilyConformance(createLockboxFamily(), { tasks: 4 })

/** Wraps the toy family and breaks one part of the contract. */
function broken(
  change: (env: Environment) => Partial<Environment>,
  family = createLockboxFamily(),
): EnvironmentFamily {
  return {
    ...family,
    create(task) {
      const env = family.create(task)
      return Object.assign(
        Object.create(Object.getPrototypeOf(env)),
        env,
        change(env),
      ) as Environment
    },
  }
}

describe('the conformance kit rejects a broken family', () => {
  it('whose progress falls', async () => {
    let calls = 0
    const family = broken((env) => ({
      step: async (action: string): Promise<StepResult> => {
        const result = await env.step.call(env, action)
        calls++
        return { ...result, progress: calls % 2 === 0 ? 0.5 : 0 }
      },
    }))
    const failures = await checkFamilyConformance(family, { tasks: 1 }, ['progress'])
    expect(failures.some((f) => f.message.includes('progress fell'))).toBe(true)
  })

  it('whose rejection probe disagrees with step', async () => {
    // The toy has no probe of its own (its step is async, the probe sync): two wrong ones, one
    // blind to rejections and one that rejects everything.
    const blind = broken(() => ({ stepIfRejected: () => null }))
    const blindFailures = await checkFamilyConformance(blind, { tasks: 1 }, ['rejection probe'])
    expect(blindFailures.map((f) => f.message)).toContainEqual(
      expect.stringContaining('answered null, but step() rejected it'),
    )
    const eager = broken(() => ({
      stepIfRejected: (): StepResult => ({
        observation: 'Nothing happens.',
        status: 'no_effect',
        reward: 0,
        done: false,
        success: false,
        progress: 0,
      }),
    }))
    const eagerFailures = await checkFamilyConformance(eager, { tasks: 1 }, ['rejection probe'])
    expect(eagerFailures.map((f) => f.message)).toContainEqual(
      expect.stringContaining('but step() accepted it'),
    )
  })

  it('whose rejection probe disagrees with step, in a family test (probeTest)', async () => {
    const blind = broken(() => ({ stepIfRejected: () => null }))
    const task = blind.task('test', 0)
    const probed = blind.create(task)
    const stepped = blind.create(task)
    await probed.reset()
    await stepped.reset()
    const probes = probeTest()
    await expect(probes.agree(probed, stepped, ['xyzzy'])).rejects.toThrow(
      'answered null, but step() rejected it',
    )
    // Only an unknown verb was tried: the other statuses were never reached.
    expect(() => probes.expectEveryStatus()).toThrow()
  })

  it('whose theming draws at random or accepts any theme', async () => {
    const family = createLockboxFamily()
    let draws = 0
    const themed: EnvironmentFamily = {
      ...family,
      theming: {
        choose: () => (draws++ % 2 === 0 ? 'a' : 'b'),
        apply: (task) => task,
      },
    }
    const failures = await checkFamilyConformance(themed, { tasks: 1 }, ['theming'])
    expect(failures.map((f) => f.message)).toContainEqual(expect.stringContaining('two themes'))
    const lax: EnvironmentFamily = {
      ...family,
      theming: { choose: () => 'a', apply: (task) => task },
    }
    const laxFailures = await checkFamilyConformance(lax, { tasks: 1 }, ['theming'])
    expect(laxFailures.map((f) => f.message)).toEqual([
      "apply() accepted the theme 'no-such-theme-at-all'",
    ])
  })

  it('whose valid actions are unsorted', async () => {
    const family = broken((env) => ({
      validActions: async () => (await env.validActions.call(env)).reverse(),
    }))
    const failures = await checkFamilyConformance(family, { tasks: 1 }, ['valid actions'])
    expect(failures.map((f) => f.message).join('\n')).toMatch(/not sorted/)
  })

  it('whose tasks are not deterministic', async () => {
    const base = createLockboxFamily()
    let n = 0
    const family: EnvironmentFamily = {
      ...base,
      task: (split, index) => {
        const task = base.task(split, index)
        return { ...task, params: { ...task.params, drawn: { picks: [1, n++] } } }
      },
    }
    const failures = await checkFamilyConformance(family, { tasks: 1 }, ['deterministic tasks'])
    expect(failures[0]?.message).toMatch(/different TaskRef/)
    // It shows where the two differ and points at the seeded streams.
    expect(failures[0]?.message).toContain('at params.drawn.picks[1], 0 then 1')
    expect(failures[0]?.message).toContain('rngStream')
  })

  it('whose oracle does not reach the goal', async () => {
    const family = broken(() => ({ oracle: async () => ['look'] }))
    const failures = await checkFamilyConformance(family, { tasks: 1 }, ['oracle'])
    expect(failures[0]?.message).toMatch(/did not reach the goal/)
  })

  it('whose restore does not restore', async () => {
    const family = broken(() => ({ restore: () => {} }))
    const failures = await checkFamilyConformance(family, { tasks: 3, walkSteps: 6 }, [
      'snapshot and restore',
    ])
    expect(failures.length).toBeGreaterThan(0)
  })

  it('that accepts garbage', async () => {
    const family = broken((env) => ({
      step: async (action: string) => ({
        ...(await env.step.call(env, action)),
        status: 'ok' as const,
      }),
    }))
    const failures = await checkFamilyConformance(family, { tasks: 1 }, ['reset and step'])
    expect(failures[0]?.message).toMatch(/accepted as an ordinary action/)
  })

  it('with the wrong specification version', async () => {
    const family = { ...createLockboxFamily(), specificationVersion: 'v0' as never }
    const failures = await checkFamilyConformance(family)
    expect(failures[0]?.check).toBe('spec')
  })
})
