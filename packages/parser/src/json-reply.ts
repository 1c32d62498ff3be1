import { jsonrepair } from 'jsonrepair'
import { isSpace } from './text'

/**
 * Where a JSON reply starts: the first `{` (or `[`) that opens a line, possibly behind a
 * markdown fence. A brace inside an action (`click[{x}]`) does not open its line.
 */
export function findJsonStart(text: string): number {
  let i = 0
  const n = text.length
  while (i < n) {
    // skip leading spaces of the line
    while (i < n && text.charCodeAt(i) !== 10 && isSpace(text.charCodeAt(i))) i++
    const c = text.charCodeAt(i)
    if (c === 123 || c === 91) {
      if (c === 123) return i
      // `[` opens JSON only when an object follows
      let k = i + 1
      while (k < n && isSpace(text.charCodeAt(k))) k++
      if (text.charCodeAt(k) === 123) return i
    }
    const next = text.indexOf('\n', i)
    if (next === -1) return -1
    i = next + 1
  }
  return -1
}

/**
 * The end (exclusive) of the JSON value that starts at `start`, found by counting brackets
 * outside double-quoted strings; -1 when it never closes (a reply cut off mid-object).
 */
export function findJsonEnd(text: string, start: number): number {
  let depth = 0
  let inString = false
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 92) i++
      else if (c === 34) inString = false
      continue
    }
    if (c === 34) inString = true
    else if (c === 123 || c === 91) depth++
    else if (c === 125 || c === 93) {
      depth--
      if (depth === 0) return i + 1
    }
  }
  return -1
}

/** The longest JSON text that lenient mode tries to repair (32 KB). */
export const MAX_REPAIR = 32 * 1024

export type JsonParse = { ok: true; value: unknown; repaired: boolean; end: number } | { ok: false }

/** Parses the JSON value at `start`; in lenient mode repairs what models break (quotes, commas, cut-offs). */
export function parseJsonAt(text: string, start: number, lenient: boolean): JsonParse {
  const end = findJsonEnd(text, start)
  const slice = end === -1 ? text.slice(start) : text.slice(start, end)
  try {
    return {
      ok: true,
      value: JSON.parse(slice),
      repaired: false,
      end: end === -1 ? text.length : end,
    }
  } catch {
    if (!lenient) return { ok: false }
  }
  // jsonrepair is not linear on every input: only replies of a realistic size are repaired.
  if (text.length - start > MAX_REPAIR) return { ok: false }
  // Single-quoted strings confuse the bracket count; repair from the start to the last brace.
  const last = Math.max(text.lastIndexOf('}'), text.lastIndexOf(']'))
  const candidates = end === -1 ? [text.slice(start)] : [slice, text.slice(start, last + 1)]
  for (const candidate of candidates) {
    try {
      return {
        ok: true,
        value: JSON.parse(jsonrepair(candidate)),
        repaired: true,
        end: end === -1 ? text.length : end,
      }
    } catch {
      // try the next candidate
    }
  }
  return { ok: false }
}

/** Looks a key up case-insensitively among a list of accepted names; returns the key as written. */
export function findKey(
  object: Record<string, unknown>,
  names: readonly string[],
): string | undefined {
  for (const key of Object.keys(object)) {
    const lower = key.toLowerCase().replace(/[\s_-]/g, '')
    if (names.includes(lower)) return key
  }
  return undefined
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
