import { RefineryError } from '@refinery/core'
import OpenAI from 'openai'
import type {
  ChatCompletion,
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionMessage,
} from 'openai/resources/chat/completions'
import { ResponseCache, requestKey } from './cache'
import { costOf, DEFAULT_PRICES, Ledger, type Price, priceOf, type Spend, type Usage } from './cost'
import { createHttpFetch } from './http-fetch'
import { Limiter, type LimitOptions } from './limiter'
import { backoffMs, classify, type RetryOptions } from './retry'
import { type LlmSettings, resolveSettings, type SettingsInput } from './settings'

/** The Batch API bills half the synchronous price. */
export const BATCH_DISCOUNT = 0.5

/** A chat completion request; `model` defaults to the client's. */
export type ChatParams = Omit<ChatCompletionCreateParamsNonStreaming, 'model' | 'stream'> & {
  model?: string
}

export interface LlmClientOptions extends SettingsInput {
  limits?: LimitOptions
  retry?: RetryOptions
  /** Milliseconds before one attempt is given up and retried (default 120,000). */
  timeoutMs?: number
  /** A folder for the on-disk answer cache; `false` or unset turns the cache off. */
  cacheDir?: string | false
  /** Prices by model id, merged over `DEFAULT_PRICES`. */
  prices?: Record<string, Price>
  /** The hard spending cap in US dollars; unset: no cap. */
  budgetUsd?: number
  /** The fetch the SDK uses (default: `createHttpFetch()`, node:http with keep-alive). */
  fetch?: typeof fetch
  /** Completion tokens a request without `max_tokens` is assumed to spend at worst (default 4,096). */
  worstCaseOutputTokens?: number
}

export interface CallOptions {
  signal?: AbortSignal
  /** False skips the cache for this call (neither read nor written). */
  cache?: boolean
}

export interface ChatResult {
  message: ChatCompletionMessage
  finishReason: string
  usage: Usage
  /** What this call cost; 0 when it came from the cache. */
  costUsd: number
  cached: boolean
  /** Attempts made (0 when cached). */
  attempts: number
  completion: ChatCompletion
}

export interface ClientStats extends Spend {
  /** The concurrency the limiter allows now (429s lower it). */
  concurrency: number
  retries: number
  rateLimited: number
}

/**
 * One OpenAI-compatible chat client for synthesis and evaluation: limits, retries with
 * backoff, an on-disk cache, usage and cost with a hard cap. The SDK's own retries are off,
 * so every retry goes through the limiter and is counted.
 */
export class LlmClient {
  readonly settings: LlmSettings
  readonly sdk: OpenAI
  private readonly limiter: Limiter
  private readonly ledger: Ledger
  /** The on-disk answer cache; null when off. */
  readonly cache: ResponseCache | null
  private readonly prices: Record<string, Price>
  private readonly counters = { retries: 0, rateLimited: 0 }
  /** A refusal no retry can fix (bad key, unknown model): later calls fail at once with it. */
  private fatal: RefineryError | null = null

  constructor(private readonly options: LlmClientOptions = {}) {
    this.settings = resolveSettings(options)
    this.sdk = new OpenAI({
      baseURL: this.settings.baseURL,
      apiKey: this.settings.apiKey,
      maxRetries: 0,
      timeout: options.timeoutMs ?? 120_000,
      fetch: options.fetch ?? createHttpFetch(),
    })
    this.limiter = new Limiter(options.limits)
    this.ledger = new Ledger(options.budgetUsd)
    this.cache = options.cacheDir ? new ResponseCache(options.cacheDir) : null
    this.prices = { ...DEFAULT_PRICES, ...options.prices }
  }

  get model(): string {
    return this.settings.model
  }

  stats(): ClientStats {
    return { ...this.ledger.total, concurrency: this.limiter.concurrency, ...this.counters }
  }

  /** The canonical request body: the client's model filled in. */
  body(params: ChatParams): ChatCompletionCreateParamsNonStreaming {
    return {
      ...params,
      model: params.model ?? this.settings.model,
    } as ChatCompletionCreateParamsNonStreaming
  }

  /** The cache key of a request. */
  key(params: ChatParams): string {
    return requestKey(
      this.settings.baseURL,
      this.body(params) as unknown as Record<string, unknown>,
    )
  }

  /** Sends one chat completion, from the cache when it holds the same request. */
  async complete(params: ChatParams, call: CallOptions = {}): Promise<ChatResult> {
    const body = this.body(params)
    const useCache = this.cache !== null && call.cache !== false
    // The key hashes the whole conversation: worked out only when the cache or a retry needs it.
    let known: string | undefined
    const key = () => {
      known ??= this.key(params)
      return known
    }
    if (useCache) {
      const hit = readCompletion(await this.cache!.get(key()))
      if (hit) {
        this.ledger.cached()
        return result(hit, 0, true, 0)
      }
    }
    if (this.fatal) throw this.fatal
    const price = priceOf(this.prices, body.model)
    const estimate = estimateTokens(body)
    const output =
      body.max_completion_tokens ?? body.max_tokens ?? this.options.worstCaseOutputTokens ?? 4096
    const worstCase = costOf(price, { promptTokens: estimate, completionTokens: output })
    this.ledger.reserve(worstCase)
    let usage: Usage | null = null
    let cost = 0
    try {
      const { completion, attempts } = await this.send(body, key, estimate + output, call.signal)
      usage = usageOf(completion)
      cost = costOf(price, usage)
      if (useCache) await this.cache!.set(key(), completion)
      return result(completion, cost, false, attempts)
    } finally {
      this.ledger.settle(worstCase, usage, cost)
    }
  }

  /**
   * Reserves the worst-case cost of a batch (at the Batch API's half price) against the
   * cap; the returned function gives the reservation back once the answers are counted.
   */
  reserveBatch(params: readonly ChatParams[]): () => void {
    let worst = 0
    for (const p of params) {
      const body = this.body(p)
      const output =
        body.max_completion_tokens ?? body.max_tokens ?? this.options.worstCaseOutputTokens ?? 4096
      worst += costOf(priceOf(this.prices, body.model), {
        promptTokens: estimateTokens(body),
        completionTokens: output,
      })
    }
    worst *= BATCH_DISCOUNT
    this.ledger.reserve(worst)
    return () => this.ledger.settle(worst, null, 0)
  }

  /** Counts a Batch API answer (half price) and caches it under its request. */
  async recordBatchAnswer(params: ChatParams, completion: ChatCompletion): Promise<void> {
    const body = this.body(params)
    const usage = usageOf(completion)
    this.ledger.settle(0, usage, costOf(priceOf(this.prices, body.model), usage) * BATCH_DISCOUNT)
    if (this.cache) await this.cache.set(this.key(params), completion)
  }

  /** The retry loop: each attempt waits for the limiter; refusals are not retried. */
  private async send(
    body: ChatCompletionCreateParamsNonStreaming,
    key: () => string,
    tokens: number,
    signal: AbortSignal | undefined,
  ): Promise<{ completion: ChatCompletion; attempts: number }> {
    const retry = this.options.retry ?? {}
    const maxRetries = retry.maxRetries ?? 6
    const maxUnreachable = Math.min(maxRetries, retry.maxUnreachableRetries ?? 3)
    let last = ''
    // Attempts in a row that found nothing listening at the address.
    let unreachable = 0
    for (let attempt = 0; attempt <= maxRetries; attempt++) {
      await this.acquire(tokens, signal)
      let used = tokens
      try {
        const completion = await withRequestSignal(signal, (own) =>
          this.sdk.chat.completions.create(body, {
            ...(own ? { signal: own } : {}),
            maxRetries: 0,
          }),
        )
        const checked = readCompletion(completion)
        if (!checked) throw new Error('the answer has no choices')
        used = usageOf(checked).promptTokens + usageOf(checked).completionTokens
        this.limiter.speedUp()
        return { completion: checked, attempts: attempt + 1 }
      } catch (error) {
        const failure = classify(error, signal)
        if (failure.kind === 'aborted') throw interrupted()
        if (failure.kind === 'fatal') throw this.refuse(failure.status, failure.reason)
        if (failure.rateLimited) {
          this.counters.rateLimited++
          this.limiter.slowDown()
        }
        last = `${failure.status ?? 'no status'}: ${failure.reason}`
        unreachable = failure.unreachable ? unreachable + 1 : 0
        if (unreachable > maxUnreachable) throw this.unreachable(unreachable, failure.reason)
        if (attempt === maxRetries) break
        this.counters.retries++
        await sleep(backoffMs(retry, key(), attempt, failure.retryAfterMs), signal)
      } finally {
        this.limiter.release(tokens, used)
      }
    }
    throw new RefineryError(
      'llm_error',
      `The request to ${this.settings.baseURL} failed after ${maxRetries + 1} attempts (last: ${last}).`,
      {
        hint: 'Check that the server is up and not overloaded; raise retry.maxRetries to wait longer.',
      },
    )
  }

  private async acquire(tokens: number, signal: AbortSignal | undefined): Promise<void> {
    try {
      await this.limiter.acquire(tokens, signal)
    } catch {
      throw interrupted()
    }
  }

  /**
   * The one clear error for a server nothing answers at; later calls fail at once with it, so
   * a run stops instead of every job retrying on its own.
   */
  private unreachable(attempts: number, reason: string): RefineryError {
    this.fatal = new RefineryError(
      'llm_unavailable',
      `Cannot reach the model server at ${this.settings.baseURL} (${reason}; ${attempts} attempts).`,
      { hint: 'Start the server, or point --base-url (OPENAI_BASE_URL) at one that is up.' },
    )
    return this.fatal
  }

  /** Builds the one clear error for a refusal; a bad key or unknown model stops later calls too. */
  private refuse(status: number, reason: string): RefineryError {
    const what =
      status === 401 || status === 403
        ? {
            text: 'rejected the API key',
            hint: 'Set OPENAI_API_KEY to a valid key for this server.',
          }
        : status === 404
          ? {
              text: `does not know model '${this.settings.model}' or the path`,
              hint: 'Check --model (REFINERY_MODEL) and --base-url (OPENAI_BASE_URL, usually ending in /v1).',
            }
          : {
              text: 'refused the request',
              hint: 'The request is not valid for this server; it was not retried.',
            }
    // A bad key or an unknown model fails every request alike: like a server nothing answers
    // at, it stops the run once (`llm_unavailable`) instead of failing each job on its own.
    const fatal = status === 401 || status === 403 || status === 404
    const error = new RefineryError(
      fatal ? 'llm_unavailable' : 'llm_error',
      `The server at ${this.settings.baseURL} ${what.text} (HTTP ${status}: ${reason}).`,
      { hint: what.hint },
    )
    if (fatal) this.fatal = error
    return error
  }
}

/** The completion, when it is one with at least one choice carrying a message. */
function readCompletion(value: unknown): ChatCompletion | null {
  if (typeof value !== 'object' || value === null) return null
  const choices = (value as { choices?: unknown }).choices
  if (!Array.isArray(choices) || choices.length === 0) return null
  const first = choices[0] as { message?: unknown } | undefined
  if (typeof first?.message !== 'object' || first.message === null) return null
  return value as ChatCompletion
}

function result(
  completion: ChatCompletion,
  cost: number,
  cached: boolean,
  attempts: number,
): ChatResult {
  const choice = completion.choices[0]!
  return {
    message: choice.message,
    finishReason: choice.finish_reason ?? 'stop',
    usage: usageOf(completion),
    costUsd: cost,
    cached,
    attempts,
    completion,
  }
}

function usageOf(completion: ChatCompletion): Usage {
  return {
    promptTokens: completion.usage?.prompt_tokens ?? 0,
    completionTokens: completion.usage?.completion_tokens ?? 0,
  }
}

/** About four characters a token: enough to pace a tokens-per-minute window. */
export function estimateTokens(body: { messages: unknown; tools?: unknown }): number {
  return Math.ceil(
    (JSON.stringify(body.messages).length + JSON.stringify(body.tools ?? '').length) / 4,
  )
}

/**
 * Runs a request under a signal of its own that follows the caller's. The SDK adds an abort
 * listener to the signal it is given and never removes it, so a run's one long-lived signal
 * gathered a listener per request, and every later add scanned them all: with 64 episodes in
 * flight, most of the CPU went there. The request's own signal is dropped with it.
 */
async function withRequestSignal<T>(
  signal: AbortSignal | undefined,
  request: (own: AbortSignal | undefined) => Promise<T>,
): Promise<T> {
  if (!signal) return request(undefined)
  const own = new AbortController()
  const follow = () => own.abort(signal.reason)
  if (signal.aborted) follow()
  else signal.addEventListener('abort', follow, { once: true })
  try {
    return await request(own.signal)
  } finally {
    signal.removeEventListener('abort', follow)
  }
}

function interrupted(): RefineryError {
  return new RefineryError('interrupted', 'The request was cancelled.', {
    hint: 'Work finished before the cancel is kept.',
  })
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(interrupted())
      return
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    const onAbort = () => {
      clearTimeout(timer)
      reject(interrupted())
    }
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}
