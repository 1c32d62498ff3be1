import { describe, expect, it } from 'vitest'
import { compileWorld, WorldEngine } from '../engine'
import { plan } from '../planner'
import { validateWorldSpec } from '../validate'
import { agentboardProblems, readAgentboard } from './__fixtures__/agentboard'
import { importPddl } from './convert'
import { toPddlAction } from './to-pddl'
import { agentboardImportOptions } from './verbalise'

const PROBLEMS = agentboardProblems()

describe('the 60 AgentBoard PDDL problems', () => {
  it('are all here: barman 20, blockworld 10, gripper 20, tyreworld 10', () => {
    const count = (d: string) => PROBLEMS.filter((p) => p.domain === d).length
    expect([count('barman'), count('blockworld'), count('gripper'), count('tyreworld')]).toEqual([
      20, 10, 20, 10,
    ])
  })

  it.each(PROBLEMS)(
    '$domain/$file imports, validates, plans and replays to the goal',
    ({ domain, file }) => {
      const spec = importPddl(readAgentboard(domain, 'domain.pddl'), readAgentboard(domain, file), {
        ...agentboardImportOptions(domain),
        files: { domain: `${domain}/domain.pddl`, problem: `${domain}/${file}` },
      })
      const checked = validateWorldSpec(spec, { skipPlanning: true })
      expect(checked.ok ? [] : checked.issues).toEqual([])
      if (!checked.ok) return

      const result = plan(checked.world, { maxNodes: 200_000 })
      expect(result.status).toBe('solved')
      if (result.status !== 'solved') return

      const engine = new WorldEngine(checked.world)
      const goals = spec.goal.subgoals.length
      engine.reset()
      result.steps.forEach((step, i) => {
        expect(engine.surface(step.schema, step.args)).toBe(result.actions[i])
        expect(engine.validActions()).toContain(result.actions[i])
        const outcome = engine.step(step)
        expect(outcome.status).toBe('ok')
        expect(toPddlAction(step, spec)).toMatch(/^\([a-z][\w-]*( [a-z0-9][\w-]*)*\)$/)
      })
      expect(engine.success).toBe(true)
      expect(engine.progress).toBe(1)
      expect(goals).toBeGreaterThan(0)
    },
  )

  it('import with the default verbaliser too', () => {
    for (const { domain, file } of PROBLEMS) {
      const spec = importPddl(readAgentboard(domain, 'domain.pddl'), readAgentboard(domain, file))
      expect(() => compileWorld(spec)).not.toThrow()
    }
  })
})
