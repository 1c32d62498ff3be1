import { probeTest } from '@refinery/core/testing/vitest'
import { describe, expect, it } from 'vitest'
import type { LabEnvironment } from './environment'
import { lab } from './family'

/** Mistakes of every kind: unknown verbs, unseen or missing things, numbers, meta-actions. */
function wrong(env: LabEnvironment, next: string): string[] {
  const names = env.allNames()
  const seen = env.perceived()
  const far = names.filter((n) => !seen.includes(n))
  const out = ['xyzzy', '', '0', '1', '7', 'look around', 'inventory', 'help', 'task']
  out.push('check valid actions', 'wait', 'look at flower pot', 'move block to inclined plane')
  for (const n of [...seen.slice(0, 4), ...far.slice(0, 2)])
    out.push(`pick up ${n}`, `open ${n}`, `look at ${n}`, `focus on ${n}`, `go to ${n}`)
  for (const a of seen.slice(0, 4))
    for (const b of seen.slice(0, 4)) out.push(`pour ${a} into ${b}`, `move ${a} to ${b}`)
  out.push(`${next} now`, next.split(' ')[0]!)
  return out
}

function taskOf(kind: string) {
  return Array.from({ length: lab.splits.test.size }, (_, i) => lab.task('test', i)).find((t) =>
    String(t.params?.kind).startsWith(kind),
  )!
}

describe('a lab probed for a mistake (stepIfRejected)', () => {
  for (const [kind, profile] of [
    ['grow-plant', 'rich'],
    ['grow-plant', 'agentboard'],
    ['inclined-plane', 'rich'],
  ] as const)
    it(`answers as a step would, along the plan, with a question pending and past the end (${kind}, ${profile})`, async () => {
      const task = taskOf(kind)
      expect(task).toBeDefined()
      const probed = lab.create(task, { profile })
      const stepped = lab.create(task, { profile })
      await probed.reset()
      await stepped.reset()
      const plan = await stepped.oracle()
      const probes = probeTest()
      for (const next of plan) {
        const valid = (await stepped.validActions()).filter((_, i) => i % 3 === 0)
        await probes.agree(probed, stepped, [...valid, ...wrong(stepped, next), next])
        // A clarification asked: the next input is read as its answer.
        for (const ask of ['look at flower pot', 'move block to inclined plane']) {
          const asked = await stepped.step(ask)
          expect((await probed.step(ask)).status).toBe(asked.status)
          if (asked.status === 'meta')
            await probes.agree(probed, stepped, ['0', '1', '9', '', 'xyzzy', 'look around'])
        }
        expect((await probed.step(next)).status).toBe('ok')
        expect((await stepped.step(next)).status).toBe('ok')
      }
      expect(stepped.snapshot()).toMatchObject({ done: true, success: true })
      await probes.agree(probed, stepped, ['xyzzy', 'look around', ...plan])
      probes.expectEveryStatus()
    }, 120_000)
})
