import { isSpace, isWordCode } from './text'

/**
 * A template pattern compiled into literal token runs and slots. Literals match with
 * tolerance for spacing: any run of white space matches a space, and spaces around
 * punctuation are optional (`search [ shoes ]` matches `search[{query}]`).
 */
export type Token =
  | { kind: 'space'; optional: boolean }
  | { kind: 'punct'; code: number }
  /** A word, or literal alternatives written `in/on` (longest first). */
  | { kind: 'word'; alts: readonly string[] }

/** A run of literal text between slots. */
export interface Literal {
  tokens: readonly Token[]
  /** The literal spelled out with each alternative, longest first: a fast exact check before the tokens. */
  variants: readonly string[]
}

export type Part = { kind: 'literal'; literal: Literal } | { kind: 'slot'; name: string }

/** Splits `put {obj} in/on {recep}` into literal runs and slot names. */
export function splitPattern(pattern: string): Part[] {
  let known = splitCache.get(pattern)
  if (!known) {
    known = split(pattern)
    // Environments compile the same few templates for every task and every view of one.
    if (splitCache.size >= SPLIT_CACHE_SIZE) splitCache.clear()
    splitCache.set(pattern, known)
  }
  return [...known]
}

/** Split patterns by text; their parts are immutable (readonly), so callers share them. */
const splitCache = new Map<string, readonly Part[]>()
const SPLIT_CACHE_SIZE = 4096

function split(pattern: string): Part[] {
  const parts: Part[] = []
  const re = /\{([^{}\s]+)\}/g
  let last = 0
  for (let m = re.exec(pattern); m !== null; m = re.exec(pattern)) {
    if (m.index > last) parts.push(literalPart(pattern.slice(last, m.index)))
    parts.push({ kind: 'slot', name: m[1]! })
    last = m.index + m[0].length
  }
  if (last < pattern.length) parts.push(literalPart(pattern.slice(last)))
  return parts
}

function literalPart(text: string): Part {
  const tokens = tokenize(text.toLowerCase())
  return { kind: 'literal', literal: { tokens, variants: spellings(tokens) } }
}

/** Every spelling of the tokens with single spaces (at most 32), longest first. */
function spellings(tokens: readonly Token[]): string[] {
  let out = ['']
  for (const token of tokens) {
    if (token.kind === 'space') out = out.map((s) => `${s} `)
    else if (token.kind === 'punct') out = out.map((s) => s + String.fromCharCode(token.code))
    else out = out.flatMap((s) => token.alts.map((alt) => s + alt))
    if (out.length > 32) return []
  }
  return [...new Set(out)].sort((a, b) => b.length - a.length)
}

/**
 * Matches a literal at `pos` of the lower-cased text; returns the position after it or -1.
 * Tries the exact spellings first (native comparisons), then the spacing-tolerant tokens.
 */
export function matchLiteral(literal: Literal, text: string, pos: number): number {
  const variants = literal.variants
  for (let v = 0; v < variants.length; v++) {
    const variant = variants[v]!
    const end = pos + variant.length
    if (end > text.length) continue
    let j = 0
    while (j < variant.length && text.charCodeAt(pos + j) === variant.charCodeAt(j)) j++
    if (j < variant.length) continue
    if (
      end === text.length ||
      !isWordCode(text.charCodeAt(end)) ||
      !isWordCode(variant.charCodeAt(variant.length - 1))
    ) {
      return end
    }
  }
  return matchTokens(literal.tokens, text, pos)
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  while (i < text.length) {
    const c = text.charCodeAt(i)
    if (isSpace(c)) {
      while (i < text.length && isSpace(text.charCodeAt(i))) i++
      tokens.push({ kind: 'space', optional: false })
      continue
    }
    if (!isWordCode(c) && c !== 45 && c !== 47 && c !== 39) {
      tokens.push({ kind: 'punct', code: c })
      i++
      continue
    }
    let j = i
    while (j < text.length) {
      const d = text.charCodeAt(j)
      if (isSpace(d) || (!isWordCode(d) && d !== 45 && d !== 47 && d !== 39)) break
      j++
    }
    tokens.push({ kind: 'word', alts: alternatives(text.slice(i, j)) })
    i = j
  }
  // Spaces next to punctuation (or at a literal's edge next to punctuation) are optional.
  for (let k = 0; k < tokens.length; k++) {
    const token = tokens[k]!
    if (token.kind !== 'space') continue
    const prev = tokens[k - 1]
    const next = tokens[k + 1]
    if (prev?.kind === 'punct' || next?.kind === 'punct')
      tokens[k] = { kind: 'space', optional: true }
  }
  return tokens
}

/** `in/on` → `in/on`, `in`, `on`; a plain word → itself. */
function alternatives(word: string): string[] {
  if (!/^[^/]+(\/[^/]+)+$/.test(word)) return [word]
  const alts = [word, ...word.split('/')]
  return [...new Set(alts)].sort((a, b) => b.length - a.length)
}

/**
 * Matches literal tokens at `pos` of the lower-cased text; returns the position after them
 * or -1. Linear in the tokens: each alternative is tried once, without backtracking.
 */
export function matchTokens(tokens: readonly Token[], text: string, pos: number): number {
  const n = text.length
  let i = pos
  for (let k = 0; k < tokens.length; k++) {
    const token = tokens[k]!
    if (token.kind === 'space') {
      if (i < n && isSpace(text.charCodeAt(i))) {
        while (i < n && isSpace(text.charCodeAt(i))) i++
      } else if (!token.optional && !(i > 0 && isSpace(text.charCodeAt(i - 1)))) {
        return -1
      }
    } else if (token.kind === 'punct') {
      while (i < n && isSpace(text.charCodeAt(i))) i++
      if (text.charCodeAt(i) !== token.code) return -1
      i++
      while (i < n && isSpace(text.charCodeAt(i))) i++
    } else {
      let matched = -1
      for (const alt of token.alts) {
        if (text.startsWith(alt, i)) {
          const after = i + alt.length
          if (after === n || !isWordCode(text.charCodeAt(after))) {
            matched = after
            break
          }
        }
      }
      if (matched === -1) return -1
      i = matched
    }
  }
  return i
}

/** The verb phrase a pattern opens with, for suggestions: `go to`, `search`, `put`. */
export function leadOf(parts: readonly Part[]): string {
  const first = parts[0]
  if (first?.kind !== 'literal') return ''
  const words: string[] = []
  for (const token of first.literal.tokens) {
    if (token.kind === 'word') words.push(token.alts[0]!)
    else if (token.kind === 'punct') break
  }
  return words.join(' ')
}
