import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startFakeServer } from '@refinery/llm/testing'
import { describe, expect, it } from 'vitest'
import { deadPort, runCli } from '../run-cli'

/** The tests' own answer cache, never the user's. */
const cacheDir = mkdtempSync(join(tmpdir(), 'refinery-llm-cli-'))

const run = (argv: string[], env: NodeJS.ProcessEnv) =>
  runCli(argv, { env: { REFINERY_CACHE_DIR: cacheDir, ...env } })

describe('refinery llm probe', () => {
  it('prints what the server honours as JSON', async () => {
    const server = await startFakeServer({ supports: { logprobs: false }, reply: '{"ok": true}' })
    try {
      const { code, stdout, stderr } = await run(
        ['llm', 'probe', '--base-url', server.url, '--model', 'm1'],
        {},
      )
      expect(stderr).toBe('')
      expect(code).toBe(0)
      expect(JSON.parse(stdout)).toEqual({
        baseURL: server.url,
        model: 'm1',
        responseFormat: true,
        seed: true,
        tools: false,
        logprobs: false,
      })
    } finally {
      await server.close()
    }
  })

  it('reads the server and model from the environment', async () => {
    const server = await startFakeServer()
    try {
      const { code, stdout } = await run(['llm', 'probe'], {
        OPENAI_BASE_URL: server.url,
        REFINERY_MODEL: 'm2',
      })
      expect(code).toBe(0)
      expect(JSON.parse(stdout).model).toBe('m2')
    } finally {
      await server.close()
    }
  })

  it('keeps the answer in the cache: a second probe asks nothing, --no-cache asks again', async () => {
    const server = await startFakeServer({ reply: '{"ok": true}' })
    try {
      const args = ['llm', 'probe', '--base-url', server.url, '--model', 'cached-model']
      const first = await run(args, {})
      expect(first.code).toBe(0)
      const sent = server.requests.length
      expect(sent).toBeGreaterThan(0)
      const second = await run(args, {})
      expect(second.stdout).toBe(first.stdout)
      expect(server.requests.length).toBe(sent)
      expect((await run([...args, '--no-cache'], {})).stdout).toBe(first.stdout)
      expect(server.requests.length).toBe(2 * sent)
      const both = await run([...args, '--no-cache', '--cache-dir', cacheDir], {})
      expect(both.code).toBe(2)
      expect(both.stderr).toMatch(/--cache-dir and --no-cache cannot be used together/)
    } finally {
      await server.close()
    }
  })

  it('an unreachable server: one clear line, exit 1, no stack trace', async () => {
    const url = `http://127.0.0.1:${await deadPort()}/v1`
    const { code, stdout, stderr } = await run(
      ['llm', 'probe', '--base-url', url, '--model', 'm'],
      {},
    )
    expect(code).toBe(1)
    expect(stdout).toBe('')
    expect(stderr.trim().split('\n')).toHaveLength(1)
    expect(stderr).toContain(`Cannot reach the model server at ${url}`)
    expect(stderr).not.toMatch(/\n\s+at /)
  })

  it('a rejected key: one clear line, exit 1', async () => {
    const server = await startFakeServer({ apiKey: 'right' })
    try {
      const { code, stderr } = await run(
        ['llm', 'probe', '--base-url', server.url, '--model', 'm'],
        {
          OPENAI_API_KEY: 'wrong',
        },
      )
      expect(code).toBe(1)
      expect(stderr.trim().split('\n')).toHaveLength(1)
      expect(stderr).toMatch(/rejected the API key .*Set OPENAI_API_KEY/)
    } finally {
      await server.close()
    }
  })

  it('no model named is a usage error (exit 2)', async () => {
    const { code, stderr } = await run(['llm', 'probe', '--base-url', 'http://127.0.0.1:9/v1'], {})
    expect(code).toBe(2)
    expect(stderr).toMatch(/REFINERY_MODEL/)
  })
})
