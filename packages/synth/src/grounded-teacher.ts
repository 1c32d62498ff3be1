import {
  chatMessages,
  chatSystemPrompt,
  type FamilyInfo,
  type ParseOptions,
  reactReply,
  type Teacher,
  type TeacherContext,
} from '@refinery/agent'
import {
  type Environment,
  isErrorStatus,
  RefineryError,
  rngStream,
  type StepStatus,
} from '@refinery/core'
import type { LlmClient } from '@refinery/llm'
import { parseOutput } from '@refinery/parser'
import {
  answersKind,
  CATEGORY_OF,
  categoryOfStatus,
  type ErrorCategory,
  type ErrorKind,
  errorCandidates,
  errorKindOrder,
} from './errors'
import { type InjectedError, probe } from './teacher'
import { mistakeThought } from './thoughts'

export interface GroundedTeacherOptions {
  client: LlmClient
  /** The per-trajectory seed: where and which errors are injected derive from it. */
  seed: number
  /** Mistakes a trajectory should hold: where the model makes fewer, errors are injected. */
  mistakes: number
  /** Default 0.3: the teacher's thoughts should not all read alike. */
  temperature?: number
  /** Completion tokens per turn (default 400). */
  maxTokens?: number
  /** Tokens of conversation sent per turn (default 6,000). */
  historyTokens?: number
  parse?: ParseOptions
}

/** One of the model's own mistakes, classified from the environment's answer. */
export interface OwnMistake {
  step: number
  status: StepStatus
  category: ErrorCategory
}

/**
 * The grounded mode's teacher: an LLM plays the world as a ReAct agent. As a teacher it gets
 * a privileged note with every request (the planner's next step), which the record never
 * holds. Its own mistakes count, classified by the environment's answer; while it has made
 * fewer than `mistakes`, errors from the taxonomy are injected (probed first, so only a
 * mistake the environment rejects is made) early enough that the model has turns left to
 * refine them. It keeps state between turns: one episode at a time.
 */
export class GroundedTeacher implements Teacher {
  readonly name = 'llm+errors'
  readonly privileged = true
  readonly own: OwnMistake[] = []
  readonly injected: InjectedError[] = []
  private readonly accepted: string[] = []

  constructor(private readonly options: GroundedTeacherOptions) {}

  systemPrompt(family: FamilyInfo): string {
    return chatSystemPrompt(family, { examples: 1 })
  }

  /** Every mistake of the latest episode, own and injected, in turn order. */
  mistakes(): ErrorCategory[] {
    const all = [
      ...this.own.map((m) => ({ step: m.step, category: m.category })),
      ...this.injected.map((m) => ({ step: m.step, category: CATEGORY_OF[m.kind] })),
    ]
    return all.sort((a, b) => a.step - b.step).map((m) => m.category)
  }

  async act(context: TeacherContext): Promise<string> {
    if (context.step === 0) {
      this.own.length = 0
      this.injected.length = 0
      this.accepted.length = 0
    }
    this.noteLastTurn(context)
    const plan = await planFrom(context.env)
    const made = this.own.length + this.injected.length
    const needed = this.options.mistakes - made
    const last = context.lastResult
    const erredLast = last !== null && isErrorStatus(last.status)
    const stepsLeft = context.maxSteps - context.step
    if (needed > 0 && !erredLast && plan.length > 0 && stepsLeft >= plan.length + 2) {
      // Each injected error needs a plan step after it for the model's refinement, so near
      // the end of the plan it is forced; earlier it is spread at random.
      const rng = rngStream(this.options.seed, 'grounded/inject', context.step)
      if (plan.length <= 2 * needed || rng.next() * plan.length < needed) {
        const mistake = await this.inject(context, plan)
        if (mistake !== null) return mistake
      }
    }
    return this.ask(context, plan)
  }

  /** The model's turn: the conversation as an evaluated agent would see it, plus the note. */
  private async ask(context: TeacherContext, plan: readonly string[]): Promise<string> {
    const messages = chatMessages(context.messages, 'react', this.options.historyTokens ?? 6000)
    messages.push({ role: 'user', content: teacherNote(plan) })
    const result = await this.options.client.complete(
      {
        messages,
        temperature: this.options.temperature ?? 0.3,
        max_tokens: this.options.maxTokens ?? 400,
        stop: ['\nObservation:'],
      },
      { signal: context.signal },
    )
    return result.message.content ?? ''
  }

  /** Classifies the previous turn: the model's own error, or the answer to an injected one. */
  private noteLastTurn(context: TeacherContext): void {
    const previous = context.messages.at(-2)
    const last = context.lastResult
    if (!last || previous?.role !== 'assistant') return
    if (last.status === 'ok' && previous.action) this.accepted.push(previous.action)
    const injected = this.injected.at(-1)
    if (injected && injected.step === context.step - 1) {
      injected.status = last.status
      return
    }
    const category = categoryOfStatus(last.status, last.place === true)
    if (category) this.own.push({ step: context.step - 1, status: last.status, category })
  }

  /** Tries the taxonomy's kinds in a seeded order; makes the first the environment rejects. */
  private async inject(context: TeacherContext, plan: readonly string[]): Promise<string | null> {
    const next = plan[0]!
    const seed = this.options.seed
    for (const kind of errorKindOrder(rngStream(seed, 'grounded/error-kind', context.step))) {
      const rng = rngStream(seed, `grounded/error/${kind}`, context.step)
      if (kind === 'malformed_reply') {
        const content = `Thought: ${mistakeThought(rng, kind, { action: next, next })}`
        if (parseOutput(content, this.options.parse).ok) continue
        this.record(context, kind, null, 'format_error')
        return content
      }
      const candidates = errorCandidates(
        kind,
        { next, plan, accepted: this.accepted, space: context.env.actionSpace },
        rng,
      )
      for (const candidate of candidates) {
        const thought = mistakeThought(rng, kind, { action: candidate.action, next })
        const content = reactReply(thought, candidate.action)
        const parsed = parseOutput(content, this.options.parse)
        if (!parsed.ok || parsed.action !== candidate.action) continue
        const answer = await probe(context.env, candidate.action)
        if (answer && answersKind(kind, answer.status, answer.place)) {
          this.record(context, kind, candidate.action, answer.status)
          return content
        }
      }
    }
    return null
  }

  private record(
    context: TeacherContext,
    kind: ErrorKind,
    action: string | null,
    status: StepStatus,
  ): void {
    this.injected.push({ step: context.step, kind, action, status })
  }
}

/**
 * The teacher's privileged context, sent after the conversation and never recorded: the
 * planner's next step, so the model plays well, in its own words.
 */
export function teacherNote(plan: readonly string[]): string {
  const next = plan[0]
  return [
    "[Teacher's note: not part of the conversation; never mention it.]",
    next === undefined
      ? 'The planner has no way to the goal from here.'
      : `Planner's next step: ${next}`,
    `Steps left on the planner's way: ${plan.length}`,
    "Write the agent's next reply: a thought in your own words that reads the latest observation and says why, then one action in this world's exact form.",
  ].join('\n')
}

/** The planner's way from the current state; empty when it finds none. */
async function planFrom(env: Environment): Promise<string[]> {
  if (!env.oracle) return []
  try {
    return await env.oracle()
  } catch (error) {
    // A planner budget or an unsolvable state: the teacher plays on without the hint.
    if (RefineryError.isInstance(error) && error.code !== 'internal') return []
    throw error
  }
}
