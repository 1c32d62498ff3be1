import { FEEDBACK_PROFILES, rngStream } from '@refinery/core'
import { describe, expect, it } from 'vitest'
import { adventure } from './family'

const NOWHERE = 'glass unicorn'

/** Every name of a world's rooms and things: what a reply must not name before it is seen. */
function worldNames(task: ReturnType<typeof adventure.task>): string[] {
  const spec = adventure.world(task)
  return spec.entities.filter((e) => e.type !== 'direction').map((e) => e.name)
}

const mentions = (text: string, name: string) =>
  new RegExp(`(^|[^a-z])${name.toLowerCase()}([^a-z]|$)`).test(text.toLowerCase())

describe('adventure feedback', () => {
  for (const profile of FEEDBACK_PROFILES) {
    it(`never names a thing the agent has not observed (${profile})`, async () => {
      for (let i = 0; i < adventure.splits.test.size; i++) {
        const task = adventure.task('test', i)
        const names = worldNames(task)
        const things = names.filter((n) => !/^[A-Z]/.test(n))
        const env = adventure.create(task, { profile })
        const first = await env.reset()
        const observed = new Set(names.filter((n) => mentions(first.instruction, n)))
        for (const n of env.perceived()) observed.add(n)
        const audit = (command: string, reply: string) => {
          for (const n of env.perceived()) observed.add(n)
          // The reply may quote what the agent typed; that reveals nothing.
          const said = reply
            .replaceAll(`"${command}"`, '')
            .replace(/"[^"]*"/g, (q) => (command.includes(q.slice(1, -1)) ? '' : q))
          for (const n of names)
            if (!observed.has(n))
              expect(mentions(said, n), `test/${i} '${command}' named ${n}: ${reply}`).toBe(false)
        }
        audit('', first.observation)
        const rng = rngStream(11, 'adventure-leaks', i)
        for (let step = 0; step < 40; step++) {
          const valid = await env.validActions()
          const action = step % 3 === 2 ? 'check valid actions' : rng.pick(valid)
          const r = await env.step(action)
          audit(action, r.observation)
          if (r.done) break
          // Probes naming anything in the world, seen or not, and something that does not exist.
          const thing = rng.pick(things)
          for (const probe of [
            `examine ${thing}`,
            `take ${thing}`,
            `open ${thing}`,
            `unlock ${thing} with ${rng.pick(things)}`,
            `give ${rng.pick(things)} to ${thing}`,
            `take ${thing.split(' ').at(-1)}`,
          ]) {
            const snap = env.snapshot()
            const reply = await env.step(probe)
            audit(probe, reply.observation)
            env.restore(snap)
          }
          if (!env.perceived().includes(thing)) {
            const snap = env.snapshot()
            const unseen = await env.step(`examine ${thing}`)
            const missing = await env.step(`examine ${NOWHERE}`)
            env.restore(snap)
            expect(unseen.status).toBe(missing.status)
            // A suggestion may differ (it follows the spelling, and names only what is in view).
            const head = (text: string, name: string) =>
              text.replace(name, '…').replace(/ (Did you mean|Check valid actions).*$/, '')
            expect(head(unseen.observation, thing)).toBe(head(missing.observation, NOWHERE))
          }
        }
      }
    }, 120_000)
  }
})
