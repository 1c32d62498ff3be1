import { WORLD_LIMITS } from '../limits'
import type { WorldSpec } from '../spec'
import type { ValidationIssue } from './issues'

const ROOT_TYPE = 'object'

/**
 * The documented caps (WORLD_LIMITS) a spec must keep before anything walks its types or
 * evaluates its quantifiers: type-chain depth, parameters per action, variables per
 * quantifier and the bindings a quantifier ranges over. Linear in the size of the spec.
 */
export function checkLimits(spec: WorldSpec): ValidationIssue[] {
  const issues: ValidationIssue[] = []
  const depths = typeDepths(spec)
  spec.types.forEach((t, i) => {
    if ((depths.get(t.name) ?? 0) > WORLD_LIMITS.maxTypeDepth)
      issues.push(
        limit(
          `types[${i}]`,
          `The type '${t.name}' sits more than ${WORLD_LIMITS.maxTypeDepth} levels under 'object'.`,
          'Flatten the type hierarchy.',
        ),
      )
  })
  if (issues.length > 0) return issues.slice(0, 1)
  spec.actions.forEach((a, i) => {
    if (a.params.length > WORLD_LIMITS.maxActionParams)
      issues.push(
        limit(
          `actions[${i}].params`,
          `The action '${a.name}' has ${a.params.length} parameters; at most ${WORLD_LIMITS.maxActionParams} are allowed.`,
          'Split the action, or fold parameters into facts.',
        ),
      )
  })
  const sizes = domainSizes(spec, depths)
  walkSpec(spec, (at, vars, outer) => {
    if (vars.length > WORLD_LIMITS.maxQuantifiedVars) {
      issues.push(
        limit(
          `${pathText(at)}.vars`,
          `A quantifier over ${vars.length} variables; at most ${WORLD_LIMITS.maxQuantifiedVars} are allowed.`,
          'Quantify over fewer variables.',
        ),
      )
      return Number.POSITIVE_INFINITY
    }
    let bindings = outer
    for (const v of vars) bindings *= sizes.get(v.type) ?? 0
    if (bindings > WORLD_LIMITS.maxQuantifierBindings)
      issues.push(
        limit(
          `${pathText(at)}.vars`,
          `This quantifier ranges over ${bindings.toPrecision(3)} bindings; at most ${WORLD_LIMITS.maxQuantifierBindings} are allowed.`,
          'Quantify over fewer variables or narrower types.',
        ),
      )
    return bindings
  })
  return issues.slice(0, 20)
}

function limit(path: string, message: string, hint: string): ValidationIssue {
  return { path, message, hint, code: 'limit' }
}

/** Levels under `object` of every declared type; a cycle or unknown parent stops the count. */
function typeDepths(spec: WorldSpec): Map<string, number> {
  const parent = new Map<string, string | undefined>()
  for (const t of spec.types) if (!parent.has(t.name)) parent.set(t.name, t.parent)
  const depth = new Map<string, number>([[ROOT_TYPE, 0]])
  for (const t of spec.types) {
    const chain: string[] = []
    const onChain = new Set<string>()
    let cur: string | undefined = t.name
    while (cur !== undefined && !depth.has(cur) && !onChain.has(cur) && parent.has(cur)) {
      chain.push(cur)
      onChain.add(cur)
      cur = parent.get(cur) ?? ROOT_TYPE
    }
    let d = cur !== undefined ? (depth.get(cur) ?? 0) : 0
    for (let i = chain.length - 1; i >= 0; i--) depth.set(chain[i]!, ++d)
  }
  return depth
}

/** Entities of each type, subtypes included. */
function domainSizes(spec: WorldSpec, depths: Map<string, number>): Map<string, number> {
  const parent = new Map<string, string | undefined>()
  for (const t of spec.types) if (!parent.has(t.name)) parent.set(t.name, t.parent)
  const sizes = new Map<string, number>()
  for (const e of spec.entities) {
    let cur: string | undefined = e.type
    // The depth check above bounds this walk; the step count guards against cycles.
    for (let steps = 0; cur !== undefined && steps <= WORLD_LIMITS.maxTypeDepth + 1; steps++) {
      sizes.set(cur, (sizes.get(cur) ?? 0) + 1)
      if (cur === ROOT_TYPE) break
      cur = depths.has(cur) ? (parent.get(cur) ?? ROOT_TYPE) : undefined
    }
  }
  if (!sizes.has(ROOT_TYPE)) sizes.set(ROOT_TYPE, spec.entities.length)
  return sizes
}

type Visit = (path: PathLink, vars: readonly { type: string }[], outer: number) => number

/** A JSON path as links to its parent, written out only when an issue needs it. */
type PathLink = { readonly up: PathLink; readonly key: string | number } | null

function pathText(link: PathLink): string {
  const keys: (string | number)[] = []
  for (let at = link; at !== null; at = at.up) keys.push(at.key)
  let out = ''
  for (let i = keys.length - 1; i >= 0; i--) {
    const key = keys[i]!
    out = typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${key}` : key
  }
  return out
}

/**
 * Parts of a spec whose shape holds no quantifier (names, string atoms, numbers): the walk
 * leaves them out, and with them most of a world's JSON (its entities and facts).
 */
const NO_QUANTIFIERS = new Set(['types', 'entities', 'predicates', 'attributes', 'facts'])

/** `walkQuantifiers` over a whole spec: the visits are the same, in the same order. */
function walkSpec(spec: WorldSpec, visit: Visit): void {
  for (const key of Object.keys(spec)) {
    if (NO_QUANTIFIERS.has(key)) continue
    const item: unknown = (spec as unknown as Record<string, unknown>)[key]
    walkQuantifiers({ [key]: item }, null, 1, visit)
  }
}

/**
 * The visits of `walkQuantifiers` inside a frozen part (deeply frozen, as a family that
 * shares its action specs, rules and views makes them), with its quantifiers found once
 * (see `collectQuantifiers`) for every world that holds the part.
 */
function walkFrozen(value: object, at: PathLink, outer: number, visit: Visit): void {
  let nodes = quantifierCache.get(value)
  if (nodes === undefined) {
    nodes = []
    collectQuantifiers(value, [], -1, nodes)
    quantifierCache.set(value, nodes)
  }
  // A quantifier whose visit gave up (infinite bindings) hides every one inside it.
  const bindings: number[] = []
  for (const node of nodes) {
    const around = node.parent < 0 ? outer : bindings[node.parent]!
    if (!Number.isFinite(around)) {
      bindings.push(around)
      continue
    }
    let link = at
    for (const k of node.keys) link = { up: link, key: k }
    bindings.push(visit(link, node.vars, around))
  }
}

/** A quantifier of an action: where it sits, its variables, the quantifier around it. */
interface QuantifierNode {
  readonly keys: readonly (string | number)[]
  readonly vars: readonly { type: string }[]
  /** Index of the enclosing quantifier's node, or -1. */
  readonly parent: number
}

/** The quantifiers of frozen spec parts, in the order `walkQuantifiers` visits them. */
const quantifierCache = new WeakMap<object, QuantifierNode[]>()

/** `walkQuantifiers`' traversal, collecting its visits instead of making them. */
function collectQuantifiers(
  value: object,
  keys: readonly (string | number)[],
  parent: number,
  out: QuantifierNode[],
): void {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i]
      if (item !== null && typeof item === 'object')
        collectQuantifiers(item, [...keys, i], parent, out)
    }
    return
  }
  for (const key of Object.keys(value)) {
    const item: unknown = (value as Record<string, unknown>)[key]
    if (item === null || typeof item !== 'object') continue
    const here = [...keys, key]
    const vars = (item as { vars?: unknown }).vars
    if (isQuantifier(key, vars)) {
      out.push({ keys: here, vars, parent })
      collectQuantifiers(item, here, out.length - 1, out)
    } else collectQuantifiers(item, here, parent, out)
  }
}

function isQuantifier(key: string, vars: unknown): vars is { type: string }[] {
  return (key === 'exists' || key === 'forall' || key === 'list') && Array.isArray(vars)
}

/**
 * Calls `visit` for every `exists`, `forall` (condition or effect) and `list` node, with the
 * bindings of the quantifiers around it; the node's own bindings multiply those inside.
 */
function walkQuantifiers(value: unknown, path: PathLink, outer: number, visit: Visit): void {
  if (value === null || typeof value !== 'object') return
  if (Object.isFrozen(value)) {
    walkFrozen(value, path, outer, visit)
    return
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i]
      if (item !== null && typeof item === 'object')
        walkQuantifiers(item, { up: path, key: i }, outer, visit)
    }
    return
  }
  for (const key of Object.keys(value)) {
    const item: unknown = (value as Record<string, unknown>)[key]
    if (item === null || typeof item !== 'object') continue
    const here = { up: path, key }
    const vars = (item as { vars?: unknown }).vars
    if (isQuantifier(key, vars)) {
      const bindings = visit(here, vars, outer)
      if (Number.isFinite(bindings)) walkQuantifiers(item, here, bindings, visit)
    } else walkQuantifiers(item, here, outer, visit)
  }
}
