import { spawn } from 'node:child_process'
import { dirname, join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { benchMachine, writeBenchReport } from '@refinery/core/bench'
import { LlmClient } from '@refinery/llm'
import { type FakeFault, type FakeRequest, startFakeServer } from '@refinery/llm/testing'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..')
const LATENCY_MS = 200
const CONCURRENCY = 64
// 100 rounds of the 64 slots: sustained throughput. The first round sends all 64 requests at
// once and the last one drains them; over 20 rounds that start and end alone cost about 1.5%.
const REQUESTS = 6400
const IDEAL = CONCURRENCY / (LATENCY_MS / 1000)

/**
 * Throughput against the fake server: requests per second over the ideal 320. The server
 * runs in its own process, as a real one does, so its CPU time is not the client's.
 */
async function throughput() {
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
  // One request per slot first, so connection setup is not timed.
  await Promise.all(Array.from({ length: CONCURRENCY }, (_, i) => ask(client, `warm ${i}`)))
  const start = performance.now()
  const cpu = process.cpuUsage()
  await Promise.all(Array.from({ length: REQUESTS }, (_, i) => ask(client, `q ${i}`)))
  const seconds = (performance.now() - start) / 1000
  const used = process.cpuUsage(cpu)
  child.stdin!.end('stats\n')
  const stats = JSON.parse(String((await lines.next()).value)) as { maxInFlight: number }
  child.kill()
  const rate = REQUESTS / seconds
  return {
    requests: REQUESTS,
    rounds: REQUESTS / CONCURRENCY,
    latencyMs: LATENCY_MS,
    concurrency: CONCURRENCY,
    seconds: round(seconds),
    requestsPerSecond: round(rate),
    idealRequestsPerSecond: IDEAL,
    fractionOfIdeal: round(rate / IDEAL),
    maxInFlight: stats.maxInFlight,
    // The client's CPU milliseconds per request.
    cpuMsPerRequest: round((used.user + used.system) / 1000 / REQUESTS),
  }
}

const FAULTS: FakeFault[] = [
  { kind: 'status', status: 429, retryAfter: 0 },
  { kind: 'status', status: 500 },
  { kind: 'status', status: 503 },
  { kind: 'hang' },
  { kind: 'malformed' },
  { kind: 'truncated' },
  { kind: 'no_choices' },
  { kind: 'status', status: 408 },
]

/** 30% of requests faulted on their first try (a seeded choice); every one must end once. */
async function faulted() {
  const pick = (r: FakeRequest) => Number.parseInt(r.hash.slice(0, 8), 16) / 0x100000000
  const server = await startFakeServer({
    latencyMs: 20,
    reply: (r) => `answer ${String(r.body.messages?.[0]?.content)}`,
    fault: (r) => (r.seen === 0 && pick(r) < 0.3 ? FAULTS[r.index % FAULTS.length]! : null),
  })
  const client = new LlmClient({
    baseURL: server.url,
    model: 'bench',
    env: {},
    limits: { concurrency: CONCURRENCY },
    retry: { baseDelayMs: 50, maxDelayMs: 1000, maxRetries: 6, seed: 1 },
    timeoutMs: 1000,
  })
  const total = 1000
  const outcomes = new Map<number, string[]>()
  await Promise.all(
    Array.from({ length: total }, async (_, i) => {
      let outcome: string
      try {
        const answer = await ask(client, `f ${i}`)
        outcome = answer === `answer f ${i}` ? 'answered' : 'wrong answer'
      } catch {
        outcome = 'reported'
      }
      outcomes.set(i, [...(outcomes.get(i) ?? []), outcome])
    }),
  )
  await server.close()
  const all = [...outcomes.values()]
  return {
    requests: total,
    faultedFirstTries: server.stats.faulted,
    faultedFraction: round(server.stats.faulted / total),
    answered: all.filter((o) => o.length === 1 && o[0] === 'answered').length,
    reported: all.filter((o) => o.length === 1 && o[0] === 'reported').length,
    wrongAnswers: all.filter((o) => o.includes('wrong answer')).length,
    lost: total - outcomes.size,
    answeredTwice: all.filter((o) => o.length > 1).length,
    retries: client.stats().retries,
  }
}

async function ask(client: LlmClient, text: string): Promise<string | null> {
  const result = await client.complete({ messages: [{ role: 'user', content: text }] })
  return result.message.content
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000
}

const report = {
  machine: benchMachine(),
  throughput: await throughput(),
  faults: await faulted(),
}
console.log(JSON.stringify(report, null, 2))
writeBenchReport(root, 'llm', report)
