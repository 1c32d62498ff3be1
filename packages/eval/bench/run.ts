import { spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { FamilyRegistry } from '@refinery/core'
import { benchMachine, writeBenchReport } from '@refinery/core/bench'
import { adventure } from '@refinery/env-adventure'
import { grid } from '@refinery/env-grid'
import { household } from '@refinery/env-household'
import { lab } from '@refinery/env-lab'
import { planning } from '@refinery/env-planning'
import { LlmClient } from '@refinery/llm'
import { runEval } from '../src/run'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..')
const LATENCY_MS = 500
const CONCURRENCY = 64
const registry = new FamilyRegistry([adventure, grid, household, lab, planning])
const round = (x: number) => Math.round(x * 1000) / 1000

/**
 * Every test split against a model server answering in 500 ms, 64 episodes at once. The ideal
 * time: every request's latency spread perfectly over 64 slots, and never less than the
 * longest episode's chain of turns.
 */
async function modelSuite() {
  const child = spawn(
    process.execPath,
    [
      ...process.execArgv,
      fileURLToPath(new URL('./server-process.ts', import.meta.url)),
      String(LATENCY_MS),
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  )
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]()
  const url = String((await lines.next()).value)
  const client = new LlmClient({
    baseURL: url,
    model: 'bench',
    env: {},
    limits: { concurrency: CONCURRENCY },
  })
  const start = performance.now()
  const results = await runEval({
    registry,
    agent: { kind: 'openai', client, model: 'bench' },
    outDir: mkdtempSync(join(tmpdir(), 'refinery-eval-bench-')),
    concurrency: CONCURRENCY,
  })
  const seconds = (performance.now() - start) / 1000
  child.stdin!.end('stats\n')
  const stats = JSON.parse(String((await lines.next()).value)) as { maxInFlight: number }
  child.kill()
  const requests = results.aggregates.overall.steps
  const longest = Math.max(...results.episodes.map((e) => e.steps))
  const ideal = Math.max(requests / CONCURRENCY, longest) * (LATENCY_MS / 1000)
  return {
    episodes: results.episodes.length,
    requests,
    latencyMs: LATENCY_MS,
    concurrency: CONCURRENCY,
    maxInFlight: stats.maxInFlight,
    seconds: round(seconds),
    idealSeconds: round(ideal),
    ratioToIdeal: round(seconds / ideal),
  }
}

/** The oracle over every family's whole test split, one episode at a time. */
async function oracleSuite() {
  const start = performance.now()
  const results = await runEval({
    registry,
    agent: { kind: 'oracle' },
    outDir: mkdtempSync(join(tmpdir(), 'refinery-eval-bench-oracle-')),
  })
  const seconds = (performance.now() - start) / 1000
  return {
    episodes: results.episodes.length,
    steps: results.aggregates.overall.steps,
    seconds: round(seconds),
    episodesPerSecond: round(results.episodes.length / seconds),
    success: results.aggregates.overall.success.mean,
  }
}

const report = {
  machine: benchMachine(),
  modelServer: await modelSuite(),
  oracle: await oracleSuite(),
}
console.log(JSON.stringify(report, null, 2))
writeBenchReport(root, 'eval', report)
