/**
 * A synthesis worker thread: builds its registry and mode from the setup module, then decides
 * the slots the main thread sends, one batch at a time, and answers with the kept lines and
 * the attempts' figures. See `workers.ts`.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { RefineryError } from '@refinery/core'
import { decideChunk } from './run'
import { emptySummary } from './summary'
import type { SynthSetup, WorkerInit, WorkerReply, WorkerRequest } from './workers'

const init = workerData as WorkerInit
const module = (await import(init.setup)) as {
  synthSetup?: (data: unknown) => SynthSetup | Promise<SynthSetup>
}
if (typeof module.synthSetup !== 'function')
  throw new RefineryError('internal', `${init.setup} does not export synthSetup(data).`)
const { registry, mode } = await module.synthSetup(init.data)
const families = init.families.map((id) => registry.get(id))
const port = parentPort!

port.on('message', async ({ id, slots }: WorkerRequest) => {
  let reply: WorkerReply
  try {
    const tally = emptySummary(init.config, { from: 0, to: 0 }, init.families)
    const { decided } = await decideChunk(mode, init.config, families, slots, tally, undefined, 1)
    reply = {
      id,
      decided: [...decided],
      tally: {
        attempted: tally.attempted,
        rejected: tally.rejected,
        families: tally.families,
        failures: tally.failures,
      },
    }
  } catch (error) {
    const known = RefineryError.isInstance(error)
    reply = {
      id,
      error: {
        code: known ? error.code : 'internal',
        message: error instanceof Error ? error.message : String(error),
        ...(known && error.hint ? { hint: error.hint } : {}),
      },
    }
  }
  port.postMessage(reply)
})
