import { compileCond } from '../engine/conditions'
import { type Lookups, type Resolver, Scope } from '../engine/resolve'
import { type State, specError } from '../engine/state'
import type { Text, TextPart } from '../spec'
import { capitalize, formatNumber, joinItems, parseTemplate } from './template'

/** How lists are ordered: by display name (seed -1) or by a seeded permutation. */
export interface RenderContext {
  readonly seed: number
  readonly shuffle: (n: number, seed: number) => number[]
}

export const DEFAULT_RENDER: RenderContext = {
  seed: -1,
  shuffle: (n) => Array.from({ length: n }, (_, i) => i),
}

/** A compiled text: renders against a state and a variable environment. */
export type CText = (st: State, env: Int32Array, rc: RenderContext) => string

const EMPTY: CText = () => ''

/**
 * How a frozen part is compiled where the caller shares them: `compile` compiles it in the
 * scope it is given.
 */
export type FrozenPartCompiler = (part: object, compile: (scope: Scope) => CText) => CText

/**
 * Compiles a Text of the spec; slots and conditions resolve in `scope`. `frozenPart`, when
 * given, compiles the parts that are frozen objects (see `FrozenPartCompiler`).
 */
export function compileText(
  text: Text,
  resolver: Resolver,
  scope: Scope,
  path: string,
  frozenPart?: FrozenPartCompiler,
): CText {
  if (typeof text === 'string') return compileTemplate(text, resolver, scope, path)
  // A text holding a shared frozen part compiles through `frozenPart`, which shares it across
  // worlds (more than a closed text's once per world).
  const sharesParts =
    frozenPart !== undefined &&
    text.some((part) => typeof part === 'object' && Object.isFrozen(part))
  return (
    (sharesParts ? null : closedText(text, resolver, scope, true)) ??
    compileParts(text, resolver, scope, path, frozenPart)
  )
}

/** A text inside another: compiled on its own only when a whole text compiled it so before. */
function compileInner(text: Text, resolver: Resolver, scope: Scope, path: string): CText {
  if (typeof text === 'string') return compileTemplate(text, resolver, scope, path)
  return closedText(text, resolver, scope, false) ?? compileParts(text, resolver, scope, path)
}

/** A text compiled on its own, and the names it looked up (none names a variable outside it). */
interface ClosedText {
  readonly text: CText
  readonly names: readonly string[]
  readonly reads: Lookups
}

/**
 * A text that names no variable of its scope means the same in every such scope: a world
 * shows its room description after `look`, after `go` and when a lamp comes on, and it is
 * compiled once, in a scope of its own, for all of them. It renders with an environment of
 * its own too, since its variables' slots are not those the scope would have given them.
 * Null when the text names a variable of `scope` (or does not compile on its own).
 */
function closedText(
  text: readonly TextPart[],
  resolver: Resolver,
  scope: Scope,
  make: boolean,
): CText | null {
  const memo = resolver.closedTexts
  if (memo === null) return null
  let known = memo.get(text) as ClosedText | null | undefined
  if (known === undefined) {
    if (!make) return null
    // Any string of the text that could name a variable of the scope rules it out at once.
    if (mentionsVariable(text, scope)) return null
    known = compileClosed(text, resolver)
    memo.set(text, known)
  }
  if (known === null) return null
  for (const name of known.names) if (scope.get(name) !== undefined) return null
  if (resolver.reads !== null) for (const r of known.reads) resolver.reads.push(r)
  return known.text
}

function compileClosed(text: readonly TextPart[], resolver: Resolver): ClosedText | null {
  const names: string[] = []
  const reads: Lookups = []
  const outer = resolver.reads
  resolver.reads = reads
  const scope = Scope.recording(names)
  let inner: CText
  try {
    inner = compileParts(text, resolver, scope, 'text')
  } catch {
    // Compiled again in its scope, where the error gets its path (and its lookups recorded).
    return null
  } finally {
    resolver.reads = outer
  }
  const size = scope.size
  if (size === 0) return { text: inner, names: [...new Set(names)], reads }
  // Renders of a text never nest, so one environment serves them all.
  const env = new Int32Array(size)
  return { text: (st, _env, rc) => inner(st, env, rc), names: [...new Set(names)], reads }
}

/** Whether some string in a spec value is `?name` or a template slot naming a variable of scope. */
function mentionsVariable(value: unknown, scope: Scope): boolean {
  if (typeof value === 'string') {
    if (value.startsWith('?')) return scope.get(value.slice(1)) !== undefined
    if (!value.includes('{')) return false
    const parsed = parseTemplate(value)
    if (!parsed.ok) return false
    for (const piece of parsed.pieces)
      if (piece.kind === 'slot' && scope.get(piece.name) !== undefined) return true
    return false
  }
  if (Array.isArray(value)) {
    for (const v of value) if (mentionsVariable(v, scope)) return true
    return false
  }
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) if (mentionsVariable(v, scope)) return true
  }
  return false
}

function compileParts(
  text: readonly TextPart[],
  resolver: Resolver,
  scope: Scope,
  path: string,
  frozenPart?: FrozenPartCompiler,
): CText {
  const parts = text.map((part, i) =>
    frozenPart !== undefined && typeof part === 'object' && Object.isFrozen(part)
      ? frozenPart(part, (within) => compilePart(part, resolver, within, `${path}[${i}]`))
      : compilePart(part, resolver, scope, `${path}[${i}]`),
  )
  if (parts.length === 0) return EMPTY
  if (parts.length === 1) return parts[0]!
  return (st, env, rc) => {
    let out = ''
    for (let i = 0; i < parts.length; i++) out += parts[i]!(st, env, rc)
    return out
  }
}

function compilePart(part: TextPart, resolver: Resolver, scope: Scope, path: string): CText {
  if (typeof part === 'string') return compileTemplate(part, resolver, scope, path)
  if ('if' in part) {
    const cond = compileCond(resolver.cond(part.if, scope, `${path}.if`))
    const then = compileInner(part.then, resolver, scope, `${path}.then`)
    const otherwise =
      part.else === undefined ? EMPTY : compileInner(part.else, resolver, scope, `${path}.else`)
    return (st, env, rc) => (cond(st, env) ? then(st, env, rc) : otherwise(st, env, rc))
  }
  const list = part.list
  const bound = resolver.bind(list.vars, scope, `${path}.list.vars`)
  const where = compileCond(resolver.cond(list.where, bound.scope, `${path}.list.where`))
  const item = compileTemplate(
    list.item ?? `{a ${list.vars[0]!.name}}`,
    resolver,
    bound.scope,
    `${path}.list.item`,
  )
  const empty = compileTemplate(list.empty ?? 'nothing', resolver, scope, `${path}.list.empty`)
  const join = list.join ?? 'and'
  const slots = bound.vars.map((v) => v.slot)
  const types = bound.vars.map((v) => v.type)
  const width = slots.length
  if (width === 1) return singleList(slots[0]!, types[0]!, where, item, empty, join)
  return (st, env, rc) => {
    // Collect satisfying bindings as flat tuples, then sort them by entity rank.
    const tuples: number[] = []
    const rec = (depth: number): void => {
      if (depth === width) {
        if (where(st, env)) for (let i = 0; i < width; i++) tuples.push(env[slots[i]!]!)
        return
      }
      const dom = st.ents.domain(types[depth]!)
      for (let i = 0; i < dom.length; i++) {
        env[slots[depth]!] = dom[i]!
        rec(depth + 1)
      }
    }
    rec(0)
    const count = tuples.length / width
    if (count === 0) return empty(st, env, rc)
    const rank = st.ents.rank(rc.seed, rc.shuffle)
    const order = Array.from({ length: count }, (_, i) => i)
    if (count > 1) {
      order.sort((a, b) => {
        for (let i = 0; i < width; i++) {
          const d = rank[tuples[a * width + i]!]! - rank[tuples[b * width + i]!]!
          if (d !== 0) return d
        }
        return 0
      })
    }
    const items: string[] = new Array(count)
    for (let k = 0; k < count; k++) {
      const t = order[k]!
      for (let i = 0; i < width; i++) env[slots[i]!] = tuples[t * width + i]!
      items[k] = item(st, env, rc)
    }
    return joinItems(items, join)
  }
}

/** Compiles one template string with `{x}`, `{a x}`, `{the x}`, `{x.attr}` slots. */
export function compileTemplate(
  template: string,
  resolver: Resolver,
  scope: Scope,
  path: string,
): CText {
  const parsed = parseTemplate(template)
  if (!parsed.ok) {
    throw specError(
      `Text slot '${parsed.slot}' does not parse.`,
      path,
      'Write {x}, {a x}, {the x} or {x.attr}, where x is a variable or entity id.',
    )
  }
  const fns: CText[] = parsed.pieces.map((piece) => {
    if (piece.kind === 'literal') {
      const text = piece.text
      return () => text
    }
    const v = scope.get(piece.name)
    const constant = v ? -1 : (resolver.entity(piece.name) ?? -2)
    if (constant === -2) {
      throw specError(
        `Text slot {${piece.name}} is not a variable in scope.`,
        path,
        'Use a parameter or a bound variable of this text, or an entity id.',
      )
    }
    const slot = v ? v.slot : -1
    const entity = slot >= 0 ? (env: Int32Array) => env[slot]! : () => constant
    const cap = piece.capital ? capitalize : (s: string) => s
    switch (piece.form) {
      case 'name':
        return (st, env) => cap(st.ents.list[entity(env)]?.display ?? 'something')
      case 'a':
        return (st, env) => {
          const info = st.ents.list[entity(env)]
          return cap(
            info ? (info.article ? `${info.article} ${info.display}` : info.display) : 'something',
          )
        }
      case 'the':
        return (st, env) => cap(`the ${st.ents.list[entity(env)]?.display ?? 'something'}`)
      default: {
        const attr = resolver.attribute(piece.attr!, path)
        return (st, env) => formatNumber(st.attr(entity(env), attr))
      }
    }
  })
  if (fns.length === 0) return EMPTY
  if (fns.length === 1) return fns[0]!
  return (st, env, rc) => {
    let out = ''
    for (let i = 0; i < fns.length; i++) out += fns[i]!(st, env, rc)
    return out
  }
}

/** The common one-variable list, without per-call closures or tuple arrays. */
function singleList(
  slot: number,
  type: number,
  where: (st: State, env: Int32Array) => boolean,
  item: CText,
  empty: CText,
  join: 'and' | 'comma' | 'lines',
): CText {
  // Scratch reused across calls: a list's item and where cannot render another list.
  let found = new Int32Array(16)
  return (st, env, rc) => {
    const dom = st.ents.domain(type)
    if (found.length < dom.length) found = new Int32Array(dom.length)
    let count = 0
    for (let i = 0; i < dom.length; i++) {
      env[slot] = dom[i]!
      if (where(st, env)) found[count++] = dom[i]!
    }
    if (count === 0) return empty(st, env, rc)
    if (count > 1) {
      // Insertion sort by rank: lists are short.
      const rank = st.ents.rank(rc.seed, rc.shuffle)
      for (let i = 1; i < count; i++) {
        const e = found[i]!
        const r = rank[e]!
        let j = i - 1
        while (j >= 0 && rank[found[j]!]! > r) {
          found[j + 1] = found[j]!
          j--
        }
        found[j + 1] = e
      }
    }
    const sep = join === 'lines' ? '\n' : ', '
    let out = ''
    for (let k = 0; k < count; k++) {
      env[slot] = found[k]!
      const text = item(st, env, rc)
      if (k === 0) out = text
      else if (join === 'and' && k === count - 1) out += `, and ${text}`
      else out += sep + text
    }
    return out
  }
}
