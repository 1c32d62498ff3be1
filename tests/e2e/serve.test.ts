import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { describe, expect, it } from 'vitest'
import { cliBin, refinery, repoRoot } from './cli'

describe('refinery serve', () => {
  it('serves households over HTTP until TERM, then exits 0', async () => {
    const child = spawn(
      process.execPath,
      [cliBin, 'serve', '--port', '0', '--family', 'household'],
      {
        cwd: repoRoot,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    let stderr = ''
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString()
        const match = /(http:\/\/127\.0\.0\.1:\d+)/.exec(stderr)
        if (match) resolve(match[1]!)
      })
      child.once('exit', () => reject(new Error(`serve exited early: ${stderr}`)))
    })
    const post = (path: string, body: unknown) =>
      fetch(`${url}${path}`, { method: 'POST', body: JSON.stringify(body) }).then((r) => r.json())
    const { id } = (await post('/create', {})) as { id: number }
    const reset = (await post('/reset', { id, data_idx: 0 })) as { task: string }
    expect(reset.task).toBe('household/test/0')
    const step = (await post('/step', { id, action: 'look' })) as { status: string }
    expect(step.status).toBe('meta')
    child.kill('SIGTERM')
    const [code] = await once(child, 'exit')
    expect(code).toBe(0)
    expect(stderr).toContain('stopped')
  })

  it('refuses a port that is not a number with one line and exit 2', () => {
    const result = refinery(['serve', '--port', 'eighty'])
    expect(result.status).toBe(2)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
  })
})
