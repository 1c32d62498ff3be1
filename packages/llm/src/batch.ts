import { readFile, rename, writeFile } from 'node:fs/promises'
import { canonicalJson, RefineryError, stableHash } from '@refinery/core'
import { toFile } from 'openai'
import type { ChatCompletion } from 'openai/resources/chat/completions'
import { z } from 'zod'
import type { ChatParams, LlmClient } from './client'

export interface BatchRequest {
  /** Unique within the batch: results are matched back by it. */
  customId: string
  params: ChatParams
}

export interface BatchOptions {
  /**
   * Where the run keeps its state (the batch in flight, results so far), rewritten whole
   * after every change. A process killed mid-run and started again with the same file and
   * requests picks its batch up instead of submitting a new one.
   */
  stateFile: string
  /** Milliseconds between polls (default 30,000). */
  pollMs?: number
  /** New batches for the failed and expired requests (default 2). */
  maxResubmits?: number
  signal?: AbortSignal
  /** Told after every poll and every finished batch. */
  onProgress?: (progress: BatchProgress) => void
}

export interface BatchProgress {
  round: number
  batchId: string
  status: string
  answered: number
  total: number
}

export interface BatchOutcome {
  /** Answers by custom_id. */
  results: Map<string, ChatCompletion>
  /** Requests still without an answer after every resubmission, with the last reason. */
  failed: Map<string, string>
  /** Batches submitted over the run's life, resumed runs included. */
  batches: number
}

const BatchState = z.object({
  schema: z.literal('refinery.llm-batch.v1'),
  requests: z.string(),
  round: z.number().int().nonnegative(),
  batches: z.number().int().nonnegative(),
  batchId: z.string().nullable(),
  results: z.record(z.string(), z.unknown()),
  failures: z.record(z.string(), z.string()),
})
type BatchState = z.infer<typeof BatchState>

const TERMINAL = new Set(['completed', 'failed', 'expired', 'cancelled'])

/**
 * Runs chat completions through the OpenAI Batch API: writes the JSONL input
 * (`custom_id`, `method`, `url`, `body`), uploads it, creates the batch, polls it, downloads
 * the output and error files, matches answers by `custom_id`, and resubmits what failed or
 * expired. Answers also go into the client's cache.
 */
export async function runBatch(
  client: LlmClient,
  requests: readonly BatchRequest[],
  options: BatchOptions,
): Promise<BatchOutcome> {
  const ids = new Set(requests.map((r) => r.customId))
  if (ids.size !== requests.length) {
    throw new RefineryError('usage', 'Two batch requests share a custom_id.', {
      hint: 'Give every request its own customId.',
    })
  }
  const bodies = new Map(requests.map((r) => [r.customId, client.body(r.params)]))
  const byId = new Map(requests.map((r) => [r.customId, r]))
  const fingerprint = stableHash(canonicalJson([client.settings.baseURL, [...bodies]]), 32)
  const state = await loadState(options.stateFile, fingerprint)
  const maxResubmits = options.maxResubmits ?? 2
  while (state.round <= maxResubmits) {
    const pending = requests.filter((r) => !(r.customId in state.results))
    if (pending.length === 0) break
    if (!state.batchId) {
      options.signal?.throwIfAborted()
      const lines = pending.map((r) =>
        JSON.stringify({
          custom_id: r.customId,
          method: 'POST',
          url: '/v1/chat/completions',
          body: bodies.get(r.customId),
        }),
      )
      const file = await client.sdk.files.create({
        file: await toFile(Buffer.from(`${lines.join('\n')}\n`), 'batch.jsonl'),
        purpose: 'batch',
      })
      const batch = await client.sdk.batches.create({
        input_file_id: file.id,
        endpoint: '/v1/chat/completions',
        completion_window: '24h',
      })
      state.batchId = batch.id
      state.batches++
      await saveState(options.stateFile, state)
    }
    const release = client.reserveBatch(pending.map((r) => r.params))
    try {
      await finishBatch(client, state, byId, state.batchId, requests.length, options)
    } finally {
      release()
    }
    state.batchId = null
    state.round++
    await saveState(options.stateFile, state)
  }
  const results = new Map<string, ChatCompletion>()
  const failed = new Map<string, string>()
  for (const r of requests) {
    const answer = state.results[r.customId]
    if (answer) results.set(r.customId, answer as ChatCompletion)
    else failed.set(r.customId, state.failures[r.customId] ?? 'not answered')
  }
  return { results, failed, batches: state.batches }
}

async function finishBatch(
  client: LlmClient,
  state: BatchState,
  byId: ReadonlyMap<string, BatchRequest>,
  batchId: string,
  total: number,
  options: BatchOptions,
): Promise<void> {
  let batch = await client.sdk.batches.retrieve(batchId)
  while (!TERMINAL.has(batch.status)) {
    options.onProgress?.({
      round: state.round,
      batchId,
      status: batch.status,
      answered: Object.keys(state.results).length,
      total,
    })
    await sleep(options.pollMs ?? 30_000, options.signal)
    batch = await client.sdk.batches.retrieve(batchId)
  }
  for (const fileId of [batch.output_file_id, batch.error_file_id]) {
    if (!fileId) continue
    const text = await (await client.sdk.files.content(fileId)).text()
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue
      await takeLine(client, state, byId, line)
    }
  }
  options.onProgress?.({
    round: state.round,
    batchId,
    status: batch.status,
    answered: Object.keys(state.results).length,
    total,
  })
}

const OutputLine = z.object({
  custom_id: z.string(),
  response: z.object({ status_code: z.number(), body: z.unknown() }).nullable().optional(),
  error: z
    .object({ code: z.string().optional(), message: z.string().optional() })
    .nullable()
    .optional(),
})

/** One line of an output or error file: an answer is kept, anything else noted as a failure. */
async function takeLine(
  client: LlmClient,
  state: BatchState,
  byId: ReadonlyMap<string, BatchRequest>,
  line: string,
): Promise<void> {
  let raw: unknown
  try {
    raw = JSON.parse(line)
  } catch {
    return
  }
  const parsed = OutputLine.safeParse(raw)
  if (!parsed.success) return
  const { custom_id: id, response, error } = parsed.data
  const body = response?.body as { choices?: unknown[] } | undefined
  if (response?.status_code === 200 && Array.isArray(body?.choices) && body.choices.length > 0) {
    state.results[id] = body
    delete state.failures[id]
    const request = byId.get(id)
    if (request) await client.recordBatchAnswer(request.params, body as ChatCompletion)
    return
  }
  state.failures[id] = error?.message ?? error?.code ?? `HTTP ${response?.status_code ?? 'unknown'}`
}

async function loadState(file: string, requests: string): Promise<BatchState> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch {
    return {
      schema: 'refinery.llm-batch.v1',
      requests,
      round: 0,
      batches: 0,
      batchId: null,
      results: {},
      failures: {},
    }
  }
  const parsed = BatchState.safeParse(JSON.parse(text))
  if (!parsed.success) {
    throw new RefineryError('invalid_input', `${file} is not a batch state file.`, {
      hint: 'Remove it, or pass another stateFile.',
    })
  }
  if (parsed.data.requests !== requests) {
    throw new RefineryError('usage', `${file} belongs to a batch of other requests.`, {
      hint: 'Pass the same requests to resume, or another stateFile for a new batch.',
    })
  }
  return parsed.data
}

async function saveState(file: string, state: BatchState): Promise<void> {
  const temp = `${file}.${process.pid}.tmp`
  await writeFile(temp, `${JSON.stringify(state)}\n`)
  await rename(temp, file)
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    signal?.throwIfAborted()
    const timer = setTimeout(resolve, ms)
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer)
        reject(signal.reason)
      },
      { once: true },
    )
  })
}
