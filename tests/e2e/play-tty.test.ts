import { spawnSync } from 'node:child_process'
import { afterAll, describe, expect, it } from 'vitest'
import { ensureTool } from '../../scripts/ensure-tool.mjs'
import { cliBin } from './cli'

// `refinery play` on a real terminal: tmux gives it one, sends keys and reads the screen.
const tmux = ensureTool('tmux')
if (!tmux.ok) console.warn(`play-tty: skipped: ${tmux.reason}`)

const socket = `refinery-play-${process.pid}`
const tmuxRun = (...args: string[]) =>
  spawnSync('tmux', ['-L', socket, ...args], { encoding: 'utf8', timeout: 30_000 })

/** The whole pane, scrollback included. */
const screen = () => tmuxRun('capture-pane', '-p', '-J', '-S', '-5000', '-t', 'play').stdout

/** Waits until the screen matches (the CLI answers asynchronously), up to a generous bound. */
async function waitFor(pattern: RegExp, bound_ms = 30_000): Promise<string> {
  const until = Date.now() + bound_ms
  for (;;) {
    const text = screen()
    if (pattern.test(text)) return text
    if (Date.now() > until) throw new Error(`screen never matched ${pattern}:\n${text}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

/** Types a line and presses Enter. */
const type = (text: string) => {
  tmuxRun('send-keys', '-t', 'play', '-l', text)
  tmuxRun('send-keys', '-t', 'play', 'Enter')
}

describe.skipIf(!tmux.ok)('refinery play on a terminal (through tmux)', () => {
  afterAll(() => {
    tmuxRun('kill-server')
  })

  it('answers valid, oracle, undo, history, reset and quit, with line history and Tab completion', async () => {
    const started = tmuxRun(
      'new-session',
      '-d',
      '-s',
      'play',
      '-x',
      '220',
      '-y',
      '50',
      `${process.execPath} ${cliBin} play household --task 0; echo "[exit $?]"; sleep 600`,
    )
    expect(started.status, started.stderr).toBe(0)
    await waitFor(/Type 'help' for the commands\.\)\n> $/m)

    type('valid')
    await waitFor(/\d+ valid actions:\n(?: {2}.*\n)*? {2}go to fridge 1\n/)

    type('oracle')
    const planned = await waitFor(/Plan from here \(\d+ steps\):\n {2}1\. /)
    expect(planned).toMatch(/ {2}1\. go to /)

    // Tab completes the one valid action that starts so.
    tmuxRun('send-keys', '-t', 'play', '-l', 'go to fri')
    tmuxRun('send-keys', '-t', 'play', 'Tab')
    await waitFor(/> go to fridge 1$/m)
    tmuxRun('send-keys', '-t', 'play', 'Enter')
    await waitFor(/> go to fridge 1\n(?!>).*fridge 1/m)

    type('open fridge 1')
    await waitFor(/> open fridge 1\n.*\n> $/m)
    type('history')
    await waitFor(/ {2}1\. go to fridge 1\n {2}2\. open fridge 1\n> $/m)

    type('undo')
    await waitFor(/Undid 'open fridge 1'\.\n/)
    // Up arrow recalls the previous line (undo), Up again the one before (history).
    tmuxRun('send-keys', '-t', 'play', 'Up')
    tmuxRun('send-keys', '-t', 'play', 'Up')
    await waitFor(/> history$/m)
    tmuxRun('send-keys', '-t', 'play', 'Enter')
    await waitFor(/Undid 'open fridge 1'\.\n(?:.*\n)*> history\n {2}1\. go to fridge 1\n> $/m)

    type('reset')
    await waitFor(/The task starts again\.\nYour task is to: /)
    type('history')
    await waitFor(/No action taken yet\.\n> $/m)

    type('quit')
    const end = await waitFor(/\[exit \d+\]/)
    expect(end).toMatch(/\[exit 0\]/)
  })
})
