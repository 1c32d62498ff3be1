import type { StepResult } from '@refinery/core'
import { describe, expect, it } from 'vitest'
import type { GridEnvironment } from './env'
import { grid } from './family'

/**
 * Every action of `tries` probed with `stepIfRejected` on one environment and stepped (then
 * restored) on another in the same state: null and the state unchanged where the step was
 * accepted, else the step's result and the state it left.
 */
async function compare(
  probed: GridEnvironment,
  stepped: GridEnvironment,
  tries: readonly string[],
  statuses: Set<string>,
) {
  for (const action of tries) {
    const before = stepped.snapshot()
    const expected: StepResult = await stepped.step(action)
    statuses.add(expected.status)
    const after = JSON.stringify(stepped.snapshot())
    stepped.restore(before)
    const kept = JSON.stringify(probed.snapshot())
    const got = probed.stepIfRejected(action)
    if (expected.status === 'ok' || expected.status === 'meta') {
      expect(got, action).toBeNull()
      expect(JSON.stringify(probed.snapshot()), action).toBe(kept)
    } else {
      expect(got, action).toEqual(expected)
      expect(JSON.stringify(probed.snapshot()), action).toBe(after)
      probed.restore(JSON.parse(kept))
    }
  }
}

const WRONG = [
  'xyzzy',
  '',
  'check',
  'check valid actions',
  'look',
  'inventory',
  'help',
  'move forward',
  'drop',
  'toggle',
  'pick up red ball',
  'pick up purple key 1',
  'go to grey box 9',
  'go through blue door 1',
  'toggle and go through yellow door 1',
]

describe('a grid probed for a mistake (stepIfRejected)', () => {
  for (const profile of ['rich', 'agentboard'] as const)
    it(`answers as a step would, along the plan and past its end (${profile})`, async () => {
      const statuses = new Set<string>()
      for (let i = 0; i < 12; i++) {
        const task = grid.task('test', i * 9)
        const probed = grid.create(task, { profile })
        const stepped = grid.create(task, { profile })
        await probed.reset()
        await stepped.reset()
        const plan = await stepped.oracle()
        for (const next of plan) {
          const valid = await stepped.validActions()
          await compare(probed, stepped, [...valid, ...WRONG, next], statuses)
          expect((await probed.step(next)).status).toBe('ok')
          expect((await stepped.step(next)).status).toBe('ok')
        }
        await compare(probed, stepped, [...WRONG, plan[0]!], statuses)
      }
      expect([...statuses].sort()).toEqual(
        expect.arrayContaining([
          'invalid_argument',
          'meta',
          'no_effect',
          'ok',
          'precondition_failed',
          'unknown_action',
        ]),
      )
    }, 120_000)
})
