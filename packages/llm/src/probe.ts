import { requestKey } from './cache'
import type { LlmClient } from './client'

/** What a server does with the optional parts of a chat completion request. */
export interface Capabilities {
  baseURL: string
  model: string
  responseFormat: boolean
  seed: boolean
  tools: boolean
  logprobs: boolean
}

const asked = new WeakMap<LlmClient, Promise<Capabilities>>()

/** Bumped when the probe asks different questions, so older answers on disk are not read. */
const PROBE_VERSION = 1

const PING = [{ role: 'user' as const, content: 'Reply with the JSON {"ok": true}.' }]

/**
 * Asks the server, with one tiny request each, whether it honours `response_format`,
 * `seed`, `tools` and `logprobs`. A feature counts when the request is accepted and the
 * answer shows it (JSON that parses, a tool call, logprobs). Asked once per client, and kept
 * in the client's on-disk cache (keyed by base URL and model) when it has one, so a later run
 * does not ask again. A server that cannot be reached, or refuses the key, throws `llm_unavailable`.
 */
export function probeCapabilities(client: LlmClient): Promise<Capabilities> {
  let probe = asked.get(client)
  if (!probe) {
    probe = probeOnce(client)
    asked.set(client, probe)
    probe.catch(() => asked.delete(client))
  }
  return probe
}

async function probeOnce(client: LlmClient): Promise<Capabilities> {
  const key = requestKey(client.settings.baseURL, {
    probe: PROBE_VERSION,
    model: client.model,
  })
  const stored = await client.cache?.get(key)
  if (isCapabilities(stored, client)) return stored
  const found = await runProbe(client)
  await client.cache?.set(key, found)
  return found
}

function isCapabilities(value: unknown, client: LlmClient): value is Capabilities {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  return (
    v.baseURL === client.settings.baseURL &&
    v.model === client.model &&
    ['responseFormat', 'seed', 'tools', 'logprobs'].every((k) => typeof v[k] === 'boolean')
  )
}

async function runProbe(client: LlmClient): Promise<Capabilities> {
  // A plain request first: unreachable servers and rejected keys fail here, clearly.
  await client.complete({ messages: PING, max_tokens: 16, temperature: 0 }, { cache: false })
  const accepted = async (extra: Record<string, unknown>) => {
    try {
      return await client.complete(
        { messages: PING, max_tokens: 32, temperature: 0, ...extra },
        { cache: false },
      )
    } catch {
      return null
    }
  }
  const format = await accepted({
    response_format: {
      type: 'json_schema',
      json_schema: {
        name: 'probe',
        strict: true,
        schema: {
          type: 'object',
          properties: { ok: { type: 'boolean' } },
          required: ['ok'],
          additionalProperties: false,
        },
      },
    },
  })
  const seed = await accepted({ seed: 1 })
  const tools = await accepted({
    tools: [
      {
        type: 'function',
        function: {
          name: 'answer',
          description: 'Answer.',
          parameters: { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'] },
        },
      },
    ],
    tool_choice: 'required',
  })
  const logprobs = await accepted({ logprobs: true })
  return {
    baseURL: client.settings.baseURL,
    model: client.model,
    responseFormat: format !== null && parses(format.message.content),
    seed: seed !== null,
    tools: (tools?.message.tool_calls?.length ?? 0) > 0,
    logprobs: logprobs !== null && logprobs.completion.choices[0]?.logprobs != null,
  }
}

function parses(text: string | null): boolean {
  try {
    return typeof JSON.parse(text ?? '') === 'object'
  } catch {
    return false
  }
}
