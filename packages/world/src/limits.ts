import { RefineryError } from '@refinery/core'

/**
 * The documented caps of a world (WorldSpec or imported PDDL). A file a few kilobytes long
 * can describe billions of ground actions; these keep every check, import and search
 * bounded, so an oversized world is refused with one line instead of a heap dump or a hang.
 */
export const WORLD_LIMITS = {
  /** Parameters of one action schema. */
  maxActionParams: 12,
  /** Variables of one quantifier, list or `forall` effect. */
  maxQuantifiedVars: 6,
  /** Bindings one quantifier (or list, or `forall` effect) ranges over: the product of its
   * variables' domain sizes. */
  maxQuantifierBindings: 1_000_000,
  /** Levels of the type hierarchy under `object`. */
  maxTypeDepth: 64,
  /** Bindings the planner's grounding tries, all schemas and quantifiers together. */
  maxGroundBindings: 250_000,
} as const

/**
 * Counts work from the first step and stops it past a limit or a deadline, so a grounding
 * that would run for minutes ends within its budget. `tick` throws a `budget_exceeded`
 * RefineryError; callers turn it into their own answer (a `budget` plan status, an issue).
 */
export class WorkBudget {
  used = 0

  constructor(
    readonly limit: number,
    readonly deadline: number,
    /** What is counted, for the message: `ground bindings`. */
    readonly what: string,
  ) {}

  tick(): void {
    this.used++
    if (this.used > this.limit) throw this.exceeded(`more than ${this.limit} ${this.what}`)
    if ((this.used & 1023) === 0 && Date.now() > this.deadline)
      throw this.exceeded(`the time budget ran out after ${this.used} ${this.what}`)
  }

  /** Counts `n` units at once (work reused from an earlier count), with the same limit. */
  spend(n: number): void {
    this.used += n
    if (this.used > this.limit) throw this.exceeded(`more than ${this.limit} ${this.what}`)
  }

  private exceeded(why: string): RefineryError {
    return new RefineryError('limit', `The world is too large to ground: ${why}.`, {
      hint: 'Use fewer objects or parameters, or split the problem.',
    })
  }
}

/** True for the error `WorkBudget.tick` throws. */
export function isBudgetExceeded(error: unknown): error is RefineryError {
  return RefineryError.isInstance(error) && error.code === 'limit'
}
