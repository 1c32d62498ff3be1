import {
  type EnvironmentFamily,
  type Message,
  parseTaskId,
  RefineryError,
  type TaskRef,
  type Trajectory,
} from '@refinery/core'
import type { AgentReply } from './agent'
import { replayAgent } from './agents'
import { type ParseOptions, type RunEpisodeOptions, runEpisode } from './episode'

export interface ReplayReport {
  /** True when the replay matched the record in every compared field. */
  ok: boolean
  /** One line per difference, naming the message index (`turn 7: observation differs`). */
  problems: string[]
  /** `stableHash` of the fresh environment's final state; null when the replay could not run. */
  finalStateHash: string | null
}

export interface ReplayOptions {
  /** The parser options the record was written with (default: the parser's defaults). */
  parse?: ParseOptions
}

/**
 * Re-runs a record's assistant contents in a fresh environment and compares the result:
 * every user message byte for byte, every assistant status, action, thought and train mask,
 * and the outcome. Turns are numbered by their index in `messages`.
 */
export async function replayTrajectory(
  record: Trajectory,
  family: EnvironmentFamily,
  options: ReplayOptions = {},
): Promise<ReplayReport> {
  let ref: ReturnType<typeof parseTaskId>
  try {
    ref = parseTaskId(record.task)
  } catch (error) {
    return failed(`task: ${describe(error)}`)
  }
  if (ref.family !== family.id || record.env !== family.id) {
    return failed(
      `task: ${record.task} (env '${record.env}') cannot be replayed on family '${family.id}'`,
    )
  }
  const outputs = record.messages.flatMap((m): AgentReply[] => {
    if (m.role !== 'assistant') return []
    return [m.tool_calls ? { content: m.content, tool_calls: m.tool_calls } : m.content]
  })
  if (outputs.length === 0) return failed('messages: the record has no assistant turn to replay')
  let episode: Awaited<ReturnType<typeof runEpisode>>
  let task: TaskRef
  try {
    task = family.task(ref.split, ref.index)
  } catch (error) {
    return failed(`replay: ${describe(error)}`)
  }
  const theme = record.source.theme
  if (theme !== undefined) {
    // A persona-themed task: rebuilt in the theme the record keeps.
    if (!family.theming) return failed(`source.theme: family '${family.id}' is not themable`)
    try {
      task = family.theming.apply(task, theme)
    } catch (error) {
      return failed(`source.theme: ${describe(error)}`)
    }
  }
  try {
    const system = record.messages[0]?.role === 'system' ? record.messages[0].content : undefined
    // Optional keys set after the literal, not spread into its middle (slow on Node 20).
    const replay: RunEpisodeOptions = {
      family,
      task,
      agent: replayAgent(outputs),
      maxSteps: outputs.length,
      perturbation: record.perturbation,
      source: record.source,
      id: record.id,
      seed: record.seed,
      signal: NOT_CANCELLED,
    }
    if (system !== undefined) replay.systemPrompt = system
    if (options.parse) replay.parse = options.parse
    episode = await runEpisode(replay)
  } catch (error) {
    return failed(`replay: ${describe(error)}`)
  }
  const replayed = episode.trajectory
  const problems = compareMessages(record.messages, replayed.messages)
  for (const key of ['success', 'progress', 'steps', 'errorRefinePairs'] as const) {
    if (record.outcome[key] !== replayed.outcome[key]) {
      problems.push(
        `outcome.${key} differs (record ${record.outcome[key]}, replay ${replayed.outcome[key]})`,
      )
    }
  }
  return { ok: problems.length === 0, problems, finalStateHash: episode.finalStateHash }
}

/** A replay that could not run. (A function, not a closure tsx names at every replay.) */
function failed(problem: string): ReplayReport {
  return { ok: false, problems: [problem], finalStateHash: null }
}

/**
 * The signal of every replay: nothing cancels one, and the replay agent never listens to it,
 * so one shared signal saves an AbortController per replay (some 10 µs on Node 20).
 */
const NOT_CANCELLED = new AbortController().signal

function compareMessages(recorded: readonly Message[], replayed: readonly Message[]): string[] {
  const problems: string[] = []
  const length = Math.max(recorded.length, replayed.length)
  for (let i = 0; i < length; i++) {
    const a = recorded[i]
    const b = replayed[i]
    if (!a || !b) {
      problems.push(
        `turn ${i}: ${a ? 'the replay ended before this turn' : 'the replay went on past the record'} (record ${recorded.length} messages, replay ${replayed.length})`,
      )
      break
    }
    if (a.role !== b.role) {
      problems.push(`turn ${i}: role differs (record ${a.role}, replay ${b.role})`)
      break
    }
    if (a.role === 'user' && a.content !== b.content)
      problems.push(`turn ${i}: observation differs`)
    if (a.role === 'assistant' && b.role === 'assistant') {
      if (a.status !== b.status) {
        problems.push(`turn ${i}: status differs (record ${a.status}, replay ${b.status})`)
      }
      if (a.action !== b.action) {
        problems.push(
          `turn ${i}: action differs (record ${JSON.stringify(a.action)}, replay ${JSON.stringify(b.action)})`,
        )
      }
      if (a.thought !== b.thought) problems.push(`turn ${i}: thought differs`)
      if (a.train !== b.train) {
        problems.push(`turn ${i}: train differs (record ${a.train}, replay ${b.train})`)
      }
    }
  }
  return problems
}

function describe(error: unknown): string {
  if (RefineryError.isInstance(error)) return error.oneLine
  return error instanceof Error ? error.message : String(error)
}
