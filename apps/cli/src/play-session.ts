import { fstatSync } from 'node:fs'
import { createInterface, type Interface } from 'node:readline'
import { type Environment, RefineryError, type Snapshot, type StepResult } from '@refinery/core'
import { readLines } from '@refinery/dataset'
import type { Io } from './io'

/** Words `play` answers itself rather than sending to the environment. */
export const PLAY_COMMANDS = [
  'help',
  'valid',
  'oracle',
  'undo',
  'reset',
  'history',
  'quit',
] as const
type PlayCommand = (typeof PLAY_COMMANDS)[number]

const HELP = `Type an action, or one of:
  valid     list the actions the environment accepts now
  oracle    show an expert plan from here (when the family has one)
  undo      take back the last action
  reset     start the task again
  history   list the actions taken so far
  quit      end the episode (also Ctrl-D)
On a terminal the bare words work; in a script write them with a colon (:valid, :undo…).
To send an action spelled like a command, start it with '!' (!help).
Up and down arrows recall earlier lines; Tab completes a valid action.
`

/** Actions that can be undone: older snapshots are let go, so a long piped session stays small. */
export const MAX_UNDO = 1000

interface Taken {
  action: string
  /** The state before the action; null once it is more than MAX_UNDO actions back. */
  before: Snapshot | null
  /** The text shown before the action, shown again on undo. */
  shownBefore: string
  resultBefore: StepResult | undefined
}

/**
 * One episode of `play`. Prints the reset, then reads one line at a time: an action goes to
 * the environment, a command (help, valid, oracle, undo, reset, history, quit) is answered
 * here. On a terminal the bare command words work, with line history and Tab completion, and
 * a finished episode waits for undo, reset or quit; from a script the commands need a colon
 * (`:valid`) so an action of the same name still reaches the environment, and the episode
 * ends when the environment says done. With `json`, each StepResult is one JSON line and no
 * command is interpreted. Closes the environment.
 */
export async function playEpisode(io: Io, env: Environment, json: boolean): Promise<void> {
  const interactive = Boolean(io.stdin.isTTY) && !json
  try {
    const first = await env.reset()
    let shown = `${first.instruction}\n${first.observation}`
    io.stdout(json ? `${JSON.stringify(first)}\n` : `${shown}\n`)
    if (interactive) io.stdout("(Type 'help' for the commands.)\n")
    assertReadableStdin(io)
    const terminal = openTerminal(io, env, interactive)
    const lines = terminal ?? boundedLines(io)
    const taken: Taken[] = []
    let last: StepResult | undefined
    const prompt = () => {
      terminal?.prompt()
      if (interactive && !terminal) io.stdout('> ')
    }
    prompt()
    for await (const raw of lines) {
      let line = raw.trim()
      const forced = !json && line.startsWith('!')
      if (forced) line = line.slice(1).trim()
      const command = json || forced ? undefined : asCommand(line, interactive)
      if (command === 'quit') break
      if (command) {
        const answer = await answerCommand(command, env, taken)
        if (answer.reset) {
          taken.length = 0
          last = undefined
          shown = `${answer.reset.instruction}\n${answer.reset.observation}`
        }
        if (answer.undone) {
          shown = answer.undone.shownBefore
          last = answer.undone.resultBefore
        }
        io.stdout(answer.text)
        prompt()
        continue
      }
      if (!line) {
        prompt()
        continue
      }
      if (last?.done) {
        io.stdout(`The episode is over (${outcome(last)}): undo, reset or quit.\n`)
        prompt()
        continue
      }
      const before = env.snapshot()
      const result = await env.step(line)
      taken.push({ action: line, before, shownBefore: shown, resultBefore: last })
      const old = taken[taken.length - 1 - MAX_UNDO]
      if (old) old.before = null
      last = result
      shown = result.observation
      if (json) io.stdout(`${JSON.stringify(result)}\n`)
      else io.stdout(`${interactive ? '' : `> ${line}\n`}${result.observation}\n`)
      if (result.done) {
        if (!interactive) break
        io.stdout(`[${summary(result, taken.length)}] Type undo, reset or quit.\n`)
      }
      prompt()
    }
    if (terminal) terminal.close()
    else await (lines as AsyncGenerator<string>).return(undefined)
    if (!json && last && !(interactive && last.done)) {
      io.stdout(`[${summary(last, taken.length)}]\n`)
    }
  } finally {
    await env.close?.()
  }
}

/** The longest action line read from standard input. */
const MAX_ACTION_BYTES = 1 << 20

/** Lines of standard input, bounded: `< /dev/zero` is refused at the cap, not read whole. */
async function* boundedLines(io: Io): AsyncGenerator<string> {
  for await (const { text } of readLines(io.stdin as AsyncIterable<string | Uint8Array>, {
    maxLineBytes: MAX_ACTION_BYTES,
  })) {
    yield text
  }
}

/** Standard input that is a folder reads as empty; say so instead of playing nothing. */
function assertReadableStdin(io: Io): void {
  if (io.stdin !== process.stdin) return
  let folder = false
  try {
    folder = fstatSync(0).isDirectory()
  } catch {
    return
  }
  if (folder) {
    throw new RefineryError(
      'invalid_input',
      'Standard input is a folder, not a stream of actions.',
      {
        hint: 'Give actions one a line: from a pipe, a file (< actions.txt) or the terminal.',
      },
    )
  }
}

/** Line editing on a terminal (history, Tab completion); undefined when not on one. */
function openTerminal(io: Io, env: Environment, interactive: boolean): Interface | undefined {
  if (!interactive || !io.ttyOut) return undefined
  const lines = createInterface({
    input: io.stdin,
    output: io.ttyOut,
    terminal: true,
    historySize: 500,
    completer: (line: string, done: (error: Error | null, result: [string[], string]) => void) => {
      env.validActions().then(
        (valid) => {
          const options = [...valid, ...PLAY_COMMANDS]
          const hits = options.filter((option) => option.startsWith(line))
          done(null, [hits.length ? hits : options, line])
        },
        () => done(null, [[], line]),
      )
    },
  })
  lines.setPrompt('> ')
  return lines
}

function asCommand(line: string, interactive: boolean): PlayCommand | undefined {
  const word = line.startsWith(':') ? line.slice(1).trim() : interactive ? line : ''
  if (word === 'exit') return 'quit'
  return (PLAY_COMMANDS as readonly string[]).includes(word) ? (word as PlayCommand) : undefined
}

interface Answer {
  text: string
  reset?: { instruction: string; observation: string }
  undone?: Taken
}

async function answerCommand(
  command: PlayCommand,
  env: Environment,
  taken: Taken[],
): Promise<Answer> {
  switch (command) {
    case 'help':
    case 'quit':
      return { text: HELP }
    case 'valid': {
      const valid = await env.validActions()
      return {
        text: valid.length
          ? `${valid.length} valid action${valid.length === 1 ? '' : 's'}:\n${valid.map((a) => `  ${a}\n`).join('')}`
          : 'No action is valid now.\n',
      }
    }
    case 'oracle':
      return { text: await oracleText(env) }
    case 'undo': {
      const undone = taken.at(-1)
      if (!undone) return { text: 'Nothing to undo.\n' }
      if (!undone.before)
        return {
          text: `Only the last ${MAX_UNDO} actions can be undone; use reset to start over.\n`,
        }
      taken.pop()
      env.restore(undone.before)
      return { text: `Undid '${undone.action}'.\n${undone.shownBefore}\n`, undone }
    }
    case 'reset': {
      const first = await env.reset()
      return {
        text: `The task starts again.\n${first.instruction}\n${first.observation}\n`,
        reset: first,
      }
    }
    case 'history':
      return {
        text: taken.length
          ? taken.map((t, i) => `  ${i + 1}. ${t.action}\n`).join('')
          : 'No action taken yet.\n',
      }
  }
}

/** The oracle's plan from the current state; the state is restored in case planning moved it. */
async function oracleText(env: Environment): Promise<string> {
  if (!env.oracle) return 'This family has no oracle.\n'
  const state = env.snapshot()
  try {
    const plan = await env.oracle().catch((error: unknown) => error as Error)
    if (plan instanceof Error) return `The oracle cannot plan from here: ${plan.message}\n`
    if (plan.length === 0) return 'The oracle has no plan from here.\n'
    return `Plan from here (${plan.length} step${plan.length === 1 ? '' : 's'}):\n${plan.map((a, i) => `  ${i + 1}. ${a}\n`).join('')}`
  } finally {
    env.restore(state)
  }
}

function outcome(result: StepResult): string {
  return result.success ? 'success' : result.done ? 'failure' : 'not finished'
}

function summary(result: StepResult, steps: number): string {
  return `${outcome(result)}: ${steps} steps, progress ${result.progress.toFixed(2)}`
}
