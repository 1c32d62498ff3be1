import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { RefineryError } from '@refinery/core'
import { describe, expect, it } from 'vitest'
import { openJsonlWriter, readJsonl, toJsonlLine } from './jsonl'

async function tmp(name: string): Promise<string> {
  return join(await mkdtemp(join(tmpdir(), 'refinery-jsonl-')), name)
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = []
  for await (const item of items) out.push(item)
  return out
}

describe('toJsonlLine', () => {
  it('keeps the key order as produced and ends with a newline', () => {
    expect(toJsonlLine({ b: 1, a: [1, 'x'], c: undefined })).toBe('{"b":1,"a":[1,"x"]}\n')
  })

  it('rejects what JSON cannot hold', () => {
    const cyclic: Record<string, unknown> = {}
    cyclic.self = cyclic
    expect(() => toJsonlLine(cyclic)).toThrow(RefineryError)
    expect(() => toJsonlLine(undefined)).toThrow(/cannot be written as JSON/)
  })
})

describe('openJsonlWriter', () => {
  it('writes one line per record, replacing the file', async () => {
    const path = await tmp('out.jsonl')
    await writeFile(path, 'old\n')
    const writer = await openJsonlWriter(path)
    await writer.write({ n: 1 })
    await writer.write({ n: 2, s: 'line\nbreak' })
    await writer.close()
    await writer.close()
    expect(writer.written).toBe(2)
    expect(await readFile(path, 'utf8')).toBe('{"n":1}\n{"n":2,"s":"line\\nbreak"}\n')
  })

  it('appends, dropping a last line cut off by a crash', async () => {
    const path = await tmp('resume.jsonl')
    await writeFile(path, '{"n":1}\n{"n":2,"cut')
    const writer = await openJsonlWriter(path, { append: true })
    expect(writer.repairedBytes).toBe('{"n":2,"cut'.length)
    await writer.write({ n: 2 })
    await writer.close()
    expect(await readFile(path, 'utf8')).toBe('{"n":1}\n{"n":2}\n')
  })

  it('appends to a missing file by creating it', async () => {
    const path = await tmp('new.jsonl')
    const writer = await openJsonlWriter(path, { append: true })
    await writer.write([1])
    await writer.close()
    expect(await readFile(path, 'utf8')).toBe('[1]\n')
  })

  it('flushes large outputs in chunks', async () => {
    const path = await tmp('big.jsonl')
    const writer = await openJsonlWriter(path)
    for (let i = 0; i < 5000; i++) await writer.write({ i, pad: 'x'.repeat(40) })
    await writer.close()
    const entries = await collect(readJsonl(path))
    expect(entries).toHaveLength(5000)
    expect(entries[4999]).toEqual({ line: 5000, value: { i: 4999, pad: 'x'.repeat(40) } })
  })

  it('fails clearly on a write after close', async () => {
    const writer = await openJsonlWriter(await tmp('closed.jsonl'))
    await writer.close()
    await expect(writer.write({})).rejects.toThrow(/closed/)
  })
})

describe('readJsonl', () => {
  it('reports a bad line and goes on, skipping blank lines', async () => {
    const path = await tmp('bad.jsonl')
    await writeFile(path, '{"a":1}\n{oops\n\n  \n[2]\r\n"é"\n')
    const entries = await collect(readJsonl(path))
    expect(entries.map((e) => e.line)).toEqual([1, 2, 5, 6])
    expect(entries[0]).toEqual({ line: 1, value: { a: 1 } })
    expect(entries[1]?.error).toMatch(/^not valid JSON/)
    expect(entries[2]).toEqual({ line: 5, value: [2] })
    expect(entries[3]).toEqual({ line: 6, value: 'é' })
  })

  it('reports a cut-off last line', async () => {
    const path = await tmp('cut.jsonl')
    await writeFile(path, '{"a":1}\n{"a":')
    const entries = await collect(readJsonl(path))
    expect(entries).toHaveLength(2)
    expect(entries[1]?.line).toBe(2)
    expect(entries[1]?.error).toMatch(/^the last line is cut off/)
  })

  it('accepts a last line without a newline when it is complete', async () => {
    const path = await tmp('complete.jsonl')
    await writeFile(path, '{"a":1}\n{"a":2}')
    expect(await collect(readJsonl(path))).toEqual([
      { line: 1, value: { a: 1 } },
      { line: 2, value: { a: 2 } },
    ])
  })

  it('joins lines and characters split across chunks', async () => {
    const bytes = new TextEncoder().encode('{"w":"naïve"}\n{"w":"über"}\n')
    async function* chunks() {
      for (const byte of bytes) yield Uint8Array.of(byte)
    }
    expect(await collect(readJsonl(chunks()))).toEqual([
      { line: 1, value: { w: 'naïve' } },
      { line: 2, value: { w: 'über' } },
    ])
  })

  it('streams: the first record arrives before the rest of the input is read', async () => {
    let pulled = 0
    async function* endless() {
      for (;;) {
        pulled++
        yield '{"n":1}\n'
      }
    }
    for await (const entry of readJsonl(endless())) {
      expect(entry).toEqual({ line: 1, value: { n: 1 } })
      break
    }
    expect(pulled).toBe(1)
  })

  it('strips a byte order mark', async () => {
    const path = await tmp('bom.jsonl')
    await writeFile(path, '\uFEFF{"a":1}\n')
    expect(await collect(readJsonl(path))).toEqual([{ line: 1, value: { a: 1 } }])
  })

  it('fails clearly on a missing file', async () => {
    const run = collect(readJsonl('/nonexistent/refinery.jsonl'))
    await expect(run).rejects.toSatisfy(
      (error: unknown) =>
        RefineryError.isInstance(error) &&
        error.code === 'invalid_input' &&
        /no such file/.test(error.message),
    )
  })
})

describe('readJsonl on hostile input', () => {
  it('stops a line past the cap with file:line and the cap, in bounded memory', async () => {
    const path = await tmp('long.jsonl')
    await writeFile(path, `{"a":1}\n${'x'.repeat(5000)}\n`)
    const read = collect(readJsonl(path, { maxLineBytes: 1000 }))
    await expect(read).rejects.toThrow(/long\.jsonl:2: line longer than 1000 bytes/)
  })

  it('stops an endless stream with no newline (as /dev/zero) at the cap', async () => {
    async function* zeros() {
      for (;;) yield new Uint8Array(1 << 16)
    }
    const read = collect(readJsonl(zeros(), { maxLineBytes: 1 << 20 }))
    await expect(read).rejects.toThrow(/standard input:1: line longer than 1 MiB/)
  })

  it('splits lines on bytes, so a multi-byte character across chunks stays whole', async () => {
    const bytes = Buffer.from('{"w":"é€😀"}\n', 'utf8')
    const chunks = [...bytes].map((b) => Uint8Array.of(b))
    async function* one() {
      yield* chunks
    }
    expect(await collect(readJsonl(one()))).toEqual([{ line: 1, value: { w: 'é€😀' } }])
  })
})
