/**
 * Text helpers shared by contamination, dedup, selection and statistics: one tokenizer and
 * fast 32-bit hashes, so every command sees the same tokens.
 */

const TOKEN = /[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu

/** Lower-cased word and punctuation tokens (a word is a run of letters and digits). */
export function tokenize(text: string): string[] {
  return text.toLowerCase().match(TOKEN) ?? []
}

/** FNV-1a over a string's UTF-16 code units, 32 bits. */
export function hashString(text: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

/** Murmur3's finalizer: spreads the bits of a 32-bit value. */
export function mix32(x: number): number {
  let h = x >>> 0
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

/** Token hashes, one per token. */
export function tokenHashes(tokens: readonly string[]): Uint32Array {
  const out = new Uint32Array(tokens.length)
  for (let i = 0; i < tokens.length; i++) out[i] = hashString(tokens[i]!)
  return out
}

/**
 * The n-gram starting at each position as one 52-bit number (two independent 32-bit rolling
 * combinations, so distinct n-grams collide with negligible probability in sets of millions).
 * Fewer than n tokens give no n-grams.
 */
export function ngramKeys(hashes: Uint32Array, n: number): number[] {
  const keys: number[] = []
  for (let i = 0; i + n <= hashes.length; i++) {
    let a = 0x9747b28c
    let b = 0x3c6ef372
    for (let j = i; j < i + n; j++) {
      a = Math.imul(a ^ hashes[j]!, 0x01000193) >>> 0
      b = mix32(b + hashes[j]!)
    }
    keys.push((a & 0xfffff) * 0x100000000 + b)
  }
  return keys
}

/** Distinct-n: distinct n-grams over all n-grams of the texts (0 when there are none). */
export class DistinctN {
  private readonly seen = new Set<number>()
  private total = 0

  constructor(readonly n: number) {}

  add(text: string): void {
    for (const key of ngramKeys(tokenHashes(tokenize(text)), this.n)) {
      this.seen.add(key)
      this.total++
    }
  }

  get value(): number {
    return this.total === 0 ? 0 : Math.round((this.seen.size / this.total) * 10000) / 10000
  }
}
