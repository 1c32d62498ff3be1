import {
  groundAction,
  type OutputFormat,
  parseOutput,
  type ToolCallOutput,
  toolCallOutput,
} from '@refinery/parser'
import type { Command } from 'commander'
import { usage } from '../io'
import type { CommandContext } from '../main'
import { pickTask } from './task'

const FORMATS = ['auto', 'react', 'agentbench', 'act', 'json', 'tool_call', 'agentrefine'] as const

interface ParseOptions {
  format: string
  strict?: boolean
  family?: string
  split?: string
  task?: string
}

export function registerParse(program: Command, { io, registry }: CommandContext): void {
  program
    .command('parse')
    .description(
      'parse a model reply into thought and action; with --family, ground the action in a task',
    )
    .argument(
      '<output>',
      'the model output, quoted; for a tool call, the chat message as JSON ({"tool_calls": [...]})',
    )
    .option('--format <format>', `expected format: ${FORMATS.join(', ')}`, 'auto')
    .option('--strict', 'strict mode: no tolerance for chatter or sloppy keys')
    .option('--family <id>', 'also ground the action against this family’s task')
    .option('--split <split>', 'split of the task (default test; needs --family)')
    .option('--task <n>', 'task index (default 0; needs --family)')
    .action(async (output: string, options: ParseOptions) => {
      if (!(FORMATS as readonly string[]).includes(options.format)) {
        throw usage(`--format must be one of ${FORMATS.join(', ')}, got '${options.format}'.`)
      }
      if (!options.family && (options.task !== undefined || options.split !== undefined))
        throw usage('--task and --split choose a task of a family; give --family too.')
      const parsed = parseOutput(asToolCall(output, options.format) ?? output, {
        format: options.format as OutputFormat,
        strict: Boolean(options.strict),
      })
      if (!options.family || !parsed.ok) {
        io.stdout(`${JSON.stringify(parsed)}\n`)
        return
      }
      const family = registry.get(options.family)
      const env = family.create(
        pickTask(family, { split: options.split ?? 'test', task: options.task ?? '0' }),
      )
      try {
        await env.reset()
        const grounded = groundAction(parsed.action, env.actionSpace)
        io.stdout(`${JSON.stringify({ ...parsed, grounded })}\n`)
      } finally {
        await env.close?.()
      }
    })
}

/** A chat message given as JSON, read as a tool call when it carries `tool_calls`. */
function asToolCall(output: string, format: string): ToolCallOutput | null {
  if (format !== 'tool_call' && format !== 'auto') return null
  const text = output.trim()
  if (!text.startsWith('{') || !/"tool_?calls"/i.test(text)) return null
  try {
    return toolCallOutput(JSON.parse(text))
  } catch {
    return null
  }
}
