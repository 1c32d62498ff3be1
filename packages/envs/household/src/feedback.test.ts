import {
  type Environment,
  isErrorStatus,
  rngStream,
  type StepResult,
  type TaskRef,
} from '@refinery/core'
import { describe, expect, it } from 'vitest'
import { household } from './family'
import { HouseholdTaskParams } from './params'

const TEST = Array.from({ length: household.splits.test.size }, (_, i) => household.task('test', i))

async function start(task: TaskRef, profile: 'rich' | 'agentboard' = 'rich') {
  const env = household.create(task, { profile })
  const first = await env.reset()
  return { env, first }
}

async function run(env: Environment, ...actions: string[]): Promise<StepResult> {
  let last: StepResult | undefined
  for (const action of actions) last = await env.step(action)
  return last!
}

/** `apple 1` for `apple_1`: the names entities go by. */
function names(task: TaskRef): string[] {
  return household
    .world(task)
    .entities.map((e) => (e.number === undefined ? e.name : `${e.name} ${e.number}`))
}

function mentioned(text: string, all: readonly string[]): string[] {
  return all.filter((n) => new RegExp(`(^|[^\\w])${n}($|[^\\w\\d])`).test(text))
}

describe('feedback gives nothing away (test task 0: heat some plate and put it in fridge)', () => {
  const task = TEST[0]!

  it('lists no plate, offers no plate, tells a teddybear from an unseen apple not at all', async () => {
    const { env } = await start(task)
    expect((await env.step('take plate from countertop 1')).observation).toBe(
      'There is no "plate" here. Check valid actions.',
    )
    expect((await env.step('examine plate 7')).observation).toBe(
      'There is no "plate 7" here. Check valid actions.',
    )
    const teddy = await env.step('take teddybear 1 from countertop 1')
    const apple = await env.step('take potato 1 from countertop 1') // exists, not yet seen
    expect(apple.observation.replace('potato 1', 'X')).toBe(
      teddy.observation.replace('teddybear 1', 'X'),
    )
    expect(apple.status).toBe(teddy.status)
  })

  it('does not offer the tomato in the closed fridge from the sink basin', async () => {
    const { env } = await start(task)
    const reply = await run(env, 'go to sinkbasin 1', 'take tomato from sinkbasin 1')
    // tomato 2 lies in the sink basin, tomato 3 in the closed fridge: only the seen one is named
    expect(reply.observation).not.toMatch(/tomato 3/)
    // the tomato in the fridge is answered as a tomato that does not exist
    const inFridge = (await env.step('take tomato 3 from fridge 1')).observation
    const nowhere = (await env.step('take tomato 9 from fridge 1')).observation
    expect(inFridge.replace('tomato 3', 'X')).toBe(nowhere.replace('tomato 9', 'X'))
  })

  it('says where an object in view is, instead of sending the agent elsewhere', async () => {
    const { env } = await start(task)
    const reply = await run(env, 'go to countertop 3', 'take plate 3 from countertop 1')
    expect(reply.observation).toBe(
      'The plate 3 is not in/on the countertop 1: it is in/on the countertop 3, where you are. Take it from there.',
    )
  })

  it('reads "open drawer" at drawer 1 as drawer 1, and "move X to R" as put', async () => {
    const { env } = await start(task)
    expect((await run(env, 'go to cabinet 3', 'open cabinet')).observation).toMatch(
      /^You open the cabinet 3\./,
    )
    await run(env, 'go to countertop 3', 'take plate 3 from countertop 3', 'go to diningtable 1')
    expect((await env.step('move plate 3 to diningtable 1')).observation).toBe(
      'You put the plate 3 in/on the diningtable 1.',
    )
  })

  it('answers "Nothing happens." and words the goal as ALFWorld under the agentboard profile', async () => {
    const { env, first } = await start(task, 'agentboard')
    expect(first.instruction).toBe('Your task is to: heat some plate and put it in fridge.')
    expect((await env.step('take plate 9 from countertop 1')).observation).toBe('Nothing happens.')
    const put = TEST.find((t) => t.params?.goal === 'put some cellphone on sofa')
    if (put) expect((await start(put, 'agentboard')).first.instruction).toMatch(/ on sofa\.$/)
    const cool = TEST.find((t) => /^cool some .* on /.test(String(t.params?.goal)))!
    const abCool = (await start(cool, 'agentboard')).first.instruction
    expect(abCool).toMatch(/^Your task is to: cool some \w+ and put it in \w+\.$/)
  })
})

/**
 * ALFWorld's goal templates (`alfworld/gen/goal_library.py`, as vendored from ALFRED), word
 * for word: two per task type, `{obj}`, `{recep}` and `{toggle}` filled with a class name.
 */
const GOAL_LIBRARY: Record<string, readonly string[]> = {
  pick_and_place: ['put a {obj} in {recep}', 'put some {obj} on {recep}'],
  pick_clean_then_place: ['put a clean {obj} in {recep}', 'clean some {obj} and put it in {recep}'],
  pick_heat_then_place: ['put a hot {obj} in {recep}', 'heat some {obj} and put it in {recep}'],
  pick_cool_then_place: ['put a cool {obj} in {recep}', 'cool some {obj} and put it in {recep}'],
  pick_two_obj: ['put two {obj} in {recep}', 'find two {obj} and put them in {recep}'],
  look_at_obj: ['look at {obj} under the {toggle}', 'examine the {obj} with the {toggle}'],
}

describe("the agentboard profile's goals", () => {
  it("are ALFWorld's goal_library templates, both of each type across the test split", async () => {
    const used = new Set<string>()
    for (const task of TEST) {
      const params = HouseholdTaskParams.parse(task.params)
      const { instruction } = (await start(task, 'agentboard')).first
      const matches = GOAL_LIBRARY[params.taskType]!.filter((template) => {
        const filled = template
          .replace('{obj}', params.object)
          .replace('{recep}', params.receptacle ?? '')
          .replace('{toggle}', params.lamp ?? '')
        return instruction === `Your task is to: ${filled}.`
      })
      expect(matches, `${task.id}: ${instruction}`).toHaveLength(1)
      used.add(matches[0]!)
    }
    expect([...used].sort()).toEqual(Object.values(GOAL_LIBRARY).flat().sort())
  })
})

describe('no reply names an entity the agent has not observed', () => {
  it.each(['rich', 'agentboard'] as const)(
    'on a sample of test tasks (%s)',
    async (profile) => {
      for (const task of TEST.filter((_, i) => i % 9 === 0)) {
        const all = names(task)
        const { env, first } = await start(task, profile)
        const seen = new Set(mentioned(`${first.instruction} ${first.observation}`, all))
        const rng = rngStream(0, 'unseen-probe', task.id)
        for (let i = 0; i < 40; i++) {
          const thing = rng.pick(all)
          const kind = thing.replace(/ \d+$/, '')
          const probe = rng.pick([
            `take ${thing} from ${rng.pick(all)}`,
            `take ${kind} from ${rng.pick(all)}`,
            `examine ${thing}`,
            `examine ${kind.slice(0, -1)}`,
            `open ${kind}`,
            `go to ${thing}`,
            'look',
            'inventory',
          ])
          const valid = (await env.validActions()).filter(
            (a) => a.startsWith('go to') || a.startsWith('open') || a.startsWith('take'),
          )
          const action = i % 2 === 0 ? probe : rng.pick(valid)
          const r = await env.step(action)
          const named = mentioned(r.observation, all).filter(
            (n) => !mentioned(action, all).includes(n),
          )
          if (isErrorStatus(r.status) || r.status === 'meta') {
            expect(
              named.filter((n) => !seen.has(n)),
              `${task.id} ${action} → ${r.observation}`,
            ).toEqual([])
          }
          for (const n of named) seen.add(n)
          if (r.done) break
        }
      }
    },
    120_000,
  )
})

describe('the test split', () => {
  it('has no two tasks with the same goal in the same layout', () => {
    const keys = TEST.map((t) => {
      const p = HouseholdTaskParams.parse(t.params)
      return [p.taskType, p.layout, p.object, p.receptacle, p.lamp].join('|')
    })
    expect(new Set(keys).size).toBe(TEST.length)
  })

  it('has rooms as cluttered as ALFWorld: about a third of receptacles empty, two or more goal objects', () => {
    let receptacles = 0
    let empty = 0
    let goalObjects = 0
    for (const task of TEST) {
      const world = household.world(task)
      const placed = world.facts.filter((f) => f[0] === 'in')
      const things = new Set(placed.map((f) => f[1]))
      const holders = new Set(placed.map((f) => f[2]))
      const recs = world.entities.filter((e) => !things.has(e.id))
      receptacles += recs.length
      empty += recs.filter((r) => !holders.has(r.id)).length
      goalObjects += world.entities.filter((e) => e.type === task.params?.object).length
    }
    expect(empty / receptacles).toBeLessThan(0.4)
    expect(goalObjects / TEST.length).toBeGreaterThanOrEqual(2)
  })

  it('is solved by the oracle on every task, replayed under both profiles', async () => {
    for (const task of TEST) {
      const plan = await (await start(task)).env.oracle!()
      for (const profile of ['rich', 'agentboard'] as const) {
        const { env } = await start(task, profile)
        const results: StepResult[] = []
        for (const action of plan) results.push(await env.step(action))
        expect(
          results.every((r) => r.status === 'ok'),
          `${task.id} ${profile}`,
        ).toBe(true)
        expect(results.at(-1)?.success, `${task.id} ${profile}`).toBe(true)
      }
    }
  }, 600_000)
})

describe('a random agent over valid actions', () => {
  it('rarely succeeds within 30 steps but makes some progress', async () => {
    const results: StepResult[] = []
    for (const task of TEST.filter((_, i) => i % 2 === 0)) {
      const { env } = await start(task)
      const rng = rngStream(0, 'random-agent', task.id)
      let last: StepResult | undefined
      for (let i = 0; i < 30 && !last?.done; i++) {
        const valid = (await env.validActions()).filter(
          (a) => !['check valid actions', 'help', 'look', 'inventory'].includes(a),
        )
        last = await env.step(rng.pick(valid))
      }
      results.push(last!)
    }
    const success = results.filter((r) => r.success).length / results.length
    const progress = results.reduce((s, r) => s + r.progress, 0) / results.length
    expect(success).toBeLessThan(0.2)
    expect(progress).toBeGreaterThan(0.1)
  }, 120_000)
})
