import { canonicalJson, type Split } from '@refinery/core'
import { catchRefineryError } from '@refinery/core/testing'
import { describeFamilyConformance } from '@refinery/core/testing/vitest'
import { AGENTBOARD_NOTHING_HAPPENS, compileWorld, plan, validateWorldSpec } from '@refinery/world'
import { describe, expect, it } from 'vitest'
import { oraclePlanners } from './environment'
import { exampleWorldFor } from './example'
import { createGeneratedFamily, generated } from './family'
import { DEFAULT_PLAN_NODES, generateWorld } from './generate'
import { MECHANICS } from './mechanics'
import { phrasingsOf } from './phrasings'
import { checkWorld } from './survey'
import { TEST_THEMES, THEMES, TRAIN_THEMES, themeForPersona } from './themes'

describeFamilyConformance(generated, { tasks: 6, walkSteps: 30 })
describeFamilyConformance(generated, { split: 'train', tasks: 4, walkSteps: 30 })

describe('the generated family', () => {
  it('has splits train 1,000,000, dev 1,000 and test 200, and at least 12 mechanics and 40 train themes', () => {
    expect(generated.id).toBe('generated')
    expect(generated.splits).toEqual({
      train: { size: 1_000_000 },
      dev: { size: 1_000 },
      test: { size: 200 },
    })
    expect(MECHANICS.length).toBeGreaterThanOrEqual(12)
    expect(TRAIN_THEMES.length).toBeGreaterThanOrEqual(40)
    expect(new Set(THEMES.map((t) => t.id)).size).toBe(THEMES.length)
  })

  it('gives the same task and byte-identical world for the same split and index, any train index on demand', () => {
    for (const [split, index] of [
      ['test', 3],
      ['dev', 999],
      ['train', 999_999],
    ] as [Split, number][]) {
      const task = generated.task(split, index)
      expect(canonicalJson(createGeneratedFamily().task(split, index))).toBe(canonicalJson(task))
      // Asked again (remembered), the same task, as an object of the caller's own.
      const again = generated.task(split, index)
      expect(again).toEqual(task)
      expect(again).not.toBe(task)
      expect(again.params).not.toBe(task.params)
      expect(JSON.stringify(createGeneratedFamily().world(task))).toBe(
        JSON.stringify(generated.world(task)),
      )
    }
  })

  it('lists each world’s own action forms in its instruction, drawn from the split’s phrasings', async () => {
    for (const split of ['train', 'test'] as const) {
      const pool = phrasingsOf(split)
      for (let i = 0; i < 5; i++) {
        const task = generated.task(split, i)
        const world = generated.generated(task)
        const { instruction } = await generated.create(task).reset()
        for (const form of world.vocabulary) {
          expect(pool.has(form), form).toBe(true)
          expect(instruction).toContain(`- ${form}:`)
        }
      }
    }
  })

  it('sets test worlds in held-out themes only', () => {
    const held = new Set(TEST_THEMES.map((t) => t.id))
    for (let i = 0; i < generated.splits.test.size; i++)
      expect(held.has(String(generated.task('test', i).params?.theme))).toBe(true)
    for (let i = 0; i < 200; i++)
      expect(held.has(String(generated.task('train', i).params?.theme))).toBe(false)
  })

  it('answers a failed action with its reason, or AgentBoard’s "Nothing happens." under that profile', async () => {
    const task = generated.task('test', 0)
    const rich = generated.create(task)
    await rich.reset()
    const board = generated.create(task, { profile: 'agentboard' })
    await board.reset()
    const plan = generated.generated(task).plan
    // The last plan step cannot be taken at the start: some check fails and says why.
    const late = plan.at(-1)!
    const a = await rich.step(late)
    const b = await board.step(late)
    expect(a.status).not.toBe('ok')
    expect(a.observation).not.toBe(AGENTBOARD_NOTHING_HAPPENS)
    expect(b.status).toBe(a.status)
    expect(b.observation).toBe(AGENTBOARD_NOTHING_HAPPENS)
  })

  it('has an oracle that solves test task 106 in both profiles (taking and dropping its loose things exhausted the planner)', async () => {
    const task = generated.task('test', 106)
    for (const profile of ['rich', 'agentboard'] as const) {
      const env = generated.create(task, { profile })
      await env.reset()
      const plan = await env.oracle!()
      // From the start the oracle's first, narrow search is the generator's own.
      expect(plan).toEqual(generated.generated(task).plan)
      let last = { success: false }
      for (const action of plan) last = await env.step(action)
      expect(last.success, profile).toBe(true)
    }
  }, 120_000)

  it('plays a perturbed world to the goal with the perturbed oracle', async () => {
    const task = generated.task('dev', 2)
    const env = generated.create(task, { perturbation: { kind: 'all', seed: 3 } })
    await env.reset()
    const plan = (await env.oracle?.()) ?? []
    let last = { success: false }
    for (const action of plan) last = await env.step(action)
    expect(last.success).toBe(true)
  })

  it('builds each spec exactly as the schema parses it (generation leaves the parse out), and the survey check tells when not', () => {
    const world = generateWorld({ seed: 41 })
    const parsed = validateWorldSpec(world.spec, { skipPlanning: true })
    expect(parsed.ok && JSON.stringify(parsed.spec)).toBe(JSON.stringify(world.spec))
    expect(checkWorld(world.spec, world.plan)).toBeUndefined()
    const { meta: _meta, ...noMeta } = world.spec
    expect(checkWorld(noMeta, world.plan)).toMatch(/schema parse changes/)
    const [first, ...rest] = world.spec.actions
    const { name, ...others } = first!
    const reordered = { ...world.spec, actions: [{ ...others, name }, ...rest] }
    expect(checkWorld(reordered, world.plan)).toMatch(/schema parse changes/)
  })

  it('plays each plan as text: in train worlds 1069, 4767, 4900 and 7173 a plan that lights the lamp inside the dark room fails (what it shows is never described), the generator’s, lit before going in, wins at the first draw', () => {
    for (const index of [1069, 4767, 4900, 7173]) {
      const task = generated.task('train', index)
      const world = generated.generated(task)
      expect(world.attempt).toBe(0)
      expect(checkWorld(world.spec, world.plan), task.id).toBeUndefined()
      const { narrowPlanner } = oraclePlanners(world.distractors, DEFAULT_PLAN_NODES)
      const searched = plan(compileWorld(world.spec), narrowPlanner)
      expect(searched.status).toBe('solved')
      const actions = searched.status === 'solved' ? searched.actions : []
      expect(checkWorld(world.spec, actions)).toMatch(/gave invalid_argument: There is no/)
    }
  })

  it('honours the knobs: rooms, mechanics and plan length', () => {
    for (let seed = 0; seed < 6; seed++) {
      const world = generateWorld({ seed, rooms: [1, 1], mechanics: [2, 2], planLength: [4, 12] })
      expect(world.mechanics.length).toBeLessThanOrEqual(2)
      expect(world.plan.length).toBeGreaterThanOrEqual(4)
      expect(world.plan.length).toBeLessThanOrEqual(12)
      const long = generateWorld({ seed, mechanics: [4, 5], planLength: [12, 25] })
      expect(long.plan.length).toBeGreaterThanOrEqual(12)
      expect(long.mechanics.length).toBeGreaterThanOrEqual(3)
    }
  })

  it('refuses bad knobs, themes, splits and indices with one clear error', () => {
    expect(catchRefineryError(() => generateWorld({ seed: 1, planLength: [9, 3] })).code).toBe(
      'invalid_input',
    )
    expect(catchRefineryError(() => generateWorld({ seed: 1, theme: 'moon' })).message).toMatch(
      /no theme 'moon'/,
    )
    expect(catchRefineryError(() => generated.task('test', 200)).code).toBe('unknown_task')
    expect(catchRefineryError(() => generated.task('nope' as Split, 0)).code).toBe('invalid_input')
    const foreign = { ...generated.task('test', 0), family: 'household' }
    expect(catchRefineryError(() => generated.create(foreign)).code).toBe('invalid_input')
  })
})

describe('persona themes', () => {
  it('picks a theme from a persona deterministically, by its words when they name one', () => {
    expect(themeForPersona('a hurried line cook').id).toBe('kitchen')
    expect(themeForPersona('a cheerful pastry baker').id).toBe('bakery')
    expect(themeForPersona('a retired ship captain').id).toBe('ship')
    expect(themeForPersona('a patient librarian').id).toBe('library')
    expect(themeForPersona('a diligent archivist').id).toBe('archive')
    const odd = themeForPersona('someone who likes quiet evenings')
    expect(themeForPersona('someone who likes quiet evenings')).toBe(odd)
    expect(themeForPersona('a lost polar explorer', TEST_THEMES).id).toBe('glacier')
  })

  it('gives a solved example world of a theme for a model that writes worlds', () => {
    const { spec, plan } = exampleWorldFor('a night-shift nurse')
    expect(spec.id).toBe('example/hospital/0')
    expect(plan.length).toBeGreaterThanOrEqual(4)
    expect(validateWorldSpec(spec).ok).toBe(true)
  })
})
