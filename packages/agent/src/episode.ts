import {
  type AssistantMessage,
  countErrorRefinePairs,
  type EnvironmentFamily,
  isErrorStatus,
  type Message,
  type Perturbation,
  RefineryError,
  type StepResult,
  stableHash,
  type TaskRef,
  TRAJECTORY_SCHEMA,
  type Trajectory,
  type TrajectorySource,
} from '@refinery/core'
import { parseOutput } from '@refinery/parser'
import type { Agent } from './agent'
import { defaultSystemPrompt } from './system-prompt'

/** Options of the parser's stage one (format, strictness). */
export type ParseOptions = NonNullable<Parameters<typeof parseOutput>[1]>

/** AgentBoard's step limit. */
export const DEFAULT_MAX_STEPS = 30

export interface RunEpisodeOptions {
  family: EnvironmentFamily
  task: TaskRef
  agent: Agent
  /** Assistant turns before the episode is cut off (default 30). */
  maxSteps?: number
  perturbation?: Perturbation | null
  /** Default: the family's instructions and the reply format (`defaultSystemPrompt`). */
  systemPrompt?: string
  source: TrajectorySource
  /** The record's id. */
  id: string
  /** The record's seed (default: the task's seed). */
  seed?: number
  parse?: ParseOptions
}

export interface EpisodeResult {
  /** Schema-valid, with `verified: null`. */
  trajectory: Trajectory
  /** One result per assistant turn; format errors get a result the loop made up. */
  results: StepResult[]
  /** `stableHash(env.snapshot())` at the end of the episode. */
  finalStateHash: string
}

/**
 * The one episode loop: reset, then agent → parser → environment until the episode is
 * done or the step limit is reached. A format error is answered with the parser's message
 * and the environment is not called; every assistant turn counts as a step.
 */
export async function runEpisode(options: RunEpisodeOptions): Promise<EpisodeResult> {
  const { family, task, agent } = options
  const maxSteps = options.maxSteps ?? DEFAULT_MAX_STEPS
  if (!Number.isInteger(maxSteps) || maxSteps < 1) {
    throw new RefineryError('usage', `maxSteps must be a positive integer, got ${maxSteps}.`, {
      hint: 'Pass maxSteps of 1 or more (AgentBoard uses 30).',
    })
  }
  const perturbation = options.perturbation ?? null
  const env = family.create(task, perturbation ? { perturbation } : {})
  try {
    const initial = await env.reset()
    const messages: Message[] = [
      { role: 'system', content: options.systemPrompt ?? defaultSystemPrompt(family) },
      { role: 'user', content: `${initial.instruction}\n${initial.observation}` },
    ]
    const results: StepResult[] = []
    let last: StepResult | null = null
    let progress = 0
    for (let step = 0; step < maxSteps; step++) {
      const content = await agent.act({
        family,
        task,
        env,
        initial,
        messages: messages.slice(),
        step,
        maxSteps,
        lastResult: last,
      })
      const parsed = parseOutput(content, options.parse)
      let result: StepResult
      let assistant: AssistantMessage
      if (parsed.ok) {
        result = await env.step(parsed.action)
        assistant = turn(content, parsed.thought, parsed.action, result)
      } else {
        result = {
          observation: parsed.message,
          status: 'format_error',
          done: false,
          success: false,
          progress,
          reward: 0,
        }
        assistant = turn(content, parsed.thought, null, result)
      }
      progress = Math.max(progress, result.progress)
      results.push(result)
      messages.push(assistant, { role: 'user', content: result.observation })
      last = result
      if (result.done) break
    }
    const trajectory: Trajectory = {
      schema: TRAJECTORY_SCHEMA,
      id: options.id,
      env: family.id,
      task: task.id,
      seed: options.seed ?? task.seed,
      perturbation,
      source: options.source,
      messages,
      outcome: {
        success: last?.success ?? false,
        progress,
        steps: results.length,
        errorRefinePairs: countErrorRefinePairs(messages),
      },
      verified: null,
    }
    return { trajectory, results, finalStateHash: stableHash(env.snapshot()) }
  } finally {
    await env.close?.()
  }
}

function turn(
  content: string,
  thought: string,
  action: string | null,
  result: StepResult,
): AssistantMessage {
  return {
    role: 'assistant',
    content,
    thought,
    action,
    status: result.status,
    train: !isErrorStatus(result.status),
  }
}
