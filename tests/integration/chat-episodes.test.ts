import { chatAgent, type EpisodeResult, type EpisodeSink, runEpisodes } from '@refinery/agent'
import { household } from '@refinery/env-household'
import { LlmClient } from '@refinery/llm'
import { type FakeRequest, type FakeServer, startFakeServer } from '@refinery/llm/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// A model that answers from the conversation alone: the same request gets the same reply.
const ACTIONS = [
  'look',
  'inventory',
  'go to countertop 1',
  'open fridge 1',
  'go to cabinet 2',
  'check valid actions',
]
function model(request: FakeRequest): string {
  const pick = Number.parseInt(request.hash.slice(0, 8), 16)
  if (pick % 11 === 0) return 'Thought: I am not sure what to do.'
  const action = ACTIONS[pick % ACTIONS.length]!
  return `Thought: I will try to ${action}.\nAction: ${action}`
}

let server: FakeServer
beforeAll(async () => {
  // Latency that varies per request, so episodes finish in a different order each time.
  server = await startFakeServer({
    reply: model,
    latencyMs: (r) => Number.parseInt(r.hash.slice(8, 10), 16) % 15,
  })
})
afterAll(() => server.close())

async function run(concurrency: number): Promise<string[]> {
  const client = new LlmClient({
    baseURL: server.url,
    model: 'fake-model',
    env: {},
    limits: { concurrency },
  })
  const records: EpisodeResult[] = []
  const sink: EpisodeSink = { has: () => false, write: (r) => void records.push(r) }
  const jobs = Array.from({ length: 20 }, (_, i) => ({
    family: household,
    task: household.task('test', i),
  }))
  const summary = await runEpisodes({
    jobs,
    agent: chatAgent({ client }),
    source: { kind: 'eval', agent: 'openai', model: 'fake-model' },
    sink,
    concurrency,
    maxSteps: 8,
  })
  expect(summary).toMatchObject({ written: 20, failed: [], interrupted: false })
  return records.map((r) => JSON.stringify(r.trajectory)).sort()
}

describe('ChatAgent through runEpisodes', () => {
  it('20 household test tasks give the same records at concurrency 8 as at 1', async () => {
    const one = await run(1)
    const eight = await run(8)
    expect(eight).toEqual(one)
    expect(server.stats.maxInFlight).toBeGreaterThan(1)
    // Errors happened and were recorded: the fake model is a poor player.
    expect(one.join('\n')).toMatch(/"train":false/)
  })
})
