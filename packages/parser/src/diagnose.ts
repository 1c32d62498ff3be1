import { distance } from 'fastest-levenshtein'
import { feedback } from './feedback'
import { type Literal, matchLiteral, matchTokens } from './pattern'
import type {
  CompiledSpace,
  GroundOptions,
  GroundResult,
  PatternInfo,
  SlotInfo,
  TemplateInfo,
} from './space'
import { firstWord } from './space'
import { entityKey, isSpace } from './text'
import type { Match } from './trie'

/**
 * The slow path, run only when no template matched: find what the agent meant and say
 * what is wrong with it. Every message comes from `feedback`.
 */
export function diagnose(
  space: CompiledSpace,
  src: string,
  lower: string,
  options: GroundOptions = {},
): GroundResult {
  const word = firstWord(lower)
  const opened: { pattern: PatternInfo; pos: number }[] = []
  for (const pattern of [...(space.byFirstWord.get(word) ?? []), ...space.always]) {
    if (!pattern.leadTokens) continue
    const pos = matchTokens(pattern.leadTokens, lower, 0)
    if (pos !== -1) opened.push({ pattern, pos })
  }
  if (opened.length === 0) return unknownAction(space, lower, word)

  let best: Reading | null = null
  for (const { pattern, pos } of opened) {
    const reading = read(space, pattern, src, lower, pos, options)
    if (!reading.complete) continue
    if (!best || reading.problems.length < best.problems.length) best = reading
  }
  if (!best) {
    const verb = opened[0]!.pattern.lead
    const forms = unique(opened.flatMap(({ pattern }) => pattern.template.forms))
    return { ok: false, status: 'invalid_argument', message: feedback.wrongArity(verb, forms) }
  }
  const problem = best.problems[0]
  if (!problem) return { ok: true, action: space.build(best.template, best.values), meta: false }
  return problem.suggestion === undefined
    ? { ok: false, status: 'invalid_argument', message: problem.message }
    : {
        ok: false,
        status: 'invalid_argument',
        message: problem.message,
        suggestion: problem.suggestion,
      }
}

interface Problem {
  message: string
  suggestion?: string
}

interface Reading {
  template: TemplateInfo
  /** Every literal of the pattern was found in order. */
  complete: boolean
  problems: Problem[]
  values: string[]
}

/** Reads the action loosely against one pattern: literals split it, each slot value is checked. */
function read(
  space: CompiledSpace,
  pattern: PatternInfo,
  src: string,
  lower: string,
  start: number,
  options: GroundOptions,
): Reading {
  const template = pattern.template
  const reading: Reading = {
    template,
    complete: false,
    problems: [],
    values: new Array(template.slotNames.length),
  }
  const parts = pattern.parts
  const n = lower.length
  let pos = start
  let k = parts[0]?.literal ? 1 : 0
  while (k < parts.length) {
    const part = parts[k]!
    if (part.literal) {
      const after = matchLiteral(part.literal, lower, pos)
      if (after === -1) return reading
      pos = after
      k++
      continue
    }
    const next = parts[k + 1]
    let end: number
    let after: number
    if (!next) {
      end = n
      after = n
    } else if (!next.literal) {
      end = adjacentEnd(space, space.slots[part.ref]!, lower, pos, options)
      after = end
    } else {
      const found = findLiteral(next.literal, lower, pos, k + 2 === parts.length)
      if (found === null) return reading
      end = found.at
      after = found.after
    }
    const value = src.slice(pos, end).trim()
    const checked = checkSlot(space, template, space.slots[part.ref]!, value, options)
    if ('problem' in checked) reading.problems.push(checked.problem)
    else if (part.index >= 0) reading.values[part.index] = checked.value
    pos = after
    k += next?.literal ? 2 : 1
  }
  reading.complete = true
  while (pos < n && isSpace(lower.charCodeAt(pos))) pos++
  if (pos < n) {
    reading.problems.push({ message: feedback.extraWords(src.slice(pos).trim(), template.forms) })
  }
  return reading
}

/** Where a literal occurs after `pos`; a closing literal prefers the occurrence that ends the text. */
function findLiteral(
  literal: Literal,
  lower: string,
  pos: number,
  closing: boolean,
): { at: number; after: number } | null {
  const n = lower.length
  if (closing) {
    for (let j = n - 1; j >= pos; j--)
      if (matchLiteral(literal, lower, j) === n) return { at: j, after: n }
  }
  for (let j = pos; j < n; j++) {
    const after = matchLiteral(literal, lower, j)
    if (after !== -1) return { at: j, after }
  }
  return null
}

function adjacentEnd(
  space: CompiledSpace,
  slot: SlotInfo,
  lower: string,
  pos: number,
  options: GroundOptions,
): number {
  while (pos < lower.length && isSpace(lower.charCodeAt(pos))) pos++
  if (slot.mode !== 'text') {
    const matches = space
      .slotMatches(slot, lower, pos)
      .filter((m) => slot.mode === 'enum' || knownIds(space, m.ids, options).length > 0)
    const longest = matches[matches.length - 1]
    if (longest) return longest.end
  }
  let end = pos
  while (end < lower.length && !isSpace(lower.charCodeAt(end))) end++
  return end
}

type Checked = { value: string } | { problem: Problem }

function checkSlot(
  space: CompiledSpace,
  template: TemplateInfo,
  slot: SlotInfo,
  value: string,
  options: GroundOptions,
): Checked {
  const verb = template.verb
  if (value === '')
    return { problem: { message: feedback.missingArgument(verb, slot.name, template.forms) } }
  if (slot.mode === 'text') return { value }
  const key = entityKey(value)
  if (key === '')
    return { problem: { message: feedback.missingArgument(verb, slot.name, template.forms) } }
  if (slot.mode === 'enum') return checkEnum(template, slot, value, key)

  // What the agent has not seen is treated as absent: it is never named nor offered.
  const ids = knownIds(space, space.entityKeys.get(key), options)
  if (ids.length > 0) {
    const fits = ids.filter((id) => slot.accepts[id] === 1)
    if (fits.length === 1) return { value: space.entityNames[fits[0]!]! }
    if (fits.length > 1) {
      const focus = options.focus
      const focused = focus ? fits.filter((id) => focus(space.entityNames[id]!)) : []
      if (focused.length === 1) return { value: space.entityNames[focused[0]!]! }
      const names = fits.map((id) => space.entityNames[id]!).sort(byNumber)
      return { problem: { message: feedback.ambiguousEntity(key, names) } }
    }
    const name = space.entityNames[ids[0]!]!
    if (ids.some((id) => slot.typeFits[id] === 1)) {
      const allowed = allowedNames(space, slot, options)
      return { problem: { message: feedback.notAllowed(name, verb, slot.name, allowed) } }
    }
    return {
      problem: {
        message: feedback.wrongType(ids.length === 1 ? name : value, verb, slot.name, slot.type),
      },
    }
  }
  const prefix = longestPrefix(space, slot, key, options)
  // `fridge 9` where only `fridge 1` exists (and `fridge` is its alias) is a wrong number,
  // not extra words: name the missing entity and offer the one that exists.
  if (prefix && !/^\s*\d+$/.test(key.slice(prefix.end)))
    return {
      problem: { message: feedback.extraWords(key.slice(prefix.end).trim(), template.forms) },
    }
  const suggestion = suggestEntity(space, slot, key, options)
  return suggestion === undefined
    ? { problem: { message: feedback.noSuchEntity(value) } }
    : { problem: { message: feedback.noSuchEntity(value, suggestion), suggestion } }
}

function checkEnum(template: TemplateInfo, slot: SlotInfo, value: string, key: string): Checked {
  const index = slot.valueKeys.get(key)
  if (index !== undefined) return { value: slot.values[index]! }
  const matches: Match[] = []
  slot.valueTrie?.matchAt(key, 0, matches)
  const longest = matches[matches.length - 1]
  if (longest && longest.end < key.length) {
    return {
      problem: { message: feedback.extraWords(key.slice(longest.end).trim(), template.forms) },
    }
  }
  const keys = [...slot.valueKeys.keys()]
  const closest = closestKey(key, keys)
  const suggestion = closest === undefined ? undefined : slot.values[slot.valueKeys.get(closest)!]
  const message = feedback.notAllowed(value, template.verb, slot.name, slot.values, suggestion)
  return suggestion === undefined ? { problem: { message } } : { problem: { message, suggestion } }
}

function allowedNames(space: CompiledSpace, slot: SlotInfo, options: GroundOptions): string[] {
  const names: string[] = []
  slot.accepts.forEach((flag, id) => {
    const name = space.entityNames[id]!
    if (flag && (!options.known || options.known(name))) names.push(name)
  })
  return names
}

/** The ids whose entities the agent has observed (all of them without `known`). */
function knownIds(
  space: CompiledSpace,
  ids: readonly number[] | undefined,
  options: GroundOptions,
): readonly number[] {
  if (!ids) return []
  const known = options.known
  return known ? ids.filter((id) => known(space.entityNames[id]!)) : ids
}

/** The longest entity name the value starts with, when words follow it. */
function longestPrefix(
  space: CompiledSpace,
  slot: SlotInfo,
  key: string,
  options: GroundOptions,
): Match | undefined {
  const matches: Match[] = []
  space.trie.matchAt(key, 0, matches)
  for (let m = matches.length - 1; m >= 0; m--) {
    const match = matches[m]!
    const ids = knownIds(space, match.ids, options)
    if (match.end < key.length && ids.some((id) => slot.accepts[id] === 1)) return match
  }
  return undefined
}

/** The closest entity name, preferring those the slot takes; a base name suggests its first duplicate. */
function suggestEntity(
  space: CompiledSpace,
  slot: SlotInfo,
  key: string,
  options: GroundOptions,
): string | undefined {
  const fitting: string[] = []
  const others: string[] = []
  const known = new Map<string, readonly number[]>()
  for (const [candidate, all] of space.entityKeys) {
    const ids = knownIds(space, all, options)
    if (ids.length === 0) continue
    known.set(candidate, ids)
    if (ids.some((id) => slot.accepts[id] === 1)) fitting.push(candidate)
    else others.push(candidate)
  }
  const closest = closestKey(key, fitting) ?? closestKey(key, others)
  if (closest === undefined) return undefined
  const ids = known.get(closest)!
  const preferred = ids.filter((id) => slot.accepts[id] === 1)
  const names = (preferred.length ? preferred : ids)
    .map((id) => space.entityNames[id]!)
    .sort(byNumber)
  return names[0]
}

/** The candidate within edit distance of the key (a third of its length, at least one). */
export function closestKey(key: string, candidates: readonly string[]): string | undefined {
  const limit = key.length <= 3 ? 1 : key.length <= 6 ? 2 : 3
  let best: string | undefined
  let bestDistance = limit + 1
  for (const candidate of candidates) {
    if (Math.abs(candidate.length - key.length) > limit) continue
    const d = distance(key, candidate)
    if (d < bestDistance || (d === bestDistance && best !== undefined && candidate < best)) {
      best = candidate
      bestDistance = d
    }
  }
  return best !== undefined && bestDistance < Math.max(key.length, 2) ? best : undefined
}

function unknownAction(space: CompiledSpace, lower: string, word: string): GroundResult {
  const words = lower.split(/\s+/).slice(0, 4)
  let best: string | undefined
  let bestScore = Number.POSITIVE_INFINITY
  // The text's first words as each lead compares them, joined once per count, not per lead.
  const prefixes: string[] = []
  for (let count = 1; count <= words.length; count++) prefixes.push(words.slice(0, count).join(' '))
  for (const { lead, words: count, joined, limit } of space.leads) {
    const prefix = prefixes[Math.min(count, prefixes.length) - 1]!
    // An edit distance is at least the difference in length: a distance that cannot be within
    // the limit nor reach the best so far (ties included) is not worked out; whatever the other
    // one is, the lead is then judged as it would be with both.
    const most = Math.min(limit, bestScore)
    const near = Math.abs(prefix.length - lead.length) <= most
    const nearJoined = Math.abs(word.length - joined.length) <= most
    if (!near && !nearJoined) continue
    const d = Math.min(
      near ? distance(prefix, lead) : Number.POSITIVE_INFINITY,
      nearJoined ? distance(word, joined) : Number.POSITIVE_INFINITY,
    )
    if (
      d <= limit &&
      d < lead.length &&
      (d < bestScore || (d === bestScore && best !== undefined && lead < best))
    ) {
      best = lead
      bestScore = d
    }
  }
  const known = space.byFirstWord.has(word)
  const shown = known
    ? words.slice(0, Math.max(2, best?.split(' ').length ?? 2)).join(' ')
    : word || words[0] || lower
  const message = feedback.unknownAction(shown, best)
  return best === undefined
    ? { ok: false, status: 'unknown_action', message }
    : { ok: false, status: 'unknown_action', message, suggestion: best }
}

function unique(items: readonly string[]): string[] {
  return [...new Set(items)]
}

/** `apple 2` before `apple 10`. */
function byNumber(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true })
}
