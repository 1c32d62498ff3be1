/**
 * Env-server load test on loopback: 400 household episodes, 64 at once, through HTTP, every
 * answer compared with an in-process run. Prints JSON and writes out/bench/serve.json.
 * Bounded: a fixed number of episodes, a time-out on every request; it stops by itself.
 */
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { FamilyRegistry } from '@refinery/core'
import { benchMachine, writeBenchReport } from '@refinery/core/bench'
import { household } from '@refinery/env-household'
import { createEnvServer } from '@refinery/server'
import { runLoad } from '../src/load'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..')
const server = createEnvServer({ registry: new FamilyRegistry([household]) })
const { url } = await server.listen()
try {
  const load = await runLoad({ url, family: household, episodes: 400, concurrency: 64 })
  const report = { machine: benchMachine(), family: household.id, concurrency: 64, ...load }
  console.log(JSON.stringify(report, null, 2))
  writeBenchReport(root, 'serve', report)
  if (load.errors > 0 || load.mismatches > 0) process.exitCode = 1
} finally {
  await server.close()
}
