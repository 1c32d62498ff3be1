import { RefineryError } from '@refinery/core'

export const OPENAI_BASE_URL = 'https://api.openai.com/v1'

export interface SettingsInput {
  /** Default: `OPENAI_BASE_URL`, else OpenAI's. */
  baseURL?: string
  /** Default: `OPENAI_API_KEY`; local servers need none. */
  apiKey?: string
  /** Default: `REFINERY_MODEL`. */
  model?: string
  /** Where the variables are read (default `process.env`). */
  env?: Readonly<Record<string, string | undefined>>
}

export interface LlmSettings {
  baseURL: string
  apiKey: string
  model: string
}

/** Options first, then the environment; a missing model or a needed key is a usage error. */
export function resolveSettings(input: SettingsInput): LlmSettings {
  const env = input.env ?? process.env
  const baseURL = (input.baseURL ?? env.OPENAI_BASE_URL ?? OPENAI_BASE_URL).replace(/\/+$/, '')
  try {
    new URL(baseURL)
  } catch {
    throw new RefineryError('usage', `The base URL '${baseURL}' is not a URL.`, {
      hint: 'Pass --base-url (or OPENAI_BASE_URL) such as http://127.0.0.1:8000/v1.',
    })
  }
  const model = input.model ?? env.REFINERY_MODEL
  if (!model) {
    throw new RefineryError('usage', 'No model is named: REFINERY_MODEL is not set.', {
      hint: 'Pass --model or set REFINERY_MODEL.',
    })
  }
  const apiKey = input.apiKey ?? env.OPENAI_API_KEY
  if (!apiKey && new URL(baseURL).hostname === 'api.openai.com') {
    throw new RefineryError('usage', 'OpenAI needs an API key and OPENAI_API_KEY is not set.', {
      hint: 'Set OPENAI_API_KEY, or point --base-url at a local server.',
    })
  }
  // The SDK insists on a key; local servers ignore it.
  return { baseURL, apiKey: apiKey || 'no-key', model }
}
