import { describe, expect, it } from 'vitest'
import { PEA_TRAITS, type Trait, UNKNOWN_PLANTS } from './catalog'
import { lab } from './family'
import { KINDS } from './kinds'
import { buildGoal } from './world'

const geneticsTasks = () =>
  Array.from({ length: lab.splits.test.size }, (_, i) => lab.task('test', i)).filter((t) =>
    String(t.params?.kind).startsWith('mendelian-genetics-'),
  )

/** The trait a task asks about, from its goal: `whether tall plant height is … in the pea plant`. */
function askedTrait(goal: string): { trait: Trait; value: string } {
  const m = /whether (.+) is a dominant or recessive trait in the (.+) plant\./.exec(goal)!
  const traits = m[2] === 'pea' ? PEA_TRAITS : UNKNOWN_PLANTS.find((p) => p.name === m[2])!.traits
  for (const trait of traits)
    for (const value of [trait.dominant, trait.recessive])
      if (m[1] === `${value} ${trait.name}`) return { trait, value }
  throw new Error(`no trait in: ${goal}`)
}

describe('the Mendelian-genetics tasks', () => {
  it("have ScienceWorld's goal wording, a known and an unknown plant kind, three variations each", () => {
    const tasks = geneticsTasks()
    expect(tasks.map((t) => t.params?.kind)).toEqual([
      ...Array(3).fill('mendelian-genetics-known-plant'),
      ...Array(3).fill('mendelian-genetics-unknown-plant'),
    ])
    for (const t of tasks) {
      expect(t.params?.goal).toMatch(
        /^Your task is to determine whether .+ is a dominant or recessive trait in the (pea|unknown [B-E]) plant\. If the trait is dominant, focus on the \w+ box\. If the trait is recessive, focus on the \w+ box\.$/,
      )
      askedTrait(String(t.params?.goal))
    }
  })

  it('asks, over its variations, about every trait of every plant, as the dominant and as the recessive value', () => {
    for (const [kind, plants] of [
      ['mendelian-genetics-known-plant', [{ name: 'pea', traits: PEA_TRAITS }]],
      ['mendelian-genetics-unknown-plant', UNKNOWN_PLANTS],
    ] as const) {
      const variations = KINDS.find((k) => k.id === kind)!.variations
      const asked = new Set<string>()
      for (let v = 0; v < variations; v++) {
        const goal = buildGoal(kind, v, 1).goal.instruction
        const { value } = askedTrait(goal)
        asked.add(`${/in the (.+) plant\./.exec(goal)![1]} ${value}`)
      }
      const all = plants.flatMap((p) =>
        p.traits.flatMap((t) => [`${p.name} ${t.dominant}`, `${p.name} ${t.recessive}`]),
      )
      expect([...asked].sort()).toEqual([...new Set(all)].sort())
    }
  })

  it('crosses a true-breeding dominant and a recessive parent: the parents differ, every offspring shows the dominant value, and the oracle answers from it', async () => {
    for (const task of geneticsTasks()) {
      const { trait } = askedTrait(String(task.params?.goal))
      const env = lab.create(task)
      await env.reset()
      const plan = await env.oracle()
      expect(plan).toContain('open bee hive')
      const texts: string[] = []
      for (const action of plan.slice(0, -1)) texts.push((await env.step(action)).observation)
      // The expert looked at an offspring (seed 3 or 4) before answering.
      const look = plan.findIndex((a) => / seed [34]$/.test(a) && a.startsWith('look at '))
      expect(look, task.id).toBeGreaterThan(0)
      expect(texts[look], task.id).toContain(trait.dominant)
      expect(texts[look], task.id).not.toMatch(new RegExp(`\\b${trait.recessive}\\b`))
      // Grown on, the parents show one value each and every offspring the dominant one.
      for (let n = 0; n < 6; n++) await env.step('wait')
      const room = (await env.step('look around')).observation
      // What the plants show (answer boxes may share a colour word with a trait).
      const plants = [
        ...room.matchAll(
          /an? ([\w-]+ )?(pea|unknown [B-E]) seed \d( \(in the \w+ stage\)( with (a )?[\w-]+)?)?/g,
        ),
      ].map((m) => m[0])
      const count = (value: string) =>
        plants.filter((p) => new RegExp(`\\b${value}\\b`).test(p)).length
      if (trait.shows === 'seed') {
        expect(count(trait.dominant), room).toBe(2)
        expect(count(trait.recessive), room).toBe(0)
      } else {
        expect(count(trait.dominant), room).toBe(2)
        expect(count(trait.recessive), room).toBe(1)
      }
      const last = await env.step(plan.at(-1)!)
      expect(last.success, task.id).toBe(true)
    }
  }, 240_000)

  it('asked at every step, as eval asks, the oracle follows its plan, looks included', async () => {
    const task = geneticsTasks()[1]!
    const env = lab.create(task)
    await env.reset()
    const plan = await env.oracle()
    const done: string[] = []
    let last = null
    for (let step = 0; step < 30 && !last?.done; step++) {
      const [action] = await env.oracle()
      done.push(action!)
      last = await env.step(action!)
    }
    expect(last?.success).toBe(true)
    expect(done).toEqual(plan)
  }, 120_000)

  it('needs the bees: with the hive closed the grown plants drop no seed; opened, they do', async () => {
    const task = geneticsTasks()[0]!
    const env = lab.create(task)
    await env.reset()
    const plan = await env.oracle()
    const open = plan.indexOf('open bee hive')
    for (const action of plan.slice(0, open)) await env.step(action)
    for (let n = 0; n < 8; n++) await env.step('wait')
    const before = (await env.step('look around')).observation
    expect(before).toContain('reproducing stage')
    expect(before).not.toMatch(/pea seed [34]/)
    await env.step('open bee hive')
    const after = (await env.step('look around')).observation
    expect(after).toMatch(/pea seed 3/)
    expect(after).toMatch(/pea seed 4/)
    expect(after).toContain('adult bee')
  })

  it('fails the task when the focus falls on the wrong answer box, in both profiles', async () => {
    const task = geneticsTasks()[4]!
    const expert = lab.create(task)
    await expert.reset()
    const plan = await expert.oracle()
    const right = plan.at(-1)!.replace('focus on ', '')
    const boxes = /focus on the (\w+ box)\. If the trait is recessive, focus on the (\w+ box)/.exec(
      String(task.params?.goal),
    )!
    const wrong = [boxes[1], boxes[2]].find((b) => b !== right)!
    for (const profile of ['rich', 'agentboard'] as const) {
      const env = lab.create(task, { profile })
      await env.reset()
      for (const action of plan.slice(0, -1)) await env.step(action)
      const r = await env.step(`focus on ${wrong}`)
      expect(r.done).toBe(true)
      expect(r.success).toBe(false)
      expect(r.observation).toContain('You have failed the task.')
    }
  }, 120_000)

  it('keeps one plant to a flower pot, and says so in rich', async () => {
    const task = geneticsTasks()[3]!
    const env = lab.create(task)
    await env.reset()
    const plan = await env.oracle()
    const first = plan.findIndex((a) => a.startsWith('move ') && a.includes(' seed 1 to '))
    for (const action of plan.slice(0, first + 1)) await env.step(action)
    const pot = plan[first]!.replace(/^move .* to /, '')
    const again = await env.step(plan[first]!.replace(' seed 1 to ', ' seed 2 to '))
    expect(again.status).toBe('precondition_failed')
    expect(again.observation).toBe(`The ${pot} already has a plant in it. Use another flower pot.`)
  })
})
