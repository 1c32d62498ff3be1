import { isUserError, RefineryError } from '@refinery/core'

/** Where commands write; tests swap these for buffers. */
export interface Io {
  stdout: (text: string) => void
  stderr: (text: string) => void
  stdin: NodeJS.ReadableStream & { isTTY?: boolean }
  stderrIsTty: boolean
  /** The terminal stream behind `stdout`, for line editing in `play`; absent in tests. */
  ttyOut?: NodeJS.WritableStream
  cwd: string
  env: NodeJS.ProcessEnv
}

export const processIo = (): Io => ({
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  stdin: process.stdin,
  stderrIsTty: Boolean(process.stderr.isTTY),
  ...(process.stdout.isTTY ? { ttyOut: process.stdout } : {}),
  cwd: process.cwd(),
  env: process.env,
})

/** A usage error: exit 2 with one line. */
export function usage(message: string, hint = "Run 'refinery --help' for usage."): RefineryError {
  return new RefineryError('usage', message, { hint })
}

/** Exit code for an error: 2 for the user's mistakes, 1 for failures at run time. */
export function exitCodeFor(error: unknown): number {
  return isUserError(error) ? 2 : 1
}

/** One line for any error; a stack only when REFINERY_DEBUG is set. */
export function describeError(error: unknown, debug: boolean): string {
  if (RefineryError.isInstance(error)) return error.oneLine
  if (debug && error instanceof Error && error.stack) return error.stack
  return error instanceof Error ? error.message.replace(/\s*\n\s*/g, ' ') : String(error)
}

export function parseIntegerOption(
  name: string,
  value: string,
  min = 0,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (!/^-?\d+$/.test(value.trim())) throw usage(`--${name} must be an integer, got '${value}'.`)
  const n = Number(value)
  if (n < min) throw usage(`--${name} must be at least ${min}, got ${value.trim()}.`)
  if (n > max || !Number.isSafeInteger(n))
    throw usage(`--${name} must be at most ${max}, got ${value.trim()}.`)
  return n
}

/** `line 3`, `lines 1, 4 and 9`, or the first twenty and how many more. */
export function lineList(lines: readonly number[], max = 20): string {
  if (lines.length === 1) return `line ${lines[0]}`
  const shown = lines.slice(0, max)
  const more = lines.length - shown.length
  if (more > 0) return `lines ${shown.join(', ')} and ${more} more`
  return `lines ${shown.slice(0, -1).join(', ')} and ${shown.at(-1)}`
}

/** A number flag within [min, max]; one line naming the flag when it is not. */
export function parseNumberOption(name: string, value: string, min: number, max: number): number {
  const n = Number(value.trim())
  if (value.trim() === '' || !Number.isFinite(n) || n < min || n > max) {
    throw usage(`--${name} must be a number from ${min} to ${max}, got '${value}'.`)
  }
  return n
}
