// The fake server of the throughput bench, in a process of its own: it prints its URL, and
// its stats once its stdin closes.
import { startFakeServer } from '@refinery/llm/testing'

const server = await startFakeServer({ latencyMs: Number(process.argv[2]), reply: 'ok' })
process.stdout.write(`${server.url}\n`)
process.stdin.resume()
process.stdin.on('end', () => {
  process.stdout.write(`${JSON.stringify({ maxInFlight: server.stats.maxInFlight })}\n`)
  void server.close().then(() => process.exit(0))
})
