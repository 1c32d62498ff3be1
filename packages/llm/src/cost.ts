import { RefineryError } from '@refinery/core'

/** US dollars per million tokens. */
export interface Price {
  input: number
  output: number
}

/**
 * Known prices, by model id; a dated id (`gpt-4o-2024-08-06`) uses its base's price.
 * Extend or override with the client's `prices` option. Local models are free.
 */
export const DEFAULT_PRICES: Readonly<Record<string, Price>> = {
  'gpt-4o': { input: 2.5, output: 10 },
  'gpt-4o-mini': { input: 0.15, output: 0.6 },
  'gpt-4.1': { input: 2, output: 8 },
  'gpt-4.1-mini': { input: 0.4, output: 1.6 },
  'gpt-4.1-nano': { input: 0.1, output: 0.4 },
  'o4-mini': { input: 1.1, output: 4.4 },
}

export interface Usage {
  promptTokens: number
  completionTokens: number
}

/** The price of `model`, or null when the table has none. */
export function priceOf(table: Readonly<Record<string, Price>>, model: string): Price | null {
  if (table[model]) return table[model]
  const base = model.replace(/-\d{4}-\d{2}-\d{2}$/, '')
  return table[base] ?? null
}

export function costOf(price: Price | null, usage: Usage): number {
  if (!price) return 0
  return (usage.promptTokens * price.input + usage.completionTokens * price.output) / 1e6
}

/** What the client has spent, and what its requests in flight may still spend. */
export interface Spend {
  requests: number
  cachedRequests: number
  promptTokens: number
  completionTokens: number
  costUsd: number
}

/**
 * Tracks usage and enforces the spending cap: a request reserves its worst case before it
 * goes out, so requests in flight together can never pass the cap; the reservation is
 * swapped for the real cost when it ends.
 */
export class Ledger {
  readonly total: Spend = {
    requests: 0,
    cachedRequests: 0,
    promptTokens: 0,
    completionTokens: 0,
    costUsd: 0,
  }
  private reserved = 0

  constructor(private readonly budgetUsd: number | undefined) {}

  reserve(worstCase: number): void {
    if (this.budgetUsd === undefined) return
    if (this.total.costUsd + this.reserved + worstCase > this.budgetUsd) {
      throw new RefineryError(
        'budget_exceeded',
        `The spending cap of $${this.budgetUsd} is reached ($${round(this.total.costUsd)} spent, $${round(this.reserved)} in flight); no new request was sent.`,
        { hint: 'Work done so far is kept; raise the cap (--budget-usd) to go on.' },
      )
    }
    this.reserved += worstCase
  }

  settle(worstCase: number, usage: Usage | null, cost: number): void {
    if (this.budgetUsd !== undefined) this.reserved = Math.max(0, this.reserved - worstCase)
    if (!usage) return
    this.total.requests++
    this.total.promptTokens += usage.promptTokens
    this.total.completionTokens += usage.completionTokens
    this.total.costUsd += cost
  }

  cached(): void {
    this.total.cachedRequests++
  }
}

function round(usd: number): string {
  return usd.toFixed(4)
}
