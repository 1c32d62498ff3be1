import { deriveSeed, RefineryError, rngStream } from '@refinery/core'
import type { WorldSpec } from '../spec'
import { TEXT_PARAPHRASES, VERB_SYNONYMS } from './tables'
import { dropUndefined, mapLiterals, mapSpecTexts } from './texts'

export const PERTURBATION_KINDS = [
  'rename_verbs',
  'shuffle_numbering',
  'shuffle_lists',
  'paraphrase',
  'all',
] as const
export type PerturbationKind = (typeof PERTURBATION_KINDS)[number]

/** Options for `new WorldEngine(world, options)` that a perturbation needs. */
export interface PerturbedEngineOptions {
  /** Lists in observations come in a seeded order instead of by name. */
  listShuffleSeed?: number
}

export interface PerturbedWorld {
  spec: WorldSpec
  engineOptions: PerturbedEngineOptions
}

/**
 * A seeded change of surface form that keeps the task: the same entities, facts, actions
 * and goal, said differently. `rename_verbs` swaps action verbs for synonyms;
 * `shuffle_numbering` permutes the numbers of same-name entities (and rewrites texts that
 * mention them); `shuffle_lists` asks the engine to order listed items by a seed;
 * `paraphrase` picks among an action's `paraphrases` or rewrites observation texts from a
 * table; `all` does all four. The same seed gives the same result.
 */
export function perturbWorld(
  spec: WorldSpec,
  perturbation: { kind: string; seed: number },
): PerturbedWorld {
  const { kind, seed } = perturbation
  if (!(PERTURBATION_KINDS as readonly string[]).includes(kind)) {
    throw new RefineryError('invalid_input', `Unknown perturbation '${kind}'.`, {
      hint: `Use one of: ${PERTURBATION_KINDS.join(', ')}.`,
    })
  }
  if (!Number.isSafeInteger(seed)) {
    throw new RefineryError(
      'invalid_input',
      `The perturbation seed must be an integer, got ${seed}.`,
      { hint: 'Pass a whole number.' },
    )
  }
  let out: WorldSpec = structuredClone(spec)
  const engineOptions: PerturbedEngineOptions = {}
  const all = kind === 'all'
  if (all || kind === 'rename_verbs') out = renameVerbs(out, seed)
  if (all || kind === 'shuffle_numbering') out = shuffleNumbering(out, seed)
  if (all || kind === 'paraphrase') out = paraphrase(out, seed)
  if (all || kind === 'shuffle_lists')
    engineOptions.listShuffleSeed = deriveSeed(seed, 'perturb/shuffle_lists')
  return { spec: dropUndefined(out), engineOptions }
}

// ------------------------------------------------------------ rename_verbs

const META_WORDS = new Set(['look', 'look around', 'inventory', 'check valid actions', 'help'])
const VERB_KEYS = Object.keys(VERB_SYNONYMS).sort((a, b) => b.length - a.length)

/** A pattern's shape: its words with slots blanked, to compare phrasings. */
const shape = (pattern: string) =>
  pattern
    .replace(/\{[^{}]*\}/g, '{}')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase()

/** The first verb phrase of the table in a pattern's literal text, as [start, phrase]. */
function findVerb(pattern: string): { index: number; phrase: string } | undefined {
  let best: { index: number; phrase: string } | undefined
  const literal = pattern.replace(/\{[^{}]*\}/g, (slot) => ' '.repeat(slot.length)).toLowerCase()
  for (const key of VERB_KEYS) {
    const re = new RegExp(`(?<![\\w-])${escapeRegExp(key)}(?![\\w-])`)
    const m = re.exec(literal)
    if (m && (best === undefined || m.index < best.index)) best = { index: m.index, phrase: key }
  }
  return best
}

function replaceAt(text: string, index: number, length: number, by: string): string {
  return text.slice(0, index) + by + text.slice(index + length)
}

function renameVerbs(spec: WorldSpec, seed: number): WorldSpec {
  const taken = new Set<string>()
  for (const a of spec.actions) {
    taken.add(shape(a.pattern))
    for (const s of a.synonyms ?? []) taken.add(shape(s))
  }
  const actions = spec.actions.map((action, i) => {
    const verb = findVerb(action.pattern)
    if (!verb) return action
    const rng = rngStream(seed, 'perturb/rename_verbs', i)
    const options = rng.shuffle(VERB_SYNONYMS[verb.phrase] ?? [])
    for (const option of options) {
      const pattern = replaceAt(action.pattern, verb.index, verb.phrase.length, option)
      const key = shape(pattern)
      if (taken.has(key) || META_WORDS.has(key)) continue
      taken.add(key)
      // Synonyms that used the old verb move with it, short and joined forms too (`go {r}`
      // and `goto {r}` for `go to {r}`); the old phrasing is no longer accepted.
      const head = verb.phrase.includes(' ') ? `${verb.phrase.split(' ')[0]} ` : null
      const synonyms = (action.synonyms ?? []).map((s) => {
        const at = findVerb(s)
        if (at && at.phrase === verb.phrase) return replaceAt(s, at.index, at.phrase.length, option)
        if (head && s.startsWith(head)) return `${option} ${s.slice(head.length)}`
        const joined = head ? `${verb.phrase.replaceAll(' ', '')} ` : null // `goto {r}`
        if (joined && s.startsWith(joined)) return `${option} ${s.slice(joined.length)}`
        return s
      })
      const kept: string[] = []
      for (const synonym of new Set(synonyms)) {
        const shaped = shape(synonym)
        const renamed = !(action.synonyms ?? []).includes(synonym)
        if (shaped === key || (renamed && (taken.has(shaped) || META_WORDS.has(shaped)))) continue
        taken.add(shaped)
        kept.push(synonym)
      }
      return { ...action, pattern, ...(action.synonyms ? { synonyms: kept } : {}) }
    }
    return action
  })
  return { ...spec, actions }
}

// ------------------------------------------------------------ shuffle_numbering

function shuffleNumbering(spec: WorldSpec, seed: number): WorldSpec {
  const groups = new Map<string, number[]>()
  spec.entities.forEach((e, i) => {
    if (e.number === undefined) return
    const group = groups.get(e.name) ?? []
    group.push(i)
    groups.set(e.name, group)
  })
  const entities = spec.entities.slice()
  const renames = new Map<string, string>()
  for (const name of [...groups.keys()].sort()) {
    const members = groups.get(name) ?? []
    if (members.length < 2) continue
    const numbers = members.map((i) => spec.entities[i]?.number as number)
    const shuffled = rngStream(seed, 'perturb/shuffle_numbering', name).shuffle(numbers)
    members.forEach((entityIndex, k) => {
      const before = spec.entities[entityIndex]
      const number = shuffled[k] as number
      if (!before || before.number === number) return
      entities[entityIndex] = { ...before, number }
      renames.set(`${name} ${before.number}`, `${name} ${number}`)
    })
  }
  if (renames.size === 0) return spec
  // Texts that name a numbered entity literally ("put apple 1 in fridge 1") follow it.
  const keys = [...renames.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp)
  const re = new RegExp(`(?<![\\w-])(?:${keys.join('|')})(?![\\w-])`, 'g')
  const rewrite = (literal: string) => literal.replace(re, (m) => renames.get(m) ?? m)
  return mapSpecTexts({ ...spec, entities }, (template, _path, plain) =>
    plain ? rewrite(template) : mapLiterals(template, rewrite),
  )
}

// ------------------------------------------------------------ paraphrase

function paraphrase(spec: WorldSpec, seed: number): WorldSpec {
  // Authored paraphrases first: an action's message trades places with one of them.
  const authored = new Set<number>()
  const actions = spec.actions.map((action, i) => {
    const options = action.paraphrases ?? []
    if (options.length === 0) return action
    authored.add(i)
    const pick = rngStream(seed, 'perturb/paraphrase/authored', i).int(0, options.length)
    const chosen = options[pick - 1]
    if (chosen === undefined) return action
    const paraphrases = options.slice()
    paraphrases[pick - 1] = action.message
    return { ...action, message: chosen, paraphrases }
  })
  return mapSpecTexts({ ...spec, actions }, (template, path, plain) => {
    if (plain) return template
    const action = /^actions\[(\d+)\]\.(?:message|paraphrases)/.exec(path)
    if (action && authored.has(Number(action[1]))) return template
    const rng = rngStream(seed, 'perturb/paraphrase', path)
    return mapLiterals(template, (literal) => {
      let out = literal
      for (const rule of TEXT_PARAPHRASES) {
        out = out.replace(rule.find, (match) => matchCase(match, rng.pick(rule.replace)))
      }
      return out
    })
  })
}

function matchCase(original: string, replacement: string): string {
  const first = original[0] ?? ''
  if (first !== first.toUpperCase()) return replacement
  return replacement.charAt(0).toUpperCase() + replacement.slice(1)
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
