import { createHash } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { type BatchStore, handleBatches, handleFiles, newBatchStore } from './fake-batches'
import { send } from './http'

/** What the fake server answers a chat completion with. */
export interface FakeReply {
  content?: string | null
  tool_calls?: { id?: string; type?: 'function'; function: { name: string; arguments: string } }[]
  finish_reason?: string
  /** Overrides the usage the server reports (default: about 4 characters a token). */
  usage?: { prompt_tokens: number; completion_tokens: number }
}

/** A fault instead of an answer. */
export type FakeFault =
  | { kind: 'status'; status: number; retryAfter?: number; message?: string }
  /** Never answers; the client's timeout must end it. */
  | { kind: 'hang' }
  /** A 200 whose body is not JSON. */
  | { kind: 'malformed' }
  /** A 200 that announces a longer body than it sends, then drops the connection. */
  | { kind: 'truncated' }
  /** A 200 completion with an empty `choices`. */
  | { kind: 'no_choices' }

/** One chat completion request, as the reply and fault functions see it. */
export interface FakeRequest {
  /** 0 for the first chat completion request the server received. */
  index: number
  /** How many earlier requests had exactly this body: 0 on a first try. */
  seen: number
  /** sha256 of the body. */
  hash: string
  body: ChatBody
  /** True when the request came from a batch rather than over HTTP. */
  batch: boolean
}

export interface ChatBody {
  model?: string
  messages?: { role: string; content?: unknown }[]
  response_format?: unknown
  seed?: number
  tools?: unknown[]
  logprobs?: boolean
  [key: string]: unknown
}

export type FakeReplySource = string | FakeReply | ((request: FakeRequest) => string | FakeReply)

export interface FakeServerOptions {
  /** The answer to every request not answered by `script` (default: `"ok"`). */
  reply?: FakeReplySource
  /** Answers for the first requests, in order; then `reply` takes over. */
  script?: readonly (string | FakeReply)[]
  /** A fault for a request, or null to answer it. */
  fault?: (request: FakeRequest) => FakeFault | null
  /** Milliseconds before each answer (or fault). */
  latencyMs?: number | ((request: FakeRequest) => number)
  /** When set, a request without `Authorization: Bearer <apiKey>` gets a 401. */
  apiKey?: string
  /** What the server honours; a request using an unhonoured feature gets a 400 (default: all). */
  supports?: Partial<FakeSupports>
  /** Models the server knows; another gets a 404 (default: any). */
  models?: readonly string[]
  /** Polls of a batch before it completes (default 1). */
  batchPolls?: number
  /** Batch lines to fail (they go to the error file), by custom_id and batch number (0-based). */
  batchFail?: (customId: string, batchNumber: number) => boolean
  /** Batches (by number) that end `expired` with the unanswered lines returned as expired. */
  batchExpire?: (batchNumber: number) => boolean
}

export interface FakeSupports {
  responseFormat: boolean
  seed: boolean
  tools: boolean
  logprobs: boolean
}

export interface FakeServer {
  /** `http://127.0.0.1:<port>/v1`: pass it as the client's base URL. */
  readonly url: string
  readonly port: number
  /** Every chat completion request received over HTTP, in arrival order. */
  readonly requests: FakeRequest[]
  /** Chat completions being answered right now, and the most at once so far. */
  readonly stats: { inFlight: number; maxInFlight: number; answered: number; faulted: number }
  /** Files and batches the server holds. */
  readonly batches: BatchStore
  close(): Promise<void>
}

const ALL_SUPPORTED: FakeSupports = {
  responseFormat: true,
  seed: true,
  tools: true,
  logprobs: true,
}

/**
 * A fake OpenAI-compatible server on 127.0.0.1 (a free port): chat completions with scripted
 * or function-driven replies, latency and faults, plus the files and batches endpoints.
 * It imports no test runner, so a plain script can start it too.
 */
export async function startFakeServer(options: FakeServerOptions = {}): Promise<FakeServer> {
  const sockets = new Set<Socket>()
  const seenBodies = new Map<string, number>()
  const requests: FakeRequest[] = []
  const stats = { inFlight: 0, maxInFlight: 0, answered: 0, faulted: 0 }
  const supports = { ...ALL_SUPPORTED, ...options.supports }
  let chatIndex = 0

  const makeRequest = (body: ChatBody, raw: string, batch: boolean): FakeRequest => {
    const hash = createHash('sha256').update(raw).digest('hex')
    const seen = seenBodies.get(hash) ?? 0
    seenBodies.set(hash, seen + 1)
    return { index: chatIndex++, seen, hash, body, batch }
  }
  const answer = (request: FakeRequest): { status: number; body: unknown } =>
    completion(request, options, supports)
  const batches = newBatchStore(options, (body, raw) => answer(makeRequest(body, raw, true)))

  const server: Server = createServer((req, res) => {
    void route(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, { error: { message: String(error) } })
    })
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req)
    const path = (req.url ?? '').replace(/^\/v1/, '').split('?')[0] ?? ''
    if (options.apiKey !== undefined && req.headers.authorization !== `Bearer ${options.apiKey}`) {
      send(res, 401, { error: { message: 'Incorrect API key provided.', type: 'invalid_api_key' } })
      return
    }
    if (req.method === 'POST' && path === '/chat/completions') {
      await chat(raw.toString('utf8'), res)
      return
    }
    if (path.startsWith('/files')) return handleFiles(batches, req, res, path, raw)
    if (path.startsWith('/batches')) return handleBatches(batches, req, res, path, raw)
    send(res, 404, { error: { message: `Unknown path ${req.method} ${req.url}` } })
  }

  async function chat(raw: string, res: ServerResponse): Promise<void> {
    let body: ChatBody
    try {
      body = JSON.parse(raw) as ChatBody
    } catch {
      send(res, 400, { error: { message: 'The body is not JSON.' } })
      return
    }
    const request = makeRequest(body, raw, false)
    requests.push(request)
    stats.inFlight++
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight)
    try {
      const latency =
        typeof options.latencyMs === 'function' ? options.latencyMs(request) : options.latencyMs
      if (latency) await sleep(latency)
      const fault = options.fault?.(request) ?? null
      if (fault) {
        stats.faulted++
        await sendFault(res, fault, request)
        return
      }
      const result = answer(request)
      if (result.status === 200) stats.answered++
      send(res, result.status, result.body)
    } finally {
      stats.inFlight--
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${port}/v1`,
    port,
    requests,
    stats,
    batches,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}

function completion(
  request: FakeRequest,
  options: FakeServerOptions,
  supports: FakeSupports,
): { status: number; body: unknown } {
  const { body } = request
  const unsupported = unsupportedFeature(body, supports)
  if (unsupported) {
    return {
      status: 400,
      body: {
        error: { message: `${unsupported} is not supported`, type: 'invalid_request_error' },
      },
    }
  }
  if (options.models && !options.models.includes(String(body.model))) {
    return {
      status: 404,
      body: { error: { message: `The model '${body.model}' does not exist.`, type: 'not_found' } },
    }
  }
  const scripted = options.script?.[request.index]
  const source = scripted ?? options.reply ?? 'ok'
  const produced = typeof source === 'function' ? source(request) : source
  const reply: FakeReply = typeof produced === 'string' ? { content: produced } : produced
  const prompt = JSON.stringify(body.messages ?? []).length
  const text = (reply.content ?? '') + JSON.stringify(reply.tool_calls ?? '')
  const usage = reply.usage ?? {
    prompt_tokens: Math.ceil(prompt / 4),
    completion_tokens: Math.ceil(text.length / 4),
  }
  const toolCalls = reply.tool_calls?.map((call, i) => ({
    id: call.id ?? `call_${request.hash.slice(0, 8)}_${i}`,
    type: 'function' as const,
    function: call.function,
  }))
  return {
    status: 200,
    body: {
      id: `chatcmpl-${request.hash.slice(0, 12)}`,
      object: 'chat.completion',
      created: 0,
      model: body.model ?? 'fake-model',
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: reply.content ?? null,
            refusal: null,
            ...(toolCalls ? { tool_calls: toolCalls } : {}),
          },
          logprobs: body.logprobs ? { content: [], refusal: null } : null,
          finish_reason: reply.finish_reason ?? (toolCalls ? 'tool_calls' : 'stop'),
        },
      ],
      usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
    },
  }
}

function unsupportedFeature(body: ChatBody, supports: FakeSupports): string | null {
  if (body.response_format !== undefined && !supports.responseFormat) return 'response_format'
  if (body.seed !== undefined && !supports.seed) return 'seed'
  if (body.tools !== undefined && !supports.tools) return 'tools'
  if (body.logprobs !== undefined && !supports.logprobs) return 'logprobs'
  return null
}

async function sendFault(
  res: ServerResponse,
  fault: FakeFault,
  request: FakeRequest,
): Promise<void> {
  switch (fault.kind) {
    case 'status': {
      const headers: Record<string, string> = {}
      if (fault.retryAfter !== undefined) headers['retry-after'] = String(fault.retryAfter)
      send(
        res,
        fault.status,
        { error: { message: fault.message ?? `fault ${fault.status}` } },
        headers,
      )
      return
    }
    case 'hang':
      // Holds the request open until the client gives up and closes it.
      await new Promise<void>((resolve) => res.on('close', resolve))
      return
    case 'malformed':
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end('{"id": "chatcmpl-broken", "choices": [')
      return
    case 'truncated': {
      const full = JSON.stringify({ id: `chatcmpl-${request.hash.slice(0, 12)}`, choices: [] })
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-length': String(full.length + 100),
      })
      res.write(full.slice(0, Math.floor(full.length / 2)))
      await sleep(5)
      res.socket?.destroy()
      return
    }
    case 'no_choices':
      send(res, 200, {
        id: `chatcmpl-${request.hash.slice(0, 12)}`,
        object: 'chat.completion',
        created: 0,
        model: request.body.model ?? 'fake-model',
        choices: [],
        usage: { prompt_tokens: 1, completion_tokens: 0, total_tokens: 1 },
      })
      return
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
