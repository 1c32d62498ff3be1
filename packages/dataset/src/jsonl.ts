import { createReadStream } from 'node:fs'
import { type FileHandle, open, stat, truncate } from 'node:fs/promises'
import { RefineryError } from '@refinery/core'

/** One line of a JSONL file: its value, or why it could not be read. Lines count from 1. */
export type JsonlEntry =
  | { line: number; value: unknown; error?: undefined }
  | { line: number; value?: undefined; error: string }

/**
 * One record as one JSONL line: `JSON.stringify` with keys in the order the producer wrote
 * them, no whitespace, newline-terminated. Equal inputs give equal bytes.
 */
export function toJsonlLine(value: unknown): string {
  let json: string | undefined
  try {
    json = JSON.stringify(value)
  } catch (error) {
    throw new RefineryError(
      'invalid_input',
      `A record cannot be written as JSON: ${String(error)}.`,
      {
        hint: 'Write plain JSON data: no cycles, no BigInt.',
        cause: error,
      },
    )
  }
  if (json === undefined) {
    throw new RefineryError(
      'invalid_input',
      `A record of type ${typeof value} cannot be written as JSON.`,
      {
        hint: 'Write objects, arrays, strings, numbers, booleans or null.',
      },
    )
  }
  return `${json}\n`
}

export interface JsonlWriterOptions {
  /**
   * Append to an existing file instead of replacing it. A last line cut off by a crash (no
   * newline at the end) is removed first, so a resumed run never glues two records together.
   */
  append?: boolean
}

export interface JsonlWriter {
  readonly path: string
  /** Records written through this writer. */
  readonly written: number
  /** Bytes of a cut-off last line removed when the file was opened for appending. */
  readonly repairedBytes: number
  write(value: unknown): Promise<void>
  /** Flushes and closes; safe to call twice. */
  close(): Promise<void>
}

const FLUSH_AT = 1 << 16

/** Opens a JSONL file for writing records one line each. */
export async function openJsonlWriter(
  path: string,
  options: JsonlWriterOptions = {},
): Promise<JsonlWriter> {
  const repairedBytes = options.append ? await dropCutOffLine(path) : 0
  let handle: FileHandle | null
  try {
    handle = await open(path, options.append ? 'a' : 'w')
  } catch (error) {
    throw fileError(path, 'write', error)
  }
  let buffer = ''
  let written = 0
  const flush = async () => {
    if (!buffer || !handle) return
    const chunk = buffer
    buffer = ''
    await handle.write(chunk)
  }
  return {
    path,
    repairedBytes,
    get written() {
      return written
    },
    async write(value) {
      if (!handle) {
        throw new RefineryError('usage', `The JSONL writer for ${path} is closed.`, {
          hint: 'Open a new writer with openJsonlWriter.',
        })
      }
      buffer += toJsonlLine(value)
      written++
      if (buffer.length >= FLUSH_AT) await flush()
    },
    async close() {
      if (!handle) return
      try {
        await flush()
      } finally {
        await handle.close()
        handle = null
      }
    },
  }
}

/** Truncates the file after its last newline; returns how many bytes were dropped. */
async function dropCutOffLine(path: string): Promise<number> {
  let size: number
  try {
    size = (await stat(path)).size
  } catch {
    return 0
  }
  if (size === 0) return 0
  const handle = await open(path, 'r')
  try {
    const chunk = Buffer.alloc(1 << 16)
    let end = size
    while (end > 0) {
      const start = Math.max(0, end - chunk.length)
      const { bytesRead } = await handle.read(chunk, 0, end - start, start)
      const at = chunk.subarray(0, bytesRead).lastIndexOf(0x0a)
      if (at >= 0) {
        const keep = start + at + 1
        if (keep === size) return 0
        await truncate(path, keep)
        return size - keep
      }
      end = start
    }
  } finally {
    await handle.close()
  }
  await truncate(path, 0)
  return size
}

/** Where `readJsonl` reads from: a file path, or any stream of text or bytes (stdin). */
export type JsonlSource = string | AsyncIterable<string | Uint8Array>

/** The longest line `readLines` and `readJsonl` accept unless told otherwise: 64 MiB. */
export const DEFAULT_MAX_LINE_BYTES = 64 * 1024 * 1024

export interface ReadLinesOptions {
  /** A line longer than this many bytes stops reading with an error; default 64 MiB. */
  maxLineBytes?: number
  /** How to name the source in messages; default: its path, or `standard input`. */
  name?: string
}

/** One line of text, newline (and a Windows `\r`) removed; lines count from 1. */
export interface TextLine {
  line: number
  text: string
  /** False for a last line that ended without a newline. */
  terminated: boolean
}

/**
 * Reads a file or stream line by line in bounded memory: a line longer than `maxLineBytes`
 * (a binary file, `/dev/zero`, a file with no newline) stops with one `invalid_input` error
 * naming `file:line` and the cap, instead of growing until the heap runs out. A byte-order
 * mark at the start is skipped.
 */
export async function* readLines(
  source: JsonlSource,
  options: ReadLinesOptions = {},
): AsyncGenerator<TextLine> {
  const path = typeof source === 'string' ? source : null
  const name = options.name ?? path ?? 'standard input'
  const max = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES
  const chunks = path === null ? source : createReadStream(path, { highWaterMark: 1 << 20 })
  const decoder = new TextDecoder('utf-8')
  let pending: Uint8Array[] = []
  let pendingBytes = 0
  let line = 0
  const take = (tail: Uint8Array, terminated: boolean): TextLine => {
    pending.push(tail)
    const bytes = pending.length === 1 ? tail : Buffer.concat(pending)
    pending = []
    pendingBytes = 0
    let text = decoder.decode(bytes)
    if (line === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1)
    if (text.endsWith('\r')) text = text.slice(0, -1)
    return { line, text, terminated }
  }
  try {
    for await (const chunk of chunks) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk
      let start = 0
      let at = bytes.indexOf(0x0a)
      while (at >= 0) {
        if (pendingBytes + at - start > max) throw tooLong(name, line + 1, max)
        line++
        yield take(bytes.subarray(start, at), true)
        start = at + 1
        at = bytes.indexOf(0x0a, start)
      }
      if (start < bytes.length) {
        pendingBytes += bytes.length - start
        if (pendingBytes > max) throw tooLong(name, line + 1, max)
        pending.push(bytes.slice(start))
      }
    }
  } catch (error) {
    if (RefineryError.isInstance(error)) throw error
    if (path !== null) throw fileError(path, 'read', error)
    throw new RefineryError('invalid_input', `Cannot read ${name}: ${String(error)}.`, {
      hint: 'Give a readable file or stream.',
      cause: error,
    })
  }
  if (pendingBytes > 0) {
    line++
    yield take(new Uint8Array(0), false)
  }
}

function tooLong(name: string, line: number, max: number): RefineryError {
  const size = max >= 1 << 20 ? `${Math.round(max / (1 << 20))} MiB` : `${max} bytes`
  return new RefineryError(
    'invalid_input',
    `${name}:${line}: line longer than ${size}; is this a text file with one record a line?`,
    { hint: 'Check the file, or raise the line limit if such long records are intended.' },
  )
}

/**
 * Reads JSONL as a stream, one entry per non-blank line, without loading the file. A line
 * that is not JSON is reported with its error and reading goes on; so is a last line cut
 * off without its newline. A line past `maxLineBytes` stops reading (see `readLines`).
 */
export async function* readJsonl(
  source: JsonlSource,
  options: ReadLinesOptions = {},
): AsyncGenerator<JsonlEntry> {
  for await (const { line, text, terminated } of readLines(source, options)) {
    const entry = parseLine(text, line, !terminated)
    if (entry) yield entry
  }
}

function parseLine(text: string, line: number, last: boolean): JsonlEntry | null {
  if (!text.trim()) return null
  try {
    return { line, value: JSON.parse(text) }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    return {
      line,
      error: last
        ? `the last line is cut off (no newline at the end of the file): ${reason}`
        : `not valid JSON: ${reason}`,
    }
  }
}

function fileError(path: string, verb: 'read' | 'write', error: unknown): RefineryError {
  const code = (error as { code?: unknown } | null)?.code
  const why =
    code === 'ENOENT'
      ? 'no such file or folder'
      : error instanceof Error
        ? error.message
        : String(error)
  return new RefineryError('invalid_input', `Cannot ${verb} ${path}: ${why}.`, {
    hint:
      verb === 'read'
        ? 'Check the path of the JSONL file.'
        : 'Check that the folder exists and is writable.',
    cause: error,
  })
}
