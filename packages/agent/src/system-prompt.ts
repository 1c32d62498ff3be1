import type { EnvironmentFamily } from '@refinery/core'

/** The reply format every built-in agent writes and the default system prompt asks for. */
export const REPLY_FORMAT_LINE =
  'Reply on every turn in exactly this form, with one action: "Thought: <your reasoning>" on one line, then "Action: <the action>" on the next.'

/** The default system prompt: the family's instructions and the reply format. */
export function defaultSystemPrompt(family: EnvironmentFamily): string {
  const how = family.instructions?.trim() || family.description.trim()
  return `You are an agent acting in a text environment (${family.id}). ${how}\n${REPLY_FORMAT_LINE}`
}
