import { expect, it } from 'vitest'
import { lab } from './family'

it('plays perturbed tasks: the oracle still solves them, in the perturbed words', async () => {
  for (const [i, kind] of [
    [0, 'rename_verbs'],
    [42, 'shuffle_numbering'],
    [60, 'paraphrase'],
    // the oracle's own `look at` (reading the stopwatch, seeing a seed) in perturbed words
    [78, 'rename_verbs'],
    [86, 'shuffle_numbering'],
  ] as const) {
    const task = lab.task('test', i)
    const env = lab.create(task, { perturbation: { kind, seed: 3 } })
    const plain = lab.create(task)
    await env.reset()
    await plain.reset()
    const plan = await env.oracle()
    let last = null
    for (const action of plan) {
      last = await env.step(action)
      expect(last.status, `${i} ${kind}: ${action}`).toBe('ok')
    }
    expect(last?.success).toBe(true)
    if (kind === 'rename_verbs') expect(plan).not.toEqual(await plain.oracle())
  }
}, 300_000)
