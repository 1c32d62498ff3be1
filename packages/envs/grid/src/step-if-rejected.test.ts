import { probeTest } from '@refinery/core/testing/vitest'
import { describe, expect, it } from 'vitest'
import { grid } from './family'

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
      const probes = probeTest()
      for (let i = 0; i < 12; i++) {
        const task = grid.task('test', i * 9)
        const probed = grid.create(task, { profile })
        const stepped = grid.create(task, { profile })
        await probed.reset()
        await stepped.reset()
        const plan = await stepped.oracle()
        for (const next of plan) {
          const valid = await stepped.validActions()
          await probes.agree(probed, stepped, [...valid, ...WRONG, next])
          expect((await probed.step(next)).status).toBe('ok')
          expect((await stepped.step(next)).status).toBe('ok')
        }
        await probes.agree(probed, stepped, [...WRONG, plan[0]!])
      }
      probes.expectEveryStatus()
    }, 120_000)
})
