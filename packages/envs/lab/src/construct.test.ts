import { describe, expect, it } from 'vitest'
import { LabEnvironment } from './environment'
import { lab } from './family'
import { labWorld } from './world'

/**
 * The oracle builds each stage's plan the way the task was built and searches only where that
 * fails. Built plans must be as good as searched ones: over 120 train tasks (four of each
 * kind) no longer in total, at most two steps longer for any task, and every one wins.
 */
describe('constructed stage plans', () => {
  it('are no longer than the searched plans in total, at most 2 steps longer per task, and win', async () => {
    const create = (i: number, searchOnly: boolean) => {
      const { spec, stages, trait, planWith } = labWorld(lab.task('train', i))
      return new LabEnvironment(spec, stages, {
        planner: { maxNodes: 20_000 },
        trait,
        planWith,
        searchOnly,
      })
    }
    let searched = 0
    let built = 0
    const tooLong: string[] = []
    const lost: string[] = []
    for (let i = 0; i < 120; i++) {
      const search = create(i, true)
      await search.reset()
      const slow = await search.oracle()
      const env = create(i, false)
      await env.reset()
      const plan = await env.oracle()
      searched += slow.length
      built += plan.length
      if (plan.length > slow.length + 2) tooLong.push(`${i}: ${slow.length} -> ${plan.length}`)
      let last = null
      for (const action of plan) {
        last = await env.step(action)
        if (last.status !== 'ok') break
      }
      if (!last?.success) lost.push(`${i}: ${plan.join(' | ')}`)
    }
    expect(tooLong).toEqual([])
    expect(lost).toEqual([])
    expect(built).toBeLessThanOrEqual(searched)
  }, 300_000)
})
