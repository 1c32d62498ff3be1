const marker = Symbol.for('refinery.error')

/**
 * Stable codes callers can branch on. `usage` and `invalid_input` are the user's mistakes
 * (the CLI exits 2); the others are the world's or ours (exit 1).
 */
export type RefineryErrorCode =
  | 'usage'
  | 'invalid_input'
  | 'invalid_spec'
  | 'unknown_family'
  | 'unknown_task'
  | 'unsupported_specification'
  | 'verification_failed'
  | 'budget_exceeded'
  | 'llm_error'
  | 'internal'
  | (string & {})

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
  return (
    RefineryError.isInstance(error) &&
    [
      'usage',
      'invalid_input',
      'invalid_spec',
      'unknown_family',
      'unknown_task',
      'unsupported_specification',
    ].includes(error.code)
  )
}
