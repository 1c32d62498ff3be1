import type {
  ActionSpace,
  Environment,
  EnvironmentFamily,
  Message,
  Observation,
  Snapshot,
  StepResult,
  TaskRef,
  ToolCall,
} from '@refinery/core'
import { renderOutput } from '@refinery/parser'

/** What an agent may know about the family: plain text, nothing it could run. */
export interface FamilyInfo {
  readonly id: string
  readonly description: string
  readonly instructions?: string | undefined
}

/**
 * What an agent under evaluation sees before it writes one turn: the conversation, the task
 * and the action space. Never the live environment or its oracle, so it cannot cheat.
 */
export interface AgentContext {
  readonly family: FamilyInfo
  readonly task: TaskRef
  /** The templates the parser grounds against (and `actionTools` turns into functions). */
  readonly actionSpace: ActionSpace
  /** The conversation so far: system, first user turn, then alternating turns. */
  readonly messages: readonly Message[]
  /** The index of the turn about to be written: 0 for the first. */
  readonly step: number
  /** The step limit of this episode. */
  readonly maxSteps: number
  /** Aborted when the run is cancelled: pass it on to every request. */
  readonly signal: AbortSignal
}

/**
 * A teacher's privileged view (synthesis, oracle and random agents): everything an
 * evaluated agent sees, plus the live environment and the family itself.
 */
export interface TeacherContext extends Omit<AgentContext, 'family'> {
  readonly family: EnvironmentFamily
  /**
   * The live environment. Teachers may call `oracle()`, `validActions()` or probe with
   * `snapshot()` → `step()` → `restore()`; they must leave the state as they found it,
   * because the loop steps this environment with the reply they return (but see `handOver`).
   */
  readonly env: Environment
  /** What `reset()` gave: the task instruction and the first observation. */
  readonly initial: Observation
  /** The result of the previous turn, or null before the first. */
  readonly lastResult: StepResult | null
  /**
   * Offered by a loop that can take a step already made: a teacher that probed the action of
   * the reply it is about to return may leave the environment after that step and hand the
   * step over, and the loop uses its result instead of stepping the same action again. When
   * the loop reads another action from the reply, or none, it restores `before` first.
   */
  readonly handOver?: (step: SteppedAction) => void
}

/** A step a teacher made on the live environment, handed over to the loop (`handOver`). */
export interface SteppedAction {
  action: string
  /** `env.snapshot()` before the step. */
  before: Snapshot
  result: StepResult
}

/** An assistant message that calls tools, as an OpenAI chat completion returns it. */
export interface ToolCallReply {
  content: string | null
  tool_calls: ToolCall[]
}

/** One turn: the text the model wrote, or a message with tool calls. */
export type AgentReply = string | ToolCallReply

interface AgentBase {
  readonly name: string
  /** The system prompt this agent wants; the loop's default is `defaultSystemPrompt`. */
  systemPrompt?(family: FamilyInfo): string
}

/** An agent under evaluation: it sees only `AgentContext`. */
export interface Agent extends AgentBase {
  readonly privileged?: false
  act(context: AgentContext): Promise<AgentReply>
}

/** A teacher: it gets the privileged `TeacherContext`. */
export interface Teacher extends AgentBase {
  readonly privileged: true
  act(context: TeacherContext): Promise<AgentReply>
}

/** Anything the episode loop can run. */
export type AnyAgent = Agent | Teacher

/** A reply in the ReAct format the default system prompt asks for (`Thought: …` / `Action: …`). */
export function reactReply(thought: string, action: string): string {
  return renderOutput(thought, action, 'react')
}

/** The family as plain data: what an evaluated agent may read about it. */
export function familyInfo(family: EnvironmentFamily): FamilyInfo {
  return {
    id: family.id,
    description: family.description,
    ...(family.instructions === undefined ? {} : { instructions: family.instructions }),
  }
}
