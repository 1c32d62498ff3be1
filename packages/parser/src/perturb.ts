import {
  type ActionSpace,
  type ActionTemplate,
  RefineryError,
  type Rng,
  rngStream,
} from '@refinery/core'
import type { ConcreteFormat } from './feedback'
import { type Part, splitPattern } from './pattern'

/**
 * What a perturbation changes while keeping the meaning (AgentRefine's robustness test):
 * - `verbs`: every verb renamed to a synonym (`take` → `grab`);
 * - `order`: the last prepositional phrase moved to the front (`from {recep}, take {obj}`);
 * - `syntax`: actions written as calls or piped fields (`take_from(apple 1, fridge 1)`);
 * - `format`: the reply format changed (`Think:`/`Act:`, JSON, tool call…);
 * - `all`: verbs, order and format together.
 */
export const PERTURBATION_KINDS = ['verbs', 'order', 'syntax', 'format', 'all'] as const
export type PerturbationKind = (typeof PERTURBATION_KINDS)[number]

export interface PerturbedSpace {
  /** The space in the new words. Template ids, slots, entities and meta-actions are unchanged. */
  space: ActionSpace
  /** The reply format the agent is asked for under this perturbation. */
  format: ConcreteFormat
  /** Original verb → new verb, for prompts and reports. */
  verbs: Record<string, string>
}

/** Same-meaning replacements for common verbs; the first unused one (in seeded order) is taken. */
const VERB_SYNONYMS: Record<string, readonly string[]> = {
  take: ['grab', 'get', 'collect'],
  put: ['place', 'set', 'deposit'],
  go: ['walk', 'head', 'travel'],
  open: ['unclose', 'swing open'],
  close: ['shut', 'seal'],
  heat: ['warm', 'cook'],
  cool: ['chill', 'refrigerate'],
  clean: ['wash', 'rinse'],
  slice: ['cut', 'carve'],
  use: ['operate', 'utilize'],
  examine: ['inspect', 'study'],
  pick: ['lift', 'grab'],
  pickup: ['grab', 'collect'],
  drop: ['release', 'discard'],
  toggle: ['switch', 'flip'],
  move: ['shift', 'transfer'],
  search: ['find', 'query'],
  click: ['press', 'select'],
  read: ['peruse', 'scan'],
  eat: ['consume', 'devour'],
  pour: ['tip', 'decant'],
  mix: ['stir', 'blend'],
  connect: ['attach', 'link'],
  focus: ['concentrate', 'fixate'],
  activate: ['start', 'enable'],
  deactivate: ['stop', 'disable'],
  wait: ['pause', 'linger'],
  stack: ['pile', 'heap'],
  unstack: ['unpile', 'lift'],
  fetch: ['retrieve', 'bring'],
  loosen: ['slacken', 'undo'],
  tighten: ['fasten', 'secure'],
  remove: ['detach', 'extract'],
  fill: ['load', 'top up'],
  empty: ['drain', 'void'],
  push: ['shove', 'press'],
  pull: ['tug', 'drag'],
  unlock: ['unbolt', 'unlatch'],
  lock: ['bolt', 'latch'],
  turn: ['rotate', 'twist'],
  wash: ['rinse', 'scrub'],
  buy: ['purchase', 'order'],
  answer: ['reply', 'respond'],
  finish: ['complete', 'end'],
  give: ['hand', 'offer'],
  throw: ['toss', 'fling'],
  place: ['set', 'position'],
  lift: ['raise', 'hoist'],
  inspect: ['examine', 'check'],
}

/**
 * Renders a space in other words, seeded: the parser then grounds against the result, and a
 * grounded action keeps the original template id and arguments. Throws `invalid_input` for
 * an unknown kind.
 */
export function perturbActionSpace(
  space: ActionSpace,
  perturbation: { kind: string; seed: number },
): PerturbedSpace {
  const kind = perturbation.kind as PerturbationKind
  if (!PERTURBATION_KINDS.includes(kind)) {
    throw new RefineryError('invalid_input', `Unknown perturbation kind '${perturbation.kind}'.`, {
      hint: `Use one of ${PERTURBATION_KINDS.join(', ')}.`,
    })
  }
  const rng = rngStream(perturbation.seed, 'parser.perturbation', kind)
  const verbs = kind === 'verbs' || kind === 'all' ? renameVerbs(space, rng) : {}
  let templates = space.templates.map((template) => ({ ...template, synonyms: [] as string[] }))
  if (Object.keys(verbs).length > 0) {
    templates = templates.map((t) => ({ ...t, pattern: applyVerbs(t.pattern, verbs) }))
  }
  if (kind === 'order' || kind === 'all')
    templates = templates.map((t) => ({ ...t, pattern: frontPhrase(t.pattern) }))
  if (kind === 'syntax') templates = callSyntax(templates, rng.pick(['call', 'pipe'] as const))
  const format: ConcreteFormat =
    kind === 'format' || kind === 'all'
      ? rng.pick(['agentbench', 'act', 'json', 'agentrefine', 'tool_call'] as const)
      : 'react'
  const out: ActionSpace = {
    templates: templates.map(({ synonyms: _, ...template }) => template),
    entities: space.entities,
  }
  if (space.meta) out.meta = space.meta
  return { space: out, format, verbs }
}

function firstWordOf(pattern: string): string | null {
  const first = splitPattern(pattern)[0]
  if (first?.kind !== 'literal') return null
  const token = first.literal.tokens[0]
  return token?.kind === 'word' && token.alts.length === 1 ? token.alts[0]! : null
}

/** A one-to-one renaming of the first words of all patterns, avoiding every word in use. */
function renameVerbs(space: ActionSpace, rng: Rng): Record<string, string> {
  const verbs = [
    ...new Set(
      space.templates.map((t) => firstWordOf(t.pattern)).filter((v): v is string => v !== null),
    ),
  ].sort()
  const taken = new Set<string>(verbs)
  for (const meta of space.meta ?? []) taken.add(meta.toLowerCase().split(' ')[0]!)
  const renamed: Record<string, string> = {}
  for (const verb of verbs) {
    const options = rng.shuffle(VERB_SYNONYMS[verb] ?? [])
    const choice = options.find((option) => !taken.has(option.split(' ')[0]!))
    const name = choice ?? `${verb}ify`
    taken.add(name.split(' ')[0]!)
    renamed[verb] = name
  }
  return renamed
}

function applyVerbs(pattern: string, verbs: Record<string, string>): string {
  const verb = firstWordOf(pattern)
  if (verb === null || verbs[verb] === undefined) return pattern
  const at = pattern.toLowerCase().indexOf(verb)
  return pattern.slice(0, at) + verbs[verb] + pattern.slice(at + verb.length)
}

/** `take {obj} from {recep}` → `from {recep}, take {obj}`; other shapes stay as they are. */
function frontPhrase(pattern: string): string {
  const parts = splitPattern(pattern)
  const last = parts[parts.length - 1]
  const before = parts[parts.length - 2]
  if (parts.length < 4 || last?.kind !== 'slot' || before?.kind !== 'literal') return pattern
  if (!before.literal.tokens.every((token) => token.kind !== 'punct')) return pattern
  const phrase = literalText(before).trim()
  if (phrase === '') return pattern
  const rest = parts.slice(0, -2).map(partText).join('').trim()
  return `${phrase} {${last.name}}, ${rest}`
}

/** Calls (`take_from(apple 1, fridge 1)`) or piped fields (`take_from | apple 1 | fridge 1`). */
function callSyntax<T extends ActionTemplate>(templates: T[], style: 'call' | 'pipe'): T[] {
  const short = templates.map((t) => callName(t.pattern, false))
  const counts = new Map<string, number>()
  templates.forEach((t, i) => {
    const key = `${short[i]}/${t.slots.length}`
    counts.set(key, (counts.get(key) ?? 0) + 1)
  })
  return templates.map((t, i) => {
    const unique = counts.get(`${short[i]}/${t.slots.length}`) === 1
    const name = unique ? short[i]! : callName(t.pattern, true)
    const slots = splitPattern(t.pattern).filter(
      (p): p is Extract<Part, { kind: 'slot' }> => p.kind === 'slot',
    )
    const args = slots.map((slot) => `{${slot.name}}`)
    const pattern = style === 'call' ? `${name}(${args.join(', ')})` : [name, ...args].join(' | ')
    return { ...t, pattern }
  })
}

/** The words of a pattern joined by `_`: only the opening ones, or all of them when that is ambiguous. */
function callName(pattern: string, all: boolean): string {
  const words: string[] = []
  for (const part of splitPattern(pattern)) {
    if (part.kind === 'slot') {
      if (!all) break
      continue
    }
    for (const token of part.literal.tokens)
      if (token.kind === 'word') words.push(token.alts[0]!.replace(/\//g, '_'))
  }
  return words.join('_') || 'act'
}

function literalText(part: Extract<Part, { kind: 'literal' }>): string {
  return part.literal.tokens
    .map((token) =>
      token.kind === 'space'
        ? ' '
        : token.kind === 'punct'
          ? String.fromCharCode(token.code)
          : token.alts[0]!,
    )
    .join('')
}

function partText(part: Part): string {
  return part.kind === 'slot' ? `{${part.name}}` : literalText(part)
}
