import type { Message } from '@refinery/core'
import type { ChatMessage, ChatParams, LlmClient } from '@refinery/llm'
import { actionTools } from '@refinery/parser'
import type { Agent, AgentReply, FamilyInfo } from './agent'
import { examplesFor, type WorkedExample } from './examples'
import { REPLY_FORMAT_LINE } from './system-prompt'

export interface ChatAgentOptions {
  client: LlmClient
  /** `react`: Thought/Action text (default); `tools`: one function per action template. */
  actionFormat?: 'react' | 'tools'
  /** Default 0, so a run can be repeated. */
  temperature?: number
  /** Completion tokens per turn (default 512). */
  maxTokens?: number
  /** Tokens of conversation sent per turn, about 4 characters a token (default 6,000). */
  historyTokens?: number
  /** Worked examples in the system prompt, each from a different family (default 1). */
  examples?: number
  /** Where the examples come from (default `WORKED_EXAMPLES`). */
  exampleLibrary?: readonly WorkedExample[]
  /** Sent as the request's `seed` when set (not every server honours it). */
  seed?: number
}

const TOOLS_FORMAT_LINE =
  'On every turn, first write your reasoning in one or two sentences, then call exactly one of the functions offered: each function is one action.'

/**
 * The chat-model agent (`openai`): a ReAct prompt with the family's instructions and a worked
 * example from another family; the conversation trimmed from the front to a token budget,
 * with a notice; temperature 0 by default. It sees only what an evaluated agent may see.
 */
export function chatAgent(options: ChatAgentOptions): Agent {
  const format = options.actionFormat ?? 'react'
  return {
    name: 'openai',
    systemPrompt: (family) => chatSystemPrompt(family, options),
    async act(context) {
      const params: ChatParams = {
        messages: chatMessages(context.messages, format, options.historyTokens ?? 6000),
        temperature: options.temperature ?? 0,
        max_tokens: options.maxTokens ?? 512,
        ...(options.seed === undefined ? {} : { seed: options.seed }),
        ...(format === 'tools'
          ? { tools: actionTools(context.actionSpace), tool_choice: 'auto' as const }
          : { stop: ['\nObservation:'] }),
      }
      const result = await options.client.complete(params, { signal: context.signal })
      return reply(result.message)
    },
  }
}

function reply(message: {
  content: string | null
  tool_calls?: unknown[] | undefined
}): AgentReply {
  const calls = (message.tool_calls ?? []).flatMap((call) => {
    const c = call as {
      id?: unknown
      type?: unknown
      function?: { name?: unknown; arguments?: unknown }
    }
    if (c.type !== 'function' || typeof c.function?.name !== 'string') return []
    return [
      {
        id: typeof c.id === 'string' ? c.id : '',
        type: 'function' as const,
        function: {
          name: c.function.name,
          arguments: typeof c.function.arguments === 'string' ? c.function.arguments : '',
        },
      },
    ]
  })
  if (calls.length > 0) return { content: message.content, tool_calls: calls }
  return message.content ?? ''
}

/** The family's instructions, the reply format and the worked examples. */
export function chatSystemPrompt(
  family: FamilyInfo,
  options: Omit<ChatAgentOptions, 'client'>,
): string {
  const how = family.instructions?.trim() || family.description.trim()
  const format = options.actionFormat === 'tools' ? TOOLS_FORMAT_LINE : REPLY_FORMAT_LINE
  const lines = [`You are an agent acting in a text environment (${family.id}). ${how}`, format]
  for (const example of examplesFor(family.id, options.examples ?? 1, options.exampleLibrary)) {
    lines.push(
      '',
      `Here is a worked example from another environment (${example.family}); it shows the form of a reply, not how to solve your task.`,
      example.task,
    )
    for (const turn of example.turns) {
      lines.push(
        `Thought: ${turn.thought}`,
        `Action: ${turn.action}`,
        `Observation: ${turn.observation}`,
      )
    }
  }
  return lines.join('\n')
}

/**
 * The conversation as chat messages: the system prompt and the task always, then as many of
 * the latest turns as fit in `budget` tokens; when turns are left out, a notice says so.
 */
export function chatMessages(
  messages: readonly Message[],
  format: 'react' | 'tools',
  budget: number,
): ChatMessage[] {
  const [system, first, ...rest] = messages
  const head: ChatMessage[] = []
  if (system)
    head.push({ role: system.role === 'system' ? 'system' : 'user', content: system.content })
  if (first) head.push({ role: 'user', content: first.content })
  // Turns are an assistant message and the observation after it, kept or dropped together.
  const turns: ChatMessage[][] = []
  for (let i = 0; i < rest.length; i += 2) turns.push(turnMessages(rest[i]!, rest[i + 1], format))
  let used = tokens(head)
  let kept = 0
  for (let i = turns.length - 1; i >= 0; i--) {
    const cost = tokens(turns[i]!)
    if (used + cost > budget && kept > 0) break
    used += cost
    kept++
  }
  const dropped = turns.length - kept
  const notice: ChatMessage[] =
    dropped > 0
      ? [
          {
            role: 'user',
            content: `[${dropped} earlier turn${dropped === 1 ? ' is' : 's are'} left out to fit the context.]`,
          },
        ]
      : []
  return [...head, ...notice, ...turns.slice(dropped).flat()]
}

function turnMessages(
  assistant: Message,
  observation: Message | undefined,
  format: 'react' | 'tools',
): ChatMessage[] {
  const out: ChatMessage[] = []
  if (assistant.role === 'assistant' && format === 'tools' && assistant.tool_calls?.length) {
    out.push({
      role: 'assistant',
      content: assistant.content || null,
      tool_calls: assistant.tool_calls,
    })
    assistant.tool_calls.forEach((call, i) => {
      out.push({
        role: 'tool',
        tool_call_id: call.id,
        content:
          i === 0 ? (observation?.content ?? '') : 'Only the first call of a turn is acted on.',
      })
    })
    return out
  }
  out.push({ role: 'assistant', content: assistant.content })
  if (observation) out.push({ role: 'user', content: observation.content })
  return out
}

function tokens(messages: readonly ChatMessage[]): number {
  return Math.ceil(JSON.stringify(messages).length / 4)
}
