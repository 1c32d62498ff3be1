import { rngStream } from '@refinery/core'
import { describe, expect, it } from 'vitest'
import { lab } from './family'

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** Names in `text` that are not allowed: every allowed name is cut out first, longest first. */
function leaked(text: string, allowed: ReadonlySet<string>, all: readonly string[]): string[] {
  let rest = text.toLowerCase()
  for (const name of [...allowed].sort((a, b) => b.length - a.length))
    rest = rest.replace(new RegExp(`\\b${escapeRegex(name.toLowerCase())}\\b`, 'g'), ' ')
  return all.filter(
    (name) =>
      !allowed.has(name) && new RegExp(`\\b${escapeRegex(name.toLowerCase())}\\b`).test(rest),
  )
}

/** Actions that name a thing (seen or not) in the ways agents do: exact, partial, misspelt. */
function probes(name: string, other: string): string[] {
  const first = name.split(' ')[0]!
  const misspelt = name.length > 4 ? name.slice(0, 2) + name.slice(3) : `${name}x`
  return [
    `focus on ${name}`,
    `look at ${name}`,
    `pick up ${first}`,
    `move ${name} to ${other}`,
    `use thermometer on ${misspelt}`,
    `look in ${name}`,
    `go to ${name}`,
  ]
}

describe('lab feedback', () => {
  it('never names a thing the agent has not observed (every third test task, random walks and probes)', async () => {
    const problems: string[] = []
    for (let i = 0; i < lab.splits.test.size; i += 3) {
      const env = lab.create(lab.task('test', i))
      const first = await env.reset()
      const all = env.allNames()
      const seen = new Set<string>(all.filter((n) => first.instruction.toLowerCase().includes(n)))
      for (const n of env.perceived()) seen.add(n)
      const rng = rngStream(3, 'lab-visibility', i)
      for (let step = 0; step < 40; step++) {
        const valid = await env.validActions()
        const action =
          step % 2 === 0 ? rng.pick(valid) : rng.pick(probes(rng.pick(all), rng.pick(all)))
        const before = env.snapshot()
        const result = await env.step(action)
        for (const n of env.perceived()) seen.add(n)
        // The agent's own words may come back ("There is no …"): they reveal nothing.
        const reply = result.observation.toLowerCase().split(action.toLowerCase()).join(' ')
        const bad = leaked(reply.replace(/"[^"]*"/g, ' '), seen, all)
        if (bad.length > 0)
          problems.push(`${i} '${action}': ${bad.join(', ')} in ${result.observation}`)
        if (result.done) env.restore(before)
      }
    }
    expect(problems).toEqual([])
  }, 300_000)

  it('answers a thing out of view as a thing that does not exist, suggesting only what is in view', async () => {
    for (const i of [0, 42, 57, 63]) {
      for (const profile of ['rich', 'agentboard'] as const) {
        const env = lab.create(lab.task('test', i), { profile })
        await env.reset()
        const perceived = env.perceived()
        const unseen = env.allNames().filter((n) => !perceived.includes(n))
        expect(unseen.length).toBeGreaterThan(0)
        for (const name of unseen.slice(0, 6)) {
          for (const form of ['focus on X', 'pick up X', 'look at X', 'move X to inventory']) {
            const a = await env.step(form.replace('X', name))
            const b = await env.step(form.replace('X', 'zorblax widget'))
            expect(a.status).toBe(b.status)
            const template = (o: string, n: string) =>
              o.replace(n, 'NAME').replace(/ (Did you mean "[^"]*"\?|Check valid actions\.)$/, '')
            expect(template(a.observation, name)).toBe(template(b.observation, 'zorblax widget'))
            const suggestion = /Did you mean "([^"]*)"/.exec(a.observation)?.[1]
            if (suggestion) expect(perceived).toContain(suggestion)
          }
        }
      }
    }
  })

  it('asks which one, by number, when a name fits several things in view, and only those', async () => {
    const task = Array.from({ length: 90 }, (_, i) => lab.task('test', i)).find(
      (t) => t.params?.kind === 'grow-plant',
    )!
    const env = lab.create(task)
    await env.reset()
    // Walk to the greenhouse where the two flower pots stand.
    for (let n = 0; n < 3 && !env.perceived().includes('flower pot 1'); n++) {
      const go = (await env.validActions()).find((a) => a === 'go to greenhouse') ?? 'go to hallway'
      await env.step(go)
    }
    expect(env.perceived()).toEqual(expect.arrayContaining(['flower pot 1', 'flower pot 2']))
    const ask = await env.step('look at flower pot')
    expect(ask.status).toBe('meta')
    expect(ask.observation).toBe(
      'Ambiguous request: Please enter the number for the action you intended (or blank to cancel):\n0:\tlook at flower pot 1 (in greenhouse)\n1:\tlook at flower pot 2 (in greenhouse)',
    )
    const answer = await env.step('1')
    expect(answer.status).toBe('ok')
    expect(answer.observation).toMatch(/^A flower pot 2 \(containing a soil \d\)\.$/)
    // Out of view, the pots are not offered: the name is simply not here.
    await env.step('go to hallway')
    const away = await env.step('look at flower pot')
    expect(away.status).toBe('invalid_argument')
    expect(away.observation).not.toContain('flower pot 1')
  })

  it("answers every failed action with ScienceWorld's words under the agentboard profile", async () => {
    const env = lab.create(lab.task('test', 0), { profile: 'agentboard' })
    await env.reset()
    for (const action of ['xyzzy', 'focus on zorblax', 'activate inventory', 'go to moon']) {
      const r = await env.step(action)
      expect(r.observation).toBe('No known action matches that input.')
    }
    const rich = lab.create(lab.task('test', 0))
    await rich.reset()
    expect((await rich.step('activate inventory')).observation).toBe(
      'The inventory cannot be activated.',
    )
  })
})
