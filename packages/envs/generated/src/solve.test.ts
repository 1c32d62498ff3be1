import { compileWorld, plan } from '@refinery/world'
import { describe, expect, it } from 'vitest'
import { oraclePlanners } from './environment'
import { generated } from './family'
import { DEFAULT_PLAN_NODES } from './generate'

describe('construction plans', () => {
  it('are about as short as the planner’s narrow search: on 100 train worlds never 3 steps longer, and no longer on average', () => {
    let built = 0
    let searched = 0
    for (let i = 0; i < 100; i++) {
      const task = generated.task('train', i)
      const world = generated.generated(task)
      const { narrowPlanner } = oraclePlanners(world.distractors, DEFAULT_PLAN_NODES)
      const found = plan(compileWorld(world.spec), narrowPlanner)
      expect(found.status, task.id).toBe('solved')
      const length = found.status === 'solved' ? found.actions.length : 0
      expect(world.plan.length, task.id).toBeLessThanOrEqual(length + 2)
      built += world.plan.length
      searched += length
    }
    expect(built).toBeLessThanOrEqual(searched)
  })
})
