import { createEnvServer } from '@refinery/server'
import type { Command } from 'commander'
import { parseIntegerOption, usage } from '../io'
import type { CommandContext } from '../main'

interface ServeOptions {
  port: string
  host: string
  family?: string
  split: string
  maxEnvironments: string
  idleSeconds: string
}

export function registerServe(program: Command, { io, registry }: CommandContext): void {
  program
    .command('serve')
    .description(
      "serve the families over HTTP with AgentGym's env-server protocol (/create, /reset, /step, …)",
    )
    .option('--port <port>', 'port to listen on (0: any free port)', '8000')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--family <id>', 'family /create uses when a request names none')
    .option('--split <split>', 'split /reset draws tasks from by default', 'test')
    .option('--max-environments <n>', 'live environments at once', '256')
    .option('--idle-seconds <s>', 'close an environment untouched this long', '600')
    .action(async (options: ServeOptions) => {
      const port = parseIntegerOption('port', options.port)
      if (port > 65_535) throw usage(`--port must be at most 65535, got ${port}.`)
      if (!['train', 'dev', 'test'].includes(options.split))
        throw usage(`--split must be train, dev or test, got '${options.split}'.`)
      const server = createEnvServer({
        registry,
        ...(options.family !== undefined ? { defaultFamily: options.family } : {}),
        split: options.split as 'train' | 'dev' | 'test',
        maxEnvironments: parseIntegerOption('max-environments', options.maxEnvironments, 1),
        idleMs: parseIntegerOption('idle-seconds', options.idleSeconds, 1) * 1000,
      })
      let address: { url: string }
      try {
        address = await server.listen(port, options.host)
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code
        throw usage(
          `Cannot listen on ${options.host}:${port} (${code ?? 'error'}).`,
          code === 'EADDRINUSE' ? 'Choose another --port, or 0 for any free one.' : 'Check --host.',
        )
      }
      io.stderr(
        `refinery serve: ${address.url} serves ${registry.ids().join(', ')}; Ctrl-C stops it.\n`,
      )
      await new Promise<void>((resolve) => {
        const stop = () => resolve()
        process.once('SIGINT', stop)
        process.once('SIGTERM', stop)
      })
      await server.close()
      io.stderr('refinery serve: stopped.\n')
    })
}
