import { findJsonEnd, isRecord, parseJsonAt } from './json-reply'

/**
 * What today's open models and servers wrap around a reply, read before stage one looks for
 * labels: reasoning blocks (DeepSeek-R1, Qwen3, QwQ and the like), chat-template special
 * tokens a server left in (a wrong stop list), and tool calls written into the content
 * (Hermes/Qwen `<tool_call>`, Llama 3.1 `<function=…>` and `<|python_tag|>`, Mistral
 * `[TOOL_CALLS]`).
 */
export interface ModelMarkup {
  /** The reply outside reasoning blocks and tool-call markup, special tokens cut. */
  text: string
  /** The reasoning blocks' text, joined by newlines: it becomes the thought. */
  reasoning: string
  /** Tool calls written into the content, in order, arguments as JSON text. */
  toolCalls: { name: string; arguments: string }[]
}

/** Anything that can open markup; a reply without it is read as it is (the common case). */
const HINT = /[<◁]|\[(?:TOOL_CALLS|\/?INST)\]/

/**
 * End-of-turn tokens of the common chat templates (Llama 3, ChatML, Phi, Gemma, Mistral,
 * DeepSeek with its full-width bars). What follows one was never the model's turn: a server
 * with the wrong stop list let it go on into the next.
 */
const END_OF_TURN =
  /<[|｜](?:eot_id|eom_id|im_end|end|endoftext|end_of_text|end▁of▁sentence)[|｜]>|<\/s>|<end_of_turn>/

/** A role header a template opens a turn with, and the role name inside it. */
const ROLE_HEADER =
  /<\|start_header_id\|>[^<\n]{0,20}<\|end_header_id\|>|<\|im_start\|>[a-z]{0,12}|<start_of_turn>[a-z]{0,12}/g

/** Any other special token: `<|assistant|>`, `<｜Assistant｜>`, `<s>`, `[INST]`. */
const SPECIAL_TOKEN = /<[|｜][^|｜<>\n]{1,40}[|｜]>|<\/?s>|\[\/?INST\]/g

/** Reasoning blocks: opening and closing tags, by kind. */
const REASONING_TAG =
  /<(\/?)(think|thinking|reasoning|thought|seed:think)>|<\|(begin|end)_of_thought\|>|◁(\/?)think▷/gi

/** Wrappers around the answer that carry no meaning of their own. */
const ANSWER_TAG = /<\/?(?:answer|response|output)>/gi

const TOOL_CALL_TAG = /<tool_call>([\s\S]*?)(?:<\/tool_call>|$)/g
const FUNCTION_TAG = /<function=([\w.-]{1,64})>([\s\S]*?)(?:<\/function>|$)/g

/**
 * The reply's markup, or null when it has none (the reply is then read as it is). Linear in
 * the reply's length: every pattern is a single pass without nested quantifiers.
 */
export function readModelMarkup(raw: string): ModelMarkup | null {
  if (!HINT.test(raw)) return null
  const end = END_OF_TURN.exec(raw)
  let text = end && raw.slice(0, end.index).trim() !== '' ? raw.slice(0, end.index) : raw
  const reasoning: string[] = []
  text = cutReasoning(text, reasoning)
  const toolCalls: ModelMarkup['toolCalls'] = []
  text = cutToolCalls(text, toolCalls)
  const cleaned = text.replace(ROLE_HEADER, '\n').replace(SPECIAL_TOKEN, '').replace(ANSWER_TAG, '')
  if (cleaned === raw && toolCalls.length === 0 && reasoning.length === 0) return null
  return { text: cleaned, reasoning: reasoning.join('\n'), toolCalls }
}

/**
 * Removes reasoning blocks, collecting their text. A closing tag with no opening one (a chat
 * template that put `<think>` in the prompt) closes a block that began at the reply's start;
 * an opening tag never closed runs to the end.
 */
function cutReasoning(text: string, reasoning: string[]): string {
  REASONING_TAG.lastIndex = 0
  let outside = ''
  let from = 0
  let open = false
  for (let m = REASONING_TAG.exec(text); m !== null; m = REASONING_TAG.exec(text)) {
    const closing = m[1] === '/' || m[3] === 'end' || m[4] === '/'
    if (closing) {
      keep(reasoning, text.slice(from, m.index))
      open = false
    } else {
      if (open) continue // a nested opening tag is part of the reasoning
      outside += text.slice(from, m.index)
      open = true
    }
    from = m.index + m[0].length
  }
  if (from === 0) return text
  if (open) keep(reasoning, text.slice(from))
  else outside += text.slice(from)
  return outside
}

function keep(parts: string[], part: string): void {
  const trimmed = part.trim()
  if (trimmed !== '') parts.push(trimmed)
}

/** Removes tool calls written into the content, collecting each one. */
function cutToolCalls(text: string, calls: ModelMarkup['toolCalls']): string {
  let out = text
  if (out.includes('<tool_call>')) {
    out = out.replace(TOOL_CALL_TAG, (_, body: string) => {
      readCalls(body, calls)
      return '\n'
    })
  }
  if (out.includes('<function=')) {
    out = out.replace(FUNCTION_TAG, (_, name: string, body: string) => {
      calls.push({ name, arguments: body.trim() })
      return '\n'
    })
  }
  for (const marker of ['<|python_tag|>', '[TOOL_CALLS]']) {
    const at = out.indexOf(marker)
    if (at === -1) continue
    readCalls(out.slice(at + marker.length), calls)
    out = out.slice(0, at)
  }
  return out
}

/**
 * Reads one or more JSON function calls (`{"name": …, "arguments": …}`, `parameters` as Llama
 * writes it, a list of them, or several separated by `;`). What cannot be read becomes a call
 * without arguments' JSON, so the caller reports it as a malformed tool call.
 */
function readCalls(body: string, calls: ModelMarkup['toolCalls']): void {
  let i = body.search(/[[{]/)
  if (i === -1) {
    if (body.trim() !== '') calls.push({ name: '', arguments: body.trim() })
    return
  }
  while (i !== -1 && i < body.length) {
    const parsed = parseJsonAt(body, i, true)
    if (!parsed.ok) {
      calls.push({ name: '', arguments: body.slice(i).trim() })
      return
    }
    const values = Array.isArray(parsed.value) ? parsed.value : [parsed.value]
    for (const value of values) {
      const call = functionCall(value)
      calls.push(call ?? { name: '', arguments: JSON.stringify(value) })
    }
    const end = findJsonEnd(body, i)
    if (end === -1) return
    const next = body.slice(end).search(/[[{]/)
    i = next === -1 ? -1 : end + next
  }
}

/**
 * `{"name": "take", "arguments": {…}}` (OpenAI, Hermes) or `{"name": …, "parameters": {…}}`
 * (Llama 3.1) as a tool call; null for any other value.
 */
export function functionCall(value: unknown): { name: string; arguments: string } | null {
  if (!isRecord(value) || typeof value.name !== 'string') return null
  const args = 'arguments' in value ? value.arguments : value.parameters
  if (args === undefined || (!isRecord(args) && typeof args !== 'string')) return null
  for (const key of Object.keys(value)) {
    if (key !== 'name' && key !== 'arguments' && key !== 'parameters' && key !== 'type') return null
  }
  return { name: value.name, arguments: typeof args === 'string' ? args : JSON.stringify(args) }
}
