import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { startFakeServer } from '@refinery/llm/testing'
import { describe, expect, it } from 'vitest'
import { runCli } from '../run-cli'

const root = resolve(__dirname, '../../../..')
/** The tests' own answer cache, never the user's. */
const cacheDir = mkdtempSync(join(tmpdir(), 'refinery-eval-cache-'))

const run = (argv: string[], env: NodeJS.ProcessEnv = {}) =>
  runCli(argv, { env: { REFINERY_CACHE_DIR: cacheDir, ...env } })

const tmp = () => mkdtempSync(join(tmpdir(), 'refinery-cli-eval-'))

describe('refinery eval', () => {
  it('runs the oracle, writes the run folder, and refuses it again without --force or --resume', async () => {
    const out = tmp()
    const args = ['eval', '--families', 'grid,lab', '--limit', '2', '--out', out]
    const first = await run(args)
    expect(first.code).toBe(0)
    expect(first.stdout).toMatch(/^4 episodes: success 100\.0%/)
    // Plain progress lines only, and only if the run lasted a few seconds.
    expect(first.stderr.replace(/^eval \d+\/4 episodes, .*\n/gm, '')).toBe('')
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'))
    expect(results.aggregates.overall.success.mean).toBe(1)
    expect(readFileSync(join(out, 'results.md'), 'utf8')).toMatch(
      /\| oracle \| 100\.0 ±0\.0 \| 100\.0 ±0\.0 \|/,
    )
    const again = await run(args)
    expect(again.code).toBe(2)
    expect(again.stderr).toMatch(/already holds an evaluation run.*--resume.*--force/)
    expect((await run([...args, '--force', '--quiet'])).stdout).toBe('')
  })

  it('says what is wrong with a flag in one line', async () => {
    for (const [flag, value] of [
      ['--agent', 'gpt'],
      ['--perturb', 'everything'],
      ['--profile', 'poor'],
      ['--limit', '0'],
    ] as const) {
      const { code, stderr } = await run(['eval', flag, value, '--out', tmp()])
      expect(code).toBe(2)
      expect(stderr.trim().split('\n')).toHaveLength(1)
    }
    expect((await run(['eval', '--agent', 'replay', '--out', tmp()])).stderr).toMatch(
      /needs --replay/,
    )
  })

  it('a killed process resumes with --resume to the same bytes as a run never stopped', async () => {
    const server = await startFakeServer({ reply: 'Thought: hm.\nAction: xyzzy', latencyMs: 30 })
    const env = { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: 'x', REFINERY_MODEL: 'fake' }
    const args = (out: string) => [
      'eval',
      '--agent',
      'openai',
      '--families',
      'grid',
      '--limit',
      '4',
      '--max-steps',
      '6',
      '--concurrency',
      '1',
      // Answers from the cache would finish the run before it can be killed.
      '--no-cache',
      '--out',
      out,
    ]
    try {
      const whole = tmp()
      expect((await run(args(whole), env)).code).toBe(0)
      const cut = tmp()
      const child = spawn(
        join(root, 'node_modules/.bin/tsx'),
        ['--conditions=@refinery/source', join(root, 'apps/cli/src/bin.ts'), ...args(cut)],
        {
          env: { ...process.env, ...env },
          stdio: 'ignore',
        },
      )
      const file = join(cut, 'trajectories.jsonl')
      await new Promise<void>((done) => {
        const poll = setInterval(() => {
          if (existsSync(file) && readFileSync(file, 'utf8').split('\n').length > 2) {
            clearInterval(poll)
            child.kill('SIGKILL')
            done()
          }
        }, 20)
      })
      await new Promise((done) => child.once('exit', done))
      const partial = readFileSync(file, 'utf8').split('\n').filter(Boolean).length
      expect(partial).toBeGreaterThan(0)
      expect(partial).toBeLessThan(4)
      expect((await run(args(cut), env)).code).toBe(2)
      expect((await run([...args(cut), '--resume'], env)).code).toBe(0)
      for (const name of ['trajectories.jsonl', 'results.json', 'results.md']) {
        expect(readFileSync(join(cut, name), 'utf8')).toBe(readFileSync(join(whole, name), 'utf8'))
      }
    } finally {
      await server.close()
    }
  })

  it('a second run of the same suite is answered from the cache, byte for byte', async () => {
    const server = await startFakeServer({ reply: 'Thought: hm.\nAction: look', latencyMs: 5 })
    const env = { OPENAI_BASE_URL: server.url, REFINERY_MODEL: 'fake-cached' }
    const args = (out: string) => [
      'eval',
      // No --agent: a configured model (REFINERY_MODEL here) is what gets evaluated.
      ...['--families', 'household', '--limit', '3', '--max-steps', '4'],
      ...['--concurrency', '2', '--quiet', '--out', out],
    ]
    try {
      const first = tmp()
      expect((await run(args(first), env)).code).toBe(0)
      const sent = server.requests.length
      expect(sent).toBe(12)
      expect(readFileSync(join(first, 'results.json'), 'utf8')).toContain('"fake-cached"')
      const second = tmp()
      expect((await run(args(second), env)).code).toBe(0)
      expect(server.requests.length).toBe(sent)
      for (const name of ['trajectories.jsonl', 'results.json']) {
        expect(readFileSync(join(second, name), 'utf8')).toBe(
          readFileSync(join(first, name), 'utf8'),
        )
      }
    } finally {
      await server.close()
    }
  })

  it('report prints a run, and compares two paired by task', async () => {
    const oracle = tmp()
    const random = tmp()
    const suite = ['--families', 'household', '--limit', '8', '--max-steps', '10', '--quiet']
    expect((await run(['eval', ...suite, '--out', oracle])).code).toBe(0)
    expect((await run(['eval', ...suite, '--agent', 'random', '--out', random])).code).toBe(0)
    const one = await run(['report', oracle])
    expect(one.stdout).toMatch(/\| oracle \| 100\.0 ±0\.0 \| 100\.0 ±0\.0 \|/)
    const two = await run(['report', oracle, random])
    expect(two.code).toBe(0)
    expect(two.stdout).toMatch(
      /\| household \| success \| 8 \| 100\.0 \| \d+\.\d \| -\d+\.\d \| .* \| yes \|/,
    )
    const page = join(tmp(), 'page.html')
    expect((await run(['report', oracle, '--html', page])).code).toBe(0)
    expect(readFileSync(page, 'utf8')).toMatch(/^<!doctype html>[\s\S]*household\/test\/7/)
    const bad = await run(['report', tmp()])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/Cannot read evaluation results/)
  }, 120_000)
})
