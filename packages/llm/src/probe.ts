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

const cache = new Map<string, Promise<Capabilities>>()

const PING = [{ role: 'user' as const, content: 'Reply with the JSON {"ok": true}.' }]

/**
 * Asks the server, with one tiny request each, whether it honours `response_format`,
 * `seed`, `tools` and `logprobs`. A feature counts when the request is accepted and the
 * answer shows it (JSON that parses, a tool call, logprobs). Cached per base URL and model
 * for the process. A server that cannot be reached, or refuses the key, throws `llm_error`.
 */
export function probeCapabilities(client: LlmClient): Promise<Capabilities> {
  const id = `${client.settings.baseURL} ${client.model}`
  let probe = cache.get(id)
  if (!probe) {
    probe = runProbe(client)
    cache.set(id, probe)
    probe.catch(() => cache.delete(id))
  }
  return probe
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
