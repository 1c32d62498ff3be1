import { RefineryError, rngStream } from '@refinery/core'
import { writeJsonlAtomically } from './atomic'
import { type OpenAiChatLine, toOpenAiChat } from './formats'
import { readJsonl } from './jsonl'
import { records } from './select'

/**
 * Mixing agent data with general chat data, as AgentTuning did (η = 0.2): the output holds
 * every agent record (as an OpenAI chat example, erroneous turns weighted 0) and a seeded
 * sample of general examples, so that agent examples are a share η of the whole. The two
 * streams are interleaved at random (seeded), each keeping its own order.
 */

export interface MixOptions {
  /** Share of agent examples in the output, in (0, 1] (default 0.2). */
  ratio?: number
  seed?: number
  onLine?: (line: number) => void
}

export interface MixReport {
  agent: number
  general: { available: number; wanted: number; used: number }
  written: number
  skipped: { file: string; line: number; problem: string }[]
}

const ROLES: Record<string, OpenAiChatLine['messages'][number]['role']> = {
  system: 'system',
  human: 'user',
  user: 'user',
  gpt: 'assistant',
  assistant: 'assistant',
  chatgpt: 'assistant',
  bard: 'assistant',
}

/**
 * One general chat example (ShareGPT `conversations` or OpenAI `messages`) as OpenAI chat
 * messages, ending on an assistant turn; a string saying why when it is not one.
 */
export function generalExample(value: unknown): OpenAiChatLine | string {
  const v = value as { conversations?: unknown; messages?: unknown } | null
  const turns = Array.isArray(v?.conversations)
    ? v.conversations
    : Array.isArray(v?.messages)
      ? v.messages
      : null
  if (!turns) return 'neither ShareGPT (conversations) nor OpenAI (messages)'
  const messages: OpenAiChatLine['messages'] = []
  for (const [i, t] of turns.entries()) {
    const turn = t as { from?: unknown; value?: unknown; role?: unknown; content?: unknown }
    const who = String(turn?.from ?? turn?.role ?? '')
    const content = turn?.value ?? turn?.content
    const role = ROLES[who.toLowerCase()]
    if (!role) return `turn ${i}: unknown role '${who}'`
    if (typeof content !== 'string') return `turn ${i}: content is not a string`
    messages.push({ role, content })
  }
  while (messages.length > 0 && messages.at(-1)!.role !== 'assistant') messages.pop()
  if (!messages.some((m) => m.role === 'user')) return 'no user turn before an assistant turn'
  return { messages }
}

export async function mixFiles(
  agentInput: string,
  generalInput: string,
  output: string,
  options: MixOptions = {},
): Promise<MixReport> {
  const ratio = options.ratio ?? 0.2
  if (!(ratio > 0 && ratio <= 1)) {
    throw new RefineryError('usage', `--ratio must be in (0, 1], got ${ratio}.`, {
      hint: 'η is the share of agent examples; AgentTuning used 0.2.',
    })
  }
  const seed = options.seed ?? 0
  const report: MixReport = {
    agent: 0,
    general: { available: 0, wanted: 0, used: 0 },
    written: 0,
    skipped: [],
  }
  for await (const r of records(agentInput)) {
    if (r.record) report.agent++
    else report.skipped.push({ file: agentInput, line: r.line, problem: r.problem! })
  }
  const generalLines: number[] = []
  for await (const entry of readJsonl(generalInput)) {
    const example = entry.error === undefined ? generalExample(entry.value) : entry.error
    if (typeof example === 'string')
      report.skipped.push({ file: generalInput, line: entry.line, problem: example })
    else generalLines.push(entry.line)
  }
  report.general.available = generalLines.length
  report.general.wanted = Math.round((report.agent * (1 - ratio)) / ratio)
  const sample = rngStream(seed, 'mix-general').sample(
    generalLines,
    Math.min(report.general.wanted, generalLines.length),
  )
  const chosen = new Set(sample)
  report.general.used = chosen.size
  const order = rngStream(seed, 'mix-order')
  await writeJsonlAtomically(output, async (writer) => {
    const agent = agentExamples(agentInput, options.onLine)
    const general = chosenGeneral(generalInput, chosen)
    let left = { agent: report.agent, general: report.general.used }
    while (left.agent + left.general > 0) {
      const fromAgent = order.next() * (left.agent + left.general) < left.agent
      const next = await (fromAgent ? agent : general).next()
      if (next.done)
        throw new RefineryError('internal', 'An input changed while it was being mixed.')
      await writer.write(next.value)
      report.written++
      left = fromAgent ? { ...left, agent: left.agent - 1 } : { ...left, general: left.general - 1 }
    }
  })
  return report
}

async function* agentExamples(
  input: string,
  onLine?: (line: number) => void,
): AsyncGenerator<OpenAiChatLine> {
  for await (const r of records(input, onLine)) if (r.record) yield toOpenAiChat(r.record)
}

async function* chosenGeneral(input: string, chosen: Set<number>): AsyncGenerator<OpenAiChatLine> {
  for await (const entry of readJsonl(input)) {
    if (!chosen.has(entry.line)) continue
    const example = generalExample(entry.value)
    if (typeof example !== 'string') yield example
  }
}
