/**
 * Character helpers shared by both stages. Everything here is a single pass over the input
 * without regular expressions on the hot path, so it stays linear and allocation-light.
 */

/** Space, tab, newline, carriage return, form feed, vertical tab, no-break space, ideographic space. */
export function isSpace(code: number): boolean {
  if (code <= 32) return code === 32 || (code >= 9 && code <= 13)
  if (code < 0xa0) return false
  return code === 0xa0 || code === 0x3000 || code === 0x2028 || code === 0x2029 || code === 0xfeff
}

/** Letters, digits and `_`; every non-ASCII character that is not a space or punctuation. */
export function isWordCode(code: number): boolean {
  if (code < 128) {
    return (
      (code >= 97 && code <= 122) ||
      (code >= 65 && code <= 90) ||
      (code >= 48 && code <= 57) ||
      code === 95
    )
  }
  return !isSpace(code) && !isWidePunct(code)
}

function isWidePunct(code: number): boolean {
  return (
    (code >= 0x2010 && code <= 0x206f) || // general punctuation, smart quotes
    (code >= 0x3001 && code <= 0x303f) || // CJK punctuation
    (code >= 0xff01 && code <= 0xff0f) ||
    (code >= 0xff1a && code <= 0xff20) ||
    (code >= 0xff3b && code <= 0xff40) ||
    (code >= 0xff5b && code <= 0xff65)
  )
}

/** Characters `toHalfWidth` changes (see `mapWide`). */
const WIDE = /[\u2018-\u201e\u2026\u2032\u2033\u3000-\u3011\uff01-\uff5e]/

/** True when the text holds characters that `toHalfWidth` would change. */
export function hasWideChars(text: string): boolean {
  return WIDE.test(text)
}

function mapWide(c: number): number {
  if (c >= 0xff01 && c <= 0xff5e) return c - 0xfee0 // full-width ASCII block
  switch (c) {
    case 0x3000:
      return 32
    case 0x2018:
    case 0x2019:
    case 0x201a:
    case 0x2032:
      return 39 // '
    case 0x201c:
    case 0x201d:
    case 0x201e:
    case 0x2033:
    case 0x300c:
    case 0x300d:
    case 0x300e:
    case 0x300f:
      return 34 // "
    case 0x3001:
      return 44 // 、 → ,
    case 0x3002:
      return 46 // 。 → .
    case 0x2013:
    case 0x2014:
      return 45 // dashes
    case 0x3010:
      return 91 // 【
    case 0x3011:
      return 93 // 】
    default:
      return c
  }
}

/**
 * Maps full-width ASCII, ideographic space, smart quotes and CJK brackets to their plain
 * forms. Keeps the length, so positions in the result are positions in the input, except
 * for the ellipsis, which becomes three dots.
 */
export function toHalfWidth(text: string): string {
  if (!hasWideChars(text)) return text
  let out = ''
  let start = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c < 0x2018) continue
    if (c === 0x2026) {
      out += text.slice(start, i) + '...'
      start = i + 1
      continue
    }
    const m = mapWide(c)
    if (m !== c) {
      out += text.slice(start, i) + String.fromCharCode(m)
      start = i + 1
    }
  }
  return out + text.slice(start)
}

/** Collapses runs of white space to one space and trims. */
export function collapseSpaces(text: string): string {
  let needs = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c !== 32 && isSpace(c)) {
      needs = true
      break
    }
    if (c === 32 && (i === 0 || i === text.length - 1 || text.charCodeAt(i + 1) === 32)) {
      needs = true
      break
    }
  }
  if (!needs) return text
  let out = ''
  let pendingSpace = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (isSpace(c)) {
      pendingSpace = out.length > 0
      continue
    }
    if (pendingSpace) out += ' '
    pendingSpace = false
    out += text[i]
  }
  return out
}

const QUOTES = new Set([34, 39, 96, 0xab, 0xbb, 0x2018, 0x2019, 0x201c, 0x201d])
/** Characters a model puts after an action that are not part of it. */
const TRAILING = new Set([46, 33, 59, 44, 0x3002, 0xff0e, 0xff01, 0xff1b, 0xff0c, 0x2026])

/**
 * Cleans an action line the way models dress it: markdown emphasis, quotes and backticks
 * around it, a list bullet in front, trailing full stops. Brackets and question marks stay
 * (`click[Buy Now]`, `answer(is it?)`).
 */
export function cleanAction(raw: string): string {
  if (isPlainAction(raw)) return raw
  let start = 0
  let end = raw.length
  for (let guard = 0; guard < 8; guard++) {
    while (start < end && isSpace(raw.charCodeAt(start))) start++
    while (end > start && isSpace(raw.charCodeAt(end - 1))) end--
    const before = start
    const beforeEnd = end
    // emphasis and bullets in front: **, __, *, >, -, •
    while (start < end) {
      const c = raw.charCodeAt(start)
      if (c === 42 || c === 95 || c === 62 || c === 0x2022) start++
      else if (c === 45 && start + 1 < end && isSpace(raw.charCodeAt(start + 1))) start++
      else break
    }
    while (end > start) {
      const c = raw.charCodeAt(end - 1)
      if (c === 42 || c === 95 || TRAILING.has(c)) end--
      else break
    }
    // `[go to desk 1]`: brackets around the whole action (but not `click[Buy Now]`)
    if (raw.charCodeAt(start) === 91 && raw.charCodeAt(end - 1) === 93 && end - start > 2) {
      const inner = raw.slice(start + 1, end - 1)
      if (!inner.includes('[') && !inner.includes(']')) {
        start++
        end--
        continue
      }
    }
    // a matching pair of quotes or backticks around the whole action
    if (end - start >= 2) {
      const a = raw.charCodeAt(start)
      const b = raw.charCodeAt(end - 1)
      if (QUOTES.has(a) && QUOTES.has(b)) {
        start++
        end--
      } else if (QUOTES.has(a) && countCode(raw, a, start, end) === 1) {
        start++ // an opening quote whose closing one was cut off
      } else if (QUOTES.has(b) && countCode(raw, b, start, end) === 1) {
        end--
      }
    }
    if (start === before && end === beforeEnd) break
  }
  return collapseInline(raw.slice(start, end))
}

/** Printable ASCII words separated by single spaces, opening with a letter or digit. */
const PLAIN = /^[A-Za-z0-9][!-~]*(?: [!-~]+)*$/

/**
 * True when the action needs no cleaning: it opens with a letter or digit, closes with a
 * letter, digit or bracket, and has no tab, line break, double space or wide character.
 * One native regex scan (linear: a space always starts a new word) and no allocation: the
 * common case on the hot path, run for every action grounded.
 */
export function isPlainAction(text: string): boolean {
  // Stage one checks the action it returns, then grounding checks it again: remember one.
  if (lastPlain !== undefined && text === lastPlain) return true
  if (!PLAIN.test(text)) return false
  const last = text.charCodeAt(text.length - 1)
  if (!(isAlnum(last) || last === 93 || last === 41)) return false
  lastPlain = text
  return true
}

/** The last text found plain; none yet, so the first call scans. */
let lastPlain: string | undefined

/** An ASCII letter or digit. */
export function isAlnum(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57)
}

function countCode(text: string, code: number, start: number, end: number): number {
  let n = 0
  for (let i = start; i < end; i++) if (text.charCodeAt(i) === code) n++
  return n
}

/** Trims and turns runs of spaces and tabs into one space, keeping line breaks. */
function collapseInline(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 9 || c === 13 || (c === 32 && text.charCodeAt(i + 1) === 32)) {
      return text.replace(/[ \t\r]+/g, (m) => (m.includes('\n') ? '\n' : ' '))
    }
  }
  return text
}

/** Quotes model-written text in a message, cut to a readable length. */
export function quote(text: string, max = 60): string {
  const flat = collapseSpaces(text)
  const cut = flat.length > max ? `${flat.slice(0, max - 1)}…` : flat
  return `"${cut}"`
}

/** Lower-cases, collapses spaces, drops a leading article: the key entity names are stored under. */
export function entityKey(text: string): string {
  const flat = collapseSpaces(toHalfWidth(text).toLowerCase())
  return stripArticle(flat)
}

const ARTICLES = ['the ', 'a ', 'an ', 'some ']

export function stripArticle(text: string): string {
  for (const article of ARTICLES) {
    if (text.startsWith(article) && text.length > article.length) return text.slice(article.length)
  }
  return text
}

/** `a` or `an` for a type name in a message. */
export function withArticle(noun: string): string {
  return /^[aeiou]/i.test(noun) ? `an ${noun}` : `a ${noun}`
}

/** Joins quoted options: `"a", "b" or "c"`. */
export function orList(items: readonly string[]): string {
  const quoted = items.map((item) => `"${item}"`)
  if (quoted.length <= 1) return quoted.join('')
  return `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`
}
