import { textDigest } from '@refinery/core'
import { LRUCache } from 'lru-cache'
import { compileParsed, compileWorld } from '../engine/compile'
import type { CompiledWorld } from '../engine/world'
import type { PlanResult } from '../planner/plan'
import type { WorldSpec, WorldSpecInput } from '../spec'
import { packPlan, unpackPlan } from './packed-plan'

let limit = 32

/**
 * A compiled world in the cache: its spec's digest (see `specKey`), or, for a spec built by
 * code, the spec itself until the digest is asked for (see `keyOf`).
 */
interface Cached {
  world: CompiledWorld
  key: string | undefined
  spec: WorldSpec | undefined
}

/**
 * Compiled worlds by spec, least recently used first out. A synthesis run plays the same task
 * many times (an episode, its replay, later slots that draw the task again), and compiling a
 * household world costs far more than writing its spec as JSON, whose digest tells specs
 * apart (see `specKey`): two specs with the same JSON compile to the same world. Compiled
 * worlds are immutable, so environments share them.
 *
 * They are found by a print of the spec (`printOf`) first, and only among worlds of the same
 * print by the digest: the families keep their own worlds by task, so the worlds they build
 * reach this cache only when new, and writing out a whole spec to find nothing was some 1.5%
 * of a synthesis run's CPU. A world of a print not seen before is compiled without its
 * digest; the digest of a built spec is written only where it is asked for (another spec of
 * the same print, or a plan remembered by spec).
 */
let compiled = new LRUCache<string, Cached[]>({ max: limit })
/** Worlds of one print kept (specs that differ only where the print does not look). */
const MAX_PER_PRINT = 4

/** The cache entry of each world compiled through it: its key, for the plans below. */
const cachedOf = new WeakMap<CompiledWorld, Cached>()

/** How many compiled worlds to keep (default 32; 0 turns the cache off). */
export function setWorldCacheLimit(worlds: number): void {
  limit = Math.max(0, Math.floor(worlds))
  // The newest worlds stay, as many as the new limit holds.
  const kept = [...compiled.entries()].slice(0, limit).reverse()
  compiled = new LRUCache({ max: Math.max(1, limit) })
  for (const [print, worlds] of kept) compiled.set(print, worlds)
}

/** `compileWorld`, reusing a world compiled from the same spec. */
export function compileWorldCached(spec: WorldSpecInput | WorldSpec): CompiledWorld {
  if (limit === 0) return compileWorld(spec)
  // What comes from outside may change after: its digest is written now, as it compiles.
  // The parse writes the actions anew (defaults filled in): their JSON here is not theirs.
  const { key } = specKey(spec)
  const print = printOf(spec)
  const known = find(print, key)
  if (known) return known
  return remember(print, { world: compileWorld(spec), key, spec: undefined })
}

/**
 * Compiles a spec that code built as a `WorldSpec` (every default written out, as the schema
 * would give it), skipping the schema's parse: for a family that writes its worlds itself the
 * parse costs more than the compile. The world shares the cache and the remembered plans of
 * `compileWorldCached`, so a spec compiled either way gets the same plans. A spec that is not
 * what the schema would give fails in the compiler or plays wrong: pass anything read from
 * outside (a file, a model) to `compileWorld`. The spec must not change once compiled: its
 * digest is written from it only when asked for (see `compiled`).
 */
export function compileBuiltWorld(spec: WorldSpec): CompiledWorld {
  if (limit === 0) return compileParsed(spec)
  const print = printOf(spec)
  if (compiled.get(print) === undefined)
    return remember(print, { world: compileParsed(spec), key: undefined, spec })
  const { key, actions } = specKey(spec)
  const known = find(print, key)
  if (known) return known
  return remember(print, { world: compileParsed(spec, actions), key, spec: undefined })
}

/** The world of `print` whose spec's digest is `key`, made the most recently used. */
function find(print: string, key: string): CompiledWorld | undefined {
  const same = compiled.get(print)
  if (same !== undefined) for (const entry of same) if (keyOf(entry) === key) return entry.world
  return undefined
}

function remember(print: string, entry: Cached): CompiledWorld {
  const same = compiled.get(print) ?? []
  if (same.length >= MAX_PER_PRINT) same.shift()
  same.push(entry)
  compiled.set(print, same)
  cachedOf.set(entry.world, entry)
  return entry.world
}

/** The digest of an entry's spec, written from the built spec the first time it is asked. */
function keyOf(entry: Cached): string {
  if (entry.key === undefined) {
    entry.key = specKey(entry.spec!).key
    entry.spec = undefined
  }
  return entry.key
}

/**
 * A few parts of a spec that two specs with the same JSON share (its id, step limit and how
 * many entities, facts and actions it has): specs of another print have another JSON, so the
 * digests need not be compared. Anything unusual prints alike, so it is compared by digest.
 */
function printOf(spec: WorldSpecInput | WorldSpec): string {
  const s = spec as Record<string, unknown>
  if (typeof s.toJSON === 'function') return ''
  const id = typeof s.id === 'string' ? s.id : ''
  const steps = typeof s.maxSteps === 'number' ? s.maxSteps : -1
  return `${id}\u0000${steps}\u0000${lengthOf(s.entities)}\u0000${lengthOf(s.facts)}\u0000${lengthOf(s.actions)}`
}

function lengthOf(list: unknown): number {
  return Array.isArray(list) ? list.length : -1
}

/**
 * The digest of a spec's JSON, in two parts: the spec with its actions left out (a
 * placeholder keeps their key's place), and each action, whose JSON the compiler uses again to
 * find it among actions compiled before (see `compileParsed`). Two specs get the same key
 * exactly when their JSON is the same. A frozen action is written once (a family that freezes
 * its actions deep-freezes them and shares them between its worlds: household worlds carry
 * the same 13 KB of them). The digest, not the text, is the key: a cache keyed by a 30 KB
 * string hashes and compares all of it.
 */
function specKey(spec: WorldSpecInput | WorldSpec): {
  key: string
  actions: string[] | undefined
} {
  const list: unknown = spec.actions
  if (!Array.isArray(list) || !Object.hasOwn(spec, 'actions'))
    return { key: textDigest(JSON.stringify(spec)), actions: undefined }
  const actions = list.map(actionJson)
  // JSON has no raw control characters: the separators cannot occur in what they separate.
  const rest = restJson(spec)
  return { key: textDigest(`${rest}\u0000${actions.join('\u0001')}`), actions }
}

/**
 * `JSON.stringify({ ...spec, actions: 0 })`, the same text written part by part, so that a
 * frozen part is written once (see `frozenJson`): families share their frozen observations,
 * predicates and rules between worlds, and writing them out again cost more than the digest.
 */
function restJson(spec: object): string {
  let out = '{'
  for (const name of Object.keys(spec)) {
    const json = name === 'actions' ? '0' : frozenJson((spec as Record<string, unknown>)[name])
    // What JSON leaves out (undefined, functions) has no JSON of its own.
    if (json === undefined) continue
    out += `${out.length > 1 ? ',' : ''}${JSON.stringify(name)}:${json}`
  }
  return `${out}}`
}

function actionJson(action: unknown): string {
  return frozenJson(action) ?? 'null'
}

/** JSON of frozen parts by object: a frozen part is deeply frozen (see `deepFreeze`). */
const frozenParts = new WeakMap<object, string>()

/** `JSON.stringify(value)`, kept for a frozen object. */
function frozenJson(value: unknown): string | undefined {
  const frozen = typeof value === 'object' && value !== null && Object.isFrozen(value)
  if (!frozen) return JSON.stringify(value)
  let json = frozenParts.get(value)
  if (json === undefined) {
    json = JSON.stringify(value)
    frozenParts.set(value, json)
  }
  return json
}

/**
 * Solved plans by spec digest, start state and options, least recently used first out, each
 * packed into one string (the nodes expanded, then `packPlan`): as arrays of objects a plan took some 3 KiB, packed a
 * third of that, and 16,384 of them were a worker's largest cache. Fewer would not do: in a
 * 64,000-trajectory run a worker draws a household task again some 12,000 plans later (2,000
 * tasks, six families, generated worlds that never repeat in between).
 */
const MAX_SPEC_PLANS = 16_384
const plansBySpec = new LRUCache<string, string>({ max: MAX_SPEC_PLANS })

/** Plans of worlds compiled outside the cache (perturbed ones), by start state and options. */
const plans = new WeakMap<CompiledWorld, LRUCache<string, PlanResult>>()
const PLANS_PER_WORLD = 32

/**
 * `plan` is a function of the world, the start state (with its step count) and the options,
 * so its answer is kept and handed to every environment of the same world that asks again:
 * a task drawn twice is searched once. Only solved plans are kept (a budget answer may depend
 * on the clock).
 */
export function rememberedPlan(
  world: CompiledWorld,
  key: string,
  search: () => PlanResult,
): PlanResult {
  // Plans are kept by the digest of the spec a cached world was compiled from, so they
  // outlive the compiled world (a synthesis run draws a household task again thousands of
  // slots later, long after its compiled world left the cache above).
  const cached = cachedOf.get(world)
  if (cached !== undefined && limit > 0)
    return rememberedBySpec(`${keyOf(cached)}|${textDigest(key)}`, search)
  let byState = plans.get(world)
  if (!byState) {
    byState = new LRUCache({ max: PLANS_PER_WORLD })
    plans.set(world, byState)
  }
  const known = byState.get(key)
  if (known) return known
  const result = search()
  if (result.status === 'solved') byState.set(key, result)
  return result
}

function rememberedBySpec(key: string, search: () => PlanResult): PlanResult {
  const known = plansBySpec.get(key)
  if (known !== undefined) {
    // The nodes expanded, a space, then the packed steps.
    const space = known.indexOf(' ')
    const expanded = Number(known.slice(0, space))
    return { status: 'solved', ...unpackPlan(known.slice(space + 1)), expanded }
  }
  const result = search()
  if (result.status === 'solved') {
    const packed = packPlan(result)
    if (packed !== undefined) plansBySpec.set(key, `${result.expanded} ${packed}`)
  }
  return result
}
