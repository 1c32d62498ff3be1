import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { startFakeServer } from './fake-server'

const run = promisify(execFile)

describe('the fake server', () => {
  it('starts from a plain script, with no test runner loaded', async () => {
    const script = `
      const { startFakeServer } = await import('@refinery/llm/testing')
      const server = await startFakeServer({ reply: 'hi' })
      const res = await fetch(server.url + '/chat/completions', { method: 'POST', body: JSON.stringify({ model: 'm', messages: [] }) })
      const body = await res.json()
      await server.close()
      const runners = Object.keys(globalThis).filter((k) => ['vi', 'vitest', 'expect', 'jest'].includes(k))
      console.log(JSON.stringify({ url: server.url, content: body.choices[0].message.content, runners }))
    `
    const { stdout } = await run(process.execPath, [
      '--conditions=@refinery/source',
      '--import',
      'tsx',
      '--input-type=module',
      '-e',
      script,
    ])
    const out = JSON.parse(stdout)
    expect(out.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/)
    expect(out.content).toBe('hi')
    expect(out.runners).toEqual([])
  })

  it('listens on 127.0.0.1 on a port of its own', async () => {
    const a = await startFakeServer()
    const b = await startFakeServer()
    expect(a.port).not.toBe(b.port)
    await Promise.all([a.close(), b.close()])
  })

  it('answers an unknown model with a 404 when it knows its models', async () => {
    const server = await startFakeServer({ models: ['known'] })
    const res = await fetch(`${server.url}/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ model: 'unknown', messages: [] }),
    })
    expect(res.status).toBe(404)
    await server.close()
  })
})
