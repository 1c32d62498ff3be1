import { FEEDBACK_PROFILES, rngStream, type Split } from '@refinery/core'
import { describeFamilyConformance } from '@refinery/core/testing/vitest'
import { setWorldCacheLimit, WorldSpec } from '@refinery/world'
import { describe, expect, it, onTestFinished } from 'vitest'
import type { Blueprint } from './blueprint'
import { adventure, createAdventureFamily, DEFAULT_TRAIN_PLAN_STEPS } from './family'
import { AdventureTaskParams } from './params'
import { planLength, solve } from './solver'

const TEST = adventure.splits.test.size

describeFamilyConformance(adventure, { tasks: 4 })

describe('the adventure family', () => {
  it('has AgentBoard-sized test and large train and dev splits', () => {
    expect(adventure.id).toBe('adventure')
    expect(adventure.splits).toEqual({
      train: { size: 2000 },
      dev: { size: 200 },
      test: { size: 20 },
    })
    for (const form of [
      'north',
      'x {thing}',
      'take all',
      'unlock {thing} with {key}',
      'check valid actions',
    ])
      expect(adventure.instructions).toContain(form)
  })

  it('plays a task drawn again in the same world, frozen and not compiled again', async () => {
    // Without the world cache of @refinery/world, only the family's own can share the world.
    setWorldCacheLimit(0)
    onTestFinished(() => setWorldCacheLimit(32))
    const family = createAdventureFamily()
    const ref = family.task('train', 7)
    const b = family.blueprint(ref)
    expect(Object.isFrozen(b) && Object.isFrozen(b.rooms[0])).toBe(true)
    expect(family.blueprint(family.task('train', 7))).toBe(b)
    const play = async (from = family) => {
      const env = from.create(from.task('train', 7))
      const seen = [JSON.stringify(await env.reset())]
      for (const action of await env.oracle()) seen.push((await env.step(action)).observation)
      return { world: env.inner.world, seen, space: env.actionSpace }
    }
    const first = await play()
    const second = await play()
    expect(second.world).toBe(first.world)
    // The view at the goal is the same, so is its space (computed once for both episodes).
    expect(second.space).toBe(first.space)
    expect(second.seen).toEqual(first.seen)
    expect(family.create(ref, { profile: 'agentboard' }).inner.world).not.toBe(first.world)
    // A fresh family (nothing cached) plays the same episode.
    const fresh = await play(createAdventureFamily())
    expect(fresh.seen).toEqual(first.seen)
  })

  it('reads a task as its schemas do, checked by hand or not', () => {
    const ref = adventure.task('train', 11)
    const b = adventure.blueprint(ref)
    // A copy, one with a key TaskRef drops, or one from JSON draws the same world.
    expect(adventure.blueprint({ ...ref })).toBe(b)
    expect(adventure.blueprint({ ...ref, extra: 1 } as typeof ref)).toBe(b)
    expect(adventure.blueprint(JSON.parse(JSON.stringify(ref)))).toBe(b)
    const refused = (bad: unknown) => {
      try {
        adventure.blueprint(bad as typeof ref)
      } catch (e) {
        return (e as { code?: string }).code
      }
      return 'accepted'
    }
    const params = ref.params as Record<string, unknown>
    for (const bad of [
      null,
      { ...ref, family: 'grid' },
      { ...ref, seed: 1.5 },
      { ...ref, split: 'val' },
      { ...ref, index: -1 },
      { ...ref, params: undefined },
      { ...ref, params: { ...params, level: 20 } },
      { ...ref, params: { ...params, attempt: -1 } },
      { ...ref, params: { ...params, goalKind: 'steal' } },
      { ...ref, params: { ...params, theme: '' } },
      { ...ref, params: { ...params, extra: 1 } },
      { ...ref, params: { ...params, layout: undefined } },
    ])
      expect(refused(bad), JSON.stringify(bad)).toBe('invalid_input')
  })

  // The family compiles its worlds without the schema's parse (compileBuiltWorld): that is
  // sound only while a built world is exactly what the parse would give.
  it('builds worlds the schema would give back unchanged', () => {
    for (let i = 0; i < TEST; i++) {
      for (const profile of FEEDBACK_PROFILES) {
        const world = adventure.world(adventure.task('test', i), profile)
        expect(WorldSpec.parse(world)).toStrictEqual(world)
      }
    }
  })

  it('grows the test worlds in size and puzzle depth', () => {
    const params = Array.from({ length: TEST }, (_, i) =>
      AdventureTaskParams.parse(adventure.task('test', i).params),
    )
    expect(params.map((p) => p.level)).toEqual(Array.from({ length: TEST }, (_, i) => i))
    expect(params[0]).toMatchObject({ rooms: 3, depth: 0 })
    expect(params[TEST - 1]).toMatchObject({ rooms: 16, depth: 5 })
    for (let i = 1; i < TEST; i++) {
      expect(params[i]!.rooms).toBeGreaterThanOrEqual(params[i - 1]!.rooms)
      expect(params[i]!.depth).toBeGreaterThanOrEqual(params[i - 1]!.depth)
    }
  })

  it('gives no two test tasks the same layout and goal, and puts no test world in train or dev', () => {
    const layout = (split: Split, i: number) =>
      AdventureTaskParams.parse(adventure.task(split, i).params).layout
    const test = new Set(Array.from({ length: TEST }, (_, i) => layout('test', i)))
    expect(test.size).toBe(TEST)
    for (const split of ['train', 'dev'] as const) {
      const n = split === 'train' ? 300 : adventure.splits.dev.size
      for (let i = 0; i < n; i++) expect(test.has(layout(split, i)), `${split}/${i}`).toBe(false)
    }
  })

  it('builds the same world for the same task, and one world in both profiles but for the words', () => {
    const task = adventure.task('test', 9)
    expect(adventure.world(task)).toEqual(adventure.world(adventure.task('test', 9)))
    const rich = adventure.world(task, 'rich')
    const terse = adventure.world(task, 'agentboard')
    expect(terse.facts).toEqual(rich.facts)
    expect(terse.entities).toEqual(rich.entities)
    expect(terse.goal).toEqual(rich.goal)
    expect(terse.actions.map((a) => a.pattern)).toEqual(rich.actions.map((a) => a.pattern))
  })

  for (const profile of FEEDBACK_PROFILES) {
    it(`replays the oracle to success on every test task (${profile})`, async () => {
      for (let i = 0; i < TEST; i++) {
        const env = adventure.create(adventure.task('test', i), { profile })
        await env.reset()
        const plan = await env.oracle()
        let last = { success: false, status: 'ok' as string, progress: 0 }
        for (const action of plan) {
          const before = last.progress
          last = await env.step(action)
          expect(last.status, `test/${i}: ${action}`).toBe('ok')
          expect(last.progress).toBeGreaterThanOrEqual(before)
        }
        expect(last.success, `test/${i}`).toBe(true)
        expect(plan.length).toBeLessThanOrEqual(60)
      }
    })
  }

  it('solves perturbed tasks too: the oracle speaks the renamed verbs', async () => {
    for (const kind of ['rename_verbs', 'all']) {
      const env = adventure.create(adventure.task('test', 12), { perturbation: { kind, seed: 3 } })
      await env.reset()
      const plan = await env.oracle()
      let last = await env.step(plan[0]!)
      for (const action of plan.slice(1)) last = await env.step(action)
      expect(last.success, kind).toBe(true)
    }
  })

  it('gives a seeded random agent over valid actions a low success rate and some progress', async () => {
    let wins = 0
    let progress = 0
    for (let i = 0; i < TEST; i++) {
      const env = adventure.create(adventure.task('test', i))
      await env.reset()
      const rng = rngStream(7, 'adventure-random', i)
      let last = { success: false, progress: 0, done: false }
      for (let step = 0; step < 30 && !last.done; step++) {
        const valid = await env.validActions()
        last = await env.step(rng.pick(valid))
      }
      if (last.success) wins++
      progress += last.progress
    }
    expect(wins / TEST).toBeLessThan(0.35)
    expect(progress / TEST).toBeGreaterThan(0.05)
  })
})

describe('train and dev worlds fit a synthesised episode', () => {
  const every = createAdventureFamily({ trainPlanSteps: null })

  it('draws train and dev worlds whose plan from the start fits', () => {
    for (const split of ['train', 'dev'] as const)
      for (let i = 0; i < adventure.splits[split].size; i += 5) {
        const steps = planLength(adventure.blueprint(adventure.task(split, i)))
        expect(steps, `${split}/${i}`).not.toBeNull()
        expect(steps!, `${split}/${i}`).toBeLessThanOrEqual(DEFAULT_TRAIN_PLAN_STEPS)
      }
  })

  it('keeps the longer worlds when asked to, and every test world as it was', () => {
    let longer = 0
    for (let i = 0; i < 200; i++) {
      const ref = every.task('train', i)
      const steps = planLength(every.blueprint(ref))!
      if (steps > DEFAULT_TRAIN_PLAN_STEPS) longer++
      // A world that fits is drawn as before.
      else expect(adventure.task('train', i)).toEqual(ref)
    }
    expect(longer).toBeGreaterThan(20)
    for (let i = 0; i < TEST; i++) expect(adventure.task('test', i)).toEqual(every.task('test', i))
  })

  it('stops counting at a limit: null when the plan is longer', () => {
    for (let i = 0; i < 40; i++) {
      const b = every.blueprint(every.task('train', i))
      const steps = planLength(b)!
      expect(planLength(b, steps)).toBe(steps)
      expect(planLength(b, steps + 3)).toBe(steps)
      expect(planLength(b, steps - 1)).toBeNull()
    }
  })

  it("counts the steps of the oracle's plan from the start", async () => {
    for (let i = 0; i < 8; i++) {
      const ref = adventure.task('train', i * 50)
      const env = adventure.create(ref)
      await env.reset()
      expect(planLength(adventure.blueprint(ref))).toBe((await env.oracle()).length)
    }
  })
})

describe('adventure tasks are solvable', () => {
  // train/903 once put its lamp past a locked door that opens only from its dark room.
  it('solves train/903 from its start', async () => {
    const env = adventure.create(adventure.task('train', 903))
    await env.reset()
    const plan = solve(env.inner.engine, adventure.blueprint(adventure.task('train', 903)))
    expect(plan.length).toBeGreaterThan(0)
    // The solver only reads the engine: played on it, the plan wins.
    expect(env.inner.engine.steps).toBe(0)
    for (const action of plan) expect((await env.step(action)).status).toBe('ok')
    expect(env.inner.engine.success).toBe(true)
  })

  it("plays its plans as the engine does, also from states off the solver's map", async () => {
    // Random commands drop, close and switch off what the plan relies on; the solver plans
    // from there too, and its plan plays out on the engine, every step of it accepted.
    for (let i = 0; i < 24; i++) {
      const ref = adventure.task('train', 40 + i)
      const env = adventure.create(ref)
      await env.reset()
      const rng = rngStream(11, 'adventure-solver', i)
      for (let step = rng.int(0, 16); step > 0; step--)
        await env.step(rng.pick(await env.validActions()))
      const plan = solve(env.inner.engine, adventure.blueprint(ref))
      for (const action of plan) expect((await env.step(action)).status, ref.id).toBe('ok')
      expect(env.inner.engine.success, ref.id).toBe(true)
    }
  })

  it('never puts the lamp past a door or guard at the dark room', () => {
    let dark = 0
    for (let i = 0; i < adventure.splits.train.size; i++) {
      const b = adventure.blueprint(adventure.task('train', i))
      const room = b.rooms.find((r) => r.dark)?.id
      if (!room || !b.lamp) continue
      dark++
      const lamp = b.items.find((x) => x.id === b.lamp)!
      const at =
        b.containers.find((c) => c.id === lamp.at)?.room ??
        b.people.find((p) => p.id === lamp.at)?.room ??
        lamp.at
      // Walk up from the lamp's room to the first room: no step out of the dark room is gated.
      for (let r = at; r !== b.rooms[0]!.id; ) {
        const up = b.exits.find((e) => e.to === r && parentOf(b, e.from, r))!
        if (up.from === room) {
          const door = b.doors.some((d) => d.sides.some((s) => s.room === room && s.dir === up.dir))
          const guard = b.people.some((p) => p.room === room && p.blocks === up.dir)
          expect(door || guard, `train/${i}`).toBe(false)
        }
        r = up.from
      }
    }
    expect(dark).toBeGreaterThan(100)
  })
})

/** `from` is nearer the first room than `to` (the tree's exits go both ways). */
function parentOf(b: Blueprint, from: string, to: string): boolean {
  const depth = (room: string) => {
    const seen = new Map<string, number>([[b.rooms[0]!.id, 0]])
    const queue = [b.rooms[0]!.id]
    for (const r of queue)
      for (const e of b.exits)
        if (e.from === r && !seen.has(e.to)) {
          seen.set(e.to, seen.get(r)! + 1)
          queue.push(e.to)
        }
    return seen.get(room)!
  }
  return depth(from) < depth(to)
}
