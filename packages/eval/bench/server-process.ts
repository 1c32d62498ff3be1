// The model server of the eval bench, in a process of its own as a real one is: it prints its
// URL, and its stats once its stdin closes. Every reply is one valid-looking action.
import { startFakeServer } from '@refinery/llm/testing'

const server = await startFakeServer({
  latencyMs: Number(process.argv[2]),
  reply: 'Thought: I will look around.\nAction: look',
})
process.stdout.write(`${server.url}\n`)
process.stdin.resume()
process.stdin.on('end', () => {
  process.stdout.write(`${JSON.stringify({ maxInFlight: server.stats.maxInFlight })}\n`)
  void server.close().then(() => process.exit(0))
})
