import { type ActionCall, plan, WorldEngine, type WorldSnapshot } from '@refinery/world'
import { describe, expect, it } from 'vitest'
import { CLUTTER } from './catalog'
import { lab } from './family'
import { firstOpen, stageHolds } from './holds'
import { rehearseWait } from './rehearsal'
import { inertThings, StageWorld } from './stages'
import { labWorld } from './world'

/** lab/test/0: boil; stages: reach (focus, heat), wait (boiled). */
function boil() {
  const task = lab.task('test', 0)
  const { spec, stages } = labWorld(task)
  const stageWorld = new StageWorld(spec, stages)
  const probe = new WorldEngine(stageWorld.world)
  probe.reset()
  return { stages, stageWorld, probe }
}

describe('the stage world (one planning world per task, a marker fact per stage)', () => {
  it('reaches a stage planned to, as the stage checks tell it, and the oracle resumes after it', () => {
    const { stages, stageWorld, probe } = boil()
    const holding = () => stages.map((s) => stageHolds(probe, s))
    expect(stages.map((s) => Object.keys(s)[0])).toEqual(['reach', 'wait'])
    expect(holding()).toEqual([false, false])
    expect(firstOpen(probe, stages)).toBe(0)
    const first = plan(stageWorld.world, { from: stageWorld.from(probe.snapshot(), 0) })
    if (first.status !== 'solved') throw new Error(first.status)
    for (const step of first.steps) probe.step(step)
    expect(holding()).toEqual([true, false])
    expect(firstOpen(probe, stages)).toBe(1)
  })

  it('plans to the wanted stage only: the goal is that stage, not the last one', () => {
    const { stageWorld, probe } = boil()
    const first = plan(stageWorld.world, { from: stageWorld.from(probe.snapshot(), 0) })
    if (first.status !== 'solved') throw new Error(first.status)
    for (const step of first.steps) probe.step(step)
    const again = plan(stageWorld.world, { from: stageWorld.from(probe.snapshot(), 0) })
    expect(again.status === 'solved' && again.steps).toEqual([])
    const next = plan(stageWorld.world, { from: stageWorld.from(probe.snapshot(), 1) })
    expect(next.status === 'solved' && next.steps.length).toBeGreaterThan(0)
  })

  it('waits the least number of ticks a waiting stage needs, without a search', () => {
    const { stages, stageWorld, probe } = boil()
    const first = plan(stageWorld.world, { from: stageWorld.from(probe.snapshot(), 0) })
    if (first.status !== 'solved') throw new Error(first.status)
    for (const step of first.steps) probe.step(step)
    const heated = probe.snapshot()
    const waits = rehearseWait(probe, stages[1]!)
    expect(waits.length).toBeGreaterThan(0)
    expect(new Set(waits.map((w) => w.text))).toEqual(new Set(['wait']))
    expect(stageHolds(probe, stages[1]!)).toBe(true)
    // What a search of the same world finds: as many steps (it may pass time otherwise).
    const searched = plan(stageWorld.world, { from: stageWorld.from(heated, 1) })
    expect(searched.status === 'solved' && searched.steps.length).toBe(waits.length)
    // One wait fewer is not enough.
    probe.restore(heated)
    for (const w of waits.slice(1)) probe.step(w.step)
    expect(stageHolds(probe, stages[1]!)).toBe(false)
  })
})

describe('the things a stage world leaves out', () => {
  it('are the clutter and the things no goal names, never what a task needs', () => {
    for (const index of [0, 33, 45]) {
      const { spec, stages } = labWorld(lab.task('test', index))
      const left = inertThings(spec, stages)
      const clutter = spec.entities.filter((e) => (CLUTTER as readonly string[]).includes(e.id))
      expect(clutter.length).toBeGreaterThan(0)
      for (const e of clutter) expect(left.has(e.id), e.id).toBe(true)
      const named = JSON.stringify([spec.goal, stages])
      for (const id of left) expect(named.includes(`"${id}"`), id).toBe(false)
      // Nothing left out holds anything.
      for (const [pred, , where] of spec.facts)
        if (pred === 'in') expect(left.has(where!)).toBe(false)
    }
  })
})

describe('one-action stages', () => {
  it('are found without a search exactly when the planner finds one action', () => {
    // lab/test/69: focus on four life stages in order, one stage each.
    const { spec, stages } = labWorld(lab.task('test', 69))
    const stageWorld = new StageWorld(spec, stages)
    const probe = new WorldEngine(stageWorld.world)
    probe.reset()
    const found: number[] = []
    for (const k of stages.keys()) {
      const searched = plan(stageWorld.world, { from: stageWorld.from(probe.snapshot(), k) })
      if (searched.status !== 'solved') throw new Error(searched.status)
      const one = stageWorld.oneStep(probe.snapshot(), k)
      expect(one !== null, `stage ${k}`).toBe(searched.steps.length === 1)
      if (one) {
        expect(one.step).toEqual(searched.steps[0])
        expect(one.text).toBe(searched.actions[0])
        found.push(k)
      }
      for (const step of searched.steps) probe.step(step)
    }
    expect(found.length).toBeGreaterThan(0)
    expect(found.length).toBeLessThan(stages.length)
  })
})

/** The first applicable action, in the planner's order, that reaches stage k: every one tried. */
function firstReaching(stageWorld: StageWorld, snapshot: WorldSnapshot, k: number) {
  const { world } = stageWorld
  const e = new WorldEngine(world)
  const from = stageWorld.from(snapshot, k)
  e.restore(from)
  if (e.done) return null
  const schema = new Map(world.actions.map((a, i) => [a.name, i]))
  const key = (c: ActionCall) => [
    schema.get(c.schema)!,
    ...c.args.map((a) => world.entityIndex.get(a)!),
  ]
  const calls = e.applicable().sort((a, b) => {
    const [x, y] = [key(a), key(b)]
    for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!
    return x.length - y.length
  })
  for (const call of calls) {
    e.restore(from)
    e.step(call)
    if (e.success) return { schema: call.schema, args: call.args }
  }
  return null
}

describe('one-action stages, trying the actions that write nothing a stage reads once', () => {
  it('find the action that trying every one finds, from every state a plan passes', () => {
    let compared = 0
    let reached = 0
    for (let index = 0; index < lab.splits.test.size; index += 6) {
      const { spec, stages } = labWorld(lab.task('test', index))
      const stageWorld = new StageWorld(spec, stages)
      const probe = new WorldEngine(stageWorld.world)
      probe.reset()
      for (const k of stages.keys()) {
        if ('look' in stages[k]!) continue
        const here = probe.snapshot()
        for (const j of stages.keys()) {
          if ('look' in stages[j]! || stageHolds(probe, stages[j]!)) continue
          const one = stageWorld.oneStep(here, j)
          expect(one?.step ?? null, `test ${index}, stage ${j} from stage ${k}`).toEqual(
            firstReaching(stageWorld, here, j),
          )
          compared++
          if (one) reached++
        }
        if ('wait' in stages[k]!) {
          rehearseWait(probe, stages[k]!)
          continue
        }
        // The oracle's budget: the planner's default improves a plan for far longer.
        const from = stageWorld.from(here, k)
        const searched = plan(stageWorld.world, { maxNodes: 20_000, improveNodes: 300, from })
        if (searched.status !== 'solved') break
        for (const step of searched.steps) probe.step(step)
      }
    }
    expect(reached).toBeGreaterThan(10)
    expect(compared - reached).toBeGreaterThan(10)
  }, 120_000)
})
