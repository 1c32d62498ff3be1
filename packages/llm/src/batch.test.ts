import { spawn } from 'node:child_process'
import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { batchRequests } from './__fixtures__/batch-requests'
import { runBatch } from './batch'
import { LlmClient } from './client'
import {
  type FakeRequest,
  type FakeServer,
  type FakeServerOptions,
  startFakeServer,
} from './testing'

let server: FakeServer | null = null
afterEach(async () => {
  await server?.close()
  server = null
})

const echo = (r: FakeRequest) => `answer to ${String(r.body.messages?.at(-1)?.content)}`

async function setup(fake: FakeServerOptions, cacheDir?: string) {
  fake.reply ??= echo
  server = await startFakeServer(fake)
  const client = new LlmClient({
    baseURL: server.url,
    model: 'fake-model',
    env: {},
    ...(cacheDir ? { cacheDir } : {}),
  })
  const dir = await mkdtemp(join(tmpdir(), 'llm-batch-'))
  return { server, client, stateFile: join(dir, 'state.json') }
}

function contents(results: Map<string, { choices: { message: { content: string | null } }[] }>) {
  return Object.fromEntries([...results].map(([id, c]) => [id, c.choices[0]!.message.content]))
}

describe('runBatch', () => {
  it('uploads a JSONL of custom_id/method/url/body, polls, and matches answers by custom_id', async () => {
    const { server, client, stateFile } = await setup({ batchPolls: 3 })
    const outcome = await runBatch(client, batchRequests(), { stateFile, pollMs: 5 })
    expect(contents(outcome.results)).toEqual(
      Object.fromEntries(batchRequests().map((r, i) => [r.customId, `answer to question ${i}`])),
    )
    expect(outcome.failed.size).toBe(0)
    const input = server.batches.files.get('file-1')!
    const first = JSON.parse(input.content.split('\n')[0]!)
    expect(first).toEqual({
      custom_id: 'req-0',
      method: 'POST',
      url: '/v1/chat/completions',
      body: { messages: [{ role: 'user', content: 'question 0' }], model: 'fake-model' },
    })
    expect(server.batches.counts).toMatchObject({ uploads: 1, batchesCreated: 1, polls: 3 })
    expect(server.requests).toHaveLength(0)
  })

  it('resubmits the failed and the expired in new batches', async () => {
    const { server, client, stateFile } = await setup({
      batchFail: (id, n) => n === 0 && id === 'req-1',
      batchExpire: (n) => n === 1,
    })
    const outcome = await runBatch(client, batchRequests(), {
      stateFile,
      pollMs: 5,
      maxResubmits: 3,
    })
    expect(outcome.results.size).toBe(6)
    expect(outcome.failed.size).toBe(0)
    expect(outcome.batches).toBe(3)
    const lines = (id: string) => server.batches.files.get(id)!.content.trim().split('\n').length
    expect(server.batches.counts.uploads).toBe(3)
    // Batch 1 fails req-1; batch 2 resends only req-1 and expires; batch 3 answers it.
    expect(lines('file-1')).toBe(6)
    expect(server.batches.files.get('file-3')!.content).toContain('"custom_id":"req-1"')
    expect(lines('file-3')).toBe(1)
  })

  it('reports what is still unanswered when resubmissions run out', async () => {
    const { client, stateFile } = await setup({ batchFail: (id) => id === 'req-2' })
    const outcome = await runBatch(client, batchRequests(), {
      stateFile,
      pollMs: 5,
      maxResubmits: 1,
    })
    expect(outcome.results.size).toBe(5)
    expect([...outcome.failed]).toEqual([['req-2', 'HTTP 500']])
    expect(outcome.batches).toBe(2)
  })

  it('caches batch answers, so the same requests later cost nothing', async () => {
    const cache = await mkdtemp(join(tmpdir(), 'llm-batch-cache-'))
    const { server, client, stateFile } = await setup({}, cache)
    await runBatch(client, batchRequests(2), { stateFile, pollMs: 5 })
    const again = await client.complete(batchRequests(2)[1]!.params)
    expect(again.cached).toBe(true)
    expect(again.message.content).toBe('answer to question 1')
    expect(server.requests).toHaveLength(0)
  })

  it('a killed process picks its batch up again from the state file', async () => {
    const fake: FakeServerOptions = { batchPolls: 1_000_000 }
    const { server, client, stateFile } = await setup(fake)
    const here = dirname(fileURLToPath(import.meta.url))
    const child = spawn(
      process.execPath,
      [
        '--conditions=@refinery/source',
        '--import',
        'tsx',
        join(here, '__fixtures__', 'batch-child.ts'),
        server.url,
        stateFile,
      ],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    )
    // Wait until the child has submitted its batch and polled it, then kill it outright.
    for (let i = 0; i < 400 && server.batches.counts.polls < 2; i++)
      await new Promise((r) => setTimeout(r, 25))
    child.kill('SIGKILL')
    await new Promise((r) => child.once('exit', r))
    const state = JSON.parse(await readFile(stateFile, 'utf8'))
    expect(state.batchId).toBe('batch-1')
    fake.batchPolls = 0
    const outcome = await runBatch(client, batchRequests(), { stateFile, pollMs: 5 })
    expect(outcome.results.size).toBe(6)
    expect(server.batches.counts).toMatchObject({ uploads: 1, batchesCreated: 1 })
  }, 30_000)

  it('refuses a state file made for other requests', async () => {
    const { client, stateFile } = await setup({})
    await runBatch(client, batchRequests(2), { stateFile, pollMs: 5 })
    await expect(runBatch(client, batchRequests(3), { stateFile, pollMs: 5 })).rejects.toThrow(
      /belongs to a batch of other requests/,
    )
  })
})
