import type { ActionSpace, FeedbackProfile } from '@refinery/core'
import { compileActionSpace } from '@refinery/parser'
import { describe, expect, it } from 'vitest'
import { CELLAR } from './__fixtures__/cellar'
import { AdventureEnvironment, fullReading, INFORM_REPLIES } from './environment'
import { adventure } from './family'
import { adventureWorld } from './world'

function cellar(profile: FeedbackProfile = 'rich'): AdventureEnvironment {
  return new AdventureEnvironment(adventureWorld('cellar', CELLAR, { voice: profile }), {
    profile,
    milestones: CELLAR.milestones,
    blueprint: CELLAR,
  })
}

async function play(env: AdventureEnvironment, commands: string[]) {
  const out = []
  for (const c of commands) out.push(await env.step(c))
  return out
}

describe('an adventure world', () => {
  it('starts in the first room and reads the goal', async () => {
    const first = await cellar().reset()
    expect(first.instruction).toBe(
      'Find the golden idol hidden in the old manor and put it in the trophy case.',
    )
    expect(first.observation).toBe(
      'Hall\nA draughty hall. You can see a brass lantern, and a leaflet here. There is a trophy case here (empty). The oak door leads north (closed). Exits: down, north.',
    )
  })

  it('reads the abbreviations players type: l, x, i, take all, g, n, score', async () => {
    const env = cellar()
    await env.reset()
    const look = await env.step('look')
    expect((await env.step('l')).observation).toBe(look.observation)
    expect((await env.step('x leaflet')).observation).toBe(
      (await env.step('examine the leaflet')).observation,
    )
    const all = await env.step('take all')
    expect(all).toMatchObject({
      status: 'ok',
      observation:
        'brass lantern: Taken.\nleaflet: Taken.\n[Your score has just gone up by 5 points.]',
    })
    expect(await env.step('g')).toMatchObject({ status: 'no_effect' })
    expect((await env.step('i')).observation).toBe(
      'You are carrying a brass lantern, and a leaflet.',
    )
    expect((await env.step('inv')).status).toBe('meta')
    expect((await env.step('n')).observation).toBe('The oak door is closed. Open it first.')
    expect((await env.step('score')).observation).toBe(
      'You have so far scored 5 out of a possible 70, in 5 turns.',
    )
    expect((await env.step('drop all.')).observation).toBe(
      'brass lantern: Dropped.\nleaflet: Dropped.',
    )
  })

  it('shows nothing in the dark, and a closed chest hides what is in it', async () => {
    const env = cellar()
    await env.reset()
    await env.step('take lantern')
    const dark = await env.step('d')
    expect(dark.observation).toBe('It is pitch dark. You are likely to be eaten by a grue.')
    const chest = await env.step('x wooden chest')
    const unicorn = await env.step('x wooden unicorn')
    expect(chest.status).toBe('invalid_argument')
    expect(chest.observation.replace('wooden chest', '…')).toBe(
      unicorn.observation.replace('wooden unicorn', '…'),
    )
    expect(chest.observation).toContain('too dark')
    const lit = await env.step('turn on lantern')
    expect(lit.observation).toContain('There is a wooden chest here (closed).')
    expect(lit.observation).not.toContain('iron key')
    expect(lit.observation).toContain('[Your score has just gone up by 10 points.]')
    const key = await env.step('take iron key')
    const nothing = await env.step('take glass key')
    expect(key.observation.replace('iron key', '…')).toBe(
      nothing.observation.replace('glass key', '…'),
    )
    expect((await env.step('open chest')).observation).toContain(
      'You open the wooden chest, revealing an iron key.',
    )
    expect((await env.step('take key')).status).toBe('ok')
  })

  it('opens the way with the key that fits, and wins with points', async () => {
    const env = cellar()
    await env.reset()
    await play(env, ['take lantern', 'd', 'turn on lantern', 'open chest', 'take key', 'u'])
    expect((await env.step('open door')).observation).toBe(
      'The oak door is locked. Unlock it with the key that fits.',
    )
    expect((await env.step('unlock door')).observation).toContain(
      'You unlock the oak door with the iron key.',
    )
    const [, north, , , won] = await play(env, [
      'open door',
      'n',
      'take idol',
      's',
      'put idol in case',
    ])
    expect(north!.observation).toContain('Study\nBooks are piled everywhere.')
    expect(won).toMatchObject({ status: 'ok', success: true, done: true, progress: 1 })
    expect(won!.observation).toContain('*** You have won ***')
    expect(env.score()).toBe(env.maxScore)
  })

  it('answers as an Inform game under the agentboard profile', async () => {
    const env = cellar('agentboard')
    await env.reset()
    expect((await env.step('dance')).observation).toBe(INFORM_REPLIES.unknownVerb)
    expect((await env.step('x unicorn')).observation).toBe(INFORM_REPLIES.notHere)
    expect((await env.step('take case')).observation).toBe("That's hardly portable.")
    expect((await env.step('take lantern')).observation).toBe('Taken.')
    expect((await env.step('n')).observation).toBe('The oak door is closed.')
    expect((await env.step('open door')).observation).toBe('It seems to be locked.')
    expect((await env.step('w')).observation).toBe("You can't go that way.")
    const valid = await env.step('check valid actions')
    expect(valid.observation).toMatch(/^You can take the following actions: /)
    expect(valid.observation).toContain('turn on brass lantern')
  })

  it('remembers the last command in its snapshot, for again', async () => {
    const env = cellar()
    await env.reset()
    await env.step('take leaflet')
    const snap = env.snapshot()
    await env.step('drop leaflet')
    env.restore(snap)
    expect((await env.step('g')).observation).toBe('You already have that.')
  })

  it('restores a snapshot after a refused command, a step and a look, each time', async () => {
    const env = cellar()
    await env.reset()
    const start = env.snapshot()
    const fresh = JSON.stringify(start)
    expect((await env.step('take unicorn')).status).toBe('invalid_argument')
    env.restore(start)
    expect(JSON.stringify(env.snapshot())).toBe(fresh)
    expect((await env.step('take leaflet')).status).toBe('ok')
    env.restore(start)
    expect(JSON.stringify(env.snapshot())).toBe(fresh)
    expect((await env.step('inventory')).observation).toBe('You are empty-handed.')
    env.restore(start)
    expect(JSON.stringify(env.snapshot())).toBe(fresh)
    expect((await env.step('take leaflet')).status).toBe('ok')
    expect((await env.step('take leaflet')).observation).toBe('You already have that.')
  })

  it("plans from the current state with the blueprint's solver", async () => {
    const env = cellar()
    await env.reset()
    await play(env, ['take leaflet', 'd'])
    const plan = await env.oracle()
    const results = await play(env, plan)
    expect(results.every((r) => r.status === 'ok')).toBe(true)
    expect(results.at(-1)!.success).toBe(true)
  })

  it("takes the whole space's reading of a command only where the view's space reads it so", async () => {
    // Two doors and two keys: `door` and `key` name things in and out of view.
    const env = adventure.create(adventure.task('train', 3))
    await env.reset()
    const whole = env.inner.actionSpace
    const reading = fullReading(whole)!
    let taken = 0
    let left = 0
    for (const action of [...(await env.oracle()), null]) {
      const inView = new Set(env.inView())
      const view = compileActionSpace({ ...env.actionSpace })
      for (const command of everyCommand(whole)) {
        const grounded = reading.compiled.ground(command)
        if (!grounded.ok) continue
        if (reading.sameInView(grounded, command, inView)) {
          taken++
          expect(grounded, command).toEqual(view.ground(command))
        } else left++
      }
      if (action) env.stepSync(action)
    }
    expect(taken).toBeGreaterThan(1000)
    expect(left).toBeGreaterThan(1000)
  })
})

/** Each template's pattern with every name and alias of the space in its slots. */
function everyCommand(space: ActionSpace): string[] {
  const names = space.entities.flatMap((e) => [e.name, ...(e.aliases ?? [])])
  let out = space.templates.map((t) => t.pattern.toLowerCase())
  while (out.some((c) => c.includes('{')))
    out = out.flatMap((c) =>
      c.includes('{') ? names.map((n) => c.replace(/\{\w+\}/, n.toLowerCase())) : [c],
    )
  return out
}
