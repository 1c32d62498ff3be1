import { readFileSync } from 'node:fs'
import {
  type AgentReply,
  type AnyAgent,
  type ChatAgentOptions,
  chatAgent,
  type EpisodeJob,
  oracleAgent,
  randomAgent,
  replayAgent,
} from '@refinery/agent'
import { RefineryError, Trajectory } from '@refinery/core'
import type { LlmClient } from '@refinery/llm'
import type { EpisodeUsage } from './metrics'

export const AGENT_KINDS = ['openai', 'oracle', 'random', 'replay'] as const
export type AgentKind = (typeof AGENT_KINDS)[number]

export type AgentSpec =
  | { kind: 'oracle' }
  | { kind: 'random' }
  | {
      kind: 'replay' /** A JSONL file of trajectories; the first record of each task is replayed. */
      file: string
    }
  | ({ kind: 'openai'; client: LlmClient; model: string } & Omit<ChatAgentOptions, 'client'>)

/** An agent per episode, and the usage each episode spent (model agents only). */
export interface EvalAgent {
  name: string
  model: string | null
  make(job: EpisodeJob, id: string): AnyAgent
  usage(id: string): EpisodeUsage | null
}

/** The agent a spec names. `random` is seeded by the episode's sampling seed. */
export function evalAgent(spec: AgentSpec): EvalAgent {
  switch (spec.kind) {
    case 'oracle': {
      const agent = oracleAgent()
      return { name: 'oracle', model: null, make: () => agent, usage: () => null }
    }
    case 'random':
      return {
        name: 'random',
        model: null,
        make: (job) => randomAgent(job.seed ?? job.task.seed),
        usage: () => null,
      }
    case 'replay': {
      const replies = readReplays(spec.file)
      return {
        name: 'replay',
        model: null,
        make(job) {
          const outputs = replies.get(job.task.id)
          if (!outputs) {
            throw new RefineryError(
              'invalid_input',
              `The replay file has no trajectory of ${job.task.id}.`,
              {
                hint: 'Limit the suite to the tasks the file holds (--families, --limit).',
                path: spec.file,
              },
            )
          }
          return replayAgent(outputs)
        },
        usage: () => null,
      }
    }
    case 'openai':
      return openaiAgent(spec)
  }
}

function openaiAgent(spec: Extract<AgentSpec, { kind: 'openai' }>): EvalAgent {
  const spent = new Map<string, EpisodeUsage>()
  const { client, model, kind: _kind, ...options } = spec
  return {
    name: 'openai',
    model,
    make(_job, id) {
      const usage: EpisodeUsage = { promptTokens: 0, completionTokens: 0, costUsd: 0 }
      spent.set(id, usage)
      // Counts this episode's tokens and cost; everything else goes to the shared client.
      const counted = {
        complete: async (...args: Parameters<LlmClient['complete']>) => {
          const result = await client.complete(...args)
          usage.promptTokens += result.usage.promptTokens
          usage.completionTokens += result.usage.completionTokens
          usage.costUsd += result.costUsd
          return result
        },
      } as unknown as LlmClient
      return chatAgent({ ...options, client: counted })
    },
    usage: (id) => spent.get(id) ?? null,
  }
}

function readReplays(file: string): Map<string, AgentReply[]> {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch {
    throw new RefineryError('invalid_input', `Cannot read the replay file '${file}'.`, {
      hint: 'Pass --replay a trajectories JSONL file.',
    })
  }
  const out = new Map<string, AgentReply[]>()
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return
    let record: Trajectory
    try {
      record = Trajectory.parse(JSON.parse(line))
    } catch {
      throw new RefineryError(
        'invalid_input',
        `Line ${i + 1} is not a refinery.trajectory.v1 record.`,
        {
          hint: 'Replay files are trajectories as synth or eval write them.',
          path: file,
        },
      )
    }
    if (out.has(record.task)) return
    out.set(
      record.task,
      record.messages.flatMap((m) =>
        m.role !== 'assistant'
          ? []
          : [
              m.tool_calls?.length
                ? { content: m.content || null, tool_calls: m.tool_calls }
                : m.content,
            ],
      ),
    )
  })
  return out
}
