import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { RefineryError } from '@refinery/core'
import { describe, expect, it } from 'vitest'
import { goodRecord } from './__fixtures__/records'
import { EXPORT_FORMATS, exportFile } from './export'
import { toAdp, toOpenAiChat, toShareGpt, toTrl, toTrlCompletion, trainedTurns } from './formats'
import { readJsonl, toJsonlLine } from './jsonl'
import { TARGET_SCHEMAS, trainedInLine } from './targets'

async function inputFile(records: unknown[], extra = ''): Promise<{ dir: string; input: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'refinery-export-'))
  const input = join(dir, 'in.jsonl')
  await writeFile(input, records.map(toJsonlLine).join('') + extra)
  return { dir, input }
}

describe('every export format', () => {
  for (const format of EXPORT_FORMATS) {
    it(`${format}: every line obeys the target's rules and the trained turns are kept`, async () => {
      const records = [await goodRecord(1), await goodRecord(2), await goodRecord(3)]
      const { dir, input } = await inputFile(records)
      const output = join(dir, `${format}.jsonl`)
      const report = await exportFile(input, output, format)
      const before = records.reduce((n, r) => n + trainedTurns(r), 0)
      expect(before).toBeGreaterThan(0)
      expect(report.trainedTurns).toEqual({ before, after: before })
      let after = 0
      let lines = 0
      for await (const entry of readJsonl(output)) {
        const parsed = TARGET_SCHEMAS[format].safeParse(entry.value)
        expect(parsed.error?.issues ?? []).toEqual([])
        after += trainedInLine(format, entry.value)
        lines++
      }
      expect(after).toBe(before)
      expect(lines).toBe(report.examples)
    })
  }
})

describe('conversions', () => {
  it('OpenAI: weights follow train, and the trailing observation is dropped', async () => {
    const record = await goodRecord()
    expect(record.messages.at(-1)?.role).toBe('user')
    const example = toOpenAiChat(record)
    expect(example.messages.at(-1)?.role).toBe('assistant')
    expect(example.messages).toHaveLength(record.messages.length - 1)
    const assistants = record.messages.filter((m) => m.role === 'assistant')
    expect(example.messages.filter((m) => m.role === 'assistant').map((m) => m.weight)).toEqual(
      assistants.map((m) => (m.train ? 1 : 0)),
    )
    expect(example.messages.map((m) => m.content)).toEqual(
      record.messages.slice(0, -1).map((m) => m.content),
    )
  })

  it('sharegpt: one example per trained turn, human then observations, erroneous turns only in histories', async () => {
    const record = await goodRecord()
    const examples = toShareGpt(record)
    expect(examples).toHaveLength(trainedTurns(record))
    const last = examples.at(-1)!
    expect(last.system).toBe(record.messages[0]!.content)
    expect(last.conversations.map((c) => c.from)).toEqual(
      last.conversations.map((_, i) => (i === 0 ? 'human' : i % 2 === 1 ? 'gpt' : 'observation')),
    )
    const masked = record.messages
      .filter((m) => m.role === 'assistant' && !m.train)
      .map((m) => m.content)
    for (const example of examples)
      expect(masked).not.toContain(example.conversations.at(-1)!.value)
  })

  it('TRL: erroneous turns fold into the next user turn; the completion variant keeps them in prompts', async () => {
    const record = await goodRecord()
    const trl = toTrl(record)
    const masked = record.messages.filter((m) => m.role === 'assistant' && !m.train)
    for (const m of masked) {
      expect(trl.messages.find((t) => t.content.includes(m.content))?.role).toBe('user')
    }
    const completions = toTrlCompletion(record)
    expect(completions).toHaveLength(trainedTurns(record))
    expect(completions.at(-1)!.prompt.filter((p) => p.role === 'assistant').length).toBe(
      record.messages.filter((m) => m.role === 'assistant').length - 1,
    )
  })

  it('ADP: observations and message actions, the mask in details.train', async () => {
    const record = await goodRecord()
    const adp = toAdp(record)
    expect(adp.content[0]).toMatchObject({ class_: 'text_observation', source: 'user' })
    expect(adp.content.at(-1)?.class_).toBe('message_action')
    expect(adp.details.train).toEqual(
      record.messages.filter((m) => m.role === 'assistant').map((m) => m.train),
    )
  })
})

describe('exportFile', () => {
  it('skips lines that are not records and names them', async () => {
    const [a, b] = [await goodRecord(1), await goodRecord(2)]
    const { dir, input } = await inputFile([a, { schema: 'x' }, b], '')
    await writeFile(
      input,
      `${toJsonlLine(a)}not json\n${toJsonlLine({ schema: 'x' })}${toJsonlLine(b)}`,
    )
    const output = join(dir, 'out.jsonl')
    const report = await exportFile(input, output, 'openai')
    expect(report.records).toBe(2)
    expect(report.skipped.map((s) => s.line)).toEqual([2, 3])
    expect(report.skipped[1]?.problem).toMatch(/^not a trajectory record: /)
    expect(await readFile(output, 'utf8')).toBe(
      toJsonlLine(toOpenAiChat(a)) + toJsonlLine(toOpenAiChat(b)),
    )
  })

  it('writes the LLaMA-Factory registration and config, and the axolotl config, beside the export', async () => {
    const { dir, input } = await inputFile([await goodRecord()])
    const sharegpt = await exportFile(input, join(dir, 'lf.jsonl'), 'sharegpt', {
      config: { finetuning: 'full', model: 'org/model' },
    })
    expect(sharegpt.sideFiles).toEqual([
      join(dir, 'dataset_info.json'),
      join(dir, 'llamafactory_sft.yaml'),
    ])
    const info = JSON.parse(await readFile(join(dir, 'dataset_info.json'), 'utf8'))
    expect(info.refinery).toMatchObject({ file_name: 'lf.jsonl', formatting: 'sharegpt' })
    const lf = await readFile(join(dir, 'llamafactory_sft.yaml'), 'utf8')
    expect(lf).toMatch(/^mask_history: true$/m)
    expect(lf).toMatch(/^finetuning_type: full$/m)
    expect(lf).toMatch(/^model_name_or_path: org\/model$/m)
    expect(lf).toMatch(/^dataset: refinery$/m)
    await exportFile(input, join(dir, 'ax.jsonl'), 'axolotl')
    const ax = await readFile(join(dir, 'axolotl_sft.yaml'), 'utf8')
    expect(ax).toMatch(/^ {4}message_field_training: training$/m)
    expect(ax).toMatch(/^ {2}- path: \.\/ax\.jsonl$/m)
    expect(ax).toMatch(/^adapter: lora$/m)
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
