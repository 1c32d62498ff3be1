import type { Environment, StepResult } from '@refinery/core'
import { beforeEach, describe, expect, it } from 'vitest'
import { household } from './family'

/** Test task 0: "heat some plate and put it in fridge" in kitchen-25; plate 3 lies on countertop 3. */
const task = household.task('test', 0)
let env: Environment

beforeEach(async () => {
  env = household.create(task)
  await env.reset()
})

async function steps(...actions: string[]): Promise<StepResult> {
  let last: StepResult | undefined
  for (const action of actions) last = await env.step(action)
  if (!last) throw new Error('no actions')
  return last
}

/** The observation, the status and, when set, the place flag: what an agent learns from a step. */
async function feedback(...actions: string[]): Promise<string> {
  const r = await steps(...actions)
  return `${r.status}${r.place ? ' (place)' : ''}: ${r.observation}`
}

describe('a household episode', () => {
  it("starts with ALFWorld's instruction and room line", async () => {
    const first = await household.create(task).reset()
    expect(first.instruction).toBe('Your task is to: heat some plate and put it in fridge.')
    expect(first.observation).toMatch(
      /^You are in the middle of a room\. Looking quickly around you, you see a cabinet 1, a cabinet 2, .*, a fridge 1, .*, and a stoveburner 4\.$/,
    )
  })

  it('answers each step of a solution in ALFWorld words, progress growing with each subgoal', async () => {
    const transcript: string[] = []
    for (const action of [
      'go to countertop 3',
      'take plate 3 from countertop 3',
      'go to microwave 1',
      'heat plate 3 with microwave 1',
      'go to fridge 1',
      'open fridge 1',
      'put plate 3 in fridge 1',
    ]) {
      const r = await env.step(action)
      transcript.push(
        `${action} -> ${r.observation} [${r.status} ${r.progress}${r.success ? ' success' : ''}]`,
      )
    }
    expect(transcript).toEqual([
      'go to countertop 3 -> You arrive at countertop 3. On the countertop 3, you see a cup 1, a fork 4, a knife 1, a peppershaker 4, and a plate 3. [ok 0.2]',
      'take plate 3 from countertop 3 -> You pick up the plate 3 from the countertop 3. [ok 0.4]',
      'go to microwave 1 -> You arrive at microwave 1. The microwave 1 is closed. [ok 0.4]',
      'heat plate 3 with microwave 1 -> You heat the plate 3 using the microwave 1. [ok 0.6]',
      'go to fridge 1 -> You arrive at fridge 1. The fridge 1 is closed. [ok 0.8]',
      'open fridge 1 -> You open the fridge 1. The fridge 1 is open. In it, you see a tomato 3, and a winebottle 1. [ok 0.8]',
      'put plate 3 in fridge 1 -> You put the plate 3 in/on the fridge 1. [ok 1 success]',
    ])
  })

  it('accepts in, on and in/on for put, and using for heat', async () => {
    const put = ['go to countertop 3', 'take plate 3 from countertop 3']
    expect((await steps(...put, 'put plate 3 on countertop 3')).status).toBe('ok')
    expect(
      (await steps('take plate 3 from countertop 3', 'put plate 3 in countertop 3')).status,
    ).toBe('ok')
    expect(
      (
        await steps(
          'take plate 3 from countertop 3',
          'go to microwave 1',
          'heat plate 3 using microwave 1',
        )
      ).observation,
    ).toBe('You heat the plate 3 using the microwave 1.')
  })

  it('answers meta-actions without using a step', async () => {
    expect(await feedback('inventory')).toBe('meta: You are not carrying anything.')
    expect(
      await feedback('go to countertop 3', 'take plate 3 from countertop 3', 'inventory'),
    ).toBe('meta: You are carrying: a plate 3.')
    expect(await feedback('look')).toBe(
      'meta: You are at the countertop 3. On the countertop 3, you see a cup 1, a fork 4, a knife 1, and a peppershaker 4.',
    )
    const valid = await steps('check valid actions')
    expect(valid.status).toBe('meta')
    expect(valid.observation).toMatch(
      /^Choose an action from these valid actions: .*go to microwave 1, .*put plate 3 in\/on countertop 3/,
    )
  })

  it('examines receptacles and objects, saying what state they are in', async () => {
    expect(await feedback('go to countertop 3', 'go to microwave 1', 'examine plate 3')).toBe(
      'precondition_failed (place): You cannot see the plate 3 from here. Go to it, or to the receptacle it is in/on, first.',
    )
    expect(await feedback('go to countertop 3', 'examine countertop 3')).toBe(
      'ok: On the countertop 3, you see a cup 1, a fork 4, a knife 1, a peppershaker 4, and a plate 3.',
    )
    expect(await feedback('examine plate 3')).toBe("ok: There's nothing special about plate 3.")
    expect(
      await feedback(
        'take plate 3 from countertop 3',
        'go to microwave 1',
        'heat plate 3 with microwave 1',
        'examine plate 3',
      ),
    ).toBe('ok: This is a hot plate 3.')
  })
})

describe('feedback on a failed action', () => {
  it('says where to go when the agent is not at the receptacle (a place error)', async () => {
    const r = await steps('go to countertop 3', 'go to cabinet 1', 'take plate 3 from countertop 3')
    expect(r).toMatchObject({ status: 'precondition_failed', place: true })
    expect(r.observation).toBe('You are not at the countertop 3. Go to the countertop 3 first.')
  })

  it('lets the first failing check decide: not there before closed before not inside', async () => {
    await steps('go to fridge 1', 'open fridge 1', 'close fridge 1', 'go to countertop 3')
    expect(await feedback('go to cabinet 1', 'take tomato 3 from fridge 1')).toBe(
      'precondition_failed (place): You are not at the fridge 1. Go to the fridge 1 first.',
    )
    expect(await feedback('go to fridge 1', 'take tomato 3 from fridge 1')).toBe(
      'precondition_failed: The fridge 1 is closed. Open it first.',
    )
    expect(await feedback('open fridge 1', 'take plate 3 from fridge 1')).toBe(
      'precondition_failed (place): There is no plate 3 in/on the fridge 1.',
    )
  })

  it('tells opening an open receptacle, or one without a door, from a real change', async () => {
    expect(await feedback('go to cabinet 1', 'open cabinet 1', 'open cabinet 1')).toBe(
      'no_effect: The cabinet 1 is already open.',
    )
    expect(await feedback('close cabinet 1', 'close cabinet 1')).toBe(
      'no_effect: The cabinet 1 is already closed.',
    )
    expect(await feedback('go to countertop 1', 'open countertop 1')).toBe(
      'invalid_argument: The countertop 1 cannot be opened; it has no door or lid.',
    )
  })

  it('says the hands are full and what they hold', async () => {
    expect(
      await feedback(
        'go to countertop 3',
        'take plate 3 from countertop 3',
        'go to countertop 1',
        'take fork 3 from countertop 1',
      ),
    ).toBe(
      'precondition_failed: You can carry only one thing at a time and you are carrying the plate 3. Put it in/on a receptacle first.',
    )
    expect(await feedback('take plate 3 from countertop 1')).toBe(
      'no_effect: You are already carrying the plate 3.',
    )
  })

  it('names the right tool and the objects a treatment cannot change', async () => {
    await steps('go to countertop 3', 'take plate 3 from countertop 3')
    expect(await feedback('heat plate 3 with fridge 1')).toBe(
      'invalid_argument: You cannot heat things with the fridge 1. Use a microwave.',
    )
    expect(await feedback('cool plate 3 with microwave 1')).toBe(
      'invalid_argument: You cannot cool things with the microwave 1. Use a fridge.',
    )
    expect(await feedback('clean plate 3 with microwave 1')).toBe(
      'invalid_argument: You cannot clean things with the microwave 1. Use a sinkbasin.',
    )
    expect(await feedback('heat plate 3 with microwave 1')).toBe(
      'precondition_failed (place): You are not at the microwave 1. Go to the microwave 1 first.',
    )
    expect(
      await feedback(
        'go to microwave 1',
        'heat plate 3 with microwave 1',
        'heat plate 3 with microwave 1',
      ),
    ).toBe('no_effect: The plate 3 is already hot.')
    expect(await feedback('heat fork 4 with microwave 1')).toBe(
      'invalid_argument: The fork 4 cannot be heated.',
    )
  })

  it('asks to take an object before putting it or treating it', async () => {
    expect(
      await feedback('go to countertop 3', 'go to countertop 1', 'put plate 3 in/on countertop 1'),
    ).toBe('precondition_failed: You are not carrying the plate 3.')
    expect(await feedback('go to microwave 1', 'heat plate 3 with microwave 1')).toBe(
      'precondition_failed: You are not carrying the plate 3. Take it first.',
    )
  })

  it('rejects unknown verbs and things that are not there without using the world', async () => {
    for (const action of [
      'fly to the moon',
      'take unicorn 1 from countertop 1',
      'go to cabinet 99',
    ]) {
      const r = await env.step(action)
      expect(['unknown_action', 'invalid_argument', 'format_error'], action).toContain(r.status)
      expect(r.observation.length, action).toBeGreaterThan(10)
    }
  })
})

describe('a look_at_obj episode', () => {
  // Test task 6: "examine the laptop with the desklamp" in bedroom-25; the desklamp stands on sidetable 1.
  const look = household.task('test', 6)

  it('needs the object in hand at the lit lamp, and says how to use a lamp', async () => {
    const lamp = household.create(look)
    expect((await lamp.reset()).instruction).toBe(
      'Your task is to: examine the laptop with the desklamp.',
    )
    const say = async (action: string) => {
      const r = await lamp.step(action)
      return `${r.status}${r.place ? ' (place)' : ''} ${r.progress}: ${r.observation}`
    }
    expect(await say('use desklamp 1')).toBe(
      'invalid_argument 0: There is no "desklamp 1" here. Check valid actions.',
    )
    expect(await say('go to sidetable 1')).toMatch(
      /^ok 0: You arrive at sidetable 1\. On the sidetable 1, you see a alarmclock 1, .*a desklamp 1, /,
    )
    expect(await say('take desklamp 1 from sidetable 1')).toBe(
      'invalid_argument 0: The desklamp 1 cannot be picked up. You can turn it on: use desklamp 1.',
    )
    expect(await say('use desklamp 1')).toBe('ok 0: You turn on the desklamp 1.')
    expect(await say('use desklamp 1')).toBe('no_effect 0: The desklamp 1 is already on.')
    expect(await say('go to bed 1')).toMatch(
      /^ok 0.25: You arrive at bed 1\. On the bed 1, you see .*a laptop 1/,
    )
    expect(await say('use laptop 1')).toMatch(/^invalid_argument 0.25: .*lamp/)
    expect(await say('use desklamp 1')).toBe(
      'precondition_failed (place) 0.25: The desklamp 1 is not here. Go to the receptacle it stands on first.',
    )
    expect(await say('take laptop 1 from bed 1')).toBe(
      'ok 0.5: You pick up the laptop 1 from the bed 1.',
    )
    const last = await lamp.step('go to sidetable 1')
    expect(last).toMatchObject({ status: 'ok', success: true, done: true, progress: 1 })
  })
})
