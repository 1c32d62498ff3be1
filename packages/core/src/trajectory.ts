import { z } from 'zod'
import { Perturbation } from './spec'
import { isErrorStatus, StepStatus } from './status'

export const TRAJECTORY_SCHEMA = 'refinery.trajectory.v1' as const

export const SystemMessage = z.object({ role: z.literal('system'), content: z.string() })
export type SystemMessage = z.infer<typeof SystemMessage>

export const UserMessage = z.object({ role: z.literal('user'), content: z.string() })
export type UserMessage = z.infer<typeof UserMessage>

/** One function call of an assistant turn, as OpenAI chat completions write it. */
export const ToolCall = z.object({
  id: z.string(),
  type: z.literal('function'),
  function: z.object({ name: z.string(), arguments: z.string() }),
})
export type ToolCall = z.infer<typeof ToolCall>

export const AssistantMessage = z.object({
  role: z.literal('assistant'),
  /** What the model wrote, verbatim ('' when it only called tools). */
  content: z.string(),
  /** The tools the model called, when it answered with tool calls. */
  tool_calls: z.array(ToolCall).optional(),
  thought: z.string(),
  /** The action text the parser extracted; null on a format error. */
  action: z.string().nullable(),
  status: StepStatus,
  /** False exactly when the action was an error: such turns carry no loss. */
  train: z.boolean(),
})
export type AssistantMessage = z.infer<typeof AssistantMessage>

export const Message = z.discriminatedUnion('role', [SystemMessage, UserMessage, AssistantMessage])
export type Message = z.infer<typeof Message>

export const TrajectorySource = z.looseObject({
  kind: z.enum(['synth', 'eval', 'import']),
  mode: z.string().optional(),
  teacher: z.string().optional(),
  agent: z.string().optional(),
  model: z.string().optional(),
  persona: z.string().nullable().optional(),
  /**
   * The theme the persona gave the task (`EnvironmentFamily.theming`): replay rebuilds the
   * task in it. Absent when the task was used as the family made it.
   */
  theme: z.string().min(1).optional(),
})
export type TrajectorySource = z.infer<typeof TrajectorySource>

export const Outcome = z.object({
  success: z.boolean(),
  progress: z.number().min(0).max(1),
  steps: z.number().int().nonnegative(),
  errorRefinePairs: z.number().int().nonnegative(),
})
export type Outcome = z.infer<typeof Outcome>

export const Verification = z.object({
  /**
   * `replay`: played again on a fresh environment. `rules`: a script-mode record, whose
   * observations a model invented, checked by AgentRefine's rules against its own script.
   */
  by: z.enum(['replay', 'rules']),
  ok: z.boolean(),
  /** The replay's final state hash; for `rules`, the hash of the script and the rule verdicts. */
  finalStateHash: z.string(),
})
export type Verification = z.infer<typeof Verification>

/** AgentRefine's Dungeon Master flags, as a script-mode record stores them. */
export const DmFlagName = z.enum(['parameter_error', 'place_error', 'logic_error'])

/**
 * What a script-mode record carries so it can be checked again: the script the model wrote
 * (`Environment`, `Goal`, `Completion Conditions`, `Available Actions`) and the flags its
 * Dungeon Master raised on each assistant turn, in order.
 */
export const ScriptTrace = z.object({
  script: z.record(z.string(), z.unknown()),
  flags: z.array(z.array(DmFlagName)),
})
export type ScriptTrace = z.infer<typeof ScriptTrace>

export const Trajectory = z.object({
  schema: z.literal(TRAJECTORY_SCHEMA),
  id: z.string().min(1),
  env: z.string().min(1),
  task: z.string().min(1),
  seed: z.number().int(),
  perturbation: Perturbation.nullable(),
  source: TrajectorySource,
  messages: z.array(Message).min(2),
  outcome: Outcome,
  verified: Verification.nullable(),
  /** Script-mode records only: the script and the Dungeon Master's flags. */
  script: ScriptTrace.optional(),
})
export type Trajectory = z.infer<typeof Trajectory>

/**
 * Counts error→refine pairs: an erroneous assistant turn whose next assistant turn is an
 * accepted action (`ok`). A run of several errors before the fix counts once.
 */
export function countErrorRefinePairs(messages: readonly Message[]): number {
  let pairs = 0
  let pendingError = false
  for (const message of messages) {
    if (message.role !== 'assistant') continue
    if (isErrorStatus(message.status)) pendingError = true
    else if (message.status === 'ok') {
      if (pendingError) pairs++
      pendingError = false
    }
  }
  return pairs
}
