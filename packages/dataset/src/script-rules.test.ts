import { FamilyRegistry, RefineryError, type Trajectory } from '@refinery/core'
import { describe, expect, it } from 'vitest'
import { checkScriptRecord, ruleHash, scriptRules } from './script-rules'
import { verifyTrajectory } from './verify'

const script = {
  Environment: 'A garden shed with a locked door.',
  Goal: 'Water the roses.',
  'Completion Conditions': ['the roses are watered'],
  'Available Actions': {
    'go to {place}': {
      'verification regex': '^go to (shed|garden)$',
      parameters: { place: ['shed', 'garden'] },
    },
    'water {plant}': { 'verification regex': '^water roses$', parameters: { plant: ['roses'] } },
  },
}

describe('scriptRules (AgentRefine rule check)', () => {
  const rules = scriptRules(script)

  it('names each way the DM flags disagree with the rules', () => {
    const kinds = (action: string, flags: Parameters<typeof rules.judge>[1]) =>
      rules.judge(action, flags).disagreement
    expect(kinds('go to attic', [])).toBe('missed_parameter_error')
    expect(kinds('go to attic', ['logic_error'])).toBe('misnamed_error')
    expect(kinds('go to shed', ['parameter_error'])).toBe('invented_parameter_error')
    expect(kinds('go to attic', ['parameter_error'])).toBeNull()
    expect(kinds('dance', ['parameter_error'])).toBeNull()
    expect(kinds('go to shed', [])).toBeNull()
  })

  it('gives the rules status where they reject, and marks place or logic flags unverifiable', () => {
    expect(rules.judge('dance', ['parameter_error'])).toMatchObject({
      status: 'unknown_action',
      problem: expect.stringMatching(/not a known action/),
    })
    expect(rules.judge('water tulips', ['parameter_error']).status).toBe('invalid_argument')
    expect(rules.judge('water roses', ['place_error'])).toEqual({
      status: 'precondition_failed',
      problem: null,
      disagreement: null,
      unverifiable: true,
    })
    expect(rules.judge('water roses', []).status).toBe('ok')
  })

  it('refuses a script whose regex cannot run safely, and runs catastrophic ones in linear time', () => {
    const unsafe = structuredClone(script)
    unsafe['Available Actions']['go to {place}']['verification regex'] = '^go to (?=shed)'
    expect(() => scriptRules(unsafe)).toThrowError(/go to \{place\}.*cannot be run safely/)
    try {
      scriptRules(unsafe)
    } catch (error) {
      expect(RefineryError.isInstance(error) && error.code).toBe('invalid_spec')
    }
    const slow = structuredClone(script)
    slow['Available Actions']['go to {place}'] = {
      'verification regex': '^go to (a+)+$',
      parameters: { place: [] },
    } as never
    const verdict = scriptRules(slow).judge(`go to ${'a'.repeat(1500)}b`, ['parameter_error'])
    expect(verdict.disagreement).toBeNull()
    expect(verdict.status).toBe('invalid_argument')
  })
})

/** A script-mode record: two error→refine pairs, stamped as synthesis stamps it. */
function scriptRecord(): Trajectory {
  const turn = (action: string, status: 'ok' | 'invalid_argument' | 'precondition_failed') => ({
    role: 'assistant' as const,
    content: `Thought: t\nAction: ${action}`,
    thought: 't',
    action,
    status,
    train: status === 'ok',
  })
  const steps = [
    ['water tulips', 'invalid_argument', ['parameter_error'], 'There are no tulips.'],
    ['go to shed', 'ok', [], 'You are in the shed.'],
    ['water roses', 'precondition_failed', ['place_error'], 'The roses are in the garden.'],
    ['go to garden', 'ok', [], 'You are in the garden.'],
    ['water roses', 'ok', [], 'The roses are watered.'],
  ] as const
  const record: Trajectory = {
    schema: 'refinery.trajectory.v1',
    id: 'script-1',
    env: 'script',
    task: 'script/abc',
    seed: 1,
    perturbation: null,
    source: { kind: 'synth', mode: 'script', teacher: 'fake' },
    messages: [
      { role: 'system', content: 's' },
      { role: 'user', content: 'A garden shed.' },
      ...steps.flatMap(([action, status, , observation]) => [
        turn(action, status),
        { role: 'user' as const, content: observation },
      ]),
    ],
    outcome: { success: true, progress: 1, steps: 5, errorRefinePairs: 2 },
    verified: null,
    script: { script, flags: steps.map(([, , flags]) => [...flags]) },
  }
  const hash = ruleHash(
    script,
    steps.map(([, status]) => status),
  )
  return { ...record, verified: { by: 'rules', ok: true, finalStateHash: hash } }
}

describe('verifyTrajectory on a script-mode record', () => {
  const none = new FamilyRegistry()

  it('passes by the rules replayed against the record’s own script', async () => {
    const report = await verifyTrajectory(scriptRecord(), none)
    expect(report.problems).toEqual([])
    expect(report.finalStateHash).toBe(scriptRecord().verified?.finalStateHash)
  })

  it('fails a status or a DM flag the rules contradict', async () => {
    const status = scriptRecord()
    const third = status.messages[6]
    if (third?.role === 'assistant') third.status = 'no_effect'
    expect((await verifyTrajectory(status, none)).problems.map((p) => p.message)).toContain(
      'turn 6: status is no_effect, the rules give precondition_failed',
    )
    const flags = scriptRecord()
    flags.script!.flags[0] = []
    const problems = (await verifyTrajectory(flags, none)).problems
    expect(problems[0]).toEqual({
      kind: 'rule check',
      message: "turn 2: the DM's flags disagree with the rules (missed_parameter_error)",
    })
  })

  it('fails a stamp that is not the rules’ own, and a rules stamp without a script', async () => {
    const stamped = scriptRecord()
    stamped.verified = { by: 'replay', ok: true, finalStateHash: stamped.verified!.finalStateHash }
    expect((await verifyTrajectory(stamped, none)).problems.map((p) => p.kind)).toEqual([
      'not verified',
    ])
    const { script: _drop, ...bare } = scriptRecord()
    expect(checkScriptRecord(bare).problems).toEqual(['script: the record carries no script'])
    expect((await verifyTrajectory(bare, none)).problems.map((p) => p.kind)).toContain('rule check')
  })
})
