import { createServer } from 'node:net'
import { Readable } from 'node:stream'
import type { Io } from './io'
import { main } from './main'

export interface CliRunOptions {
  /** The environment the command sees (default: none of this process's). */
  env?: NodeJS.ProcessEnv
  /** What the command reads on standard input (default: nothing). */
  stdin?: string
  cwd?: string
}

export interface CliRun {
  code: number
  stdout: string
  stderr: string
  /** Standard output and error interleaved, as a terminal shows them. */
  output: string
}

/**
 * Runs `refinery` in this process with buffered streams, as the CLI's tests drive it: no
 * terminal, nothing inherited from the test's own environment unless passed in `env`.
 */
export async function runCli(argv: string[], options: CliRunOptions = {}): Promise<CliRun> {
  const run: CliRun = { code: 0, stdout: '', stderr: '', output: '' }
  const io: Io = {
    stdout: (text) => {
      run.stdout += text
      run.output += text
    },
    stderr: (text) => {
      run.stderr += text
      run.output += text
    },
    stdin: Readable.from([options.stdin ?? '']),
    stderrIsTty: false,
    cwd: options.cwd ?? process.cwd(),
    env: options.env ?? {},
  }
  run.code = await main(argv, io)
  return run
}

/** A port nothing listens on: bound, then closed. */
export async function deadPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}
