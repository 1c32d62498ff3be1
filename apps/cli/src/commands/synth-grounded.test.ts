import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ClientStats } from '@refinery/llm'
import { type FakeRequest, type FakeServer, startFakeServer } from '@refinery/llm/testing'
import { EXAMPLE_WORLD } from '@refinery/synth'
import { afterEach, describe, expect, it } from 'vitest'
import type { Io } from '../io'
import { deadPort, runCli } from '../run-cli'
import { progressDisplay } from './synth'

/** The tests' own answer cache, never the user's. */
const cacheDir = mkdtempSync(join(tmpdir(), 'refinery-synth-cache-'))
const tmp = () => mkdtempSync(join(tmpdir(), 'refinery-cli-synth-'))

const run = (argv: string[], env: NodeJS.ProcessEnv = {}) =>
  runCli(argv, { env: { REFINERY_CACHE_DIR: cacheDir, ...env } })

/** The example world with a goal that holds at the start: validation refuses it. */
const ALREADY_DONE = {
  ...EXAMPLE_WORLD,
  goal: { ...EXAMPLE_WORLD.goal, success: { fact: ['in', 'apple_1', 'countertop_1'] } },
}

/**
 * A scripted teacher answering from the request's content: the first world of each slot
 * is invalid, the repaired one valid; in play it follows the planner's step of its note.
 */
function scriptedTeacher(request: FakeRequest): string {
  const messages = request.body.messages ?? []
  const last = String(messages.at(-1)?.content ?? '')
  if (String(messages[0]?.content ?? '').startsWith('You write worlds')) {
    return JSON.stringify(last.includes('does not pass validation') ? EXAMPLE_WORLD : ALREADY_DONE)
  }
  const next = /Planner's next step: (.*)/.exec(last)?.[1] ?? 'look'
  return `Thought: Reading what I see, the next thing to do is ${next}.\nAction: ${next}`
}

let server: FakeServer | null = null
afterEach(async () => {
  await server?.close()
  server = null
})

async function fresh(): Promise<NodeJS.ProcessEnv> {
  await server?.close()
  server = await startFakeServer({ reply: scriptedTeacher })
  return { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: 'x', REFINERY_MODEL: 'fake-model' }
}

describe('synth progress in an LLM mode', () => {
  it('shows tokens and cost on the plain lines, once the run has gone on a few seconds', () => {
    let lines = ''
    let clock = 0
    const io = { stderr: (text: string) => (lines += text), stderrIsTty: false } as unknown as Io
    const spend = () =>
      ({ promptTokens: 1200, completionTokens: 34, costUsd: 0.0123 }) as ClientStats
    const show = progressDisplay(io, spend, () => clock)
    show.update({ done: 1, total: 4, kept: 1, attempted: 1 })
    clock = 5_000
    show.update({ done: 2, total: 4, kept: 2, attempted: 3 })
    expect(lines).toBe('synth: 2/4 slots, 2 kept, 3 attempted, 1234 tokens, $0.0123\n')
  })
})

describe('refinery synth --mode grounded', () => {
  it('runs end to end with a scripted teacher, a repair round included, and every record passes check', async () => {
    const out = tmp()
    const env = await fresh()
    const synth = await run(
      ['synth', '--mode', 'grounded', '--count', '2', '--seed', '3', '--out', out, '--no-cache'],
      env,
    )
    // Plain progress lines at most: a run of a few seconds prints none (see the test above).
    expect(synth.stderr.replace(/^synth: \d+\/2 slots.*\n/gm, '')).toBe('')
    expect(synth.code).toBe(0)
    expect(synth.stdout).toMatch(/^Wrote 2 verified trajectories \(2 attempted\)/)
    expect(synth.stdout).toMatch(/worlds: 2 of 2 accepted, 2 repairs/)
    expect(synth.stdout).toMatch(/model: \d+ requests \(0 from the cache\)/)
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'))
    expect(summary.mode['repairs.goal_already_true']).toBe(2)
    expect(summary.mode.requests).toBe(server!.requests.length)
    const check = await run(['check', join(out, 'trajectories.jsonl')])
    expect(check.stdout).toMatch(/2 of 2 records pass/)
    expect(check.code).toBe(0)

    // Same seed, same answers: the same bytes.
    const again = tmp()
    const second = await run(
      ['synth', '--mode', 'grounded', '--count', '2', '--seed', '3', '--out', again, '--quiet'],
      await fresh(),
    )
    expect(second.code).toBe(0)
    expect(readFileSync(join(again, 'trajectories.jsonl'), 'utf8')).toBe(
      readFileSync(join(out, 'trajectories.jsonl'), 'utf8'),
    )
  })

  it('stops at --budget-usd cleanly: whole verified records, said on stderr, resumable', async () => {
    const env = { ...(await fresh()), REFINERY_MODEL: 'gpt-4o-mini' }
    const one = tmp()
    expect(
      (await run(['synth', '--mode', 'grounded', '--count', '1', '--out', one, '--quiet'], env))
        .code,
    ).toBe(0)
    const perSlot = JSON.parse(readFileSync(join(one, 'summary.json'), 'utf8')).mode.costUsd
    expect(perSlot).toBeGreaterThan(0)
    const out = tmp()
    const budget = (perSlot * 2.5).toFixed(6)
    const args = ['synth', '--mode', 'grounded', '--count', '4', '--out', out, '--no-cache']
    const capped = await run([...args, '--budget-usd', budget, '--quiet'], env)
    expect(capped.code).toBe(1)
    expect(capped.stderr).toMatch(/spending cap \(--budget-usd [\d.]+\) is reached/)
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'))
    expect(summary.stoppedBy).toBe('budget')
    expect(summary.kept).toBeGreaterThanOrEqual(1)
    expect(summary.kept).toBeLessThan(4)
    expect(summary.mode.costUsd).toBeLessThanOrEqual(Number(budget))
    const check = await run(['check', join(out, 'trajectories.jsonl')])
    expect(check.stdout).toContain(`${summary.kept} of ${summary.kept} records pass`)
    // A higher cap resumes it to the end.
    const resumed = await run([...args, '--resume', '--quiet'], env)
    expect(resumed.code).toBe(0)
    expect(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).kept).toBe(4)
    // No duplicate, no gap: the same bytes as a run the cap never stopped.
    const whole = tmp()
    const uncapped = await run(
      ['synth', '--mode', 'grounded', '--count', '4', '--out', whole, '--quiet', '--no-cache'],
      env,
    )
    expect(uncapped.code).toBe(0)
    expect(readFileSync(join(out, 'trajectories.jsonl'), 'utf8')).toBe(
      readFileSync(join(whole, 'trajectories.jsonl'), 'utf8'),
    )
  })

  // Regression: every slot retried a dead server on its own, each with its own backoff.
  it('stops once when the model server cannot be reached: one line, exit 1, the run resumable', async () => {
    const url = `http://127.0.0.1:${await deadPort()}/v1`
    for (const mode of ['grounded', 'script']) {
      const out = tmp()
      const args = ['synth', '--mode', mode, '--count', '3', '--out', out, '--no-cache']
      const dead = await run([...args, '--concurrency', '2', '--base-url', url], {
        OPENAI_API_KEY: 'x',
        REFINERY_MODEL: 'fake-model',
      })
      expect(dead.code).toBe(1)
      expect(dead.stdout).toBe('')
      const lines = dead.stderr
        .replace(/^synth: \d+\/3 slots.*\n/gm, '')
        .trim()
        .split('\n')
      expect(lines).toHaveLength(1)
      expect(lines[0]).toMatch(
        new RegExp(
          `^refinery: Cannot reach the model server at ${url.replace(/[.]/g, '\\.')} .*ECONNREFUSED.*The run stopped; its 0 verified trajectories in .* are whole\\..*--resume`,
        ),
      )
      expect(dead.stderr).not.toMatch(/\n\s+at /)
      const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'))
      expect(summary).toMatchObject({ stoppedBy: 'model', interrupted: true, kept: 0, nextSlot: 0 })
      expect(existsSync(join(out, 'trajectories.jsonl'))).toBe(true)
    }
    // Once a server answers, the grounded run resumes to the bytes of a run that never stopped.
    const out = tmp()
    const args = ['synth', '--mode', 'grounded', '--count', '2', '--out', out, '--quiet']
    await run([...args, '--base-url', url], { OPENAI_API_KEY: 'x', REFINERY_MODEL: 'fake-model' })
    const env = await fresh()
    expect((await run([...args, '--resume'], env)).code).toBe(0)
    const whole = tmp()
    const args2 = ['synth', '--mode', 'grounded', '--count', '2', '--out', whole, '--quiet']
    expect((await run(args2, env)).code).toBe(0)
    expect(readFileSync(join(out, 'trajectories.jsonl'), 'utf8')).toBe(
      readFileSync(join(whole, 'trajectories.jsonl'), 'utf8'),
    )
  }, 60_000)

  // Regression: a rejected key failed each slot on its own, so the run went on to its end.
  it('stops once when the server rejects the key or does not know the model', async () => {
    for (const [mode, options, env] of [
      ['grounded', { apiKey: 'right' }, { OPENAI_API_KEY: 'wrong', REFINERY_MODEL: 'fake-model' }],
      ['script', { models: ['fake-model'] }, { OPENAI_API_KEY: 'x', REFINERY_MODEL: 'no-such' }],
    ] as const) {
      await server?.close()
      server = await startFakeServer({ reply: scriptedTeacher, ...options })
      const out = tmp()
      const args = ['synth', '--mode', mode, '--count', '3', '--out', out, '--no-cache']
      const refused = await run([...args, '--concurrency', '2', '--quiet'], {
        OPENAI_BASE_URL: server.url,
        ...env,
      })
      expect(refused.code).toBe(1)
      const lines = refused.stderr.trim().split('\n')
      expect(lines).toHaveLength(1)
      expect(lines[0]).toMatch(
        mode === 'grounded'
          ? /^refinery: The server at .* rejected the API key \(HTTP 401.*The run stopped; its 0 verified trajectories .* are whole\..*OPENAI_API_KEY/
          : /^refinery: The server at .* does not know model 'no-such' .*HTTP 404.*The run stopped/,
      )
      const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'))
      expect(summary).toMatchObject({
        stoppedBy: 'model',
        interrupted: true,
        kept: 0,
        attempted: 0,
      })
    }
  }, 60_000)

  it('says in one line that --families does not apply to grounded', async () => {
    const { code, stderr } = await run([
      'synth',
      '--mode',
      'grounded',
      '--families',
      'household',
      '--out',
      tmp(),
    ])
    expect(code).toBe(2)
    expect(stderr.trim().split('\n')).toHaveLength(1)
    expect(stderr).toMatch(/--families does not apply to --mode grounded/)
  })
})
