import type { ConcreteFormat } from './feedback'
import type { ToolCallOutput } from './output'

export interface RenderOptions {
  /** The turn number of an AgentRefine player turn (1 by default). */
  turn?: number
}

/**
 * Writes a model reply in one of the formats stage one reads: the inverse of `parseOutput`.
 * Used for prompts (the example reply), synthesized assistant turns and round-trip tests.
 * A multi-line action (`bash` + script) is written as a fenced block where the format has one.
 */
export function renderOutput(
  thought: string,
  action: string,
  format: 'tool_call',
  options?: RenderOptions,
): ToolCallOutput
export function renderOutput(
  thought: string,
  action: string,
  format: Exclude<ConcreteFormat, 'tool_call'>,
  options?: RenderOptions,
): string
export function renderOutput(
  thought: string,
  action: string,
  format: ConcreteFormat,
  options?: RenderOptions,
): string | ToolCallOutput
export function renderOutput(
  thought: string,
  action: string,
  format: ConcreteFormat,
  options: RenderOptions = {},
): string | ToolCallOutput {
  switch (format) {
    case 'react':
      return `Thought: ${thought}\nAction: ${labelledAction(action)}`
    case 'agentbench':
      return `Think: ${thought}\n\nAct: ${labelledAction(action)}`
    case 'act':
      return `Action: ${labelledAction(action)}`
    case 'json':
      return JSON.stringify({ thought, action })
    case 'agentrefine':
      return JSON.stringify({
        turn: options.turn ?? 1,
        role: 'Player',
        Thought: thought,
        Action: action,
      })
    case 'tool_call':
      return {
        content: thought === '' ? null : thought,
        toolCalls: [{ name: 'act', arguments: JSON.stringify({ action }) }],
      }
  }
}

/** `bash\nls -l` → `bash` and a fenced block, as AgentBench writes operations. */
function labelledAction(action: string): string {
  const newline = action.indexOf('\n')
  if (newline === -1) return action
  const verb = action.slice(0, newline).trim()
  return `${verb}\n\`\`\`${verb.toLowerCase()}\n${action.slice(newline + 1)}\n\`\`\``
}
