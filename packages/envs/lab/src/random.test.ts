import { rngStream } from '@refinery/core'
import { expect, it } from 'vitest'
import { lab } from './family'

/**
 * A seeded agent that picks uniformly among the valid actions for AgentBoard's 30 steps:
 * it should rarely win (the tasks need a purposeful sequence, and a wrong focus fails them)
 * yet earn some progress (subgoals are credited one at a time).
 */
it('a random agent over valid actions gets low success and non-zero progress on the test split', async () => {
  let wins = 0
  let progress = 0
  const n = lab.splits.test.size
  for (let i = 0; i < n; i++) {
    const env = lab.create(lab.task('test', i))
    await env.reset()
    const rng = rngStream(7, 'lab-random-agent', i)
    let last = { success: false, progress: 0, done: false }
    for (let step = 0; step < 30 && !last.done; step++) {
      const valid = (await env.validActions()).filter(
        (a) => a !== 'check valid actions' && a !== 'help',
      )
      last = await env.step(rng.pick(valid))
    }
    if (last.success) wins++
    progress += last.progress
  }
  const success = wins / n
  const meanProgress = progress / n
  console.log(JSON.stringify({ randomAgent: { success, meanProgress } }))
  expect(success).toBeLessThan(0.2)
  expect(meanProgress).toBeGreaterThan(0)
}, 300_000)
