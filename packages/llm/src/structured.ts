import { RefineryError } from '@refinery/core'
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions'
import { z } from 'zod'
import type { CallOptions, ChatParams, LlmClient } from './client'

export interface StructuredOptions<T extends z.ZodType> extends CallOptions {
  schema: T
  /** The schema's name in `response_format` (default `answer`). */
  name?: string
  /**
   * Use `response_format: json_schema`. Default: try it, and fall back to JSON asked for in
   * the prompt when the server refuses it with a 400; `probeCapabilities` tells in advance.
   */
  responseFormat?: boolean
  /** Repair requests after an answer that fails the schema (default 2). */
  maxRepairs?: number
}

export interface StructuredResult<T> {
  value: T
  /** Repair requests it took: 0 when the first answer was valid. */
  repairs: number
}

/**
 * A chat completion whose answer must match `schema`. Sent with a JSON-schema
 * `response_format` where the server honours it; the answer's JSON is found in the text
 * either way, checked, and a failing answer is sent back with the validation error for a
 * bounded number of repairs.
 */
export async function completeStructured<T extends z.ZodType>(
  client: LlmClient,
  params: ChatParams,
  options: StructuredOptions<T>,
): Promise<StructuredResult<z.infer<T>>> {
  if (options.responseFormat !== undefined) return structured(client, params, options)
  try {
    return await structured(client, params, { ...options, responseFormat: true })
  } catch (error) {
    const refused = RefineryError.isInstance(error) && /\(HTTP 400:/.test(error.message)
    if (!refused) throw error
    return structured(client, params, { ...options, responseFormat: false })
  }
}

async function structured<T extends z.ZodType>(
  client: LlmClient,
  params: ChatParams,
  options: StructuredOptions<T>,
): Promise<StructuredResult<z.infer<T>>> {
  const maxRepairs = options.maxRepairs ?? 2
  const jsonSchema = z.toJSONSchema(options.schema, { target: 'draft-7' }) as Record<
    string,
    unknown
  >
  const { $schema: _drop, ...schema } = jsonSchema
  const messages: ChatCompletionMessageParam[] = [...params.messages]
  const call: CallOptions = {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.cache === undefined ? {} : { cache: options.cache }),
  }
  if (options.responseFormat === false) {
    messages.push({
      role: 'system',
      content: `Answer with one JSON value matching this JSON schema, and nothing else:\n${JSON.stringify(schema)}`,
    })
  }
  let problem = ''
  for (let repairs = 0; repairs <= maxRepairs; repairs++) {
    const result = await client.complete(
      {
        ...params,
        messages,
        ...(options.responseFormat === false
          ? {}
          : {
              response_format: {
                type: 'json_schema',
                json_schema: { name: options.name ?? 'answer', schema, strict: true },
              },
            }),
      },
      call,
    )
    const text = result.message.content ?? ''
    const found = extractJson(text)
    if (found.ok) {
      const parsed = options.schema.safeParse(found.value)
      if (parsed.success) return { value: parsed.data as z.infer<T>, repairs }
      problem = z.prettifyError(parsed.error)
    } else {
      problem = 'The answer contains no JSON value.'
    }
    messages.push(
      { role: 'assistant', content: text },
      {
        role: 'user',
        content: `Your answer does not match the schema:\n${problem}\nReply again with only the corrected JSON.`,
      },
    )
  }
  throw new RefineryError(
    'llm_error',
    `The model's answer did not match the schema after ${maxRepairs} repairs: ${problem.replace(/\s*\n\s*/g, ' ')}`,
    { hint: 'Try a stronger model, or raise maxRepairs.' },
  )
}

/**
 * The first JSON object or array in `text`: a whole-text parse first, then a ```json fence,
 * then the first balanced `{…}` or `[…]`. Model text is data: it is only ever JSON.parse'd.
 */
export function extractJson(text: string): { ok: true; value: unknown } | { ok: false } {
  const tries = [text.trim()]
  const fence = /```(?:json)?\s*([\s\S]*?)```/i.exec(text)
  if (fence) tries.push(fence[1]!.trim())
  for (const candidate of tries) {
    try {
      return { ok: true, value: JSON.parse(candidate) }
    } catch {}
  }
  for (let start = 0; start < text.length; start++) {
    const ch = text[start]
    if (ch !== '{' && ch !== '[') continue
    const end = balancedEnd(text, start)
    if (end < 0) continue
    try {
      return { ok: true, value: JSON.parse(text.slice(start, end + 1)) }
    } catch {}
  }
  return { ok: false }
}

/** The index of the bracket closing the one at `start`, skipping strings; -1 if none. */
function balancedEnd(text: string, start: number): number {
  let depth = 0
  let inString = false
  for (let i = start; i < text.length; i++) {
    const ch = text[i]
    if (inString) {
      if (ch === '\\') i++
      else if (ch === '"') inString = false
      continue
    }
    if (ch === '"') inString = true
    else if (ch === '{' || ch === '[') depth++
    else if (ch === '}' || ch === ']') {
      depth--
      if (depth === 0) return i
    }
  }
  return -1
}
