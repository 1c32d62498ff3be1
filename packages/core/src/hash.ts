import { hash } from 'node:crypto'

/**
 * JSON with object keys sorted at every depth and `undefined` members dropped, so that
 * equal values always serialise to equal bytes.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value))
}

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
