import { compareRejectionProbes } from '@refinery/core/testing'
import { describe, expect, it } from 'vitest'
import type { GridEnvironment } from './env'
import { grid } from './family'

/** Every action of `tries` held to the probe's contract (see compareRejectionProbes). */
async function compare(
  probed: GridEnvironment,
  stepped: GridEnvironment,
  tries: readonly string[],
  statuses: Set<string>,
) {
  const checked = await compareRejectionProbes(probed, stepped, tries)
  for (const status of checked.statuses) statuses.add(status)
  expect(checked.problems).toEqual([])
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
