import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  type Environment,
  type EnvironmentFamily,
  type FamilyRegistry,
  FeedbackProfile,
  Perturbation,
  RefineryError,
  Split,
  type StepResult,
} from '@refinery/core'
import { z } from 'zod'

export interface EnvServerOptions {
  registry: FamilyRegistry
  /** The family `/create` uses when the request names none (AgentGym clients send no body). */
  defaultFamily?: string
  /** The split `/reset` draws tasks from when the request names none (default `test`). */
  split?: Split
  /** Live environments at once; `/create` beyond it gets 503 (default 256). */
  maxEnvironments?: number
  /** An environment untouched this long is closed (default 10 minutes). */
  idleMs?: number
  /** The largest request body read (default 64 KiB). */
  maxBodyBytes?: number
}

export interface EnvServer {
  /** Starts listening; 127.0.0.1 and a free port unless told otherwise. */
  listen(port?: number, host?: string): Promise<{ url: string; port: number }>
  /** Closes every environment and stops listening. */
  close(): Promise<void>
  /** Live environments now. */
  readonly size: number
  /** The request handler, to mount in a server of one's own. */
  handle(request: IncomingMessage, response: ServerResponse): void
}

/** One live environment and what AgentGym's clients ask about it. */
interface Session {
  readonly family: EnvironmentFamily
  readonly env: Environment
  split: Split
  task: string | null
  observation: string
  availableActions: string[]
  done: boolean
  lastUsed: number
  /** Requests on one environment run one after another, in the order they arrived. */
  queue: Promise<unknown>
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}

const Id = z.coerce.number().int().nonnegative()
const CreateBody = z
  .object({
    family: z.string().min(1).optional(),
    split: Split.optional(),
    profile: FeedbackProfile.optional(),
    perturbation: Perturbation.optional(),
  })
  .strict()
const ResetBody = z
  .object({
    id: Id,
    /** AgentGym's names for the task index: `data_idx`, `game`, `idx`; ours: `task`. */
    data_idx: z.number().int().nonnegative().optional(),
    game: z.number().int().nonnegative().optional(),
    idx: z.number().int().nonnegative().optional(),
    task: z.number().int().nonnegative().optional(),
    split: Split.optional(),
    world_type: z.string().optional(),
  })
  .strict()
const StepBody = z.object({ id: Id, action: z.string().max(65_536) }).strict()
const CloseBody = z.object({ id: Id }).strict()

/**
 * An HTTP server for Refinery's families that speaks AgentGym's env-server protocol
 * (`/create`, `/reset`, `/step`, `/observation`, `/available_actions`, `/detail`, `/close`).
 * Every malformed or unknown request gets a 4xx JSON `{ "error": … }` and never takes the
 * server down; live environments are capped and idle ones expire.
 */
export function createEnvServer(options: EnvServerOptions): EnvServer {
  const { registry } = options
  const maxEnvironments = options.maxEnvironments ?? 256
  const idleMs = options.idleMs ?? 10 * 60_000
  const maxBodyBytes = options.maxBodyBytes ?? 64 * 1024
  const defaultSplit = options.split ?? 'test'
  if (options.defaultFamily !== undefined) registry.get(options.defaultFamily)
  const sessions = new Map<number, Session>()
  let nextId = 0
  let server: Server | null = null

  const expire = (now: number): void => {
    for (const [id, session] of sessions) {
      if (now - session.lastUsed >= idleMs) {
        sessions.delete(id)
        void session.env.close?.()
      }
    }
  }
  const sweeper = setInterval(() => expire(Date.now()), Math.min(idleMs, 60_000))
  sweeper.unref()

  const sessionOf = (id: number): Session => {
    const session = sessions.get(id)
    if (!session) throw new HttpError(404, `No environment ${id}: create one with POST /create.`)
    session.lastUsed = Date.now()
    return session
  }

  /** Runs `work` after the requests already queued on this session. */
  const serial = <T>(session: Session, work: () => Promise<T>): Promise<T> => {
    const run = session.queue.then(work, work)
    session.queue = run.catch(() => {})
    return run
  }

  const routes: Record<string, (query: URLSearchParams, body: unknown) => Promise<unknown>> = {
    'GET /': async () => ({
      name: 'refinery',
      protocol: 'agentgym',
      families: registry.list().map((f) => ({
        id: f.id,
        description: f.description,
        splits: f.splits,
      })),
    }),

    'POST /create': async (_, body) => {
      const input = parse(CreateBody, body ?? {})
      const familyId = input.family ?? options.defaultFamily
      if (familyId === undefined) {
        throw new HttpError(400, `Name a family: one of ${registry.ids().join(', ')}.`)
      }
      if (!registry.has(familyId)) {
        throw new HttpError(
          400,
          `Unknown family '${familyId}': one of ${registry.ids().join(', ')}.`,
        )
      }
      expire(Date.now())
      if (sessions.size >= maxEnvironments) {
        throw new HttpError(
          503,
          `${maxEnvironments} environments are live, the most this server holds: close one with POST /close.`,
        )
      }
      const family = registry.get(familyId)
      const id = nextId++
      const split = input.split ?? defaultSplit
      const env = lazyEnvironment(family, input.profile, input.perturbation)
      sessions.set(id, {
        family,
        env,
        split,
        task: null,
        observation: '',
        availableActions: [],
        done: false,
        lastUsed: Date.now(),
        queue: Promise.resolve(),
      })
      return { id }
    },

    'POST /reset': async (_, body) => {
      const input = parse(ResetBody, body)
      const session = sessionOf(input.id)
      const index = input.data_idx ?? input.game ?? input.idx ?? input.task ?? 0
      const split = input.split ?? session.split
      const size = session.family.splits[split].size
      if (index >= size) {
        throw new HttpError(
          400,
          `Task ${index} is out of range: ${session.family.id}'s ${split} split has ${size} tasks (0 to ${size - 1}).`,
        )
      }
      return serial(session, async () => {
        const env = session.env as LazyEnvironment
        env.load(session.family.task(split, index))
        const first = await env.reset()
        session.task = `${session.family.id}/${split}/${index}`
        session.observation = `${first.instruction}\n${first.observation}`
        session.availableActions = await env.validActions()
        session.done = false
        return {
          id: input.id,
          task: session.task,
          instruction: first.instruction,
          observation: session.observation,
          available_actions: session.availableActions,
        }
      })
    },

    'POST /step': async (_, body) => {
      const input = parse(StepBody, body)
      const session = sessionOf(input.id)
      return serial(session, async () => {
        if (session.task === null) {
          throw new HttpError(409, `Environment ${input.id} has no task yet: POST /reset first.`)
        }
        if (session.done) {
          throw new HttpError(409, `The episode of environment ${input.id} is over: POST /reset.`)
        }
        const result: StepResult = await session.env.step(input.action)
        session.observation = result.observation
        session.done = result.done
        session.availableActions = result.done ? [] : await session.env.validActions()
        return {
          observation: result.observation,
          reward: result.reward,
          done: result.done,
          success: result.success,
          progress: result.progress,
          status: result.status,
          available_actions: session.availableActions,
        }
      })
    },

    'GET /observation': async (query) => sessionOf(queryId(query)).observation,

    'GET /available_actions': async (query) => sessionOf(queryId(query)).availableActions,

    'GET /detail': async (query) => {
      const session = sessionOf(queryId(query))
      return {
        family: session.family.id,
        task: session.task,
        observation: session.observation,
        available_actions: session.availableActions,
        done: session.done,
      }
    },

    'POST /close': async (_, body) => {
      const { id } = parse(CloseBody, body)
      const session = sessionOf(id)
      sessions.delete(id)
      await serial(session, async () => session.env.close?.())
      return { id, closed: true }
    },
  }

  const handle = (request: IncomingMessage, response: ServerResponse): void => {
    void respond(request, response).catch(() => {
      // The socket went away mid-answer; nothing is left to tell anyone.
      response.destroy()
    })
  }

  const respond = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    let status = 200
    let payload: unknown
    try {
      const url = new URL(request.url ?? '/', 'http://localhost')
      const route = routes[`${request.method} ${url.pathname}`]
      if (!route) {
        const known = Object.keys(routes).some((key) => key.endsWith(` ${url.pathname}`))
        throw new HttpError(
          known ? 405 : 404,
          known
            ? `${request.method} is not allowed on ${url.pathname}.`
            : `No route ${url.pathname}: the routes are ${Object.keys(routes).join(', ')}.`,
        )
      }
      const body = request.method === 'POST' ? await readJson(request, maxBodyBytes) : undefined
      payload = await route(url.searchParams, body)
    } catch (error) {
      if (error instanceof HttpError) status = error.status
      else if (RefineryError.isInstance(error)) status = 400
      else status = 500
      payload = {
        error: RefineryError.isInstance(error)
          ? error.oneLine
          : error instanceof Error
            ? error.message
            : String(error),
      }
    }
    const text = JSON.stringify(payload ?? null)
    response.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(text),
    })
    response.end(text)
  }

  return {
    get size() {
      return sessions.size
    },
    handle,
    async listen(port = 0, host = '127.0.0.1') {
      server = createServer(handle)
      // Longer than clients keep idle connections (undici: 4 s), so the server never closes
      // one that a client is about to reuse.
      server.keepAliveTimeout = 65_000
      server.headersTimeout = 66_000
      await new Promise<void>((resolve, reject) => {
        server!.once('error', reject)
        server!.listen(port, host, () => resolve())
      })
      const address = server.address() as AddressInfo
      const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address
      return { url: `http://${shown}:${address.port}`, port: address.port }
    },
    async close() {
      clearInterval(sweeper)
      const closing = [...sessions.values()].map((s) => s.env.close?.())
      sessions.clear()
      await Promise.allSettled(closing)
      if (server) {
        const s = server
        server = null
        s.closeAllConnections()
        await new Promise<void>((resolve) => s.close(() => resolve()))
      }
    },
  }
}

/** An environment whose task is chosen at `/reset`, as AgentGym's protocol has it. */
interface LazyEnvironment extends Environment {
  load(task: ReturnType<EnvironmentFamily['task']>): void
}

function lazyEnvironment(
  family: EnvironmentFamily,
  profile: FeedbackProfile | undefined,
  perturbation: Perturbation | undefined,
): LazyEnvironment {
  let env: Environment | null = null
  const live = (): Environment => {
    if (!env) throw new HttpError(409, 'No task yet: POST /reset first.')
    return env
  }
  return {
    load(task) {
      void env?.close?.()
      env = family.create(task, {
        ...(profile ? { profile } : {}),
        ...(perturbation ? { perturbation } : {}),
      })
    },
    reset: () => live().reset(),
    step: (action) => live().step(action),
    validActions: () => live().validActions(),
    get actionSpace() {
      return live().actionSpace
    },
    snapshot: () => live().snapshot(),
    restore: (snapshot) => live().restore(snapshot),
    close: async () => {
      await env?.close?.()
      env = null
    },
  }
}

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body)
  if (result.success) return result.data
  const issue = result.error.issues[0]
  const where = issue?.path.length ? `${issue.path.join('.')}: ` : ''
  throw new HttpError(400, `Bad request body: ${where}${issue?.message ?? 'invalid'}.`)
}

function queryId(query: URLSearchParams): number {
  const parsed = Id.safeParse(query.get('id') ?? undefined)
  if (!parsed.success) throw new HttpError(400, 'Give the environment as ?id=<number>.')
  return parsed.data
}

/** The request body as JSON; an empty body is `undefined`. */
async function readJson(request: IncomingMessage, limit: number): Promise<unknown> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of request) {
    size += (chunk as Buffer).length
    // Past the limit the body is read to its end and dropped, so the client, still writing,
    // gets its 413 instead of a reset connection; past 64 times the limit it is cut off.
    if (size > limit * 64) {
      request.destroy()
      break
    }
    if (size <= limit) chunks.push(chunk as Buffer)
  }
  if (size > limit) throw new HttpError(413, `The request body is over ${limit} bytes.`)
  const text = Buffer.concat(chunks).toString('utf8').trim()
  if (text === '') return undefined
  try {
    return JSON.parse(text)
  } catch {
    throw new HttpError(400, 'The request body is not valid JSON.')
  }
}
