import { isErrorStatus, RefineryError, Trajectory } from '@refinery/core'
import { createLockboxFamily } from '@refinery/core/testing'
import { describe, expect, it } from 'vitest'
import { spyLockbox } from './__fixtures__/spy-family'
import { type AnyAgent, reactReply, type Teacher } from './agent'
import { oracleAgent, randomAgent, replayAgent } from './agents'
import { runEpisode } from './episode'
import { defaultSystemPrompt } from './system-prompt'

const source = { kind: 'eval', agent: 'test' } as const

describe('runEpisode', () => {
  it('plays the oracle to the goal and writes a schema-valid record', async () => {
    const family = createLockboxFamily()
    const task = family.task('test', 3)
    const { trajectory, results, finalStateHash } = await runEpisode({
      family,
      task,
      agent: oracleAgent(),
      source,
      id: 'oracle-3',
    })
    expect(Trajectory.safeParse(trajectory).success).toBe(true)
    expect(trajectory.outcome).toEqual({
      success: true,
      progress: 1,
      steps: 4,
      errorRefinePairs: 0,
    })
    expect(trajectory.verified).toBeNull()
    expect(trajectory.task).toBe('lockbox/test/3')
    expect(trajectory.seed).toBe(task.seed)
    expect(trajectory.perturbation).toBeNull()
    expect(results.map((r) => r.status)).toEqual(['ok', 'ok', 'ok', 'ok'])
    expect(trajectory.messages.map((m) => m.role)).toEqual([
      'system',
      'user',
      ...Array.from({ length: 4 }, () => ['assistant', 'user']).flat(),
    ])
    expect(finalStateHash).toMatch(/^[0-9a-f]{16}$/)
  })

  it('opens with the instruction and the first observation, joined by a newline', async () => {
    const family = createLockboxFamily()
    const task = family.task('train', 0)
    const env = family.create(task)
    const first = await env.reset()
    const { trajectory } = await runEpisode({
      family,
      task,
      agent: oracleAgent(),
      source,
      id: 'x',
    })
    expect(trajectory.messages[0]).toEqual({ role: 'system', content: defaultSystemPrompt(family) })
    expect(trajectory.messages[1]).toEqual({
      role: 'user',
      content: `${first.instruction}\n${first.observation}`,
    })
  })

  it('answers a format error with the parser message and does not call the environment', async () => {
    const family = spyLockbox()
    const { trajectory, results } = await runEpisode({
      family,
      task: family.task('train', 1),
      agent: replayAgent([
        'Thought: I am not sure what to do.',
        reactReply('Take it.', 'take key'),
      ]),
      maxSteps: 2,
      source,
      id: 'fmt',
    })
    expect(family.calls.step).toEqual(['take key'])
    const assistant = trajectory.messages[2]
    expect(assistant).toMatchObject({
      role: 'assistant',
      content: 'Thought: I am not sure what to do.',
      action: null,
      status: 'format_error',
      train: false,
    })
    expect(results[0]?.status).toBe('format_error')
    expect(trajectory.messages[3]).toEqual({ role: 'user', content: results[0]?.observation })
    expect(results[0]?.observation.length).toBeGreaterThan(0)
    expect(trajectory.outcome).toMatchObject({ steps: 2, errorRefinePairs: 1, success: false })
  })

  it('counts meta-actions and errors as steps and stops at maxSteps', async () => {
    const family = createLockboxFamily()
    const { trajectory, results } = await runEpisode({
      family,
      task: family.task('train', 2),
      agent: replayAgent([
        reactReply('Look first.', 'look'),
        reactReply('Grab it.', 'grab key'),
        reactReply('Take it.', 'take key'),
        reactReply('Never played.', 'look'),
      ]),
      maxSteps: 3,
      source,
      id: 'limit',
    })
    expect(results.map((r) => r.status)).toEqual(['meta', 'unknown_action', 'ok'])
    const assistants = trajectory.messages.filter((m) => m.role === 'assistant')
    expect(assistants.map((m) => m.train)).toEqual(results.map((r) => !isErrorStatus(r.status)))
    expect(trajectory.outcome).toEqual({
      success: false,
      progress: 1 / 3,
      steps: 3,
      errorRefinePairs: 1,
    })
  })

  it('records the verbatim content, the parsed thought and the action', async () => {
    const family = createLockboxFamily()
    const content = reactReply('The key lies on the table, so I pick it up.', 'take key')
    const { trajectory } = await runEpisode({
      family,
      task: family.task('train', 0),
      agent: replayAgent([content]),
      maxSteps: 1,
      source,
      id: 'verbatim',
    })
    expect(trajectory.messages[2]).toEqual({
      role: 'assistant',
      content,
      thought: 'The key lies on the table, so I pick it up.',
      action: 'take key',
      status: 'ok',
      train: true,
    })
  })

  it('passes the perturbation to the family and records it', async () => {
    const family = spyLockbox()
    const perturbation = { kind: 'paraphrase', seed: 4 }
    const { trajectory } = await runEpisode({
      family,
      task: family.task('dev', 0),
      agent: oracleAgent(),
      perturbation,
      source,
      id: 'p',
    })
    expect(family.calls.create).toEqual([{ perturbation }])
    expect(trajectory.perturbation).toEqual(perturbation)
  })

  it('closes the environment, also when the agent throws', async () => {
    const family = spyLockbox()
    await runEpisode({
      family,
      task: family.task('train', 0),
      agent: oracleAgent(),
      source,
      id: 'a',
    })
    expect(family.calls.close).toBe(1)
    const failing = { name: 'boom', act: async () => Promise.reject(new Error('boom')) }
    await expect(
      runEpisode({ family, task: family.task('train', 0), agent: failing, source, id: 'b' }),
    ).rejects.toThrow('boom')
    expect(family.calls.close).toBe(2)
  })

  it('rejects a step limit that is not a positive integer', async () => {
    const family = createLockboxFamily()
    const run = runEpisode({
      family,
      task: family.task('train', 0),
      agent: oracleAgent(),
      maxSteps: 0,
      source,
      id: 'z',
    })
    await expect(run).rejects.toSatisfy(
      (error: unknown) => RefineryError.isInstance(error) && error.code === 'usage',
    )
  })

  it('takes a step the teacher handed over for its reply, and undoes one for another action', async () => {
    const family = spyLockbox()
    const task = family.task('train', 1)
    // Steps `made` on the live environment, hands it over, and replies `reply`.
    const handing = (made: string, reply: string): Teacher => ({
      name: 'handing',
      privileged: true,
      async act(context) {
        if (context.step > 0) return reactReply('Look again.', 'look')
        const before = context.env.snapshot()
        const result = await context.env.step(made)
        context.handOver?.({ action: made, before, result })
        return reactReply('Try it.', reply)
      },
    })
    const run = async (agent: AnyAgent) => {
      family.calls.step.length = 0
      const { trajectory, finalStateHash } = await runEpisode({
        family,
        task,
        agent,
        maxSteps: 2,
        source,
        id: 'h',
      })
      return { messages: JSON.stringify(trajectory.messages), finalStateHash }
    }
    const plain = await run(
      replayAgent([reactReply('Try it.', 'open box'), reactReply('Look again.', 'look')]),
    )
    expect(await run(handing('open box', 'open box'))).toEqual(plain)
    expect(family.calls.step).toEqual(['open box', 'look'])
    // The key taken by the handed-over step is put back before the reply's action.
    expect(await run(handing('take key', 'open box'))).toEqual(plain)
    expect(family.calls.step).toEqual(['take key', 'open box', 'look'])
  })

  it('gives byte-identical records for the same seed', async () => {
    const family = createLockboxFamily()
    const run = () =>
      runEpisode({
        family,
        task: family.task('test', 5),
        agent: randomAgent(7),
        maxSteps: 12,
        source,
        id: 'r',
      })
    const [a, b] = [await run(), await run()]
    expect(JSON.stringify(a)).toBe(JSON.stringify(b))
  })
})

describe('defaultSystemPrompt', () => {
  it('holds the family instructions and the reply format', () => {
    expect(defaultSystemPrompt(createLockboxFamily())).toMatchInlineSnapshot(`
      "You are an agent acting in a text environment (lockbox). Actions: take <item>, unlock <container> with <item>, open <container>, take <item> from <container>, look, inventory, check valid actions.
      Reply on every turn in exactly this form, with one action: "Thought: <your reasoning>" on one line, then "Action: <the action>" on the next."
    `)
  })
})
