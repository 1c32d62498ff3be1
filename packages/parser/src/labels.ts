import { isSpace } from './text'

export type LabelKind = 'thought' | 'action' | 'observation'

/** A `Thought:` / `Action 2:` / `**Act**:` label found in a reply. */
export interface Label {
  kind: LabelKind
  /** Where the label word starts: `labelWord` reads it as written (`Action`, `ACT`). */
  wordStart: number
  /** The label word in lower case: `action`, `act`, `thought`. */
  lower: string
  /** `Action 1:` rather than `Action:`. */
  numbered: boolean
  /** True when only markdown decoration stands between the line start and the label. */
  lineStart: boolean
  /** Where the label (with its decoration) starts: the previous value ends here. */
  start: number
  /** The first character after the colon. */
  valueStart: number
}

/** The label word as the reply wrote it: `Action`, `ACT`, `thought`. */
export function labelWord(text: string, label: Label): string {
  return text.slice(label.wordStart, label.wordStart + label.lower.length)
}

/** The label words, lower case, and their kinds (parallel arrays: no destructuring on the hot path). */
const LABEL_WORDS: readonly string[] = [
  'thought',
  'thoughts',
  'think',
  'thinking',
  'reasoning',
  'action',
  'act',
  'observation',
  'obs',
]
const LABEL_KINDS: readonly LabelKind[] = [
  'thought',
  'thought',
  'thought',
  'thought',
  'thought',
  'action',
  'action',
  'observation',
  'observation',
]

/** The longest label word (`observation`): a longer run of letters is no label. */
const LONGEST_LABEL = Math.max(...LABEL_WORDS.map((word) => word.length))

/** LABEL_WORDS indices by word length: a label is compared with the words of its length only. */
const BY_LENGTH: readonly (readonly number[])[] = (() => {
  const table: number[][] = []
  for (let i = 0; i <= LONGEST_LABEL; i++) table.push([])
  for (let w = 0; w < LABEL_WORDS.length; w++) table[LABEL_WORDS[w]!.length]!.push(w)
  return table
})()

/** 1 at the (lower-case) last letter of each label word: `t`, `s`, `k`, `g`, `n`. */
const LAST_LETTERS = (() => {
  const table = new Uint8Array(128)
  for (const word of LABEL_WORDS) table[word.charCodeAt(word.length - 1)] = 1
  return table
})()

/**
 * The index in LABEL_WORDS of the word the letters text[start, end) spell, case-insensitively;
 * -1 for none. The caller keeps `end - start` within LONGEST_LABEL.
 */
function labelIndex(text: string, start: number, end: number): number {
  const length = end - start
  const candidates = BY_LENGTH[length]!
  for (let c = 0; c < candidates.length; c++) {
    const w = candidates[c]!
    const word = LABEL_WORDS[w]!
    let i = 0
    // ASCII letters only reach here, so `| 32` lower-cases them.
    while (i < length && (text.charCodeAt(start + i) | 32) === word.charCodeAt(i)) i++
    if (i === length) return w
  }
  return -1
}

/** Markdown and list decoration that may stand in front of a label on its line. */
function isDecoration(code: number): boolean {
  // space, tab, *, _, #, >, -, `, [, (
  return (
    code === 32 ||
    code === 9 ||
    code === 42 ||
    code === 95 ||
    code === 35 ||
    code === 62 ||
    code === 45 ||
    code === 96
  )
}

function isAsciiLetter(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90)
}

/**
 * Finds every label in one pass over the colons of the text. Each colon looks back over a
 * few characters only, so the scan is linear in the length of the reply.
 */
export function scanLabels(text: string): Label[] {
  const labels: Label[] = []
  let colon = text.indexOf(':')
  while (colon !== -1) {
    const label = labelBefore(text, colon)
    if (label) labels.push(label)
    colon = text.indexOf(':', colon + 1)
  }
  return labels
}

function labelBefore(text: string, colon: number): Label | null {
  let j = colon - 1
  // `**Action**:` and `Action 1 :`
  while (
    j >= 0 &&
    (text.charCodeAt(j) === 42 || text.charCodeAt(j) === 32 || text.charCodeAt(j) === 95)
  )
    j--
  let numbered = false
  const digitsEnd = j
  while (j >= 0 && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57 && digitsEnd - j < 4) j--
  if (j !== digitsEnd) {
    numbered = true
    while (
      j >= 0 &&
      (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 95 || text.charCodeAt(j) === 35)
    )
      j--
  }
  const wordEnd = j + 1
  // Most colons follow something else (`Step 3:`, `e.g.:`): one look at the last letter.
  if (wordEnd === 0 || LAST_LETTERS[text.charCodeAt(j) | 32] !== 1) return null
  while (j >= 0 && isAsciiLetter(text.charCodeAt(j)) && wordEnd - j <= LONGEST_LABEL) j--
  const wordStart = j + 1
  if (wordEnd - wordStart > LONGEST_LABEL) return null
  if (j >= 0 && isAsciiLetter(text.charCodeAt(j))) return null
  const index = labelIndex(text, wordStart, wordEnd)
  if (index === -1) return null
  // Walk back over decoration to see whether the label opens its line.
  let k = wordStart - 1
  while (k >= 0 && isDecoration(text.charCodeAt(k))) k--
  const lineStart = k < 0 || text.charCodeAt(k) === 10 || text.charCodeAt(k) === 13
  if (!lineStart) {
    // Mid-line labels count only when capitalised and set off: `... . Action: open door`.
    const first = text.charCodeAt(wordStart)
    if (first < 65 || first > 90) return null
    const before = text.charCodeAt(wordStart - 1)
    if (
      !(
        isSpace(before) ||
        before === 42 ||
        before === 46 ||
        before === 41 ||
        before === 93 ||
        before === 34
      )
    )
      return null
  }
  return {
    kind: LABEL_KINDS[index]!,
    wordStart,
    lower: LABEL_WORDS[index]!,
    numbered,
    lineStart,
    start: lineStart ? k + 1 : wordStart,
    valueStart: colon + 1,
  }
}
