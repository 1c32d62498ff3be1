import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { RefineryError } from '@refinery/core'
import { afterEach, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { LlmClient } from './client'
import { probeCapabilities } from './probe'
import { completeStructured, extractJson } from './structured'
import { type FakeServer, type FakeServerOptions, startFakeServer } from './testing'

let server: FakeServer | null = null
afterEach(async () => {
  await server?.close()
  server = null
})

async function setup(fake: FakeServerOptions, model = 'fake-model') {
  server = await startFakeServer(fake)
  return {
    server,
    client: new LlmClient({ baseURL: server.url, model, env: {}, retry: { baseDelayMs: 1 } }),
  }
}

const Person = z.object({ name: z.string(), age: z.number().int() })
const ask = { messages: [{ role: 'user' as const, content: 'Who?' }] }

describe('completeStructured', () => {
  it('sends the zod schema as a JSON-schema response_format and returns the parsed value', async () => {
    const { server, client } = await setup({ reply: '{"name": "Ada", "age": 36}' })
    const result = await completeStructured(client, ask, { schema: Person, name: 'person' })
    expect(result).toEqual({ value: { name: 'Ada', age: 36 }, repairs: 0 })
    const format = server.requests[0]!.body.response_format as {
      type: string
      json_schema: { name: string; strict: boolean; schema: { required: string[] } }
    }
    expect(format.type).toBe('json_schema')
    expect(format.json_schema.name).toBe('person')
    expect(format.json_schema.schema.required).toEqual(['name', 'age'])
  })

  it('without response_format, finds the JSON in the text', async () => {
    const { server, client } = await setup({
      reply: 'Sure! Here it is:\n```json\n{"name": "Ada", "age": 36}\n```\nAnything else?',
    })
    const result = await completeStructured(client, ask, { schema: Person, responseFormat: false })
    expect(result.value).toEqual({ name: 'Ada', age: 36 })
    expect(server.requests[0]!.body.response_format).toBeUndefined()
    expect(JSON.stringify(server.requests[0]!.body.messages)).toContain('JSON schema')
  })

  it('falls back to JSON in the text when the server refuses response_format', async () => {
    const { server, client } = await setup({
      supports: { responseFormat: false },
      reply: 'Here: {"name": "Ada", "age": 36}',
    })
    const result = await completeStructured(client, ask, { schema: Person })
    expect(result.value).toEqual({ name: 'Ada', age: 36 })
    expect(server.requests).toHaveLength(2)
    expect(server.requests[1]!.body.response_format).toBeUndefined()
  })

  it('feeds the validation error back and takes the repaired answer', async () => {
    const { server, client } = await setup({
      script: ['{"name": "Ada", "age": "old"}', 'no json here'],
      reply: '{"name": "Ada", "age": 36}',
    })
    const result = await completeStructured(client, ask, { schema: Person })
    expect(result).toEqual({ value: { name: 'Ada', age: 36 }, repairs: 2 })
    const repair = server.requests[1]!.body.messages!.at(-1)!.content as string
    expect(repair).toMatch(/does not match the schema/)
    expect(repair).toMatch(/age/)
    expect(server.requests[2]!.body.messages!.at(-1)!.content).toMatch(/no JSON value/)
  })

  it('gives up after maxRepairs with the last problem', async () => {
    const { server, client } = await setup({ reply: '{"name": 1}' })
    const error = await completeStructured(client, ask, { schema: Person, maxRepairs: 1 }).catch(
      (e) => e,
    )
    expect(RefineryError.isInstance(error) && error.code).toBe('llm_error')
    expect(String(error.message)).toMatch(/after 1 repairs/)
    expect(server.requests).toHaveLength(2)
  })
})

describe('extractJson', () => {
  it.each([
    ['{"a": 1}', { a: 1 }],
    ['text {"a": "}"} more', { a: '}' }],
    ['[1, 2] and {"b": 2}', [1, 2]],
    ['{broken {"ok": true}', { ok: true }],
  ])('finds the JSON in %j', (text, value) => {
    expect(extractJson(text)).toEqual({ ok: true, value })
  })

  it('says when there is none', () => {
    expect(extractJson('nothing {here')).toEqual({ ok: false })
  })
})

describe('probeCapabilities', () => {
  it('reports what the server honours', async () => {
    const { client } = await setup(
      {
        supports: { responseFormat: true, seed: false, tools: true, logprobs: false },
        reply: (r) =>
          r.body.tools
            ? {
                content: null,
                tool_calls: [{ function: { name: 'answer', arguments: '{"ok":true}' } }],
              }
            : '{"ok": true}',
      },
      'probe-model-a',
    )
    expect(await probeCapabilities(client)).toEqual({
      baseURL: client.settings.baseURL,
      model: 'probe-model-a',
      responseFormat: true,
      seed: false,
      tools: true,
      logprobs: false,
    })
  })

  it('is cached per base URL and model', async () => {
    const { server, client } = await setup({ reply: 'not json' }, 'probe-model-b')
    const first = await probeCapabilities(client)
    const sent = server.requests.length
    expect(await probeCapabilities(client)).toBe(first)
    expect(server.requests.length).toBe(sent)
    expect(first).toMatchObject({ responseFormat: false, seed: true, tools: false, logprobs: true })
  })

  it('keeps the answer in the on-disk cache, so another client does not ask again', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'refinery-probe-'))
    server = await startFakeServer({ reply: '{"ok": true}' })
    const make = () =>
      new LlmClient({ baseURL: server!.url, model: 'probe-model-d', env: {}, cacheDir })
    const first = await probeCapabilities(make())
    const sent = server.requests.length
    expect(sent).toBeGreaterThan(0)
    expect(await probeCapabilities(make())).toEqual(first)
    expect(server.requests.length).toBe(sent)
    // Another model on the same server is asked afresh.
    await probeCapabilities(
      new LlmClient({ baseURL: server.url, model: 'probe-model-e', env: {}, cacheDir }),
    )
    expect(server.requests.length).toBeGreaterThan(sent)
    rmSync(cacheDir, { recursive: true, force: true })
  })

  it('fails clearly on a rejected key', async () => {
    const { client } = await setup({ apiKey: 'secret' }, 'probe-model-c')
    await expect(probeCapabilities(client)).rejects.toThrow(/rejected the API key/)
  })
})
