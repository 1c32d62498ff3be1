import { type Rng, rngStream } from '@refinery/core'
import { WorldEngine } from '../engine'
import { validateWorldSpec } from './validate'

export const MUTATIONS = [
  'drop_key',
  'drop_item',
  'duplicate_item',
  'swap_items',
  'rename_key',
  'change_type',
  'swap_ids',
  'wrong_arity',
  'random_string',
  'number_edge',
  'deep_nest',
] as const
export type Mutation = (typeof MUTATIONS)[number]

type Json = unknown
interface Slot {
  /** The container holding the value, or undefined for the root. */
  parent: Record<string, Json> | Json[] | undefined
  key: string | number
  value: Json
}

const KEY_POOL = [
  'fact',
  'not',
  'all',
  'any',
  'name',
  'type',
  'id',
  'params',
  'vars',
  'where',
  'then',
  'else',
  'list',
  'x',
  '__proto__',
  'constructor',
]
const STRING_POOL = [
  '',
  ' ',
  '?',
  '?x',
  '?o',
  '{',
  '}',
  '{x}',
  '{a ?x}',
  '{the}',
  '{o.weight}',
  'object',
  'apple_1',
  '1abc',
  'a b',
  'üñí',
  '🍎',
  '\u0000',
  'toString',
  '__proto__',
  'constructor',
]
const VALUE_POOL: Json[] = [
  0,
  -1,
  1.5,
  1e308,
  '',
  'x',
  true,
  false,
  null,
  [],
  {},
  [[]],
  { fact: [] },
  { not: {} },
  [null],
]
const NUMBER_POOL = [-1, 0, 0.5, 2.5, 1e9, -1e9, 2 ** 53 + 2, 16385]

/**
 * Applies `count` random mutations to a copy of a JSON value: keys dropped, renamed or
 * duplicated, types changed, ids swapped for other ids, atoms given wrong arities, odd
 * strings, edge numbers, deep nesting. Seeded by `rng`; the input is not changed.
 */
export function mutateJson(
  value: Json,
  rng: Rng,
  count: number,
): { value: Json; applied: Mutation[] } {
  let root = structuredClone(value)
  const applied: Mutation[] = []
  for (let i = 0; i < count; i++) {
    const mutation = rng.pick(MUTATIONS)
    const next = mutate(root, mutation, rng)
    if (next.changed) {
      root = next.root
      applied.push(mutation)
    }
  }
  return { value: root, applied }
}

function slots(root: Json): Slot[] {
  const out: Slot[] = [{ parent: undefined, key: '$', value: root }]
  for (let i = 0; i < out.length && out.length < 50_000; i++) {
    const v = (out[i] as Slot).value
    if (Array.isArray(v)) {
      for (const [k, item] of v.entries()) out.push({ parent: v, key: k, value: item })
    } else if (v !== null && typeof v === 'object') {
      const obj = v as Record<string, Json>
      for (const key of Object.keys(obj)) out.push({ parent: obj, key, value: obj[key] })
    }
  }
  return out
}

/** Sets a key as an own property (so `__proto__` is a key, not the prototype). */
function put(parent: Record<string, Json> | Json[], key: string | number, value: Json): void {
  Object.defineProperty(parent, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  })
}

function replace(root: Json, slot: Slot, value: Json): { root: Json; changed: boolean } {
  if (!slot.parent) return { root: value, changed: true }
  put(slot.parent, slot.key, value)
  return { root, changed: true }
}

function randomString(rng: Rng): string {
  if (rng.chance(0.6)) return rng.pick(STRING_POOL)
  const alphabet = 'abcxyz_-?{} .019ÄΩ'
  const length = rng.chance(0.1) ? rng.int(200, 5000) : rng.int(1, 12)
  let out = ''
  for (let i = 0; i < length; i++) out += alphabet[rng.int(0, alphabet.length - 1)]
  return out
}

function mutate(root: Json, mutation: Mutation, rng: Rng): { root: Json; changed: boolean } {
  const all = slots(root)
  const inObjects = all.filter((s) => s.parent && !Array.isArray(s.parent))
  const inArrays = all.filter((s) => Array.isArray(s.parent))
  const strings = all.filter((s) => typeof s.value === 'string' && s.parent)
  const unchanged = { root, changed: false }
  switch (mutation) {
    case 'drop_key': {
      if (!inObjects.length) return unchanged
      const s = rng.pick(inObjects)
      delete (s.parent as Record<string, Json>)[s.key as string]
      return { root, changed: true }
    }
    case 'drop_item': {
      if (!inArrays.length) return unchanged
      const s = rng.pick(inArrays)
      ;(s.parent as Json[]).splice(s.key as number, 1)
      return { root, changed: true }
    }
    case 'duplicate_item': {
      if (!inArrays.length) return unchanged
      const s = rng.pick(inArrays)
      ;(s.parent as Json[]).splice(s.key as number, 0, structuredClone(s.value))
      return { root, changed: true }
    }
    case 'swap_items': {
      const arrays = all.filter((s) => Array.isArray(s.value) && (s.value as Json[]).length > 1)
      if (!arrays.length) return unchanged
      const list = rng.pick(arrays).value as Json[]
      const a = rng.int(0, list.length - 1)
      const b = rng.int(0, list.length - 1)
      ;[list[a], list[b]] = [list[b], list[a]]
      return { root, changed: a !== b }
    }
    case 'rename_key': {
      if (!inObjects.length) return unchanged
      const s = rng.pick(inObjects)
      const parent = s.parent as Record<string, Json>
      const key = s.key as string
      const renamed = rng.pick([
        `${key}s`,
        key.toUpperCase(),
        key.slice(1),
        ` ${key}`,
        rng.pick(KEY_POOL),
      ])
      delete parent[key]
      put(parent, renamed, s.value)
      return { root, changed: true }
    }
    case 'change_type':
      return replace(root, rng.pick(all), structuredClone(rng.pick(VALUE_POOL)))
    case 'swap_ids': {
      // A reference pointed at another name from the same document.
      const names = strings.filter((s) => /^\??[A-Za-z][\w-]*$/.test(s.value as string))
      if (names.length < 2) return unchanged
      return replace(root, rng.pick(names), rng.pick(names).value)
    }
    case 'wrong_arity': {
      const atoms = all.filter(
        (s) =>
          Array.isArray(s.value) &&
          (s.value as Json[]).length > 0 &&
          (s.value as Json[]).every((x) => typeof x === 'string'),
      )
      if (!atoms.length) return unchanged
      const atom = rng.pick(atoms).value as string[]
      if (rng.chance(0.5) && atom.length > 1) atom.pop()
      else atom.push(rng.pick(atom))
      return { root, changed: true }
    }
    case 'random_string': {
      if (!strings.length) return unchanged
      return replace(root, rng.pick(strings), randomString(rng))
    }
    case 'number_edge': {
      const numbers = all.filter((s) => typeof s.value === 'number')
      if (!numbers.length) return unchanged
      return replace(root, rng.pick(numbers), rng.pick(NUMBER_POOL))
    }
    case 'deep_nest': {
      const s = rng.pick(all)
      const depth = rng.chance(0.2) ? rng.int(60, 400) : rng.int(2, 12)
      const shape = rng.int(0, 2)
      let value = s.value
      for (let i = 0; i < depth; i++)
        value = shape === 0 ? [value] : shape === 1 ? { not: value } : { all: [value] }
      return replace(root, s, value)
    }
  }
}

export interface FuzzBase {
  name: string
  spec: unknown
}

export interface FuzzOptions {
  bases: readonly FuzzBase[]
  cases: number
  seed?: number
  /** Planner budget per valid case; default 20,000 nodes and 2 s. */
  planBudget?: number
  planMs?: number
  /** Valid actions played per valid case; default 5. */
  playSteps?: number
}

export interface FuzzCrash {
  case: number
  base: string
  mutations: Mutation[]
  error: string
}

export interface FuzzSummary {
  cases: number
  seed: number
  /** Validated, then played without an error. */
  valid: number
  /** Refused with path-bearing issues. */
  rejected: number
  /** Threw, or returned an issue without a path, or an internal one. */
  crashes: FuzzCrash[]
  issueCodes: Record<string, number>
  mutations: Record<string, number>
  stepsPlayed: number
  ms: number
}

/**
 * Mutates the bases at random and checks the promise of `validateWorldSpec`: every case
 * either validates and plays (a few valid actions, meta-actions, a snapshot round trip,
 * an unknown action) without throwing, or is refused with issues that each carry a path.
 */
export function fuzzWorldSpecs(options: FuzzOptions): FuzzSummary {
  const seed = options.seed ?? 0
  const started = performance.now()
  const summary: FuzzSummary = {
    cases: options.cases,
    seed,
    valid: 0,
    rejected: 0,
    crashes: [],
    issueCodes: {},
    mutations: {},
    stepsPlayed: 0,
    ms: 0,
  }
  if (options.bases.length === 0) return summary
  for (let i = 0; i < options.cases; i++) {
    const base = options.bases[i % options.bases.length] as FuzzBase
    const rng = rngStream(seed, 'fuzz', i)
    const { value, applied } = mutateJson(base.spec, rng, rng.int(1, 3))
    for (const m of applied) summary.mutations[m] = (summary.mutations[m] ?? 0) + 1
    const crash = (error: unknown) => {
      const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
      summary.crashes.push({
        case: i,
        base: base.name,
        mutations: applied,
        error: text.slice(0, 500),
      })
    }
    try {
      const result = validateWorldSpec(value, {
        planBudget: options.planBudget ?? 20_000,
        planMs: options.planMs ?? 2_000,
      })
      if (!result.ok) {
        const bad = result.issues.find(
          (issue) => !issue.path || !issue.message || !issue.hint || issue.code === 'internal',
        )
        if (bad || result.issues.length === 0) {
          crash(new Error(`bad issue: ${JSON.stringify(bad ?? null)}`))
          continue
        }
        for (const issue of result.issues)
          summary.issueCodes[issue.code] = (summary.issueCodes[issue.code] ?? 0) + 1
        summary.rejected++
        continue
      }
      summary.stepsPlayed += play(result.world, rng, options.playSteps ?? 5)
      summary.valid++
    } catch (error) {
      crash(error)
    }
  }
  summary.ms = Math.round(performance.now() - started)
  return summary
}

function play(
  world: ConstructorParameters<typeof WorldEngine>[0],
  rng: Rng,
  steps: number,
): number {
  const engine = new WorldEngine(world)
  engine.reset()
  engine.meta('look')
  engine.meta('check valid actions')
  engine.meta('help')
  engine.meta('inventory')
  engine.step({ schema: 'no-such-action', args: [] })
  let played = 0
  for (let i = 0; i < steps && !engine.done; i++) {
    const options = engine.applicable()
    if (options.length === 0) break
    const call = rng.pick(options)
    engine.step(call)
    played++
    const snapshot = engine.snapshot()
    engine.restore(JSON.parse(JSON.stringify(snapshot)))
    engine.validActions()
  }
  return played
}
