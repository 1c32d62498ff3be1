import { RefineryError } from '@refinery/core'
import type { CompiledWorld } from '../engine'
import { compileParsed } from '../engine/compile'
import { initialState, leaveInitialState } from '../engine/runtime'
import { plan } from '../planner'
import { WorldSpec } from '../spec'
import type { ValidationIssue } from './issues'
import { checkLimits } from './limits'
import { checkSemantics } from './semantic'
import { fromZodIssues } from './zod-issues'

export interface ValidateOptions {
  /** Planner node budget for the reachability check; default 200,000. */
  planBudget?: number
  /** Planner time budget in milliseconds; default 10,000. */
  planMs?: number
  /** Skip the reachability check (it is the slow part). */
  skipPlanning?: boolean
}

export type ValidationResult =
  | {
      ok: true
      spec: WorldSpec
      world: CompiledWorld
      /** A plan found by the reachability check, as action texts. */
      plan?: string[]
    }
  | { ok: false; issues: ValidationIssue[] }

export const DEFAULT_PLAN_BUDGET = 200_000
export const DEFAULT_PLAN_MS = 10_000
/** Deeper JSON than this is refused before the schema sees it. */
export const MAX_SPEC_DEPTH = 64

/**
 * Checks that a spec can be played: the schema (zod issues turned into JSON paths), then
 * names, arities, scopes and patterns, then that it compiles, that the goal is not already
 * met (nor failed) at the start, and, unless skipped, that the planner reaches it within
 * the budget. Never throws: whatever the input, the answer is a world or a list of issues.
 */
export function validateWorldSpec(input: unknown, options: ValidateOptions = {}): ValidationResult {
  try {
    return validate(input, options)
  } catch (error) {
    return { ok: false, issues: [internalIssue(error)] }
  }
}

function validate(input: unknown, options: ValidateOptions): ValidationResult {
  const deep = tooDeep(input, MAX_SPEC_DEPTH)
  if (deep)
    return fail(
      deep,
      `The spec nests deeper than ${MAX_SPEC_DEPTH} levels.`,
      'Flatten the structure: use all/any lists instead of nesting.',
      'schema',
    )
  const parsed = WorldSpec.safeParse(input, { reportInput: true })
  if (!parsed.success) return { ok: false, issues: fromZodIssues(parsed.error.issues).slice(0, 50) }
  return checkParsed(parsed.data, options)
}

/**
 * Every check of `validateWorldSpec` after the schema (caps, semantics, compilation, the
 * start state, planning) for a spec that code built as a parsed `WorldSpec`: defaults filled,
 * keys in the schema's order. The schema itself is not run, so the caller answers for it:
 * the generated-worlds family does, and its survey proves on every world it checks that the
 * schema accepts the spec and gives back the same bytes. Anything a person or a model wrote
 * goes through `validateWorldSpec`. Never throws.
 */
export function validateBuiltWorldSpec(
  spec: WorldSpec,
  options: ValidateOptions = {},
): ValidationResult {
  try {
    return checkParsed(spec, options)
  } catch (error) {
    return { ok: false, issues: [internalIssue(error)] }
  }
}

function checkParsed(spec: WorldSpec, options: ValidateOptions): ValidationResult {
  // The caps come before the checks that walk the type chain or evaluate quantifiers.
  const limits = checkLimits(spec)
  if (limits.length > 0) return { ok: false, issues: limits }
  const semantic = checkSemantics(spec)
  if (semantic.length > 0) return { ok: false, issues: semantic }

  let world: CompiledWorld
  try {
    world = compileParsed(spec)
  } catch (error) {
    if (RefineryError.isInstance(error)) {
      return fail(
        error.path || '$',
        error.message,
        error.hint ?? 'Fix the spec at this path.',
        error.code === 'invalid_spec' ? 'semantic' : 'internal',
      )
    }
    throw error
  }

  // The start state, tested as an engine's first evaluation would (without building one).
  const start = initialState(world)
  const env = new Int32Array(world.envSize)
  if (world.goal.success.test(start, env)) {
    return fail(
      'goal.success',
      'The goal already holds at the start, so there is nothing to do.',
      'Change the initial facts or the goal so that reaching it takes at least one action.',
      'goal_already_true',
    )
  }
  const failing = world.goal.fail.findIndex((f) => f.test(start, env))
  if (failing >= 0) {
    return fail(
      `goal.fail[${failing}].when`,
      'A fail condition already holds at the start, so the episode is lost before it begins.',
      'Change the initial facts or the fail condition.',
      'goal_unreachable',
    )
  }
  // The goal tests only read the state: the world's first engine may start from it.
  leaveInitialState(world, start)
  if (options.skipPlanning) return { ok: true, spec, world }

  const maxNodes = options.planBudget ?? DEFAULT_PLAN_BUDGET
  const result = plan(world, { maxNodes, maxMs: options.planMs ?? DEFAULT_PLAN_MS })
  if (result.status === 'solved') return { ok: true, spec, world, plan: result.actions }
  if (result.status === 'unsolvable') {
    return fail(
      'goal.success',
      `The goal cannot be reached from the start (the planner explored all ${result.expanded} reachable states).`,
      'Check the initial facts, the action checks and effects that the goal depends on.',
      'goal_unreachable',
    )
  }
  if (result.status === 'budget' && result.reason !== undefined)
    return fail('$', result.reason, 'Use fewer entities or action parameters.', 'limit')
  return fail(
    'goal.success',
    `The planner found no way to the goal within its budget (${result.expanded} states expanded).`,
    'Simplify the world (fewer entities or actions), or raise planBudget.',
    'plan_budget',
  )
}

function fail(
  path: string,
  message: string,
  hint: string,
  code: ValidationIssue['code'],
): ValidationResult {
  return { ok: false, issues: [{ path, message, hint, code }] }
}

function internalIssue(error: unknown): ValidationIssue {
  const message = error instanceof Error ? error.message : String(error)
  if (error instanceof RangeError && /call stack/i.test(message)) {
    return {
      path: '$',
      message: 'The spec is too deeply nested to check.',
      hint: 'Flatten the structure.',
      code: 'schema',
    }
  }
  return {
    path: RefineryError.isInstance(error) && error.path ? error.path : '$',
    message: `Internal error while checking the spec: ${message.replace(/\s*\n\s*/g, ' ')}`,
    hint: 'Please report this with the spec.',
    code: 'internal',
  }
}

/**
 * The path of the first place where `value` nests deeper than `limit`, or undefined.
 * Iterative, so no input can exhaust the stack; a cycle counts as too deep, while a value
 * shared by two branches (as built specs do) is fine.
 */
function tooDeep(value: unknown, limit: number): string | undefined {
  // A frame links to its parent, so the path is written out only for the answer.
  type Frame = { value: object; up: Frame | null; key: string | number; depth: number }
  if (value === null || typeof value !== 'object') return undefined
  const root: Frame = { value, up: null, key: '', depth: 0 }
  // A frame pushed a second time (`leave`) takes its value off the current path.
  const stack: { frame: Frame; leave: boolean }[] = [{ frame: root, leave: false }]
  const onPath = new Set<object>()
  while (stack.length > 0) {
    const { frame, leave } = stack.pop()!
    if (leave) {
      onPath.delete(frame.value)
      continue
    }
    if (frame.depth > limit || onPath.has(frame.value)) return framePath(frame) || '$'
    onPath.add(frame.value)
    stack.push({ frame, leave: true })
    const v = frame.value as Record<string | number, unknown>
    const keys: (string | number)[] = Array.isArray(v) ? Array.from(v.keys()) : Object.keys(v)
    for (const key of keys) {
      const item = v[key]
      if (item === null || typeof item !== 'object') continue
      stack.push({ frame: { value: item, up: frame, key, depth: frame.depth + 1 }, leave: false })
    }
  }
  return undefined
}

/** The JSON path of a frame of `tooDeep`. */
function framePath(frame: { up: unknown; key: string | number }): string {
  const keys: (string | number)[] = []
  for (let at = frame as typeof frame | null; at?.up; at = at.up as typeof frame | null)
    keys.push(at.key)
  let path = ''
  for (let i = keys.length - 1; i >= 0; i--) {
    const key = keys[i]!
    path =
      typeof key === 'number'
        ? `${path}[${key}]`
        : /^[A-Za-z_$][\w$-]*$/.test(key)
          ? path
            ? `${path}.${key}`
            : key
          : `${path}[${JSON.stringify(key)}]`
  }
  return path
}
