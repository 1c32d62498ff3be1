import { createRequire } from 'node:module'
import type { FamilyRegistry } from '@refinery/core'
import { Command, CommanderError } from 'commander'
import { registerCheck } from './commands/check'
import { registerCorpus } from './commands/corpus'
import { registerEnvs } from './commands/envs'
import { registerEval } from './commands/eval'
import { registerExport } from './commands/export'
import { registerLlm } from './commands/llm'
import { registerParse } from './commands/parse'
import { registerPddl } from './commands/pddl'
import { registerPlay } from './commands/play'
import { registerReport } from './commands/report'
import { registerServe } from './commands/serve'
import { registerSynth } from './commands/synth'
import { registerWorld } from './commands/world'
import { CONFIG_FILE, loadSettings, type Settings } from './config'
import { describeError, exitCodeFor, type Io, processIo, usage } from './io'
import { loadRegistry } from './registry'

const { version } = createRequire(import.meta.url)('../package.json') as { version: string }

export interface CommandContext {
  io: Io
  registry: FamilyRegistry
  /** Settings from environment variables over the config file; flags go on top. */
  settings: Settings
  /** Set by a command that finished with a failure it already reported (exit 1). */
  setExitCode(code: number): void
}

/** Runs the CLI on `argv` (without node and script) and returns the exit status. */
export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  let exitCode = 0
  let program: Command | undefined
  // Commander writes help to the error stream when a command is missing; that help is
  // replaced by one line, so it is held back here and only passed on otherwise.
  let heldErr = ''
  const errIo: Io = {
    ...io,
    stderr: (text) => {
      heldErr += text
    },
  }
  try {
    const settings = loadSettings(io, configFlag(argv))
    const context: CommandContext = {
      io,
      settings,
      registry: await loadRegistry(settings),
      setExitCode: (code) => {
        exitCode = code
      },
    }
    program = buildProgram(context, errIo)
    await program.parseAsync(argv, { from: 'user' })
    if (heldErr) io.stderr(heldErr)
    return exitCode
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) {
        if (heldErr) io.stderr(heldErr)
        return 0
      }
      if (error.code === 'commander.help' && program) {
        io.stderr(`${missingCommand(program, argv)}\n`)
        return 2
      }
      if (heldErr) io.stderr(heldErr)
      const message = error.message
        .replace(/^error:\s*/, '')
        .replace(/\s*\n\s*/g, ' ')
        .replace(/([^.?!])$/, '$1.')
      io.stderr(`refinery: ${message}${hintFor(error, message)}\n`)
      return 2
    }
    io.stderr(`refinery: ${describeError(error, Boolean(io.env.REFINERY_DEBUG))}\n`)
    return exitCodeFor(error)
  }
}

/**
 * The value of `--config FILE` (or `--config=FILE`), read before the command line is parsed
 * because the families it registers decide what the commands accept.
 */
function configFlag(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg === '--') return undefined
    if (arg.startsWith('--config=')) return arg.slice('--config='.length)
    if (arg === '--config') {
      const value = argv[i + 1]
      if (value === undefined || value.startsWith('-'))
        throw usage('--config needs a file, such as --config refinery.config.json.')
      return value
    }
  }
  return undefined
}

/** The hint after a parse error: `--` for text that looks like an option, else `--help`. */
function hintFor(error: CommanderError, message: string): string {
  const option = /unknown option '(.*)'/.exec(message)?.[1]
  if (error.code === 'commander.unknownOption' && option && /[\s:]/.test(option))
    return ` To pass text that starts with '-', put '--' before it: refinery parse -- '${option}'.`
  return /--help/.test(message) ? '' : " Run 'refinery --help' for usage."
}

/** One line for `refinery` or `refinery world` given without a (sub)command. */
function missingCommand(program: Command, argv: readonly string[]): string {
  let command = program
  const names: string[] = []
  for (const token of argv) {
    const sub = command.commands.find((c) => c.name() === token)
    if (!sub) break
    command = sub
    names.push(token)
  }
  const choices = command.commands
    .map((c) => c.name())
    .filter((name) => name !== 'help')
    .join(', ')
  const name = ['refinery', ...names].join(' ')
  return `${name}: no command given; use one of ${choices}. Run '${name} --help' for details.`
}

/** The command tree, every command writing through `context.io`; help on error to `errIo`. */
function buildProgram(context: CommandContext, errIo: Io): Command {
  const { io } = context
  const program = new Command('refinery')
    .description(
      'Deterministic text environments, refinement-trajectory synthesis and agent evaluation.',
    )
    .version(version, '-v, --version')
    .option(
      '--config <file>',
      `settings file (default: the nearest ${CONFIG_FILE} in this folder or its parents)`,
    )
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (text) => io.stdout(text),
      writeErr: (text) => errIo.stderr(text),
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
    registerLlm,
    registerEval,
    registerReport,
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
