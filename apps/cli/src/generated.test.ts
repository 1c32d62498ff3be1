import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generated } from '@refinery/env-generated'
import { describe, expect, it } from 'vitest'
import { runCli } from './run-cli'

const run = (argv: string[], stdin = '', cwd = process.cwd()) => runCli(argv, { stdin, cwd })

describe('the generated family in the CLI', () => {
  it('is listed and plays a test task to its goal from standard input', async () => {
    expect((await run(['envs'])).stdout).toContain('generated')
    const task = generated.task('test', 1)
    const plan = generated.generated(task).plan
    const r = await run(
      ['play', 'generated', '--split', 'test', '--task', '1', '--json'],
      `${plan.join('\n')}\n`,
    )
    expect(r.code).toBe(0)
    const last = JSON.parse(r.stdout.trim().split('\n').at(-1)!)
    expect(last).toMatchObject({ done: true, success: true, progress: 1 })
  })
})

describe('refinery world generate', () => {
  const dir = mkdtempSync(join(tmpdir(), 'refinery-generate-'))

  it('writes a readable WorldSpec that world check and world play accept', async () => {
    const r = await run(
      ['world', 'generate', '--seed', '7', '--theme', 'bakery', '--out', 'w.json'],
      '',
      dir,
    )
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^Wrote w\.json: bakery world with /)
    const text = readFileSync(join(dir, 'w.json'), 'utf8')
    expect(text.split('\n').length).toBeGreaterThan(100) // indented, for a person to read
    const checked = await run(['world', 'check', 'w.json'], '', dir)
    expect(checked.code).toBe(0)
    const plan = JSON.parse(checked.stdout).plan as string[]
    const played = await run(['world', 'play', 'w.json', '--json'], `${plan.join('\n')}\n`, dir)
    expect(JSON.parse(played.stdout.trim().split('\n').at(-1)!)).toMatchObject({ success: true })
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([])
  })

  it('refuses an existing --out unless --force, and an unknown theme, with one line', async () => {
    const again = await run(['world', 'generate', '--seed', '8', '--out', 'w2.json'], '', dir)
    expect(again.code).toBe(0)
    const before = readFileSync(join(dir, 'w2.json'), 'utf8')
    const refused = await run(['world', 'generate', '--seed', '9', '--out', 'w2.json'], '', dir)
    expect(refused.code).toBe(2)
    expect(refused.stderr).toMatch(/already exists/)
    expect(readFileSync(join(dir, 'w2.json'), 'utf8')).toBe(before)
    const forced = await run(
      ['world', 'generate', '--seed', '9', '--out', 'w2.json', '--force'],
      '',
      dir,
    )
    expect(forced.code).toBe(0)
    expect(readFileSync(join(dir, 'w2.json'), 'utf8')).not.toBe(before)
    const bad = await run(['world', 'generate', '--theme', 'moon', '--out', 'w3.json'], '', dir)
    expect(bad.code).toBe(2)
    expect(bad.stderr.trim().split('\n')).toHaveLength(1)
    expect(existsSync(join(dir, 'w3.json'))).toBe(false)
  })
})
