/** Limits on how fast requests go out. */
export interface LimitOptions {
  /** Requests in flight at once (default 8); 429s lower it, successes raise it back. */
  concurrency?: number
  /** Requests started per window (default: no limit). */
  requestsPerMinute?: number
  /** Tokens (estimated before, counted after) per window (default: no limit). */
  tokensPerMinute?: number
  /** The window of the per-minute limits, in milliseconds (default 60,000). */
  windowMs?: number
}

interface Waiter {
  tokens: number
  resolve: () => void
  reject: (error: unknown) => void
  signal: AbortSignal | undefined
  onAbort: () => void
}

/**
 * Admits requests under a concurrency limit that adapts (additive increase, multiplicative
 * decrease on 429) and under sliding-window request and token budgets. Waiters are served
 * first come, first served, so no request starves. Written here rather than taken from a
 * queue library because the window counts tokens known only after a request ends.
 */
export class Limiter {
  readonly maxConcurrency: number
  private limit: number
  private active = 0
  private readonly queue: Waiter[] = []
  private readonly starts: number[] = []
  private readonly tokens: { at: number; count: number }[] = []
  private timer: NodeJS.Timeout | null = null
  private readonly windowMs: number

  constructor(private readonly options: LimitOptions = {}) {
    this.maxConcurrency = Math.max(1, Math.floor(options.concurrency ?? 8))
    this.limit = this.maxConcurrency
    this.windowMs = options.windowMs ?? 60_000
  }

  /** The concurrency now allowed (lowered by 429s). */
  get concurrency(): number {
    return Math.max(1, Math.floor(this.limit))
  }

  get inFlight(): number {
    return this.active
  }

  /** Waits for a slot; `tokens` is the request's estimated size. */
  acquire(tokens: number, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted()
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        tokens,
        resolve,
        reject,
        signal,
        onAbort: () => {
          const at = this.queue.indexOf(waiter)
          if (at >= 0) this.queue.splice(at, 1)
          reject(signal?.reason)
        },
      }
      signal?.addEventListener('abort', waiter.onAbort, { once: true })
      this.queue.push(waiter)
      this.pump()
    })
  }

  /** Frees the slot; `tokens` is what the request really used (prompt + completion). */
  release(estimated: number, used: number): void {
    this.active--
    const extra = used - estimated
    if (extra !== 0 && this.options.tokensPerMinute)
      this.tokens.push({ at: Date.now(), count: extra })
    this.pump()
  }

  /** A 429: halve the concurrency. */
  slowDown(): void {
    this.limit = Math.max(1, this.limit / 2)
  }

  /** A success: raise the concurrency by about one per `limit` successes. */
  speedUp(): void {
    this.limit = Math.min(this.maxConcurrency, this.limit + 1 / Math.max(1, this.limit))
    this.pump()
  }

  private pump(): void {
    const now = Date.now()
    this.prune(now)
    while (this.queue.length > 0 && this.active < this.concurrency) {
      const next = this.queue[0]!
      const wait = this.windowWait(next.tokens, now)
      if (wait > 0) {
        this.wake(wait)
        return
      }
      this.queue.shift()
      next.signal?.removeEventListener('abort', next.onAbort)
      this.active++
      if (this.options.requestsPerMinute) this.starts.push(now)
      if (this.options.tokensPerMinute) this.tokens.push({ at: now, count: next.tokens })
      next.resolve()
    }
  }

  /** Milliseconds until the windows admit one more request of `tokens`, or 0. */
  private windowWait(tokens: number, now: number): number {
    let wait = 0
    const rpm = this.options.requestsPerMinute
    if (rpm && this.starts.length >= rpm) {
      wait = Math.max(wait, this.starts[this.starts.length - rpm]! + this.windowMs - now)
    }
    const tpm = this.options.tokensPerMinute
    if (tpm) {
      let used = this.tokens.reduce((sum, t) => sum + t.count, 0)
      // A request bigger than the whole budget goes alone into an empty window.
      const need = Math.min(tokens, tpm)
      for (const entry of this.tokens) {
        if (used + need <= tpm) break
        used -= entry.count
        wait = Math.max(wait, entry.at + this.windowMs - now)
      }
    }
    return Math.max(0, Math.ceil(wait))
  }

  private prune(now: number): void {
    while (this.starts.length > 0 && this.starts[0]! <= now - this.windowMs) this.starts.shift()
    while (this.tokens.length > 0 && this.tokens[0]!.at <= now - this.windowMs) this.tokens.shift()
  }

  private wake(ms: number): void {
    if (this.timer) return
    this.timer = setTimeout(() => {
      this.timer = null
      this.pump()
    }, ms)
  }
}
