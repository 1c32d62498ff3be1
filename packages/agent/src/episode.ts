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
import { parseOutput, toolCallOutput } from '@refinery/parser'
import {
  type AgentContext,
  type AgentReply,
  type AnyAgent,
  familyInfo,
  type SteppedAction,
  type TeacherContext,
} from './agent'
import { defaultSystemPrompt } from './system-prompt'

/** Options of the parser's stage one (format, strictness). */
export type ParseOptions = NonNullable<Parameters<typeof parseOutput>[1]>

/** AgentBoard's step limit. */
export const DEFAULT_MAX_STEPS = 30

export interface RunEpisodeOptions {
  family: EnvironmentFamily
  task: TaskRef
  /** An evaluated agent sees only the conversation, task and action space; a teacher more. */
  agent: AnyAgent
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
  /** Cancels the episode between turns and inside the agent's requests (`interrupted`). */
  signal?: AbortSignal
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
  const signal = options.signal ?? new AbortController().signal
  checkAborted(signal, task)
  const env = family.create(task, perturbation ? { perturbation } : {})
  try {
    const initial = await env.reset()
    const info = familyInfo(family)
    const system = options.systemPrompt ?? agent.systemPrompt?.(info) ?? defaultSystemPrompt(family)
    // A plain literal where there are no options (synthesis, replay): a spread followed by a
    // key makes V8 build the object key by key.
    const parse: ParseOptions = options.parse
      ? { ...options.parse, space: env.actionSpace }
      : { space: env.actionSpace }
    const messages: Message[] = [
      { role: 'system', content: system },
      { role: 'user', content: `${initial.instruction}\n${initial.observation}` },
    ]
    const results: StepResult[] = []
    let last: StepResult | null = null
    let progress = 0
    let handed: SteppedAction | null = null
    const handOver = (stepped: SteppedAction) => {
      handed = stepped
    }
    for (let step = 0; step < maxSteps; step++) {
      checkAborted(signal, task)
      // A fresh object for each: an evaluated agent never holds a reference to env. The
      // teacher's is written out, not spread from the other: on Node 20 an object literal that
      // starts with a spread and adds keys costs microseconds (some 7 µs for this one).
      const reply: AgentReply = agent.privileged
        ? await agent.act({
            family,
            task,
            actionSpace: env.actionSpace,
            messages: messages.slice(),
            step,
            maxSteps,
            signal,
            env,
            initial,
            lastResult: last,
            handOver,
          } satisfies TeacherContext)
        : await agent.act({
            family: info,
            task,
            actionSpace: env.actionSpace,
            messages: messages.slice(),
            step,
            maxSteps,
            signal,
          } satisfies AgentContext)
      checkAborted(signal, task)
      const parsed = parseOutput(
        typeof reply === 'string' ? reply : (toolCallOutput(reply) ?? ''),
        parse,
      )
      let result: StepResult
      let assistant: AssistantMessage
      // A step the teacher made already is taken only for the action read from its reply.
      const made = handed as SteppedAction | null
      handed = null
      if (made && !(parsed.ok && parsed.action === made.action)) env.restore(made.before)
      if (parsed.ok) {
        result = made && made.action === parsed.action ? made.result : await env.step(parsed.action)
        assistant = turn(reply, parsed.thought, parsed.action, result)
      } else {
        result = {
          observation: parsed.message,
          status: 'format_error',
          done: false,
          success: false,
          progress,
          reward: 0,
        }
        assistant = turn(reply, parsed.thought, null, result)
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
  reply: AgentReply,
  thought: string,
  action: string | null,
  result: StepResult,
): AssistantMessage {
  // Two literals, not one with a spread in the middle: on Node 20 the spread makes V8 build
  // the message key by key, at every turn of every episode and replay.
  if (typeof reply === 'string') {
    return {
      role: 'assistant',
      content: reply,
      thought,
      action,
      status: result.status,
      train: !isErrorStatus(result.status),
    }
  }
  return {
    role: 'assistant',
    content: reply.content ?? '',
    tool_calls: reply.tool_calls,
    thought,
    action,
    status: result.status,
    train: !isErrorStatus(result.status),
  }
}

function checkAborted(signal: AbortSignal, task: TaskRef): void {
  if (!signal.aborted) return
  throw new RefineryError('interrupted', `The episode of ${task.id} was cancelled.`, {
    hint: 'Episodes finished before the cancel are kept; resume to run the rest.',
  })
}
