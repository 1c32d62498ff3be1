import { getEventListeners } from 'node:events'
import { mkdtemp, readdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { RefineryError } from '@refinery/core'
import { afterEach, describe, expect, it } from 'vitest'
import { LlmClient, type LlmClientOptions } from './client'
import { type FakeServer, type FakeServerOptions, startFakeServer } from './testing'

let server: FakeServer | null = null
afterEach(async () => {
  await server?.close()
  server = null
})

async function setup(
  fake: FakeServerOptions,
  options: Partial<LlmClientOptions> = {},
): Promise<{ server: FakeServer; client: LlmClient }> {
  server = await startFakeServer(fake)
  const client = new LlmClient({
    baseURL: server.url,
    model: 'fake-model',
    env: {},
    retry: { baseDelayMs: 5, maxDelayMs: 50, maxRetries: 4 },
    timeoutMs: 2000,
    ...options,
  })
  return { server, client }
}

const hello = { messages: [{ role: 'user' as const, content: 'hello' }] }

async function refusal(promise: Promise<unknown>): Promise<RefineryError> {
  try {
    await promise
  } catch (error) {
    if (RefineryError.isInstance(error)) return error
    throw error
  }
  throw new Error('expected a RefineryError')
}

describe('LlmClient: retries', () => {
  it.each([
    ['429 with retry-after', { kind: 'status', status: 429, retryAfter: 0 }],
    ['408', { kind: 'status', status: 408 }],
    ['409', { kind: 'status', status: 409 }],
    ['500', { kind: 'status', status: 500 }],
    ['503', { kind: 'status', status: 503 }],
    ['malformed JSON', { kind: 'malformed' }],
    ['a truncated body', { kind: 'truncated' }],
    ['no choices', { kind: 'no_choices' }],
  ] as const)('retries after %s and answers', async (_name, fault) => {
    const { server, client } = await setup({
      reply: 'fine',
      fault: (r) => (r.seen < 2 ? fault : null),
    })
    const result = await client.complete(hello)
    expect(result.message.content).toBe('fine')
    expect(result.attempts).toBe(3)
    expect(server.requests).toHaveLength(3)
    expect(client.stats().retries).toBe(2)
  })

  it('gives up a hanging request at the timeout and retries it', async () => {
    const { server, client } = await setup(
      { reply: 'late but fine', fault: (r) => (r.seen === 0 ? { kind: 'hang' } : null) },
      { timeoutMs: 150 },
    )
    const result = await client.complete(hello)
    expect(result.message.content).toBe('late but fine')
    expect(server.requests).toHaveLength(2)
  })

  it('honours retry-after: the wait is at least what the server asked', async () => {
    const { client } = await setup({
      fault: (r) => (r.seen === 0 ? { kind: 'status', status: 429, retryAfter: 0.3 } : null),
    })
    const started = performance.now()
    await client.complete(hello)
    expect(performance.now() - started).toBeGreaterThanOrEqual(290)
    expect(client.stats().rateLimited).toBe(1)
  })

  it('stops after maxRetries and says what failed last', async () => {
    const { server, client } = await setup({ fault: () => ({ kind: 'status', status: 500 }) })
    const error = await refusal(client.complete(hello))
    expect(error.code).toBe('llm_error')
    expect(error.message).toMatch(/failed after 5 attempts \(last: 500/)
    expect(server.requests).toHaveLength(5)
  })

  it.each([400, 401, 404, 422])('does not retry a %i and reports it once', async (status) => {
    const { server, client } = await setup({
      fault: () => ({ kind: 'status', status, message: 'nope' }),
    })
    const error = await refusal(client.complete(hello))
    // A bad key or an unknown model can serve nothing: the run stops (see run-episodes).
    expect(error.code).toBe(status === 401 || status === 404 ? 'llm_unavailable' : 'llm_error')
    expect(error.oneLine).toContain(`HTTP ${status}: nope`)
    expect(error.oneLine).not.toContain('\n')
    expect(server.requests).toHaveLength(1)
  })

  it('a server nothing listens at: llm_unavailable after the bounded retries, and later calls fail at once', async () => {
    const dead = await startFakeServer({})
    const url = dead.url
    await dead.close()
    const client = new LlmClient({
      baseURL: url,
      model: 'fake-model',
      env: {},
      retry: { baseDelayMs: 5, maxDelayMs: 50, maxRetries: 6, maxUnreachableRetries: 2 },
    })
    const first = await refusal(client.complete(hello))
    expect(first.code).toBe('llm_unavailable')
    expect(first.oneLine).toMatch(
      /^Cannot reach the model server at .* \(Connection error \(ECONNREFUSED\); 3 attempts\)\. Start the server/,
    )
    expect(client.stats().retries).toBe(2)
    expect(await refusal(client.complete(hello))).toBe(first)
    expect(client.stats().retries).toBe(2)
  })

  it('a rejected key stops later calls without sending them', async () => {
    const { server, client } = await setup({ apiKey: 'right' }, { apiKey: 'wrong' })
    const first = await refusal(client.complete(hello))
    expect(first.oneLine).toMatch(/rejected the API key/)
    const second = await refusal(
      client.complete({ messages: [{ role: 'user', content: 'again' }] }),
    )
    expect(second).toBe(first)
    expect(server.requests).toHaveLength(0)
  })

  it('an abort ends a waiting request as interrupted', async () => {
    const { client } = await setup({ latencyMs: 5000 })
    const controller = new AbortController()
    const pending = refusal(client.complete(hello, { signal: controller.signal }))
    setTimeout(() => controller.abort(), 20)
    expect((await pending).code).toBe('interrupted')
  })

  it("leaves no listener on a run's long-lived signal once its requests are answered", async () => {
    // The SDK never removes the listener it adds to the signal it is given: on one signal
    // shared by a whole run they piled up, a scan of all of them at every request.
    const { client } = await setup({})
    const run = new AbortController()
    for (let i = 0; i < 20; i++)
      await client.complete(
        { messages: [{ role: 'user', content: `q${i}` }] },
        { signal: run.signal },
      )
    expect(getEventListeners(run.signal, 'abort')).toHaveLength(0)
  })
})

describe('LlmClient: limits', () => {
  it('never has more requests in flight than the concurrency limit', async () => {
    const { server, client } = await setup({ latencyMs: 30 }, { limits: { concurrency: 3 } })
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        client.complete({ messages: [{ role: 'user', content: `q${i}` }] }),
      ),
    )
    expect(server.stats.maxInFlight).toBe(3)
    expect(server.stats.answered).toBe(12)
  })

  it('halves the concurrency on 429 and raises it again on success', async () => {
    const { client } = await setup(
      { fault: (r) => (r.index < 4 ? { kind: 'status', status: 429, retryAfter: 0 } : null) },
      { limits: { concurrency: 8 } },
    )
    await Promise.all(
      Array.from({ length: 4 }, (_, i) =>
        client.complete({ messages: [{ role: 'user', content: `q${i}` }] }),
      ),
    )
    const after429 = client.stats().concurrency
    expect(after429).toBeLessThan(8)
    await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        client.complete({ messages: [{ role: 'user', content: `r${i}` }] }),
      ),
    )
    expect(client.stats().concurrency).toBeGreaterThan(after429)
  })

  it('starts no more than requestsPerMinute requests in one window', async () => {
    const { server, client } = await setup({}, { limits: { requestsPerMinute: 2, windowMs: 400 } })
    const times: number[] = []
    const start = performance.now()
    await Promise.all(
      Array.from({ length: 4 }, (_, i) =>
        client
          .complete({ messages: [{ role: 'user', content: `q${i}` }] })
          .then(() => times.push(performance.now() - start)),
      ),
    )
    times.sort((a, b) => a - b)
    expect(server.requests).toHaveLength(4)
    // The third request waits for the first to leave the window.
    expect(times[2]!).toBeGreaterThanOrEqual(390)
  })

  it('keeps tokens per window under tokensPerMinute', async () => {
    const big = 'x'.repeat(400) // about 100 tokens estimated
    const { client } = await setup(
      { reply: { content: 'ok', usage: { prompt_tokens: 100, completion_tokens: 0 } } },
      { limits: { tokensPerMinute: 250, windowMs: 400 } },
    )
    const start = performance.now()
    const times: number[] = []
    await Promise.all(
      Array.from({ length: 3 }, (_, i) =>
        client
          .complete({ messages: [{ role: 'user', content: `${big}${i}` }], max_tokens: 1 })
          .then(() => times.push(performance.now() - start)),
      ),
    )
    times.sort((a, b) => a - b)
    expect(times[2]!).toBeGreaterThanOrEqual(390)
  })
})

describe('LlmClient: cache', () => {
  it('answers a repeated request from disk without sending it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'llm-cache-'))
    const { server, client } = await setup({ reply: 'cached answer' }, { cacheDir: dir })
    const first = await client.complete(hello)
    const again = new LlmClient({
      baseURL: server.url,
      model: 'fake-model',
      env: {},
      cacheDir: dir,
    })
    const second = await again.complete(hello)
    expect(first.cached).toBe(false)
    expect(second.cached).toBe(true)
    expect(second.message.content).toBe('cached answer')
    expect(server.requests).toHaveLength(1)
    const shards = await readdir(dir)
    const files = await readdir(join(dir, shards[0]!))
    expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([])
    expect(files).toEqual([`${client.key(hello)}.json`])
  })

  it('keys on the base URL, model, messages and parameters', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'llm-cache-'))
    const { server, client } = await setup({}, { cacheDir: dir })
    await client.complete(hello)
    await client.complete({ ...hello, temperature: 0.5 })
    await client.complete({ ...hello, model: 'other' })
    await client.complete({ messages: [{ role: 'user', content: 'hello!' }] })
    await client.complete(hello)
    expect(server.requests).toHaveLength(4)
  })

  it('with the cache off, or cache: false, every call is sent', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'llm-cache-'))
    const { server, client } = await setup({}, { cacheDir: false })
    await client.complete(hello)
    await client.complete(hello)
    const cached = new LlmClient({
      baseURL: server.url,
      model: 'fake-model',
      env: {},
      cacheDir: dir,
    })
    await cached.complete(hello, { cache: false })
    await cached.complete(hello, { cache: false })
    expect(server.requests).toHaveLength(4)
    expect(await readdir(dir)).toEqual([])
  })
})

describe('LlmClient: money', () => {
  const priced = { prices: { 'fake-model': { input: 1_000_000, output: 1_000_000 } } }

  it('counts usage and cost per call and in total', async () => {
    const { client } = await setup(
      { reply: { content: 'ok', usage: { prompt_tokens: 3, completion_tokens: 2 } } },
      priced,
    )
    const one = await client.complete(hello)
    await client.complete({ messages: [{ role: 'user', content: 'two' }] })
    expect(one.usage).toEqual({ promptTokens: 3, completionTokens: 2 })
    expect(one.costUsd).toBe(5)
    expect(client.stats()).toMatchObject({
      requests: 2,
      promptTokens: 6,
      completionTokens: 4,
      costUsd: 10,
    })
  })

  it('refuses new requests once the cap is reached and keeps what was done', async () => {
    const { server, client } = await setup(
      { reply: { content: 'ok', usage: { prompt_tokens: 3, completion_tokens: 2 } } },
      { ...priced, budgetUsd: 25, worstCaseOutputTokens: 2 },
    )
    const answers: string[] = []
    let refusedWith: RefineryError | null = null
    for (let i = 0; i < 10; i++) {
      try {
        answers.push(
          (await client.complete({ messages: [{ role: 'user', content: `q${i}` }] })).message
            .content!,
        )
      } catch (error) {
        refusedWith = error as RefineryError
        break
      }
    }
    expect(refusedWith?.code).toBe('budget_exceeded')
    expect(answers.length).toBe(server.requests.length)
    expect(client.stats().costUsd).toBeLessThanOrEqual(25)
    expect(answers.length).toBeGreaterThan(0)
  })

  it('requests in flight together cannot pass the cap', async () => {
    const { server, client } = await setup(
      {
        latencyMs: 20,
        reply: { content: 'ok', usage: { prompt_tokens: 3, completion_tokens: 2 } },
      },
      { ...priced, budgetUsd: 30, worstCaseOutputTokens: 2 },
    )
    const settled = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        client.complete({ messages: [{ role: 'user', content: `q${i}` }] }),
      ),
    )
    const refused = settled.filter((s) => s.status === 'rejected')
    expect(refused.length).toBeGreaterThan(0)
    expect(client.stats().costUsd).toBeLessThanOrEqual(30)
    expect(server.requests.length).toBe(settled.length - refused.length)
  })
})

describe('LlmClient: settings', () => {
  it('reads the base URL, key and model from the environment', () => {
    const client = new LlmClient({
      env: { OPENAI_BASE_URL: 'http://127.0.0.1:9/v1/', OPENAI_API_KEY: 'k', REFINERY_MODEL: 'm' },
    })
    expect(client.settings).toEqual({ baseURL: 'http://127.0.0.1:9/v1', apiKey: 'k', model: 'm' })
  })

  it('needs no key for a local server but one for OpenAI', () => {
    expect(
      new LlmClient({ env: { OPENAI_BASE_URL: 'http://localhost:8000/v1', REFINERY_MODEL: 'm' } })
        .settings.apiKey,
    ).toBe('no-key')
    expect(() => new LlmClient({ env: { REFINERY_MODEL: 'gpt-4o' } })).toThrow(/OPENAI_API_KEY/)
    expect(() => new LlmClient({ env: {} })).toThrow(/REFINERY_MODEL/)
  })
})

describe('LlmClient: fetch', () => {
  it.each([
    ['node:http (default)', undefined],
    ['the built-in fetch', globalThis.fetch],
  ])('answers and retries through %s', async (_name, fetch) => {
    const { server, client } = await setup(
      {
        reply: 'fine',
        fault: (r) =>
          r.seen === 0
            ? { kind: 'truncated' }
            : r.seen === 1
              ? { kind: 'status', status: 503, retryAfter: 0 }
              : null,
      },
      fetch ? { fetch } : {},
    )
    const result = await client.complete(hello)
    expect(result.message.content).toBe('fine')
    expect(server.requests).toHaveLength(3)
  })
})
