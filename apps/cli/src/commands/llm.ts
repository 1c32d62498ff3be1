import { LlmClient, probeCapabilities } from '@refinery/llm'
import type { Command } from 'commander'
import type { CommandContext } from '../main'

export function registerLlm(program: Command, { io }: CommandContext): void {
  const llm = program.command('llm').description('talk to an OpenAI-compatible model server')
  llm
    .command('probe')
    .description(
      'ask a server which request features it honours (response_format, seed, tools, logprobs); prints JSON',
    )
    .option(
      '--base-url <url>',
      'the server, such as http://127.0.0.1:8000/v1 (default: OPENAI_BASE_URL)',
    )
    .option('--model <model>', 'the model (default: REFINERY_MODEL)')
    .action(async (options: { baseUrl?: string; model?: string }) => {
      const client = new LlmClient({
        ...(options.baseUrl === undefined ? {} : { baseURL: options.baseUrl }),
        ...(options.model === undefined ? {} : { model: options.model }),
        env: io.env,
        // A probe should answer quickly: one retry, then say what is wrong.
        retry: { maxRetries: 1, baseDelayMs: 200 },
        timeoutMs: 30_000,
      })
      const capabilities = await probeCapabilities(client)
      io.stdout(`${JSON.stringify(capabilities, null, 2)}\n`)
    })
}
