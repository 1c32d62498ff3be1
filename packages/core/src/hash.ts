import { hash } from 'node:crypto'

/**
 * JSON with object keys sorted at every depth and `undefined` members dropped, so that
 * equal values always serialise to equal bytes.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value)
  try {
    return writeValue(value)
  } catch (error) {
    if (error === WRITE_BY_COPY) return JSON.stringify(sortKeys(value))
    throw error
  }
}

/**
 * Thrown by the writer at what only the sorted copy gets right (JSON calls an own `toJSON`
 * function; a `__proto__` member sets the copy's prototype): the value is then written the
 * plain way, through sorted copies.
 */
const WRITE_BY_COPY = new Error('canonicalJson: write by copy')

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => (item === undefined ? null : sortKeys(item)))
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const key of Object.keys(value).sort()) {
      const item = (value as Record<string, unknown>)[key]
      if (item !== undefined) out[key] = sortKeys(item)
    }
    return out
  }
  return value
}

/*
 * The writer gives the bytes of `JSON.stringify(sortKeys(value))` without the sorted copy of
 * every object and array, which was most of the cost of hashing a snapshot and much garbage.
 * What the copy did, it does: members in sorted key order, except that keys that are array
 * indices come first in numeric order (as in any object, the copy included); `undefined`,
 * functions and symbols dropped from objects and written as null in arrays; any object, a
 * class instance or a date too, written from its own enumerable keys.
 */

function writeValue(value: object): string {
  if (Array.isArray(value)) {
    let out = '['
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ','
      out += writeItem(value[i]) ?? 'null'
    }
    return `${out}]`
  }
  const keys = Object.keys(value)
  let lead = 0
  while (lead < keys.length && isArrayIndex(keys[lead]!)) lead++
  if (lead < keys.length - 1) {
    const rest = keys.slice(lead).sort()
    for (let i = 0; i < rest.length; i++) keys[lead + i] = rest[i]!
  }
  let out = '{'
  for (const key of keys) {
    const item = (value as Record<string, unknown>)[key]
    if ((key === 'toJSON' && typeof item === 'function') || key === '__proto__') throw WRITE_BY_COPY
    const text = writeItem(item)
    if (text === undefined) continue
    if (out.length > 1) out += ','
    out += `${quote(key)}:${text}`
  }
  return `${out}}`
}

function writeItem(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return quote(value)
    case 'number':
      // For a finite number JSON writes what String does (-0 as 0 too).
      return Number.isFinite(value) ? String(value) : 'null'
    case 'boolean':
      return value ? 'true' : 'false'
    case 'object':
      return value === null ? 'null' : writeValue(value)
    case 'bigint':
      return JSON.stringify(value) // throws, as JSON does
    default:
      return undefined
  }
}

/** A JSON string literal; most texts need no escape and are quoted as they are. */
function quote(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c < 0x20 || c === 0x22 || c === 0x5c || c >= 0xd800) return JSON.stringify(text)
  }
  return `"${text}"`
}

/** A canonical array index (0 to 2^32 - 2): objects list such keys first, in numeric order. */
function isArrayIndex(key: string): boolean {
  const first = key.charCodeAt(0)
  if (first < 0x30 || first > 0x39) return false
  if (first === 0x30) return key.length === 1
  if (key.length > 10) return false
  for (let i = 1; i < key.length; i++) {
    const c = key.charCodeAt(i)
    if (c < 0x30 || c > 0x39) return false
  }
  return key.length < 10 || Number(key) < 4294967295
}

/**
 * SHA-256 of a text, base64url: a cache key short enough to keep in place of the text
 * (a whole world spec, a state snapshot).
 */
export function textDigest(text: string): string {
  // One-shot `hash` (Node 20.12+): the same digest as createHash without a Hash object, which
  // costs as much as the digest itself for the short texts hashed here, many times an episode.
  return hash('sha256', text, 'base64url')
}

/** SHA-256 of the canonical JSON of a value, hex, cut to `length` characters. */
export function stableHash(value: unknown, length = 16): string {
  return hash('sha256', canonicalJson(value), 'hex').slice(0, length)
}
