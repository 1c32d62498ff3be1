import { createRequire } from 'node:module'
import type { FamilyRegistry } from '@refinery/core'
import { Command, CommanderError } from 'commander'
import { registerCheck } from './commands/check'
import { registerCorpus } from './commands/corpus'
import { registerEnvs } from './commands/envs'
import { registerExport } from './commands/export'
import { registerParse } from './commands/parse'
import { registerPddl } from './commands/pddl'
import { registerPlay } from './commands/play'
import { registerServe } from './commands/serve'
import { registerSynth } from './commands/synth'
import { registerWorld } from './commands/world'
import { describeError, exitCodeFor, type Io, processIo } from './io'
import { loadRegistry } from './registry'

const { version } = createRequire(import.meta.url)('../package.json') as { version: string }

export interface CommandContext {
  io: Io
  registry: FamilyRegistry
  /** Set by a command that finished with a failure it already reported (exit 1). */
  setExitCode(code: number): void
}

/** Runs the CLI on `argv` (without node and script) and returns the exit status. */
export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  let exitCode = 0
  try {
    const context: CommandContext = {
      io,
      registry: await loadRegistry(io),
      setExitCode: (code) => {
        exitCode = code
      },
    }
    await buildProgram(context).parseAsync(argv, { from: 'user' })
    return exitCode
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return 0
      const message = error.message
        .replace(/^error:\s*/, '')
        .replace(/\s*\n\s*/g, ' ')
        .replace(/([^.?!])$/, '$1.')
      io.stderr(
        `refinery: ${message}${/--help/.test(message) ? '' : " Run 'refinery --help' for usage."}\n`,
      )
      return 2
    }
    io.stderr(`refinery: ${describeError(error, Boolean(io.env.REFINERY_DEBUG))}\n`)
    return exitCodeFor(error)
  }
}

/** The command tree, every command writing through `context.io`. */
function buildProgram(context: CommandContext): Command {
  const { io } = context
  const program = new Command('refinery')
    .description(
      'Deterministic text environments, refinement-trajectory synthesis and agent evaluation.',
    )
    .version(version, '-v, --version')
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (text) => io.stdout(text),
      writeErr: (text) => io.stderr(text),
      outputError: () => {},
    })
    .exitOverride()
  for (const register of [
    registerEnvs,
    registerPlay,
    registerParse,
    registerPddl,
    registerWorld,
    registerSynth,
    registerCheck,
    registerExport,
    registerCorpus,
    registerServe,
  ]) {
    register(program, context)
  }
  const settle = (commands: readonly Command[]): void => {
    for (const command of commands) {
      command.exitOverride().configureOutput(program.configureOutput())
      settle(command.commands)
    }
  }
  settle(program.commands)

  return program
}
