export type { ChatCompletionMessageParam as ChatMessage } from 'openai/resources/chat/completions'
export {
  type BatchOptions,
  type BatchOutcome,
  type BatchProgress,
  type BatchRequest,
  runBatch,
} from './batch'
export { ResponseCache, requestKey } from './cache'
export {
  BATCH_DISCOUNT,
  type CallOptions,
  type ChatParams,
  type ChatResult,
  type ClientStats,
  estimateTokens,
  LlmClient,
  type LlmClientOptions,
} from './client'
export { costOf, DEFAULT_PRICES, type Price, priceOf, type Spend, type Usage } from './cost'
export { Limiter, type LimitOptions } from './limiter'
export { type Capabilities, probeCapabilities } from './probe'
export { backoffMs, type RetryOptions, retryAfterMs } from './retry'
export { type LlmSettings, OPENAI_BASE_URL, resolveSettings, type SettingsInput } from './settings'
export {
  completeStructured,
  extractJson,
  type StructuredOptions,
  type StructuredResult,
} from './structured'
