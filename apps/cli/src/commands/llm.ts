import { probeCapabilities } from '@refinery/llm'
import type { Command } from 'commander'
import type { CommandContext } from '../main'
import { type ModelFlags, modelClient, withModelFlags } from './model'

export function registerLlm(program: Command, context: CommandContext): void {
  const { io } = context
  const llm = program.command('llm').description('talk to an OpenAI-compatible model server')
  const probe = llm
    .command('probe')
    .description(
      'ask a server which request features it honours (response_format, seed, tools, logprobs); prints JSON. The answer is cached per server and model; --no-cache asks again',
    )
  withModelFlags(probe, false).action(async (options: ModelFlags) => {
    // A probe should answer quickly: one retry, then say what is wrong.
    const client = modelClient(context, options, {
      retry: { maxRetries: 1, baseDelayMs: 200 },
      timeoutMs: 30_000,
    })
    const capabilities = await probeCapabilities(client)
    io.stdout(`${JSON.stringify(capabilities, null, 2)}\n`)
  })
}
