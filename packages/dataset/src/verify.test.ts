import { describe, expect, it } from 'vitest'
import { goodRecord, lockbox, registry } from './__fixtures__/records'
import { verifyTrajectory } from './verify'

describe('verifyTrajectory', () => {
  it('passes a good record against a registry or a single family', async () => {
    const record = await goodRecord()
    for (const families of [registry, lockbox]) {
      const report = await verifyTrajectory(record, families)
      expect(report.problems).toEqual([])
      expect(report.finalStateHash).toBe(record.verified?.finalStateHash)
    }
  })

  it('lets synthesis verify before stamping, against the hash its episode reached', async () => {
    const record = { ...(await goodRecord()), verified: null }
    expect((await verifyTrajectory(record, lockbox)).problems.map((p) => p.kind)).toEqual([
      'not verified',
    ])
    const unstamped = await verifyTrajectory(record, lockbox, { checkStored: false })
    expect(unstamped.problems).toEqual([])
    const other = await verifyTrajectory(record, lockbox, {
      checkStored: false,
      expectedFinalStateHash: 'not-the-hash',
    })
    expect(other.problems.map((p) => p.kind)).toEqual(['replay mismatch'])
  })

  it('names the kind of every problem, so synthesis can count rejections by reason', async () => {
    const record = await goodRecord()
    const report = await verifyTrajectory(
      { ...record, outcome: { ...record.outcome, success: false } },
      lockbox,
      { minErrorRefinePairs: 3 },
    )
    expect(report.problems.map((p) => p.kind)).toEqual([
      'too few error-refine pairs',
      'goal not reached',
      'replay mismatch',
    ])
    expect((await verifyTrajectory({ id: 'x' }, lockbox)).problems[0]?.kind).toBe('schema')
    expect(
      (await verifyTrajectory({ ...record, env: 'nope' }, registry)).problems.at(-1)?.kind,
    ).toBe('unknown family')
  })

  it('skips the replay of a record the cheap checks reject, when synthesis asks', async () => {
    const record = await goodRecord()
    const failed = { ...record, outcome: { ...record.outcome, success: false } }
    const quick = await verifyTrajectory(failed, lockbox, { replayOnlyIfCheapChecksPass: true })
    expect(quick.problems.map((p) => p.kind)).toEqual(['goal not reached'])
    expect(quick.finalStateHash).toBeNull()
    const full = await verifyTrajectory(failed, lockbox)
    expect(full.problems.map((p) => p.kind)).toEqual(['goal not reached', 'replay mismatch'])
    const good = await verifyTrajectory(record, lockbox, { replayOnlyIfCheapChecksPass: true })
    expect(good.problems).toEqual([])
    expect(good.finalStateHash).toBe(record.verified?.finalStateHash)
  })
})
