import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FamilyRegistry, type Trajectory } from '@refinery/core'
import { describe, expect, it } from 'vitest'
import { goodRecord, registry } from './__fixtures__/records'
import { checkTrajectory, checkTrajectoryFile } from './check'
import { toJsonlLine } from './jsonl'

async function fileOf(records: unknown[], extra = ''): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'refinery-check-')), 'trajectories.jsonl')
  await writeFile(path, records.map(toJsonlLine).join('') + extra)
  return path
}

function assistantAt(record: Trajectory, index: number) {
  const message = record.messages[index]
  if (message?.role !== 'assistant') throw new Error(`message ${index} is not an assistant turn`)
  return message
}

describe('checkTrajectory', () => {
  it('passes a verified record with two error→refine pairs', async () => {
    const record = await goodRecord()
    expect(await checkTrajectory(record, registry)).toEqual({ id: record.id, problems: [] })
  })

  it('fails a tampered observation', async () => {
    const record = await goodRecord()
    record.messages[3] = { role: 'user', content: 'The box opens by itself.' }
    const { problems } = await checkTrajectory(record, registry)
    expect(problems).toEqual(['replay: turn 3: observation differs'])
  })

  it('fails a tampered mask, both ways', async () => {
    const record = await goodRecord()
    assistantAt(record, 2).train = true
    assistantAt(record, 4).train = false
    const { problems } = await checkTrajectory(record, registry)
    expect(problems).toEqual([
      'turn 2: train is true on an erroneous turn (status precondition_failed)',
      'turn 4: train is false on an accepted turn (status ok)',
      'replay: turn 2: train differs (record true, replay false)',
      'replay: turn 4: train differs (record false, replay true)',
    ])
  })

  it('fails a record with fewer than two pairs or a wrong pair count', async () => {
    const record = await goodRecord()
    record.outcome.errorRefinePairs = 3
    expect((await checkTrajectory(record, registry)).problems).toContain(
      'outcome.errorRefinePairs is 3 but the messages hold 2 error→refine pairs',
    )
    const strict = await checkTrajectory(await goodRecord(), registry, { minErrorRefinePairs: 3 })
    expect(strict.problems).toEqual(['2 error→refine pairs, at least 3 needed'])
  })

  it('fails an unverified record and a wrong final state hash', async () => {
    const unverified = { ...(await goodRecord()), verified: null }
    expect((await checkTrajectory(unverified, registry)).problems).toEqual([
      'verified is null: the record was never verified by replay',
    ])
    const record = await goodRecord()
    record.verified = { by: 'replay', ok: false, finalStateHash: 'deadbeef' }
    const { problems } = await checkTrajectory(record, registry)
    expect(problems[0]).toBe('verified.ok is false')
    expect(problems[1]).toMatch(
      /^verified.finalStateHash differs from the replay's \(record deadbeef, replay [0-9a-f]{16}\)$/,
    )
  })

  it('fails an unsuccessful record', async () => {
    const record = await goodRecord()
    record.messages = record.messages.slice(0, -2)
    record.outcome = { ...record.outcome, success: false, steps: 5, progress: 2 / 3 }
    const { problems } = await checkTrajectory(record, registry)
    expect(problems).toContain('outcome.success is false: only successful trajectories are kept')
  })

  it('fails a record of an unknown family and one that is not a record', async () => {
    const record = await goodRecord()
    const empty = new FamilyRegistry()
    expect((await checkTrajectory(record, empty)).problems).toEqual([
      "env: unknown family 'lockbox' (known: none)",
    ])
    const broken = await checkTrajectory({ id: 'x', schema: 'refinery.trajectory.v0' }, registry)
    expect(broken.id).toBe('x')
    expect(broken.problems[0]).toMatch(/^schema: schema: /)
  })
})

describe('checkTrajectoryFile', () => {
  it('counts passes and names each failing line', async () => {
    const tampered = await goodRecord(3, 'tampered')
    assistantAt(tampered, 2).train = true
    const path = await fileOf([await goodRecord(1), tampered, await goodRecord(2)], '{"cut')
    const report = await checkTrajectoryFile(path, registry)
    expect(report.total).toBe(4)
    expect(report.passed).toBe(2)
    expect(report.failures.map((f) => [f.line, f.id])).toEqual([
      [2, 'tampered'],
      [4, undefined],
    ])
    expect(report.failures[1]?.problems[0]).toMatch(/^json: the last line is cut off/)
  })
})
