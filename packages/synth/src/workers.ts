import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import { type FamilyRegistry, RefineryError, type RefineryErrorCode } from '@refinery/core'
import type { SynthConfig } from './config'
import type { SynthMode } from './mode'
import type { Decided, Tally } from './run'

/**
 * Worker threads for a run. Functions do not cross threads, so each worker builds its own
 * registry and mode by importing `setup` (a module URL) and calling its `synthSetup(data)`;
 * `data` must survive structured cloning.
 */
export interface SynthWorkers {
  /** Threads (at least 1). */
  count: number
  /** URL of a module exporting `synthSetup(data): Promise<SynthSetup> | SynthSetup`. */
  setup: string
  data?: unknown
  /**
   * Each worker's old-generation heap limit in MiB (default `DEFAULT_WORKER_HEAP_MB`; 0: V8's
   * own, which grows with the machine's memory).
   */
  heapMb?: number
}

/**
 * A worker holds some 110–160 MiB of live data (compiled worlds, remembered plans), but V8,
 * left to itself, lets the heap grow to several times that before it collects: two workers
 * reached 1.3 GiB over 4,000 trajectories and 1.8 GiB over 16,000. Under a limit, a worker's
 * old generation still grows with fragmentation over a long run while its live data stays
 * put, until it nears the limit and V8 compacts harder: so the limit, not the live data, sets
 * the peak of a long run (at 6,000 trajectories 384 and 512 peak alike). 64,000 trajectories
 * of the default mix with two workers (bench) peaked at 1,196 MiB with 512, 1,078–1,160 MiB
 * with 384 and 971 MiB with 320 (issue #13 wants under 1 GiB), every trajectory kept and no
 * worker out of heap; a CLI run, without tsx's module threads, peaks some 60 MiB below the
 * bench. The CPU per trajectory stays the same (64,000 back to back on a loaded machine: 12.15
 * ms at 320 vs 12.12 at 384; 6,000: 27.4 vs 27.6 at 384 and 512): the heap grows by about the
 * same factor after each collection either way. The same code's peak at 320 then read 999 MiB
 * one day and 1,056 the next (the host's own swing), so the default is 288: 1,017 MiB in the
 * bench the same hour, the same 64,000 records, no more CPU (9.49 ms against 11.05 at 320 run
 * just before; last session 288 was also measured neutral).
 */
export const DEFAULT_WORKER_HEAP_MB = 288

/** What a worker's setup module gives it. */
export interface SynthSetup {
  registry: FamilyRegistry
  mode: SynthMode
}

/** What the main thread sends a worker when it starts. */
export interface WorkerInit {
  setup: string
  data: unknown
  config: SynthConfig
  families: string[]
}

export type WorkerRequest = { id: number; slots: number[] }
export type WorkerReply =
  | { id: number; decided: [number, Decided][]; tally: Tally }
  | { id: number; error: { code: RefineryErrorCode; message: string; hint?: string } }

export interface WorkerPool {
  /**
   * Decides the slots across the workers; counts their attempts into `summary`. Slots of one
   * `affinity` key go to one worker while it has work (see `SynthMode.affinity`).
   */
  decide(
    slots: number[],
    summary: Tally,
    signal?: AbortSignal,
    affinity?: (slot: number) => string,
  ): Promise<Map<number, Decided>>
  close(): Promise<void>
}

/** Slots a worker takes at a time: small enough to balance, large enough to be cheap. */
const BATCH = 4

/** Starts `count` workers; they build their registry and mode before taking any slot. */
export async function startWorkerPool(
  workers: SynthWorkers,
  config: SynthConfig,
  families: string[],
): Promise<WorkerPool> {
  const init: WorkerInit = { setup: workers.setup, data: workers.data ?? null, config, families }
  const heapMb = workers.heapMb ?? DEFAULT_WORKER_HEAP_MB
  const threads = Array.from({ length: Math.max(1, workers.count) }, () =>
    watch(spawn(init, heapMb), heapMb),
  )
  let nextId = 0
  const call = (thread: Thread, slots: number[]) =>
    new Promise<Extract<WorkerReply, { tally: Tally }>>((resolve, reject) => {
      if (thread.stopped) {
        reject(thread.stopped)
        return
      }
      const id = nextId++
      const { worker } = thread
      const onMessage = (reply: WorkerReply) => {
        if (reply.id !== id) return
        cleanup()
        if ('error' in reply) {
          const { code, message, hint } = reply.error
          reject(new RefineryError(code, message, hint ? { hint } : {}))
        } else resolve(reply)
      }
      const cleanup = () => {
        worker.off('message', onMessage)
        thread.fail = null
      }
      thread.fail = (error) => {
        cleanup()
        reject(error)
      }
      worker.on('message', onMessage)
      worker.postMessage({ id, slots } satisfies WorkerRequest)
    })

  return {
    async decide(slots, summary, signal, affinity) {
      const decided = new Map<number, Decided>()
      const queues = affinityQueues(slots, threads.length, affinity)
      // Each worker takes the next batch of its own queue, and when that is empty the last
      // batch of the longest other queue; results are merged by slot, so which worker
      // decided what does not show in the output.
      await Promise.all(
        threads.map(async (thread, w) => {
          for (;;) {
            if (signal?.aborted) return
            const batch = queues[w]!.shift() ?? longest(queues)?.pop()
            if (!batch) return
            const reply = await call(thread, batch)
            for (const [slot, kept] of reply.decided) decided.set(slot, kept)
            addTally(summary, reply.tally)
          }
        }),
      )
      return decided
    },
    async close() {
      await Promise.all(threads.map((thread) => thread.worker.terminate()))
    },
  }
}

/** A worker and, once it has stopped, why: a thread that dies between calls fails the next. */
interface Thread {
  worker: Worker
  stopped: Error | null
  /** Rejects the call in progress, if any. */
  fail: ((error: Error) => void) | null
}

/** Listens for the worker's death for its whole life, so no 'error' event goes unheard. */
function watch(worker: Worker, heapMb: number): Thread {
  const thread: Thread = { worker, stopped: null, fail: null }
  const stop = (error: Error) => {
    thread.stopped ??= error
    thread.fail?.(thread.stopped)
  }
  worker.on('error', (error: Error & { code?: string }) => {
    if (error.code !== 'ERR_WORKER_OUT_OF_MEMORY') stop(error)
    else {
      stop(
        new RefineryError('limit', `A synthesis worker ran out of its ${heapMb} MiB heap.`, {
          hint: 'Resume the run (--resume) with a larger --worker-heap-mb, or 0 for no limit.',
        }),
      )
    }
  })
  worker.on('exit', (code) =>
    stop(new RefineryError('internal', `A synthesis worker stopped (exit code ${code}).`)),
  )
  return thread
}

/**
 * The slots in batches, one queue per worker: a slot goes to the worker its affinity key
 * hashes to (in turn when there is no key), in slot order.
 */
export function affinityQueues(
  slots: readonly number[],
  workers: number,
  affinity: ((slot: number) => string) | undefined,
): number[][][] {
  const own: number[][] = Array.from({ length: workers }, () => [])
  for (const [i, slot] of slots.entries()) {
    const w = affinity ? fnv1a(affinity(slot)) % workers : Math.floor(i / BATCH) % workers
    own[w]!.push(slot)
  }
  return own.map((list) => {
    const batches: number[][] = []
    for (let i = 0; i < list.length; i += BATCH) batches.push(list.slice(i, i + BATCH))
    return batches
  })
}

function longest(queues: number[][][]): number[][] | undefined {
  let best: number[][] | undefined
  for (const queue of queues) if (queue.length > (best?.length ?? 0)) best = queue
  return best
}

/** A 32-bit FNV-1a hash: cheap, and spread well enough to share keys among a few workers. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193)
  return h >>> 0
}

function addTally(summary: Tally, tally: Tally): void {
  summary.attempted += tally.attempted
  for (const [reason, n] of Object.entries(tally.rejected))
    summary.rejected[reason as keyof Tally['rejected']] += n
  for (const [id, family] of Object.entries(tally.families))
    summary.families[id]!.attempted += family.attempted
  summary.failures.push(...tally.failures)
}

/**
 * A worker on `worker.js` next to this module; run from TypeScript sources (tests, tsx), it
 * registers tsx first and resolves workspace packages to their sources, like its parent.
 */
function spawn(init: WorkerInit, heapMb: number): Worker {
  const here = import.meta.url
  // Episodes allocate many short-lived objects: a larger young generation than V8's default
  // cut the CPU per trajectory by about 15% (household, --max-semi-space-size=32 measured).
  const resourceLimits = {
    maxYoungGenerationSizeMb: 64,
    ...(heapMb > 0 ? { maxOldGenerationSizeMb: heapMb } : {}),
  }
  if (here.endsWith('.ts')) {
    const entry = new URL('./worker.ts', here).href
    const tsxDir = dirname(createRequire(here).resolve('tsx/package.json'))
    const tsx = pathToFileURL(join(tsxDir, 'dist', 'esm', 'api', 'index.mjs')).href
    const code = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}) })`
    return new Worker(code, {
      eval: true,
      workerData: init,
      execArgv: ['--conditions=@refinery/source'],
      resourceLimits,
    })
  }
  return new Worker(new URL('./worker.js', here), { workerData: init, resourceLimits })
}
