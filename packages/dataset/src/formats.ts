import type { AssistantMessage, Message, Trajectory } from '@refinery/core'

/**
 * Conversions of one `refinery.trajectory.v1` record into each trainer's own format, with
 * the loss mask kept in that trainer's terms. Every example ends on an assistant turn: the
 * observation after the last action teaches nothing, and OpenAI rejects a trailing user turn.
 */

/** The messages up to and including the last assistant turn. */
export function throughLastAction(messages: readonly Message[]): Message[] {
  let last = -1
  for (let i = messages.length - 1; i >= 0; i--) {
    if (messages[i]!.role === 'assistant') {
      last = i
      break
    }
  }
  return messages.slice(0, last + 1)
}

/** Assistant turns that carry loss in the record (`train: true`). */
export function trainedTurns(record: Trajectory): number {
  let n = 0
  for (const m of record.messages) if (m.role === 'assistant' && m.train) n++
  return n
}

// ── OpenAI chat fine-tuning ──────────────────────────────────────────────────────────────

export interface OpenAiChatLine {
  messages: { role: 'system' | 'user' | 'assistant'; content: string; weight?: 0 | 1 }[]
}

/** `weight` 0/1 on assistant turns (0: an erroneous turn, no loss); other roles carry none. */
export function toOpenAiChat(record: Trajectory): OpenAiChatLine {
  return {
    messages: throughLastAction(record.messages).map((m) =>
      m.role === 'assistant'
        ? { role: 'assistant', content: m.content, weight: m.train ? 1 : 0 }
        : { role: m.role, content: m.content },
    ),
  }
}

// ── LLaMA-Factory sharegpt ───────────────────────────────────────────────────────────────

export interface ShareGptLine {
  system: string
  conversations: { from: 'human' | 'gpt' | 'observation'; value: string }[]
}

/**
 * LLaMA-Factory has no per-turn loss flag in its sharegpt format; what it does support is
 * `mask_history: true`, which trains the last turn of each example only. So a record becomes
 * one example per trained assistant turn, the conversation up to that turn: erroneous turns
 * appear only inside histories and never carry loss. Positions follow LLaMA-Factory's rule:
 * odd positions `human` or `observation`, even positions `gpt`, an even count.
 */
export function toShareGpt(record: Trajectory): ShareGptLine[] {
  const messages = throughLastAction(record.messages)
  const system = messages[0]?.role === 'system' ? messages[0].content : ''
  const conversations: ShareGptLine['conversations'] = []
  const out: ShareGptLine[] = []
  let seenUser = false
  for (const m of messages) {
    if (m.role === 'system') continue
    if (m.role === 'user') {
      conversations.push({ from: seenUser ? 'observation' : 'human', value: m.content })
      seenUser = true
      continue
    }
    conversations.push({ from: 'gpt', value: m.content })
    if (m.train) out.push({ system, conversations: conversations.slice() })
  }
  return out
}

/** The `dataset_info.json` entry that registers a sharegpt export under `name`. */
export function llamaFactoryDatasetInfo(name: string, fileName: string): Record<string, unknown> {
  return {
    [name]: {
      file_name: fileName,
      formatting: 'sharegpt',
      columns: { messages: 'conversations', system: 'system' },
      tags: {
        role_tag: 'from',
        content_tag: 'value',
        user_tag: 'human',
        assistant_tag: 'gpt',
        observation_tag: 'observation',
      },
    },
  }
}

// ── axolotl chat_template ────────────────────────────────────────────────────────────────

export interface AxolotlLine {
  messages: { role: 'system' | 'user' | 'assistant'; content: string; training: boolean }[]
}

/**
 * axolotl's `chat_template` type reads a per-message training flag
 * (`message_field_training: training`), which overrides `roles_to_train`.
 */
export function toAxolotl(record: Trajectory): AxolotlLine {
  return {
    messages: throughLastAction(record.messages).map((m) => ({
      role: m.role,
      content: m.content,
      training: m.role === 'assistant' && m.train,
    })),
  }
}

// ── TRL ──────────────────────────────────────────────────────────────────────────────────

export interface TrlMessage {
  role: 'system' | 'user' | 'assistant'
  content: string
}
export interface TrlLine {
  messages: TrlMessage[]
}
export interface TrlCompletionLine {
  prompt: TrlMessage[]
  completion: TrlMessage[]
}

/**
 * TRL's conversational `messages` format has no per-turn flag: with `assistant_only_loss`
 * every assistant turn trains. To keep erroneous turns out of the loss, each one is written
 * into the user turn that follows it (the observation before it, the erroneous reply, the
 * feedback), so the model still reads its mistake and the feedback before the refining turn.
 * Use `trl-completion` to keep erroneous turns in the assistant role.
 */
export function toTrl(record: Trajectory): TrlLine {
  const out: TrlMessage[] = []
  for (const m of throughLastAction(record.messages)) {
    const masked = m.role === 'assistant' && !m.train
    const role = masked ? 'user' : m.role
    const previous = out.at(-1)
    if (role === 'user' && previous?.role === 'user') previous.content += `\n\n${m.content}`
    else out.push({ role, content: m.content })
  }
  return { messages: out }
}

/**
 * TRL's conversational prompt-completion format: loss on the completion only
 * (`completion_only_loss`). One example per trained assistant turn, its whole history as the
 * prompt, erroneous turns kept as assistant turns inside prompts.
 */
export function toTrlCompletion(record: Trajectory): TrlCompletionLine[] {
  const messages = throughLastAction(record.messages)
  const out: TrlCompletionLine[] = []
  for (const [i, m] of messages.entries()) {
    if (m.role !== 'assistant' || !m.train) continue
    out.push({
      prompt: messages.slice(0, i).map((p) => ({ role: p.role, content: p.content })),
      completion: [{ role: 'assistant', content: m.content }],
    })
  }
  return out
}

// ── Agent Data Protocol ──────────────────────────────────────────────────────────────────

export const ADP_SCHEMA_VERSION = '1.2.0'

export type AdpItem =
  | { class_: 'text_observation'; content: string; source: 'user' | 'environment' }
  | { class_: 'message_action'; content: string; description: string }

export interface AdpLine {
  schema_version: string
  id: string
  content: AdpItem[]
  details: {
    env: string
    task: string
    system: string
    /** One flag per action in `content`, in order: false on an erroneous turn (no loss). */
    train: boolean[]
  }
}

/**
 * ADP's standardized trajectory: the task and observations as `text_observation`s (the first
 * from the user, the rest from the environment), each reply as a `message_action` with its
 * thought as `description`. ADP's action objects forbid extra fields and have no loss flag,
 * so the mask travels in `details.train`, one flag per action.
 */
export function toAdp(record: Trajectory): AdpLine {
  const content: AdpItem[] = []
  const train: boolean[] = []
  let system = ''
  let seenUser = false
  for (const m of throughLastAction(record.messages)) {
    if (m.role === 'system') system = m.content
    else if (m.role === 'user') {
      content.push({
        class_: 'text_observation',
        content: m.content,
        source: seenUser ? 'environment' : 'user',
      })
      seenUser = true
    } else {
      content.push(adpAction(m))
      train.push(m.train)
    }
  }
  return {
    schema_version: ADP_SCHEMA_VERSION,
    id: record.id,
    content,
    details: { env: record.env, task: record.task, system, train },
  }
}

function adpAction(m: AssistantMessage): AdpItem {
  return { class_: 'message_action', content: m.content, description: m.thought }
}
