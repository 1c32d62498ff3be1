import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { benchMachine, measureRate, writeBenchReport } from './index'

describe('bench kit', () => {
  it('counts every call it times', () => {
    let calls = 0
    const rate = measureRate(() => calls++, { warmup: 10, rounds: 2, seconds: 0.01, batch: 100 })
    expect(rate).toBeGreaterThan(0)
    expect(calls % 100).toBe(10)
  })

  it('writes out/bench/<name>.json under the root', () => {
    const root = mkdtempSync(join(tmpdir(), 'refinery-bench-'))
    const file = writeBenchReport(root, 'toy', { benchmark: 'toy', ...benchMachine() })
    expect(file).toBe(join(root, 'out', 'bench', 'toy.json'))
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({
      benchmark: 'toy',
      node: process.version,
    })
  })
})
