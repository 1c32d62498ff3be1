import type { FeedbackProfile, StepResult } from '@refinery/core'
import { describe, expect, it } from 'vitest'
import { CELLAR } from './__fixtures__/cellar'
import { AdventureEnvironment } from './environment'
import { adventureWorld } from './world'

function cellar(profile: FeedbackProfile): AdventureEnvironment {
  return new AdventureEnvironment(adventureWorld('cellar', CELLAR, { voice: profile }), {
    profile,
    milestones: CELLAR.milestones,
    blueprint: CELLAR,
  })
}

/** Commands a teacher's mistakes and a player's typing make, beside the accepted ones. */
const WRONG = [
  'xyzzy',
  'g',
  'again',
  'score',
  'l',
  'i',
  'check valid actions',
  'n',
  'north',
  'down',
  'up',
  'take unicorn',
  'take trophy case',
  'open oak door',
  'open leaflet',
  'unlock oak door with leaflet',
  'take all',
  'drop all',
  'put leaflet in trophy case',
  'examine idol',
  '',
]

/**
 * Every command of `tries` probed with `stepIfRejected` on one environment and stepped (then
 * restored) on another in the same state: null and the state unchanged where the step was
 * accepted, else the step's result and the state it left.
 */
async function compare(
  probed: AdventureEnvironment,
  stepped: AdventureEnvironment,
  tries: string[],
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

describe('an adventure probed for a mistake (stepIfRejected)', () => {
  for (const profile of ['rich', 'agentboard'] as const)
    it(`answers as a step would, every command along the plan and past its end (${profile})`, async () => {
      const probed = cellar(profile)
      const stepped = cellar(profile)
      await probed.reset()
      await stepped.reset()
      const plan = await stepped.oracle()
      expect(plan.length).toBeGreaterThan(5)
      const statuses = new Set<string>()
      for (const next of plan) {
        await compare(
          probed,
          stepped,
          [...(await stepped.validActions()), ...WRONG, next],
          statuses,
        )
        expect((await probed.step(next)).status).toBe('ok')
        expect((await stepped.step(next)).status).toBe('ok')
        // `g` repeats the last command: probed once it is set, with a refusal in between.
        await compare(probed, stepped, ['g', 'xyzzy', 'again'], statuses)
      }
      // The episode is over: everything is refused.
      await compare(probed, stepped, [...WRONG, plan[0]!], statuses)
      expect([...statuses].sort()).toEqual([
        'invalid_argument',
        'meta',
        'no_effect',
        'ok',
        'precondition_failed',
        'unknown_action',
      ])
    })
})
