const marker = Symbol.for('refinery.error')

/**
 * Stable codes callers can branch on: one closed list, so a caller's `switch` sees every case.
 * The user's mistakes (the CLI exits 2) are listed in `USER_ERROR_CODES`; the others are the
 * world's or ours (exit 1). A new code is added here, nowhere else.
 */
export const REFINERY_ERROR_CODES = [
  'usage',
  'invalid_input',
  'invalid_spec',
  'unknown_family',
  'unknown_task',
  'unsupported_specification',
  'output_exists',
  'verification_failed',
  /** The spending cap on model calls was reached: a run stops cleanly, keeping its work. */
  'budget_exceeded',
  /** A compute budget (grounding, planning, a world's size) was hit: that one job fails. */
  'limit',
  'unsolvable',
  'llm_error',
  /**
   * The model server cannot serve any request (nothing answers at its address after the
   * retries, or it rejects the API key or does not know the model): a run stops at once,
   * keeping its work, rather than every job failing alone.
   */
  'llm_unavailable',
  'interrupted',
  'internal',
] as const
export type RefineryErrorCode = (typeof REFINERY_ERROR_CODES)[number]

/** The codes of a user's mistake: bad flag, bad file, an output in the way. */
export const USER_ERROR_CODES: readonly RefineryErrorCode[] = [
  'usage',
  'invalid_input',
  'invalid_spec',
  'unknown_family',
  'unknown_task',
  'unsupported_specification',
  'output_exists',
]

export interface RefineryErrorOptions {
  cause?: unknown
  /** What the user can do about it, appended to the one-line message. */
  hint?: string
  /** Where in the input the problem is, such as a JSON path or `file:line`. */
  path?: string
}

/**
 * The one error base class. `isInstance` checks a marker rather than the prototype, so it
 * works when two copies of this package are loaded.
 */
export class RefineryError extends Error {
  readonly [marker] = true
  readonly code: RefineryErrorCode
  readonly hint: string | undefined
  readonly path: string | undefined

  constructor(code: RefineryErrorCode, message: string, options: RefineryErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'RefineryError'
    this.code = code
    this.hint = options.hint
    this.path = options.path
  }

  /** The message on one line, with the path in front and the hint behind. */
  get oneLine(): string {
    const where = this.path ? `${this.path}: ` : ''
    const hint = this.hint ? ` ${this.hint}` : ''
    return `${where}${this.message}${hint}`.replace(/\s*\n\s*/g, ' ')
  }

  static isInstance(value: unknown): value is RefineryError {
    return (
      typeof value === 'object' &&
      value !== null &&
      (value as Record<symbol, unknown>)[marker] === true
    )
  }
}

/** True for the mistakes a user makes (bad flag, bad file), as opposed to run-time failures. */
export function isUserError(error: unknown): error is RefineryError {
  return RefineryError.isInstance(error) && USER_ERROR_CODES.includes(error.code)
}
