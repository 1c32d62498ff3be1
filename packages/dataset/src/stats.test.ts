import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { goodRecord } from './__fixtures__/records'
import { toJsonlLine } from './jsonl'
import { stats, statsFile } from './stats'

describe('stats', () => {
  it('counts records, families, steps, pairs and statuses', async () => {
    const records = [await goodRecord(1), await goodRecord(2)]
    expect(stats(records)).toMatchObject({
      records: 2,
      successes: 2,
      verified: 2,
      families: { lockbox: 2 },
      steps: { min: 6, max: 6, mean: 6 },
      errorRefinePairs: { min: 2, max: 2, mean: 2 },
      assistantTurns: 12,
      maskedTurns: 4,
      statuses: {
        ok: 8,
        format_error: 0,
        unknown_action: 2,
        invalid_argument: 0,
        precondition_failed: 2,
        no_effect: 0,
        meta: 0,
      },
    })
  })

  it('is all zeros for no records', () => {
    expect(stats([])).toMatchObject({ records: 0, steps: { min: 0, max: 0, mean: 0 } })
  })

  it('streams a file and counts lines that are not records', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'refinery-stats-')), 't.jsonl')
    await writeFile(path, toJsonlLine(await goodRecord()) + '{"x":1}\nnope\n')
    const result = await statsFile(path)
    expect(result.records).toBe(1)
    expect(result.invalidLines).toBe(2)
  })
})
