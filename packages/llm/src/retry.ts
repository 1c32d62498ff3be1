import { type Rng, rngStream } from '@refinery/core'
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai'

/** How a failed attempt is handled. */
export type Failure =
  /** Worth another try: 408, 409, 429, 5xx, connection errors, timeouts, a broken answer. */
  | {
      kind: 'retry'
      status: number | null
      rateLimited: boolean
      retryAfterMs: number | null
      reason: string
      /** Nothing answers at the address (refused, no such host, no route): not a timeout. */
      unreachable?: boolean
    }
  /** The request itself is wrong (400, 401, 403, 404, 422): trying again cannot help. */
  | { kind: 'fatal'; status: number; reason: string }
  /** The caller's signal aborted it. */
  | { kind: 'aborted' }

const RETRY_STATUSES = new Set([408, 409, 429])

export interface RetryOptions {
  /** Attempts after the first (default 6). */
  maxRetries?: number
  /**
   * Attempts after the first while nothing answers at the server's address (default 3, about
   * 3 s of backoff): a server that is down is said so soon, not after a minute.
   */
  maxUnreachableRetries?: number
  /** The first backoff, doubled each retry (default 500 ms). */
  baseDelayMs?: number
  /** The longest backoff (default 30 s). */
  maxDelayMs?: number
  /** The longest retry-after honoured (default 120 s). */
  maxRetryAfterMs?: number
  /** Seeds the jitter (default 0). */
  seed?: number
}

export function classify(error: unknown, signal: AbortSignal | undefined): Failure {
  if (signal?.aborted || error instanceof APIUserAbortError) return { kind: 'aborted' }
  if (error instanceof APIConnectionError) {
    const code = causeCode(error)
    return {
      kind: 'retry',
      status: null,
      rateLimited: false,
      retryAfterMs: null,
      reason: code ? `${error.message.replace(/\.$/, '')} (${code})` : error.message,
      unreachable: !(error instanceof APIConnectionTimeoutError) && UNREACHABLE.has(code ?? ''),
    }
  }
  if (error instanceof APIError && typeof error.status === 'number') {
    const status = error.status
    const reason = apiMessage(error)
    if (RETRY_STATUSES.has(status) || status >= 500) {
      return {
        kind: 'retry',
        status,
        rateLimited: status === 429,
        retryAfterMs: retryAfterMs(error.headers),
        reason,
      }
    }
    return { kind: 'fatal', status, reason }
  }
  // A body that is not JSON, or a connection dropped mid-body, reaches us as a plain error.
  const reason = error instanceof Error ? error.message : String(error)
  return { kind: 'retry', status: null, rateLimited: false, retryAfterMs: null, reason }
}

/** Socket errors that mean nothing answers at the address. */
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
])

/** The `code` of the first error in the cause chain that has one (`ECONNREFUSED`…). */
function causeCode(error: unknown): string | null {
  for (let e = error, depth = 0; e && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code
    if (typeof code === 'string') return code
    e = (e as { cause?: unknown }).cause
  }
  return null
}

function apiMessage(error: APIError): string {
  const body = error.error as { message?: unknown } | undefined
  if (body && typeof body.message === 'string') return body.message
  return error.message
}

/** `retry-after-ms`, or `retry-after` in seconds or as an HTTP date. */
export function retryAfterMs(headers: Headers | undefined): number | null {
  if (!headers) return null
  const ms = Number.parseFloat(headers.get('retry-after-ms') ?? '')
  if (Number.isFinite(ms) && ms >= 0) return ms
  const value = headers.get('retry-after')
  if (!value) return null
  const seconds = Number.parseFloat(value)
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000
  const date = Date.parse(value)
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : null
}

/**
 * The wait before retry `attempt` (0 for the first retry): exponential backoff with seeded
 * jitter (half fixed, half random), never shorter than what the server asked for.
 */
export function backoffMs(
  options: RetryOptions,
  key: string,
  attempt: number,
  retryAfter: number | null,
): number {
  const base = options.baseDelayMs ?? 500
  const max = options.maxDelayMs ?? 30_000
  const rng: Rng = rngStream(options.seed ?? 0, `llm-retry/${key}`, attempt)
  const exp = Math.min(max, base * 2 ** attempt)
  const jittered = exp / 2 + (exp / 2) * rng.next()
  const asked = Math.min(retryAfter ?? 0, options.maxRetryAfterMs ?? 120_000)
  return Math.max(jittered, asked)
}
