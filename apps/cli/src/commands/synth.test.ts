import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type FakeReplySource, startFakeServer } from '@refinery/llm/testing'
import { describe, expect, it } from 'vitest'
// The scripted teacher the synth package tests with: a regeneration and a new script.
import { scriptTeacher } from '../../../../packages/synth/src/__fixtures__/script-teacher'
import { runCli } from '../run-cli'

const run = (argv: string[], env: NodeJS.ProcessEnv) => runCli(argv, { env })

const tmp = (name: string) => mkdtempSync(join(tmpdir(), `refinery-synth-script-${name}-`))

/** Runs `fn` with the environment of a fresh fake server answering with `reply`. */
async function withServer<T>(
  reply: FakeReplySource,
  fn: (env: NodeJS.ProcessEnv) => Promise<T>,
  cacheDir = tmp('cache'),
): Promise<T> {
  const server = await startFakeServer({ reply })
  try {
    return await fn({
      OPENAI_BASE_URL: server.url,
      OPENAI_API_KEY: 'x',
      REFINERY_MODEL: 'fake',
      REFINERY_CACHE_DIR: cacheDir,
    })
  } finally {
    await server.close()
  }
}

describe('refinery synth --mode script', () => {
  it('runs end to end: records pass check and export with erroneous turns out of the loss', async () => {
    const out = tmp('out')
    const file = join(out, 'trajectories.jsonl')
    await withServer(scriptTeacher(), async (env) => {
      const r = await run(
        ['synth', '--mode', 'script', '--count', '2', '--out', out, '--quiet'],
        env,
      )
      expect(r.stderr).toBe('')
      expect(r.code).toBe(0)
      expect(r.stdout).toMatch(/^Wrote 2 verified trajectories \(3 attempted\)/)
      expect(r.stdout).toMatch(
        /scripts 3 \(1 new after a failure\), regenerations from a verified prefix 4/,
      )
      expect(r.stdout).toMatch(/DM flags contradicting the rules: 3 of 18 judged turns \(16\.7%\)/)
      expect(r.stdout).toMatch(/model fake: 11 requests, 0 from the cache/)
      const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'))
      expect(summary.mode.dmDisagreementRate).toBe(0.1667)
      expect(summary.rejected['too few error-refine pairs']).toBe(1)

      const check = await run(['check', file], env)
      expect(check.stdout).toBe('2 of 2 records pass.\n')
      expect(check.code).toBe(0)
      const exported = join(out, 'openai.jsonl')
      const e = await run(['export', file, '--format', 'openai', '--out', exported], env)
      expect(e.code).toBe(0)
      const lines = readFileSync(exported, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l))
      for (const line of lines) {
        const weights = line.messages
          .filter((m: { role: string }) => m.role === 'assistant')
          .map((m: { weight: number }) => m.weight)
        expect(weights).toEqual([0, 1, 0, 1, 1])
      }
    })
    // Same seed, same answers: the same bytes, from a fresh server and cache.
    const again = tmp('again')
    await withServer(scriptTeacher(), async (env) => {
      const r = await run(
        [
          'synth',
          '--mode',
          'script',
          '--count',
          '2',
          '--out',
          again,
          '--quiet',
          '--concurrency',
          '2',
        ],
        env,
      )
      expect(r.code).toBe(0)
    })
    expect(readFileSync(join(again, 'trajectories.jsonl'), 'utf8')).toBe(readFileSync(file, 'utf8'))
  }, 60_000)

  it('reruns from the answer cache without paying twice, and refuses flags that do not apply', async () => {
    const teacher = scriptTeacher()
    let live = true
    const out = tmp('out')
    const forced = tmp('forced')
    // The cache key holds the server's URL: one server, which later answers only nonsense.
    await withServer(
      (request) => (live ? teacher(request) : 'nonsense'),
      async (env) => {
        const args = (dir: string) => ['synth', '--mode', 'script', '--count', '2', '--out', dir]
        expect((await run([...args(out), '--quiet'], env)).code).toBe(0)
        live = false
        const r = await run([...args(forced), '--quiet'], env)
        expect(r.stdout).toMatch(/0 requests, 11 from the cache, \$0\.0000/)
        expect(readFileSync(join(forced, 'trajectories.jsonl'), 'utf8')).toBe(
          readFileSync(join(out, 'trajectories.jsonl'), 'utf8'),
        )
        const families = await run([...args(tmp('x')), '--families', 'household'], env)
        expect(families.code).toBe(2)
        expect(families.stderr.trim().split('\n')).toHaveLength(1)
        expect(families.stderr).toMatch(/--families does not apply to --mode script/)
      },
    )
  }, 60_000)

  it('stops at --budget-usd with one line and exit 1, and --resume with a higher cap finishes', async () => {
    const out = tmp('cap')
    await withServer(scriptTeacher(), async (env) => {
      // gpt-4o is priced: each request reserves about $0.04 of worst case.
      const priced = { ...env, REFINERY_MODEL: 'gpt-4o' }
      const args = ['synth', '--mode', 'script', '--count', '2', '--out', out, '--quiet']
      const capped = await run([...args, '--budget-usd', '0.05'], priced)
      expect(capped.code).toBe(1)
      expect(capped.stderr).toMatch(
        /^refinery: the spending cap \(--budget-usd [\d.]+\) is reached; no request was sent past it and the 0 verified/,
      )
      expect(capped.stderr.trim().split('\n')).toHaveLength(1)
      const resumed = await run([...args, '--budget-usd', '10', '--resume'], priced)
      expect(resumed.code).toBe(0)
      expect(resumed.stdout).toMatch(/^Wrote 2 verified trajectories/)
    })
  }, 60_000)
})
