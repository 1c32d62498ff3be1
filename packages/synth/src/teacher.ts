import {
  oraclePlan,
  type ParseOptions,
  reactReply,
  type SteppedAction,
  type Teacher,
  type TeacherContext,
} from '@refinery/agent'
import {
  type ActionSpace,
  type Environment,
  isErrorStatus,
  RefineryError,
  type Rng,
  rngStream,
  type Snapshot,
  type StepResult,
  type StepStatus,
} from '@refinery/core'
import { parseOutput } from '@refinery/parser'
import {
  answersKind,
  CATEGORY_OF,
  type ErrorCandidate,
  type ErrorKind,
  entityMentions,
  errorCandidates,
  errorKindOrder,
} from './errors'
import {
  mistakeThought,
  openingOnly,
  openingThought,
  planSummary,
  quoteOf,
  refineThought,
  type StepVars,
  stepThought,
  taskSentence,
} from './thoughts'

export interface TeacherOptions {
  /** The per-trajectory seed: every choice the teacher makes derives from it. */
  seed: number
  /** Mistakes to make; fewer when the plan is too short or the step limit too close. */
  errors: number
  /** The parser options the episode runs with (the teacher checks its replies with them). */
  parse?: ParseOptions
  /**
   * Error→refine pairs the trajectory needs to be kept: a task whose plan leaves no room for
   * them within the step limit, or has fewer steps than pairs (each pair ends in a step of
   * the plan), is given up at the first turn (`gaveUp`), not played out.
   */
  minPairs?: number
}

/** How often a step with no mistake planned tries a place error first (until one is made). */
const PLACE_CHANCE = 0.3

/** One mistake the teacher made, with what the environment said about it. */
export interface InjectedError {
  /** The turn index. */
  step: number
  kind: ErrorKind
  /** The action sent, or null for a malformed reply. */
  action: string | null
  status: StepStatus
}

interface PendingError {
  kind: ErrorKind
  wrong?: string | undefined
  right?: string | undefined
  /** The action sent, undefined for a malformed reply. */
  failed?: string | undefined
}

/**
 * The `oracle+errors` teacher: it follows the oracle's plan, re-planned from the current
 * state every turn, and makes `errors` mistakes spread over the plan. Each mistake is
 * probed first (snapshot → step → restore) so only one the environment rejects is made, and
 * the next turn plays the plan step with a thought that answers the feedback. It keeps state
 * between turns, so it plays one episode at a time; `injected` describes the latest one.
 */
export class ProceduralTeacher implements Teacher {
  readonly name = 'oracle+errors'
  readonly privileged = true
  /** The mistakes made so far in this episode. */
  readonly injected: InjectedError[] = []
  private pending: PendingError | null = null
  private readonly accepted: string[] = []
  private plan: readonly string[] | null = null
  /** Why the latest episode was given up at its first turn, if it was. */
  gaveUp: 'task too long' | 'task too short' | null = null

  constructor(private readonly options: TeacherOptions) {}

  async act(context: TeacherContext): Promise<string> {
    if (context.step === 0) this.startEpisode()
    this.noteLastTurn(context)
    const plan = await this.currentPlan(context)
    if (context.step === 0) this.checkRoom(context, plan.length)
    const next = plan[0]!
    const step = context.step

    if (this.pending) {
      const pending = this.pending
      this.pending = null
      const last = context.lastResult!
      const thought = refineThought(this.stream('thought', step), last.status, pending.kind, {
        action: next,
        quote: quoteOf(last.observation),
        wrong: pending.wrong,
        right: pending.right,
        failed: pending.failed,
        after: plan[1],
      })
      return this.reply(thought, next)
    }

    const remaining = this.options.errors - this.injected.length
    const stepsLeft = context.maxSteps - step
    if (remaining > 0 && stepsLeft >= plan.length + 1) {
      // The draw is in [0, 1): with as many mistakes left as plan steps it cannot say no, so
      // its stream is not made (a stream is its own (seed, purpose, step): one not made shifts
      // no other's numbers, and making one costs some microseconds).
      const inject =
        remaining >= plan.length || this.stream('inject', step).next() * plan.length < remaining
      // Place errors exist only where the plan moves between locations, so where one can be
      // made it is tried more often than the others: it keeps its share of the taxonomy.
      // Drawn only when it decides something.
      const placeFirst =
        !inject &&
        !this.injected.some((e) => e.kind === 'wrong_place') &&
        this.stream('place', step).next() < PLACE_CHANCE
      if (inject || placeFirst) {
        const mistake = await this.makeMistake(context, plan, inject ? undefined : ['wrong_place'])
        if (mistake) return mistake
      }
    }
    return this.reply(this.planThought(context, plan, this.stream('thought', step)), next)
  }

  /**
   * The stream for one purpose at one turn. A method, not a closure made at every turn: under
   * tsx each named closure costs a `__name` defineProperty (some 1 µs) besides its allocation.
   */
  private stream(purpose: string, step: number): Rng {
    return rngStream(this.options.seed, purpose, step)
  }

  /**
   * Gives the episode up when the plan cannot hold the pairs it needs: played out, it would
   * be rejected for too few pairs after costing a whole episode and its replay.
   */
  private checkRoom(context: TeacherContext, steps: number): void {
    const pairs = this.options.minPairs ?? 0
    const task = context.task.id
    if (steps + pairs > context.maxSteps) {
      // Each pair costs a step beside the plan's.
      this.gaveUp = 'task too long'
      throw new RefineryError(
        'limit',
        `The oracle's plan for ${task} has ${steps} steps: with ${pairs} error→refine pairs it does not fit in ${context.maxSteps} steps.`,
        { hint: 'Raise the step limit (--max-steps) to keep long tasks.' },
      )
    }
    if (steps < pairs) {
      // A pair is a mistake and the plan step that corrects it.
      this.gaveUp = 'task too short'
      throw new RefineryError(
        'limit',
        `The oracle's plan for ${task} has ${steps} steps: too few to correct ${pairs} mistakes.`,
        { hint: 'A task this short cannot carry the pairs; the run draws another.' },
      )
    }
  }

  /** A new episode starts clean, so one teacher can play several episodes one after another. */
  private startEpisode(): void {
    this.gaveUp = null
    this.injected.length = 0
    this.accepted.length = 0
    this.pending = null
    this.plan = null
  }

  /**
   * The oracle's plan from the current state. Environments are deterministic, so a plan stays
   * valid while the teacher follows it: an accepted plan step drops it from the front, and an
   * error or a meta-action leaves the state (and the plan) as it was. The oracle is asked
   * again only when anything else happened, which makes it once per episode in practice.
   */
  private async currentPlan(context: TeacherContext): Promise<readonly string[]> {
    const last = context.messages.at(-2)
    let plan = this.plan
    if (plan && last?.role === 'assistant' && context.lastResult) {
      const status = context.lastResult.status
      if (status === 'ok' && last.action === plan[0]) plan = plan.slice(1)
      else if (status === 'ok') plan = null
    } else {
      plan = null
    }
    if (!plan || plan.length === 0) plan = await oraclePlan(context)
    this.plan = plan
    return plan
  }

  /** Remembers the status of the previous turn: accepted actions feed `pointless_action`. */
  private noteLastTurn(context: TeacherContext): void {
    const previous = context.messages.at(-2)
    if (previous?.role === 'assistant' && previous.status === 'ok' && previous.action) {
      this.accepted.push(previous.action)
    }
    const made = this.injected.at(-1)
    if (made && made.step === context.step - 1 && context.lastResult)
      made.status = context.lastResult.status
  }

  private planThought(context: TeacherContext, plan: readonly string[], rng: Rng): string {
    if (context.step === 0) return openingThought(rng, this.openingVars(context, plan))
    const last = context.lastResult
    const previous = context.messages.at(-2)
    const vars = new PlanStepVars(
      plan,
      previous?.role === 'assistant' && previous.status === 'ok'
        ? (previous.action ?? undefined)
        : undefined,
      last,
      context.env,
    )
    if (last?.status === 'meta') return stepThought(rng, 'after-meta', vars)
    return stepThought(rng, plan.length === 1 ? 'last' : 'next', vars)
  }

  /**
   * Tries the kinds in a seeded order and makes the first mistake the environment rejects.
   * Each candidate is probed before its thought is written: most probes fail, and a kind whose
   * candidates all fail throws its stream away, so its thoughts are never needed. Where one
   * passes, the thoughts of the candidates before it are drawn first, in order, so the stream
   * stands where writing every thought would have left it. The state is restored after every
   * probe, so an action probed again (place and prerequisite errors try the same plan steps)
   * gets the answer it got before.
   */
  private async makeMistake(
    context: TeacherContext,
    plan: readonly string[],
    only?: readonly ErrorKind[],
  ): Promise<string | null> {
    const next = plan[0]!
    const used = new Set(this.injected.map((e) => CATEGORY_OF[e.kind]))
    const order = only ?? errorKindOrder(this.stream('error-kind', context.step), used)
    const answers = new Map<string, Answer | null>()
    // Every probe starts from the state now and is restored to it, so one snapshot serves all.
    let before: Snapshot | undefined
    for (const kind of order) {
      if (kind === 'malformed_reply') {
        const content = this.malformedReply(context, plan)
        if (content === null) continue
        this.commit(context, { kind, right: next }, null, 'format_error')
        return content
      }
      // The kind's stream, made when first drawn from: the candidates of place and logic
      // errors draw nothing, and most of them fail their probes, so no thought is written.
      // (An unnamed arrow: tsx gives a named one a `__name` call each time it is made.)
      let rng: Rng | undefined
      const candidates = errorCandidates(
        kind,
        { next, plan, accepted: this.accepted, space: context.env.actionSpace },
        () => (rng ??= this.stream(`error/${kind}`, context.step)),
      )
      let written = 0
      for (let i = 0; i < candidates.length; i++) {
        const candidate = candidates[i]!
        let answer = answers.get(candidate.action)
        // A fresh probe stays stepped until it is known whether the mistake is made: then the
        // loop takes its step (`handOver`) instead of stepping the same action again.
        let stepped: SteppedAction | null = null
        if (answer === undefined) {
          before ??= context.env.snapshot()
          stepped = await stepAction(context.env, candidate.action, before)
          answer = stepped === null ? null : answerOf(stepped.result)
          answers.set(candidate.action, answer)
        }
        let content: string | null = null
        if (answer && answersKind(kind, answer.status, answer.place)) {
          rng ??= this.stream(`error/${kind}`, context.step)
          for (; written < i; written++)
            this.mistakeReply(context, plan, rng, kind, candidates[written]!)
          written = i + 1
          content = this.mistakeReply(context, plan, rng, kind, candidate)
        }
        if (content === null || !answer) {
          if (stepped) context.env.restore(stepped.before)
          continue
        }
        if (stepped) {
          if (context.handOver) context.handOver(stepped)
          else context.env.restore(stepped.before)
        }
        this.commit(
          context,
          { kind, wrong: candidate.wrong, right: candidate.right, failed: candidate.action },
          candidate.action,
          answer.status,
        )
        return content
      }
    }
    return null
  }

  /**
   * The reply that makes `candidate`'s mistake, or null when the parser would not read back
   * its thought and action as written (the candidate is skipped).
   */
  private mistakeReply(
    context: TeacherContext,
    plan: readonly string[],
    rng: Rng,
    kind: ErrorKind,
    candidate: ErrorCandidate,
  ): string | null {
    let thought = mistakeThought(rng, kind, { action: candidate.action, next: plan[0]! })
    if (context.step === 0) thought = `${this.openingOnly(context, plan, rng)} ${thought}`
    const content = reactReply(thought, candidate.action)
    const parsed = parseOutput(content, this.options.parse)
    if (!parsed.ok || parsed.action !== candidate.action || parsed.thought !== thought) return null
    return content
  }

  private openingOnly(context: TeacherContext, plan: readonly string[], rng: Rng): string {
    return openingOnly(rng, this.openingVars(context, plan))
  }

  private openingVars(context: TeacherContext, plan: readonly string[]) {
    return {
      task: taskSentence(context.initial.instruction),
      plan: planSummary(plan),
      action: plan[0]!,
      last: plan.at(-1)!,
      steps: plan.length,
      after: plan[1],
    }
  }

  /**
   * A reply the parser cannot read: a thought with no action, an empty action, or two bare
   * lines. The opening turn keeps its labelled thought, so the task and plan stay on record.
   */
  private malformedReply(context: TeacherContext, plan: readonly string[]): string | null {
    const next = plan[0]!
    const rng = rngStream(this.options.seed, 'error/malformed_reply/form', context.step)
    let thought = mistakeThought(rng, 'malformed_reply', { action: next, next })
    if (context.step === 0) thought = `${this.openingOnly(context, plan, rng)} ${thought}`
    const labelled = [`Thought: ${thought}`, `Thought: ${thought}\nAction:`]
    const forms = rng.shuffle(context.step === 0 ? labelled : [...labelled, `${thought}\n${next}`])
    for (const form of forms) {
      if (!parseOutput(form, this.options.parse).ok) return form
    }
    return null
  }

  private commit(
    context: TeacherContext,
    pending: PendingError,
    action: string | null,
    status: StepStatus,
  ): void {
    this.pending = pending
    this.injected.push({ step: context.step, kind: pending.kind, action, status })
  }

  /** Writes a reply and checks the parser reads back the same thought and action. */
  private reply(thought: string, action: string): string {
    const content = reactReply(thought, action)
    const parsed = parseOutput(content, this.options.parse)
    if (parsed.ok && parsed.action === action && parsed.thought === thought) return content
    const plain = reactReply(`Next, I will ${action}.`, action)
    const again = parseOutput(plain, this.options.parse)
    if (again.ok && again.action === action) return plain
    throw new RefineryError(
      'internal',
      `The parser cannot read back the oracle action '${action}'.`,
      {
        hint: 'The family oracle must return plain action text the parser accepts.',
      },
    )
  }
}

/**
 * The words of a plan step's thought. The quote and the entity seen are read only by the
 * phrasings that name them, and finding the entity scans the observation for every name:
 * both wait until asked. A class, not an object literal with getters, which V8 builds
 * property by property (a microsecond or so at every turn).
 */
class PlanStepVars implements StepVars {
  readonly action: string
  readonly remaining: number
  readonly after: string | undefined
  private quoted: string | undefined
  private found: { name: string | undefined } | undefined

  constructor(
    plan: readonly string[],
    readonly previous: string | undefined,
    private readonly last: StepResult | null,
    private readonly env: Environment,
  ) {
    this.action = plan[0]!
    this.remaining = plan.length
    this.after = plan[1]
  }

  get quote(): string {
    this.quoted ??= this.last ? quoteOf(this.last.observation) : ''
    return this.quoted
  }

  get seen(): string | undefined {
    const last = this.last
    this.found ??= {
      name: last ? seenEntity(this.action, last.observation, this.env.actionSpace) : undefined,
    }
    return this.found.name
  }
}

/** The name of an entity of `action` that `observation` mentions too, if any. */
function seenEntity(action: string, observation: string, space: ActionSpace): string | undefined {
  const said = observation.toLowerCase()
  for (const mention of entityMentions(action, space)) {
    const name = mention.name.toLowerCase()
    const at = said.indexOf(name)
    if (
      at >= 0 &&
      !/[a-z0-9]/.test(said[at + name.length] ?? '') &&
      !/[a-z0-9]/.test(said[at - 1] ?? '')
    )
      return mention.name
  }
  return undefined
}

/** What a probe learns of a rejected action. */
interface Answer {
  status: StepStatus
  place: boolean
}

/** The status the environment gives an action, without changing its state. */
export async function probe(env: Environment, action: string): Promise<Answer | null> {
  const before = env.snapshot()
  try {
    const result = env.stepIfRejected ? env.stepIfRejected(action) : await env.step(action)
    return result === null ? null : answerOf(result)
  } finally {
    env.restore(before)
  }
}

/** What a probe learns of a step: null unless the environment rejected it. */
function answerOf(result: StepResult): Answer | null {
  if (result.done || !isErrorStatus(result.status)) return null
  return { status: result.status, place: result.place === true }
}

/**
 * Steps `action` from the state `before` (the environment's snapshot now); the caller
 * restores it or hands it on. Null where the environment can tell an action it accepts
 * without taking it (`stepIfRejected`): such a probe answers null either way (see `answerOf`),
 * and the environment is left as it was.
 */
async function stepAction(
  env: Environment,
  action: string,
  before: Snapshot,
): Promise<SteppedAction | null> {
  try {
    if (env.stepIfRejected) {
      const result = env.stepIfRejected(action)
      return result === null ? null : { action, before, result }
    }
    return { action, before, result: await env.step(action) }
  } catch (error) {
    env.restore(before)
    throw error
  }
}
