import { canonicalJson } from '@refinery/core'
import { describeFamilyConformance } from '@refinery/core/testing/vitest'
import { describe, expect, it } from 'vitest'
import { createLabFamily, lab } from './family'
import { KINDS } from './kinds'
import { worldSignature } from './splits'
import { LabTaskParams } from './world'

describeFamilyConformance(lab, { tasks: 4, walkSteps: 15 })

describe('the lab family', () => {
  it('has ScienceWorld-sized test split: 30 kinds × 3 variations, train and dev in thousands and hundreds', () => {
    expect(lab.splits).toEqual({ train: { size: 3000 }, dev: { size: 300 }, test: { size: 90 } })
    expect(KINDS).toHaveLength(30)
    const kinds = new Map<string, number[]>()
    for (let i = 0; i < 90; i++) {
      const p = LabTaskParams.parse(lab.task('test', i).params)
      kinds.set(p.kind, [...(kinds.get(p.kind) ?? []), p.variation])
    }
    expect(kinds.size).toBe(30)
    for (const variations of kinds.values()) expect(variations).toEqual([0, 1, 2])
  })

  it('gives the same task for the same split and index, and another seed other worlds', () => {
    const task = lab.task('test', 7)
    expect(canonicalJson(lab.task('test', 7))).toBe(canonicalJson(task))
    expect(canonicalJson(createLabFamily().task('test', 7))).toBe(canonicalJson(task))
    expect(canonicalJson(lab.world(task))).toBe(canonicalJson(lab.world(lab.task('test', 7))))
    expect(createLabFamily({ seed: 1 }).task('test', 7).seed).not.toBe(task.seed)
  })

  it('shares no goal and layout between two test tasks, and puts no test world in train or dev', () => {
    const signature = (split: 'train' | 'dev' | 'test', i: number) => {
      const t = lab.task(split, i)
      const p = LabTaskParams.parse(t.params)
      return worldSignature(p.kind, p.variation, t.seed)
    }
    const test = new Set(Array.from({ length: 90 }, (_, i) => signature('test', i)))
    expect(test.size).toBe(90)
    const goals = new Set(Array.from({ length: 90 }, (_, i) => lab.task('test', i).params?.goal))
    expect(goals.size).toBeGreaterThan(60)
    for (let i = 0; i < 300; i++) expect(test.has(signature('train', i))).toBe(false)
    for (let i = 0; i < 60; i++) expect(test.has(signature('dev', i))).toBe(false)
  })

  it('refuses a task of another family and bad settings with one clear error', () => {
    expect(() => lab.create({ ...lab.task('test', 0), family: 'household' })).toThrow(/household/)
    expect(() => createLabFamily({ seed: 1.5 })).toThrow(/lab settings/)
    expect(() => lab.task('test', 90)).toThrow(/0 to 89/)
  })

  it('plans a task created again (its world kept by the family) as it planned it the first time', async () => {
    const task = lab.task('train', 5)
    const plans: string[][] = []
    for (const family of [lab, lab, createLabFamily()]) {
      const env = family.create(task)
      await env.reset()
      plans.push(await env.oracle())
    }
    expect(plans[1]).toEqual(plans[0])
    expect(plans[2]).toEqual(plans[0])
  })

  it('restores a snapshot after a mistake, whether it reached the world or not', async () => {
    const env = lab.create(lab.task('test', 0))
    await env.reset()
    const [first] = await env.oracle()
    const before = env.snapshot()
    // Never reaches the world: nothing to undo.
    expect((await env.step('fly to the moon')).status).not.toBe('ok')
    env.restore(before)
    expect(canonicalJson(env.snapshot())).toBe(canonicalJson(before))
    // Reaches the world: restoring the snapshot just taken undoes the step.
    const again = env.snapshot()
    expect((await env.step(first!)).status).toBe('ok')
    env.restore(again)
    expect(canonicalJson(env.snapshot())).toBe(canonicalJson(before))
  })
})
