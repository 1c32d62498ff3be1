import { describe, expect, it } from 'vitest'
import { compileWorld } from '../engine'
import { deepFreeze } from '../freeze'
import { WORLD_LIMITS } from '../limits'
import { importPddl } from '../pddl/convert'
import { plan } from '../planner'
import { WorldSpec } from '../spec'
import {
  deepTypeChainSpec,
  fuzzExplosive,
  manyBlocksPddl,
  manyEntitiesSpec,
  manyParametersPddl,
  manyParametersSpec,
  wideForallSpec,
} from './explosive'
import { checkLimits } from './limits'
import { validateWorldSpec } from './validate'

function issuesOf(spec: unknown, planMs = 5_000) {
  const result = validateWorldSpec(spec, { planMs })
  return result.ok ? [] : result.issues
}

describe('world caps and budgets', () => {
  it('refuses an action with more parameters than the cap, naming its path', () => {
    const c = manyParametersSpec(300)
    if (c.kind !== 'spec') throw new Error('expected a spec')
    expect(issuesOf(c.spec)).toEqual([
      expect.objectContaining({ path: 'actions[0].params', code: 'limit' }),
    ])
    const fits = manyParametersSpec(WORLD_LIMITS.maxActionParams, 1)
    if (fits.kind !== 'spec') throw new Error('expected a spec')
    expect(issuesOf(fits.spec)).toEqual([])
  })

  it('refuses a type chain deeper than the cap before walking it', () => {
    const c = deepTypeChainSpec(100_000)
    if (c.kind !== 'spec') throw new Error('expected a spec')
    expect(issuesOf(c.spec)[0]).toMatchObject({ code: 'limit', message: /more than 64 levels/ })
    const ok = deepTypeChainSpec(20)
    if (ok.kind !== 'spec') throw new Error('expected a spec')
    expect(issuesOf(ok.spec)).toEqual([])
  })

  it('refuses a quantifier over too many variables or bindings', () => {
    const wide = wideForallSpec(7, 10)
    const big = wideForallSpec(3, 1_000)
    if (wide.kind !== 'spec' || big.kind !== 'spec') throw new Error('expected specs')
    expect(issuesOf(wide.spec)[0]).toMatchObject({ code: 'limit', message: /7 variables/ })
    expect(issuesOf(big.spec)[0]).toMatchObject({ code: 'limit', message: /1\.00e\+9 bindings/ })
  })

  it('stops grounding past the binding cap: the planner answers budget, with the reason', () => {
    const c = manyEntitiesSpec(2_000, 2)
    if (c.kind !== 'spec') throw new Error('expected a spec')
    const result = plan(compileWorld(WorldSpec.parse(c.spec)), { maxNodes: 1_000 })
    expect(result).toMatchObject({ status: 'budget', expanded: 0, reason: /too large to ground/ })
    expect(issuesOf(c.spec)[0]).toMatchObject({ code: 'limit', path: '$' })
  })

  it('refuses a PDDL action with more parameters than the cap at its place in the file', () => {
    const c = manyParametersPddl(10_000)
    if (c.kind !== 'pddl') throw new Error('expected PDDL')
    expect(() =>
      importPddl(c.domain, c.problem, { files: { domain: 'd.pddl', problem: 'p.pddl' } }),
    ).toThrow(/10000 parameters; at most 12/)
  })

  it('refuses blocksworld with 2,000 blocks without grounding it', () => {
    const c = manyBlocksPddl(2_000)
    if (c.kind !== 'pddl') throw new Error('expected PDDL')
    const result = validateWorldSpec(importPddl(c.domain, c.problem), { skipPlanning: true })
    expect(result.ok ? [] : result.issues.map((i) => i.code)).toContain('limit')
  })

  it('fuzzes explosive inputs: each answered or refused, none crash', () => {
    const summary = fuzzExplosive({ cases: 12, seed: 3, planMs: 1_000 })
    expect(summary.crashes).toEqual([])
    expect(summary.answered + summary.refused).toBe(12)
    expect(summary.refused).toBeGreaterThan(0)
  }, 120_000)

  it('finds the same limits in a frozen action as in a fresh copy, whatever the world', () => {
    const vars = (names: string) => names.split('').map((name) => ({ name, type: 'thing' }))
    const marked = { fact: ['marked', '?a'] }
    const action = {
      name: 'touch',
      params: vars('p'),
      pattern: 'touch {p}',
      effects: [{ add: ['done'] }],
      message: 'Done.',
      checks: [
        {
          require: {
            exists: {
              vars: vars('abcdefg'),
              where: { forall: { vars: vars('hij'), where: marked } },
            },
          },
          fail: 'no',
        },
        {
          require: {
            exists: {
              vars: vars('ab'),
              where: { not: { exists: { vars: vars('cd'), where: marked } } },
            },
          },
          fail: 'no',
        },
      ],
    }
    const frozen = deepFreeze(structuredClone(action))
    for (const items of [1_000, 10]) {
      const c = wideForallSpec(2, items)
      if (c.kind !== 'spec') throw new Error('expected a spec')
      const spec = WorldSpec.parse(c.spec)
      const plain = checkLimits({ ...spec, actions: [structuredClone(action) as never] })
      expect(checkLimits({ ...spec, actions: [frozen as never] })).toEqual(plain)
      expect(plain.map((i) => i.path)).toEqual([
        'actions[0].checks[0].require.exists.vars',
        ...(items > 100 ? ['actions[0].checks[1].require.exists.where.not.exists.vars'] : []),
      ])
    }
  })
})
