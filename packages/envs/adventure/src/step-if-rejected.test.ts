import type { FeedbackProfile } from '@refinery/core'
import { probeTest } from '@refinery/core/testing/vitest'
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

describe('an adventure probed for a mistake (stepIfRejected)', () => {
  for (const profile of ['rich', 'agentboard'] as const)
    it(`answers as a step would, every command along the plan and past its end (${profile})`, async () => {
      const probed = cellar(profile)
      const stepped = cellar(profile)
      await probed.reset()
      await stepped.reset()
      const plan = await stepped.oracle()
      expect(plan.length).toBeGreaterThan(5)
      const probes = probeTest()
      for (const next of plan) {
        await probes.agree(probed, stepped, [...(await stepped.validActions()), ...WRONG, next])
        expect((await probed.step(next)).status).toBe('ok')
        expect((await stepped.step(next)).status).toBe('ok')
        // `g` repeats the last command: probed once it is set, with a refusal in between.
        await probes.agree(probed, stepped, ['g', 'xyzzy', 'again'])
      }
      // The episode is over: everything is refused.
      await probes.agree(probed, stepped, [...WRONG, plan[0]!])
      probes.expectEveryStatus()
    })
})
