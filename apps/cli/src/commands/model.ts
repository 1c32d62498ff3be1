import { homedir } from 'node:os'
import { isAbsolute, join, resolve } from 'node:path'
import { LlmClient, type LlmClientOptions } from '@refinery/llm'
import type { Command } from 'commander'
import { modelSettings, userFolder } from '../config'
import { parseIntegerOption, parseNumberOption, usage } from '../io'
import type { CommandContext } from '../main'

/** Where the model-answer cache lives unless --cache-dir or REFINERY_CACHE_DIR says otherwise. */
export const CACHE_ENV = 'REFINERY_CACHE_DIR'

/** The flags every command that calls a model takes (synth's LLM modes, eval, llm probe). */
export interface ModelFlags {
  model?: string
  baseUrl?: string
  /** Commander's `--no-cache`: false when given. */
  cache?: boolean
  cacheDir?: string
  budgetUsd?: string
  rpm?: string
  tpm?: string
}

/**
 * Adds the model flags to a command: server, model, answer cache, spending cap and rate limits.
 * `spend` false leaves out the cap and limits (a probe spends almost nothing).
 */
export function withModelFlags(command: Command, spend = true): Command {
  command
    .option('--model <model>', 'the model (default: REFINERY_MODEL, then refinery.config.json)')
    .option(
      '--base-url <url>',
      'the OpenAI-compatible server, such as http://127.0.0.1:8000/v1 (default: OPENAI_BASE_URL, then refinery.config.json, then OpenAI)',
    )
    .option(
      '--cache-dir <dir>',
      `the answer cache, so a re-run or resumed run pays nothing twice (default: ${CACHE_ENV}, else ~/.cache/refinery)`,
    )
    .option('--no-cache', 'neither read nor write the answer cache')
  if (spend) {
    command
      .option(
        '--budget-usd <usd>',
        'a hard spending cap in US dollars: no request is sent past it, and work done is kept',
      )
      .option('--rpm <n>', 'requests per minute at most (default: no limit)')
      .option('--tpm <n>', 'tokens per minute at most (default: no limit)')
  }
  return command
}

/** The cache folder the flags and environment name, or false when --no-cache is given. */
export function cacheDirFor(io: CommandContext['io'], flags: ModelFlags): string | false {
  if (flags.cache === false) {
    if (flags.cacheDir !== undefined)
      throw usage('--cache-dir and --no-cache cannot be used together.')
    return false
  }
  const named = flags.cacheDir ?? io.env[CACHE_ENV]
  if (named !== undefined) {
    if (named.trim() === '')
      throw usage(`The cache folder is empty; pass --cache-dir DIR, or --no-cache to turn it off.`)
    return isAbsolute(named) ? named : resolve(userFolder(io), named)
  }
  const base = io.env.XDG_CACHE_HOME || join(io.env.HOME || homedir(), '.cache')
  return join(base, 'refinery')
}

/**
 * One client from the flags over the settings (environment, then config file). `concurrency`
 * is the command's own (episodes or slots at once), so the client never throttles below it.
 */
export function modelClient(
  { io, settings }: Pick<CommandContext, 'io' | 'settings'>,
  flags: ModelFlags,
  extra: Pick<LlmClientOptions, 'retry' | 'timeoutMs'> & { concurrency?: number } = {},
): LlmClient {
  const chosen = modelSettings(settings, {
    ...(flags.model === undefined ? {} : { model: flags.model }),
    ...(flags.baseUrl === undefined ? {} : { baseUrl: flags.baseUrl }),
  })
  const cacheDir = cacheDirFor(io, flags)
  const limits = {
    ...(extra.concurrency === undefined ? {} : { concurrency: extra.concurrency }),
    ...(flags.rpm === undefined
      ? {}
      : { requestsPerMinute: parseIntegerOption('rpm', flags.rpm, 1) }),
    ...(flags.tpm === undefined
      ? {}
      : { tokensPerMinute: parseIntegerOption('tpm', flags.tpm, 1) }),
  }
  return new LlmClient({
    ...(chosen.baseUrl === undefined ? {} : { baseURL: chosen.baseUrl }),
    ...(chosen.model === undefined ? {} : { model: chosen.model }),
    ...(chosen.apiKey === undefined ? {} : { apiKey: chosen.apiKey }),
    env: io.env,
    cacheDir: cacheDir === false ? false : join(cacheDir, 'llm'),
    limits,
    ...(flags.budgetUsd === undefined
      ? {}
      : { budgetUsd: parseNumberOption('budget-usd', flags.budgetUsd, 0, 1e9) }),
    ...(extra.retry ? { retry: extra.retry } : {}),
    ...(extra.timeoutMs === undefined ? {} : { timeoutMs: extra.timeoutMs }),
  })
}
