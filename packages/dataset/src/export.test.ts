import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { RefineryError } from '@refinery/core'
import { describe, expect, it } from 'vitest'
import { goodRecord } from './__fixtures__/records'
import { EXPORT_FORMATS, exportFile, OpenAiChatExample, toOpenAiChat } from './export'
import { toJsonlLine } from './jsonl'

describe('toOpenAiChat', () => {
  it('weights assistant turns by their train flag and leaves other roles unweighted', async () => {
    const record = await goodRecord()
    const example = toOpenAiChat(record)
    expect(OpenAiChatExample.safeParse(example).success).toBe(true)
    const assistants = record.messages.filter((m) => m.role === 'assistant')
    expect(example.messages.filter((m) => m.role === 'assistant').map((m) => m.weight)).toEqual(
      assistants.map((m) => (m.train ? 1 : 0)),
    )
    expect(example.messages.filter((m) => m.weight === 0)).toHaveLength(2)
    for (const message of example.messages.filter((m) => m.role !== 'assistant')) {
      expect(Object.keys(message)).toEqual(['role', 'content'])
    }
  })

  it('keeps every message and its content verbatim', async () => {
    const record = await goodRecord()
    const example = toOpenAiChat(record)
    expect(example.messages.map((m) => [m.role, m.content])).toEqual(
      record.messages.map((m) => [m.role, m.content]),
    )
  })
})

describe('exportFile', () => {
  it('streams a trajectory file to OpenAI chat lines, skipping lines that are not records', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'refinery-export-'))
    const input = join(dir, 'in.jsonl')
    const output = join(dir, 'out.jsonl')
    const [a, b] = [await goodRecord(1), await goodRecord(2)]
    await writeFile(
      input,
      toJsonlLine(a) + 'not json\n' + toJsonlLine({ schema: 'x' }) + toJsonlLine(b),
    )
    const report = await exportFile(input, output, 'openai')
    expect(report.records).toBe(2)
    expect(report.skipped.map((s) => s.line)).toEqual([2, 3])
    expect(report.skipped[1]?.problem).toMatch(/^not a trajectory record: /)
    expect(await readFile(output, 'utf8')).toBe(
      toJsonlLine(toOpenAiChat(a)) + toJsonlLine(toOpenAiChat(b)),
    )
  })

  it('rejects an unknown format with a usage error listing the known ones', async () => {
    const run = exportFile('in.jsonl', 'out.jsonl', 'alpaca')
    await expect(run).rejects.toSatisfy(
      (error: unknown) =>
        RefineryError.isInstance(error) &&
        error.code === 'usage' &&
        error.oneLine ===
          `Unknown export format 'alpaca'. Known formats: ${EXPORT_FORMATS.join(', ')}.`,
    )
  })
})
