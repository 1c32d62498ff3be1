import { describe, expect, it } from 'vitest'
import { MAX_UNDO } from './play-session'
import { runCli } from './run-cli'

async function play(stdin: string, argv = ['play', 'household', '--task', '0']) {
  const { code, output } = await runCli(argv, { stdin })
  return { code, stdout: output }
}

describe('play from a script: commands with a colon', () => {
  it(':valid lists the valid actions, sorted, and sends nothing to the environment', async () => {
    const r = await play(':valid\n')
    expect(r.code).toBe(0)
    const listed = r.stdout.match(/(\d+) valid actions:\n((?: {2}.*\n)+)/)
    expect(listed).not.toBeNull()
    const actions = listed![2]!
      .trim()
      .split('\n')
      .map((a) => a.trim())
    expect(actions).toHaveLength(Number(listed![1]))
    expect(actions).toContain('go to fridge 1')
    expect([...actions].sort()).toEqual(actions)
    expect(r.stdout).not.toMatch(/\[.*steps/) // no step was taken
  })

  it(':oracle shows a plan that, played, succeeds', async () => {
    const first = await play(':oracle\n')
    const plan = [...first.stdout.matchAll(/^ {2}\d+\. (.*)$/gm)].map((m) => m[1]!)
    expect(plan.length).toBeGreaterThan(1)
    const played = await play(`${plan.join('\n')}\n`)
    expect(played.stdout).toMatch(
      new RegExp(`\\[success: ${plan.length} steps, progress 1\\.00\\]`),
    )
  })

  it(':oracle re-plans from the current state', async () => {
    const r = await play(':oracle\ngo to fridge 1\n:oracle\n')
    const plans = r.stdout.split('Plan from here').slice(1)
    expect(plans).toHaveLength(2)
    expect(plans[0]).not.toEqual(plans[1])
  })

  it(':undo restores the state before the last action; :history lists what stands', async () => {
    const r = await play(
      'go to fridge 1\nopen fridge 1\n:history\n:undo\n:history\nopen fridge 1\n',
    )
    expect(r.stdout).toMatch(/ {2}1\. go to fridge 1\n {2}2\. open fridge 1\n/)
    expect(r.stdout).toMatch(/Undid 'open fridge 1'\.\n/)
    expect(r.stdout).toMatch(/Undid 'open fridge 1'\.\n[^\n]*\n {2}1\. go to fridge 1\n>/)
    // Opening again works as the first time did: the fridge was closed again by undo.
    const opened = [...r.stdout.matchAll(/> open fridge 1\n(.*)\n/g)].map((m) => m[1])
    expect(opened).toHaveLength(2)
    expect(opened[0]).toBe(opened[1])
    expect(r.stdout).toMatch(/\[not finished: 2 steps/)
  })

  it(`:undo goes back at most ${MAX_UNDO} actions, so a long piped session stays small`, async () => {
    const out = await play(`${'look\n'.repeat(MAX_UNDO + 2)}${':undo\n'.repeat(MAX_UNDO + 1)}`)
    expect(out.stdout.match(/Undid 'look'\./g)).toHaveLength(MAX_UNDO)
    expect(out.stdout).toContain(`Only the last ${MAX_UNDO} actions can be undone`)
  })

  it(':undo with nothing taken says so; :reset starts the task again', async () => {
    const r = await play(':undo\ngo to fridge 1\n:reset\n:history\n')
    expect(r.stdout).toMatch(/Nothing to undo\./)
    expect(r.stdout).toMatch(/The task starts again\.\nYour task is to: /)
    expect(r.stdout).toMatch(/No action taken yet\./)
  })

  it('a bare command word and a !-prefixed line go to the environment', async () => {
    const r = await play('valid\n!help\n')
    expect(r.stdout).toMatch(/> valid\n.*not a known action/)
    expect(r.stdout).toMatch(/> help\n/)
    expect(r.stdout).toMatch(/\[not finished: 2 steps/)
  })

  it(':quit ends the episode; :help lists the commands', async () => {
    const r = await play(':help\n:quit\ngo to fridge 1\n')
    expect(r.stdout).toMatch(/valid {5}list the actions/)
    expect(r.stdout).not.toMatch(/go to fridge 1/)
  })

  it('--json interprets no command', async () => {
    const r = await play(':valid\n', ['play', 'household', '--task', '0', '--json'])
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
    expect(lines).toHaveLength(2)
    expect(lines[1].status).not.toBe('ok')
  })
})
