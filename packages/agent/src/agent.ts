import type {
  Environment,
  EnvironmentFamily,
  Message,
  Observation,
  StepResult,
  TaskRef,
} from '@refinery/core'
import { renderOutput } from '@refinery/parser'

/** Everything an agent may look at before it writes one turn. */
export interface AgentContext {
  readonly family: EnvironmentFamily
  readonly task: TaskRef
  /**
   * The live environment. Teachers and oracles may call `oracle()`, `validActions()` or
   * probe with `snapshot()` → `step()` → `restore()`; they must leave the state as they
   * found it, because the loop steps this environment with the reply they return.
   */
  readonly env: Environment
  /** What `reset()` gave: the task instruction and the first observation. */
  readonly initial: Observation
  /** The conversation so far: system, first user turn, then alternating turns. */
  readonly messages: readonly Message[]
  /** The index of the turn about to be written: 0 for the first. */
  readonly step: number
  /** The step limit of this episode. */
  readonly maxSteps: number
  /** The result of the previous turn, or null before the first. */
  readonly lastResult: StepResult | null
}

/** Writes the raw model output for one turn. */
export interface Agent {
  readonly name: string
  act(context: AgentContext): Promise<string>
}

/** A reply in the ReAct format the default system prompt asks for (`Thought: …` / `Action: …`). */
export function reactReply(thought: string, action: string): string {
  return renderOutput(thought, action, 'react')
}
