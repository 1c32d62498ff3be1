import type { FeedbackProfile } from '@refinery/core'
import { compareRejectionProbes } from '@refinery/core/testing'
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

/** Every action of `tries` held to the probe's contract (see compareRejectionProbes). */
async function compare(
  probed: AdventureEnvironment,
  stepped: AdventureEnvironment,
  tries: readonly string[],
  statuses: Set<string>,
) {
  const checked = await compareRejectionProbes(probed, stepped, tries)
  for (const status of checked.statuses) statuses.add(status)
  expect(checked.problems).toEqual([])
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
