/**
 * Which entities the agent has observed: every display name that appeared in a text it was
 * shown. Texts are scanned lazily, on the first question after they arrive, so a run of
 * steps that never asks pays only for a push.
 */
export class ObservedEntities {
  /** First word of a name (lower case) → the names that open with it, longest first. */
  private readonly byFirstWord = new Map<string, string[]>()
  /**
   * The lengths (bit `length - 1`, up to 32) of those first words by their first character
   * (ASCII): most words of a text open no name, and this tells them apart without slicing
   * the word out and hashing it. Longer words and other characters are looked up.
   */
  private readonly lengths = new Uint32Array(128)
  private readonly seen = new Set<string>()
  private pending: Shown[] = []
  private last: Shown = { text: '', said: '' }
  private lastSeen: Set<string> | null = null

  constructor(names: readonly string[]) {
    for (const name of names) {
      const lower = name.toLowerCase()
      const first = lower.split(' ', 1)[0]!
      const list = this.byFirstWord.get(first)
      if (list) list.push(lower)
      else this.byFirstWord.set(first, [lower])
      const code = first.charCodeAt(0)
      if (code < 128 && first.length <= 32) this.lengths[code]! |= 1 << (first.length - 1)
    }
    for (const list of this.byFirstWord.values()) list.sort((a, b) => b.length - a.length)
  }

  /** Forgets everything (a new episode). */
  clear(): void {
    this.seen.clear()
    this.pending = []
    this.last = { text: '', said: '' }
    this.lastSeen = null
  }

  /**
   * A text the agent was shown in reply to what it `said`; the last one shown is the focus.
   * A name the agent said itself is not learnt from the reply (`There is no "apple 7" here`
   * echoes the agent, it does not show an apple 7).
   */
  shown(text: string, said = ''): void {
    const item = { text, said: said.toLowerCase() }
    this.pending.push(item)
    this.last = item
    this.lastSeen = null
  }

  has(name: string): boolean {
    if (this.pending.length > 0) {
      for (const item of this.pending) this.scan(item, this.seen)
      this.pending = []
    }
    return this.seen.has(name.toLowerCase())
  }

  /** Named by the last text shown. */
  inFocus(name: string): boolean {
    if (this.lastSeen === null) {
      this.lastSeen = new Set()
      // What the agent named itself counts for the focus: "go to cabinet 3", then "open cabinet".
      this.scan({ text: this.last.text, said: '' }, this.lastSeen)
    }
    return this.lastSeen.has(name.toLowerCase())
  }

  /** Every observed name, sorted (for snapshots). */
  list(): string[] {
    this.has('')
    return [...this.seen].sort()
  }

  /** Marks names as observed (a restored snapshot). */
  add(names: readonly string[]): void {
    for (const name of names) this.seen.add(name.toLowerCase())
  }

  /** Whether a word of this first character and length may be the first word of a name. */
  private mayOpen(code: number, length: number): boolean {
    if (code >= 128 || length > 32) return true
    return (this.lengths[code]! & (1 << (length - 1))) !== 0
  }

  private scan({ text, said }: Shown, into: Set<string>): void {
    const lower = text.toLowerCase()
    const n = lower.length
    let i = 0
    while (i < n) {
      while (i < n && !isNameChar(lower.charCodeAt(i))) i++
      let end = i
      while (end < n && isNameChar(lower.charCodeAt(end))) end++
      if (end > i && this.mayOpen(lower.charCodeAt(i), end - i)) {
        const names = this.byFirstWord.get(lower.slice(i, end))
        if (names) {
          for (const name of names) {
            const after = i + name.length
            if (lower.startsWith(name, i) && (after >= n || !isNameChar(lower.charCodeAt(after)))) {
              if (!saysName(said, name)) into.add(name)
              break
            }
          }
        }
      }
      i = end
    }
  }
}

interface Shown {
  text: string
  /** What the agent said, lower case. */
  said: string
}

/** `said` names `name` as a whole name: `northeast` does not name `north`. */
function saysName(said: string, name: string): boolean {
  for (let at = said.indexOf(name); at !== -1; at = said.indexOf(name, at + 1)) {
    const after = at + name.length
    const startsWord = at === 0 || !isNameChar(said.charCodeAt(at - 1))
    const endsWord = after >= said.length || !isNameChar(said.charCodeAt(after))
    if (startsWord && endsWord) return true
  }
  return false
}

/** Letters, digits, `_`, `-` and `'`: what a name's word is made of. */
function isNameChar(c: number): boolean {
  return (
    (c >= 97 && c <= 122) ||
    (c >= 48 && c <= 57) ||
    (c >= 65 && c <= 90) ||
    c === 95 ||
    c === 45 ||
    c === 39 ||
    c > 127
  )
}
