import { RE2JS } from 're2js'

/** Longest model-written pattern we compile. */
export const MAX_PATTERN_LENGTH = 500
/** Largest sum of counted repetitions (`{n,m}`): they multiply the automaton's size. */
export const MAX_REPETITION = 200
/** Longest text a verification regex is run on. */
export const MAX_INPUT_LENGTH = 2000

export type SafeRegex = { ok: true; regex: CompiledRegex } | { ok: false; reason: string }

export interface CompiledRegex {
  readonly source: string
  /** True when the pattern matches at the start of the text (Python's `re.match`). */
  matchesStart(text: string): boolean
}

/**
 * Compiles a regular expression a model wrote, with RE2 semantics: matching is linear in
 * the input, so no pattern can hang the process through backtracking. What RE2 cannot run
 * (look-around, back-references) and what would make the automaton huge is rejected with
 * a reason rather than run.
 */
export function compileSafeRegex(source: string): SafeRegex {
  if (typeof source !== 'string' || source.trim() === '')
    return { ok: false, reason: 'the pattern is empty' }
  if (source.length > MAX_PATTERN_LENGTH) {
    return { ok: false, reason: `the pattern is longer than ${MAX_PATTERN_LENGTH} characters` }
  }
  const repetition = countedRepetition(source)
  if (repetition > MAX_REPETITION) {
    return {
      ok: false,
      reason: `its counted repetitions add up to ${repetition} (at most ${MAX_REPETITION})`,
    }
  }
  // Python's end-of-string anchor is `\Z`; RE2 writes it `\z`.
  const translated = source.replace(/(^|[^\\])((?:\\\\)*)\\Z/g, '$1$2\\z')
  let compiled: RE2JS
  try {
    compiled = RE2JS.compile(translated, RE2JS.CASE_INSENSITIVE)
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    return {
      ok: false,
      reason: `it cannot be run safely (${message.replace(/^error parsing regexp: /, '')})`,
    }
  }
  return {
    ok: true,
    regex: {
      source,
      matchesStart(text: string): boolean {
        if (text.length > MAX_INPUT_LENGTH) return false
        return compiled.matcher(text).lookingAt()
      },
    },
  }
}

/** The sum of the upper bounds of `{n}`, `{n,}` and `{n,m}` repetitions in a pattern. */
function countedRepetition(source: string): number {
  let total = 0
  for (const match of source.matchAll(/\{(\d+)(?:,(\d*))?\}/g)) {
    const low = Number(match[1])
    const high = match[2] === undefined ? low : match[2] === '' ? low : Number(match[2])
    total += Math.max(low, high)
  }
  return total
}
