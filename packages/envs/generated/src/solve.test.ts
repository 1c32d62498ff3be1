import { compileWorld, plan } from '@refinery/world'
import { describe, expect, it } from 'vitest'
import { oraclePlanners } from './environment'
import { generated } from './family'
import { DEFAULT_PLAN_NODES, generateCompiled } from './generate'

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

describe('the planner on worlds that share compiled actions', () => {
  it('solves a world after one whose shared actions see other predicates as static (train 68, then 94)', () => {
    // Train 68 has no open action, so `opened` never changes there; its take action is shared
    // with 94, where the hose lies in a closed crate. A binding plan cached per action alone
    // kept 68's static predicates and the planner answered 94 unsolvable after one node.
    for (const index of [68, 94]) {
      const task = generated.task('train', index)
      const theme = String(task.params?.theme)
      const made = generateCompiled({ seed: task.seed, split: task.split, id: task.id, theme })
      const { narrowPlanner } = oraclePlanners(made.world.distractors, DEFAULT_PLAN_NODES)
      expect(plan(made.compiled, narrowPlanner).status, task.id).toBe('solved')
    }
  })
})
