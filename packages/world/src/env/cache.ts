import { textDigest } from '@refinery/core'
import { LRUCache } from 'lru-cache'
import { compileParsed, compileWorld } from '../engine/compile'
import type { CompiledWorld } from '../engine/world'
import type { PlanResult } from '../planner/plan'
import type { WorldSpec, WorldSpecInput } from '../spec'
import { packPlan, unpackPlan } from './packed-plan'

let limit = 32

/**
 * Compiled worlds by spec, least recently used first out. A synthesis run plays the same task
 * many times (an episode, its replay, later slots that draw the task again), and compiling a
 * household world costs far more than writing its spec as JSON, whose digest is the key (see
 * `specKey`): two specs with the same JSON compile to the same world. Compiled worlds are
 * immutable, so environments share them.
 */
let compiled = new LRUCache<string, CompiledWorld>({ max: limit })

/** How many compiled worlds to keep (default 32; 0 turns the cache off). */
export function setWorldCacheLimit(worlds: number): void {
  limit = Math.max(0, Math.floor(worlds))
  // The newest worlds stay, as many as the new limit holds.
  const kept = [...compiled.entries()].slice(0, limit).reverse()
  compiled = new LRUCache({ max: Math.max(1, limit) })
  for (const [key, world] of kept) compiled.set(key, world)
}

/** `compileWorld`, reusing a world compiled from the same spec. */
export function compileWorldCached(spec: WorldSpecInput | WorldSpec): CompiledWorld {
  if (limit === 0) return compileWorld(spec)
  // The parse writes the actions anew (defaults filled in): their JSON here is not theirs.
  return cachedWorld(spec, (input) => compileWorld(input))
}

/**
 * Compiles a spec that code built as a `WorldSpec` (every default written out, as the schema
 * would give it), skipping the schema's parse: for a family that writes its worlds itself the
 * parse costs more than the compile. The world shares the cache and the remembered plans of
 * `compileWorldCached`, so a spec compiled either way gets the same plans. A spec that is not
 * what the schema would give fails in the compiler or plays wrong: pass anything read from
 * outside (a file, a model) to `compileWorld`.
 */
export function compileBuiltWorld(spec: WorldSpec): CompiledWorld {
  if (limit === 0) return compileParsed(spec)
  return cachedWorld(spec, (built, actions) => compileParsed(built, actions))
}

function cachedWorld<S extends WorldSpecInput | WorldSpec>(
  spec: S,
  compile: (spec: S, actionJson: readonly string[] | undefined) => CompiledWorld,
): CompiledWorld {
  const { key, actions } = specKey(spec)
  const known = compiled.get(key)
  if (known) return known
  const world = compile(spec, actions)
  specKeys.set(world, key)
  compiled.set(key, world)
  return world
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
 * The digest of the spec a cached world was compiled from: plans are kept by it, so they
 * outlive the compiled world (a synthesis run draws a household task again thousands of
 * slots later, long after its compiled world left the cache above).
 */
const specKeys = new WeakMap<CompiledWorld, string>()

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
  const spec = specKeys.get(world)
  if (spec !== undefined && limit > 0) return rememberedBySpec(`${spec}|${textDigest(key)}`, search)
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
