import type { Message } from '@refinery/core'
import { createLockboxFamily } from '@refinery/core/testing'
import { LlmClient } from '@refinery/llm'
import { type FakeServer, type FakeServerOptions, startFakeServer } from '@refinery/llm/testing'
import { afterEach, describe, expect, it } from 'vitest'
import { familyInfo } from './agent'
import { chatAgent, chatMessages, chatSystemPrompt } from './chat-agent'
import { runEpisode } from './episode'

let server: FakeServer | null = null
afterEach(async () => {
  await server?.close()
  server = null
})

async function client(fake: FakeServerOptions): Promise<LlmClient> {
  server = await startFakeServer(fake)
  return new LlmClient({ baseURL: server.url, model: 'fake-model', env: {} })
}

const family = createLockboxFamily()
const source = { kind: 'eval', agent: 'openai' } as const

describe('chatAgent', () => {
  it('prompts with the family instructions and one worked example from another family', () => {
    const prompt = chatSystemPrompt(
      { id: 'household', description: 'd', instructions: 'Do chores.' },
      {},
    )
    expect(prompt).toContain('(household). Do chores.')
    expect(prompt).toContain('Thought: <your reasoning>')
    expect(prompt).toContain('worked example from another environment (grid)')
    expect(prompt).not.toContain('(household);')
    const grid = chatSystemPrompt({ id: 'grid', description: 'd' }, { examples: 1 })
    expect(grid).toContain('another environment (household)')
    expect(chatSystemPrompt(familyInfo(family), { examples: 0 })).not.toContain('worked example')
  })

  it('plays an episode against the server at temperature 0, the record keeping its prompt', async () => {
    const llm = await client({ reply: 'Thought: I will look.\nAction: look' })
    const { trajectory } = await runEpisode({
      family,
      task: family.task('test', 0),
      agent: chatAgent({ client: llm }),
      source,
      id: 'c',
      maxSteps: 3,
    })
    expect(trajectory.messages[0]!.content).toBe(chatSystemPrompt(familyInfo(family), {}))
    expect(trajectory.outcome.steps).toBe(3)
    const sent = server!.requests
    expect(sent).toHaveLength(3)
    expect(sent[0]!.body.temperature).toBe(0)
    expect(sent[0]!.body.tools).toBeUndefined()
    // Turn 3 sees the whole conversation so far.
    expect(sent[2]!.body.messages).toHaveLength(2 + 4)
  })

  it("in tools mode offers one function per template and grounds the model's call", async () => {
    const llm = await client({
      reply: (r) =>
        r.body.tools
          ? {
              content: 'Open it.',
              tool_calls: [{ function: { name: 'open', arguments: '{"container": "lockbox"}' } }],
            }
          : 'no tools?',
    })
    const { trajectory } = await runEpisode({
      family,
      task: family.task('test', 0),
      agent: chatAgent({ client: llm, actionFormat: 'tools' }),
      source,
      id: 't',
      maxSteps: 2,
    })
    const tools = server!.requests[0]!.body.tools as { function: { name: string } }[]
    expect(tools.map((t) => t.function.name)).toContain('take_from')
    const turn = trajectory.messages[2]!
    expect(turn.role === 'assistant' && turn.action).toBe('open lockbox')
    expect(turn.role === 'assistant' && turn.tool_calls?.[0]?.function.name).toBe('open')
    // The next request answers the tool call with a tool message carrying the observation.
    const second = server!.requests[1]!.body.messages!
    expect(second.at(-1)).toMatchObject({ role: 'tool', content: trajectory.messages[3]!.content })
  })

  it('passes its signal to the request: a cancel ends a waiting turn', async () => {
    const llm = await client({ latencyMs: 10_000 })
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 30)
    await expect(
      runEpisode({
        family,
        task: family.task('test', 0),
        agent: chatAgent({ client: llm }),
        source,
        id: 's',
        signal: controller.signal,
      }),
    ).rejects.toThrow(/cancelled/)
  })
})

describe('chatMessages', () => {
  const long = (i: number): Message[] => [
    {
      role: 'assistant',
      content: `Thought: step ${i} ${'x'.repeat(400)}\nAction: look`,
      thought: '',
      action: 'look',
      status: 'ok',
      train: true,
    },
    { role: 'user', content: `observation ${i}` },
  ]
  const conversation: Message[] = [
    { role: 'system', content: 'system' },
    { role: 'user', content: 'task' },
    ...Array.from({ length: 10 }, (_, i) => long(i)).flat(),
  ]

  it('keeps the system prompt, the task and the latest turns within the budget, with a notice', () => {
    const trimmed = chatMessages(conversation, 'react', 400)
    expect(trimmed[0]).toEqual({ role: 'system', content: 'system' })
    expect(trimmed[1]).toEqual({ role: 'user', content: 'task' })
    expect(trimmed[2]!.content).toMatch(/^\[\d+ earlier turns are left out to fit the context\.\]$/)
    expect(trimmed.at(-1)).toEqual({ role: 'user', content: 'observation 9' })
    expect(JSON.stringify(trimmed).length / 4).toBeLessThanOrEqual(400 + 40)
  })

  it('sends everything, without a notice, when it fits', () => {
    const all = chatMessages(conversation, 'react', 100_000)
    expect(all).toHaveLength(conversation.length)
    expect(JSON.stringify(all)).not.toContain('left out')
  })

  it('keeps the latest turn even when it alone is over the budget', () => {
    const trimmed = chatMessages(conversation, 'react', 10)
    expect(trimmed.at(-1)).toEqual({ role: 'user', content: 'observation 9' })
    expect(trimmed[2]!.content).toMatch(/9 earlier turns/)
  })
})
