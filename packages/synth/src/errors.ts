import type { ActionEntity, ActionSpace, Rng, StepStatus } from '@refinery/core'

/** The mistakes a procedural teacher makes on purpose. */
export const ERROR_KINDS = [
  'unknown_verb',
  'mistyped_object',
  'missing_object',
  'wrong_type',
  'wrong_place',
  'skipped_prerequisite',
  'pointless_action',
  'malformed_reply',
] as const
export type ErrorKind = (typeof ERROR_KINDS)[number]

/**
 * The taxonomy the issue and AgentRefine's DM flags share: a reply the parser cannot read, a
 * verb the environment does not know, a wrong or missing object (parameter), a wrong place or
 * unreachable object (place), a violated precondition or an action with no effect (logic).
 */
export const ERROR_CATEGORIES = ['format', 'unknown_verb', 'parameter', 'place', 'logic'] as const
export type ErrorCategory = (typeof ERROR_CATEGORIES)[number]

export const CATEGORY_OF: Readonly<Record<ErrorKind, ErrorCategory>> = {
  malformed_reply: 'format',
  unknown_verb: 'unknown_verb',
  mistyped_object: 'parameter',
  missing_object: 'parameter',
  wrong_type: 'parameter',
  wrong_place: 'place',
  skipped_prerequisite: 'logic',
  pointless_action: 'logic',
}

/**
 * How often each kind comes first in the teacher's seeded order. The kinds that every family
 * accepts (a malformed reply, an unknown verb, the three parameter kinds) would crowd out the
 * rest, since a kind the world cannot give at this step falls through to the next one: place
 * errors exist only in families with locations, so they weigh most (measured over all
 * registered families, each category stays at 10% of injected errors or more).
 */
export const ERROR_KIND_WEIGHTS: Readonly<Record<ErrorKind, number>> = {
  unknown_verb: 1.2,
  mistyped_object: 0.6,
  missing_object: 0.6,
  wrong_type: 0.5,
  wrong_place: 6,
  skipped_prerequisite: 2,
  pointless_action: 2,
  malformed_reply: 1.2,
}

/** A category already made in this trajectory weighs this much less: kinds vary within one. */
const REPEAT_FACTOR = 0.25

/**
 * The kinds in a seeded order, heavier ones earlier on average; kinds of a category already
 * `used` in the trajectory come later.
 */
export function errorKindOrder(
  rng: Rng,
  used: ReadonlySet<ErrorCategory> = new Set(),
): ErrorKind[] {
  // The weights of the kinds left, kept beside them (not mapped again at every pick, through a
  // closure that tsx names at every call): the same weights in the same order at each draw.
  const left: ErrorKind[] = [...ERROR_KINDS]
  const weights = left.map(
    (k) => ERROR_KIND_WEIGHTS[k] * (used.has(CATEGORY_OF[k]) ? REPEAT_FACTOR : 1),
  )
  const out: ErrorKind[] = []
  while (left.length > 0) {
    const at = rng.weighted(weights)
    out.push(left[at]!)
    left.splice(at, 1)
    weights.splice(at, 1)
  }
  return out
}

/** The statuses that count as the intended mistake; the environment has the last word. */
export const EXPECTED_STATUSES: Readonly<Record<ErrorKind, readonly StepStatus[]>> = {
  unknown_verb: ['unknown_action'],
  mistyped_object: ['invalid_argument'],
  missing_object: ['invalid_argument'],
  wrong_type: ['invalid_argument', 'precondition_failed', 'unknown_action', 'no_effect'],
  wrong_place: ['precondition_failed'],
  skipped_prerequisite: ['precondition_failed'],
  pointless_action: ['no_effect'],
  malformed_reply: ['format_error'],
}

/**
 * Whether the environment's answer is the intended mistake: the status must be one of the
 * kind's, and a failed precondition counts as `wrong_place` exactly when the environment
 * says it was about location (`place: true`).
 */
export function answersKind(kind: ErrorKind, status: StepStatus, place: boolean): boolean {
  if (!EXPECTED_STATUSES[kind].includes(status)) return false
  if (kind === 'wrong_place') return place
  if (kind === 'skipped_prerequisite') return !place
  return true
}

/** A wrong action to try, and what it got wrong (for the thought that corrects it). */
export interface ErrorCandidate {
  action: string
  /** The wrong word or name, as written. */
  wrong?: string
  /** The right word or name. */
  right?: string
}

const DECOY_VERBS = [
  'grab',
  'fetch',
  'yank',
  'snatch',
  'operate',
  'nudge',
  'shove',
  'poke',
  'fiddle',
]
const DECOY_OBJECTS = [
  'lamp',
  'ladder',
  'wrench',
  'notebook',
  'bucket',
  'candle',
  'sponge',
  'mirror',
  'basket',
]
const MAX_CANDIDATES = 4

/**
 * Wrong actions of one kind for the plan step `next`; the caller probes which the env rejects.
 * `rng` may be a function that makes the stream: it is called only by the kinds that draw
 * (place and logic errors take plan steps and accepted actions as they are).
 */
export function errorCandidates(
  kind: Exclude<ErrorKind, 'malformed_reply'>,
  input: { next: string; plan: readonly string[]; accepted: readonly string[]; space: ActionSpace },
  rng: Rng | (() => Rng),
): ErrorCandidate[] {
  switch (kind) {
    case 'unknown_verb':
      return unknownVerbs(input.next, input.space, streamOf(rng))
    case 'mistyped_object':
      return mistypedObjects(input.next, input.space, streamOf(rng))
    case 'missing_object':
      return missingObjects(input.next, input.space, streamOf(rng))
    case 'wrong_type':
      return wrongTypes(input.next, input.space, streamOf(rng))
    case 'wrong_place':
    case 'skipped_prerequisite':
      return input.plan
        .slice(1, 1 + MAX_CANDIDATES)
        .map((action) => ({ action, right: input.next }))
    case 'pointless_action':
      return [...new Set([...input.accepted].reverse())]
        .slice(0, MAX_CANDIDATES)
        .map((action) => ({ action, right: input.next }))
  }
}

/** The stream, made now if `rng` makes it (a function, not a closure named at every call). */
function streamOf(rng: Rng | (() => Rng)): Rng {
  return typeof rng === 'function' ? rng() : rng
}

function unknownVerbs(next: string, space: ActionSpace, rng: Rng): ErrorCandidate[] {
  const [verb, ...rest] = next.split(' ')
  if (!verb) return []
  const known = knownVerbs(space)
  return rng
    .shuffle(DECOY_VERBS.filter((v) => !known.has(v)))
    .slice(0, MAX_CANDIDATES)
    .map((decoy) => ({ action: [decoy, ...rest].join(' '), wrong: decoy, right: verb }))
}

/**
 * First words of every template, synonym and meta-action. An episode's spaces share their
 * templates and meta-actions (only the entities change), so the set is kept per template
 * array, made again when the array or the meta-actions are another.
 */
function knownVerbs(space: ActionSpace): ReadonlySet<string> {
  const cached = verbsCache.get(space.templates)
  if (
    cached &&
    cached.meta === space.meta &&
    cached.templates === space.templates.length &&
    cached.metaCount === (space.meta?.length ?? 0)
  )
    return cached.verbs
  const phrases = [
    ...space.templates.flatMap((t) => [t.pattern, ...(t.synonyms ?? [])]),
    ...(space.meta ?? []),
  ]
  const verbs = new Set(phrases.map((p) => p.split(/\s+/)[0]!.toLowerCase()))
  verbsCache.set(space.templates, {
    meta: space.meta,
    templates: space.templates.length,
    metaCount: space.meta?.length ?? 0,
    verbs,
  })
  return verbs
}

const verbsCache = new WeakMap<
  ActionSpace['templates'],
  {
    meta: ActionSpace['meta']
    templates: number
    metaCount: number
    verbs: ReadonlySet<string>
  }
>()

interface Mention {
  entity: ActionEntity
  /** The name as it stands in the action. */
  name: string
  start: number
}

/** Entity names in an action, longest first, as whole words. */
export function entityMentions(action: string, space: ActionSpace): Mention[] {
  const lower = action.toLowerCase()
  const names = sortedNames(space.entities)
  const taken: boolean[] = []
  const out: Mention[] = []
  for (const { entity, name } of names) {
    let from = 0
    for (;;) {
      const start = lower.indexOf(name, from)
      if (start < 0) break
      from = start + 1
      const end = start + name.length
      const bounded = isBoundary(lower, start - 1) && isBoundary(lower, end)
      if (!bounded || isTaken(taken, start, end)) continue
      for (let i = start; i < end; i++) taken[i] = true
      out.push({ entity, name: action.slice(start, end), start })
    }
  }
  return out.sort((a, b) => a.start - b.start)
}

function isTaken(taken: readonly boolean[], start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (taken[i]) return true
  return false
}

interface NamedEntity {
  entity: ActionEntity
  /** Lower case. */
  name: string
}

interface SortedNames {
  /** What the list was made from, to tell a list changed in place. */
  entities: ActionEntity[]
  names: string[]
  aliases: (readonly string[] | undefined)[]
  sorted: NamedEntity[]
}

/**
 * Every name and alias of `entities`, lower case, longest first then alphabetical. The teacher
 * asks for an action space's names at every turn and the space rarely changes, so the sorted
 * list is kept per entity array, made again when the array or an entity's names changed.
 */
const namesCache = new WeakMap<readonly ActionEntity[], SortedNames>()

function sortedNames(entities: readonly ActionEntity[]): readonly NamedEntity[] {
  const cached = namesCache.get(entities)
  if (cached && sameEntities(cached, entities)) return cached.sorted
  const sorted = entities
    .flatMap((entity) =>
      [entity.name, ...(entity.aliases ?? [])].map((name) => ({
        entity,
        name: name.toLowerCase(),
      })),
    )
    .sort(
      (a, b) => b.name.length - a.name.length || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
    )
  namesCache.set(entities, {
    entities: entities.slice(),
    names: entities.map((e) => e.name),
    aliases: entities.map((e) => (e.aliases ? e.aliases.slice() : undefined)),
    sorted,
  })
  return sorted
}

function sameEntities(cached: SortedNames, entities: readonly ActionEntity[]): boolean {
  if (cached.entities.length !== entities.length) return false
  for (let i = 0; i < entities.length; i++) {
    const entity = entities[i]!
    if (cached.entities[i] !== entity || cached.names[i] !== entity.name) return false
    const was = cached.aliases[i]
    const now = entity.aliases
    if (was === undefined || now === undefined) {
      if (was !== now) return false
      continue
    }
    if (was.length !== now.length) return false
    for (let j = 0; j < now.length; j++) if (was[j] !== now[j]) return false
  }
  return true
}

function isBoundary(text: string, index: number): boolean {
  if (index < 0 || index >= text.length) return true
  // Not an ASCII letter or digit (what /[a-z0-9]/i matches), read without a one-letter string.
  const c = text.charCodeAt(index) | 0x20
  return !(
    (c >= 0x61 && c <= 0x7a) ||
    (text.charCodeAt(index) >= 0x30 && text.charCodeAt(index) <= 0x39)
  )
}

function replaceAt(action: string, mention: Mention, value: string): string {
  return action.slice(0, mention.start) + value + action.slice(mention.start + mention.name.length)
}

function allNames(space: ActionSpace): Set<string> {
  return new Set(
    space.entities.flatMap((e) => [e.name, ...(e.aliases ?? [])]).map((n) => n.toLowerCase()),
  )
}

function mistypedObjects(next: string, space: ActionSpace, rng: Rng): ErrorCandidate[] {
  const names = allNames(space)
  const out: ErrorCandidate[] = []
  for (const mention of rng.shuffle(entityMentions(next, space))) {
    for (const typo of typos(mention.name, rng)) {
      if (names.has(typo.toLowerCase())) continue
      out.push({ action: replaceAt(next, mention, typo), wrong: typo, right: mention.name })
      if (out.length >= MAX_CANDIDATES) return out
    }
  }
  return out
}

/** Near misses of a name: two letters swapped, one dropped or one doubled, in its longest word. */
export function typos(name: string, rng: Rng): string[] {
  const words = name.split(' ')
  let w = 0
  for (let i = 1; i < words.length; i++) if (words[i]!.length > words[w]!.length) w = i
  const word = words[w]!
  if (word.length < 3 || !/^[a-z]+$/i.test(word)) return []
  const variants = new Set<string>()
  for (let i = 1; i < word.length; i++) {
    if (word[i] !== word[i - 1])
      variants.add(word.slice(0, i - 1) + word[i] + word[i - 1] + word.slice(i + 1))
  }
  for (let i = 1; i < word.length; i++) variants.add(word.slice(0, i) + word.slice(i + 1))
  for (let i = 1; i < word.length; i++) variants.add(word.slice(0, i) + word[i] + word.slice(i))
  variants.delete(word)
  return rng
    .sample([...variants].sort(), 3)
    .map((variant) => [...words.slice(0, w), variant, ...words.slice(w + 1)].join(' '))
}

function missingObjects(next: string, space: ActionSpace, rng: Rng): ErrorCandidate[] {
  const names = allNames(space)
  const mentions = entityMentions(next, space)
  if (mentions.length === 0) return []
  const mention = rng.pick(mentions)
  return rng
    .shuffle(DECOY_OBJECTS.filter((d) => !names.has(d) && !next.toLowerCase().includes(d)))
    .slice(0, MAX_CANDIDATES)
    .map((decoy) => ({
      action: replaceAt(next, mention, decoy),
      wrong: decoy,
      right: mention.name,
    }))
}

function wrongTypes(next: string, space: ActionSpace, rng: Rng): ErrorCandidate[] {
  const out: ErrorCandidate[] = []
  for (const mention of rng.shuffle(entityMentions(next, space))) {
    const type = mention.entity.types[0]
    const others = space.entities
      .filter((e) => e.types[0] !== type && !e.types.includes(type ?? ''))
      .filter((e) => !next.toLowerCase().includes(e.name.toLowerCase()))
      .map((e) => e.name)
      .sort()
    for (const other of rng.sample(others, 2)) {
      out.push({ action: replaceAt(next, mention, other), wrong: other, right: mention.name })
      if (out.length >= MAX_CANDIDATES) return out
    }
  }
  return out
}

/**
 * The taxonomy category of a mistake from the environment's answer alone: how a teacher's own
 * (not injected) mistakes are counted. A failed precondition is a place error exactly when
 * the environment says it was about location.
 */
export function categoryOfStatus(status: StepStatus, place: boolean): ErrorCategory | null {
  switch (status) {
    case 'format_error':
      return 'format'
    case 'unknown_action':
      return 'unknown_verb'
    case 'invalid_argument':
      return 'parameter'
    case 'precondition_failed':
      return place ? 'place' : 'logic'
    case 'no_effect':
      return 'logic'
    default:
      return null
  }
}
