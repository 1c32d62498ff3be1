import { describe, expect, it } from 'vitest'
import { packPlan, unpackPlan } from './packed-plan'

describe('packed plans', () => {
  it('unpack to the plan they were packed from, empty plans and argument-less steps too', () => {
    const plan = {
      actions: ['take key', 'look', 'put key in box'],
      steps: [
        { schema: 'take', args: ['key'] },
        { schema: 'look', args: [] },
        { schema: 'put', args: ['key', 'box'] },
      ],
    }
    expect(unpackPlan(packPlan(plan)!)).toEqual(plan)
    expect(unpackPlan(packPlan({ actions: [], steps: [] })!)).toEqual({ actions: [], steps: [] })
  })

  it('are not made of a text that holds the separator', () => {
    const plan = { actions: ['take \u001f key'], steps: [{ schema: 'take', args: ['key'] }] }
    expect(packPlan(plan)).toBeUndefined()
  })
})
