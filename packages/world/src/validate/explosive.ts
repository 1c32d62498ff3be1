import { isUserError, RefineryError, type Rng, rngStream } from '@refinery/core'
import { importPddl } from '../pddl/convert'
import { plan } from '../planner'
import { validateWorldSpec } from './validate'

/**
 * Inputs that are small on disk but explode when grounded: many entities under a
 * multi-parameter action, hundreds of parameters, deep type chains, wide quantifiers, and
 * PDDL problems with thousands of objects or parameters. The fuzz script and the hostile
 * tests feed them in; each must be refused or answered within its budget, never by a heap
 * dump or a hang.
 */

export type ExplosiveCase =
  | { name: string; kind: 'spec'; spec: Record<string, unknown> }
  | { name: string; kind: 'pddl'; domain: string; problem: string }

const range = (n: number) => Array.from({ length: n }, (_, i) => i)

/** A one-room world of `items` things and the given action, goal and extra types. */
function world(
  id: string,
  items: number,
  actions: unknown[],
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    id,
    types: [{ name: 'thing' }],
    entities: range(items).map((i) => ({ id: `t${i}`, type: 'thing', name: 'thing', number: i })),
    predicates: [
      { name: 'done', params: [] },
      { name: 'marked', params: [{ name: 'x', type: 'thing' }] },
    ],
    actions,
    observations: { look: 'A room full of things.' },
    goal: { instruction: 'Finish.', success: { fact: ['done'] } },
    ...extra,
  }
}

/** An action over `params` things, finishing the world. */
function wideAction(params: number): Record<string, unknown> {
  return {
    name: 'touch',
    params: range(params).map((i) => ({ name: `p${i}`, type: 'thing' })),
    pattern: `touch ${range(params)
      .map((i) => `{p${i}}`)
      .join(' and ')}`,
    effects: [{ add: ['done'] }],
    message: 'Done.',
  }
}

/** A specs that grounds to `items`^`params` actions. */
export function manyEntitiesSpec(items: number, params = 2): ExplosiveCase {
  return {
    name: `spec: ${items} entities × ${params}-parameter action`,
    kind: 'spec',
    spec: world(`many-${items}`, items, [wideAction(params)]),
  }
}

export function manyParametersSpec(params: number, items = 4): ExplosiveCase {
  return {
    name: `spec: action with ${params} parameters`,
    kind: 'spec',
    spec: world(`params-${params}`, items, [wideAction(params)]),
  }
}

export function deepTypeChainSpec(depth: number): ExplosiveCase {
  const types = range(depth).map((i) =>
    i === 0 ? { name: 'k0' } : { name: `k${i}`, parent: `k${i - 1}` },
  )
  const spec = world(`types-${depth}`, 2, [wideAction(1)])
  spec.types = [{ name: 'thing', parent: `k${depth - 1}` }, ...types]
  return { name: `spec: type chain ${depth} deep`, kind: 'spec', spec }
}

/** A `forall` over `vars` variables in the goal, each ranging over `items` things. */
export function wideForallSpec(vars: number, items: number): ExplosiveCase {
  const quantified = {
    forall: {
      vars: range(vars).map((i) => ({ name: `v${i}`, type: 'thing' })),
      where: { fact: ['marked', '?v0'] },
    },
  }
  const spec = world(`forall-${vars}x${items}`, items, [wideAction(1)], {
    goal: { instruction: 'Mark everything.', success: { all: [{ fact: ['done'] }, quantified] } },
  })
  return { name: `spec: forall over ${vars} variables × ${items} things`, kind: 'spec', spec }
}

const BLOCKS_DOMAIN = `(define (domain blocks)
  (:requirements :strips)
  (:predicates (on ?x ?y) (ontable ?x) (clear ?x) (handempty) (holding ?x))
  (:action pick-up :parameters (?x)
    :precondition (and (clear ?x) (ontable ?x) (handempty))
    :effect (and (not (ontable ?x)) (not (clear ?x)) (not (handempty)) (holding ?x)))
  (:action put-down :parameters (?x)
    :precondition (holding ?x)
    :effect (and (not (holding ?x)) (clear ?x) (handempty) (ontable ?x)))
  (:action stack :parameters (?x ?y)
    :precondition (and (holding ?x) (clear ?y))
    :effect (and (not (holding ?x)) (not (clear ?y)) (clear ?x) (handempty) (on ?x ?y)))
  (:action unstack :parameters (?x ?y)
    :precondition (and (on ?x ?y) (clear ?x) (handempty))
    :effect (and (holding ?x) (clear ?y) (not (clear ?x)) (not (handempty)) (not (on ?x ?y)))))`

/** Blocksworld with `blocks` blocks on the table, to be stacked into one tower. */
export function manyBlocksPddl(blocks: number): ExplosiveCase {
  const names = range(blocks).map((i) => `b${i}`)
  const problem = `(define (problem tower-${blocks}) (:domain blocks)
  (:objects ${names.join(' ')})
  (:init (handempty) ${names.map((b) => `(ontable ${b}) (clear ${b})`).join(' ')})
  (:goal (and ${names
    .slice(1)
    .map((b, i) => `(on ${b} ${names[i]})`)
    .join(' ')})))`
  return {
    name: `pddl: blocksworld with ${blocks} blocks`,
    kind: 'pddl',
    domain: BLOCKS_DOMAIN,
    problem,
  }
}

/** A PDDL action with `params` parameters over a few objects. */
export function manyParametersPddl(params: number): ExplosiveCase {
  const vars = range(params).map((i) => `?p${i}`)
  const domain = `(define (domain wide) (:requirements :strips)
  (:predicates (done) (thing ?x))
  (:action touch :parameters (${vars.join(' ')})
    :precondition (and ${vars.map((v) => `(thing ${v})`).join(' ')})
    :effect (done)))`
  const problem = `(define (problem wide-1) (:domain wide)
  (:objects a b c)
  (:init (thing a) (thing b) (thing c))
  (:goal (done)))`
  return { name: `pddl: action with ${params} parameters`, kind: 'pddl', domain, problem }
}

/** The explosive cases at sizes that show each class; small on disk (a few MB at most). */
export function explosiveCases(): ExplosiveCase[] {
  return [
    manyEntitiesSpec(16_000, 2),
    manyEntitiesSpec(1_000, 3),
    manyParametersSpec(300),
    manyParametersSpec(16),
    deepTypeChainSpec(100_000),
    deepTypeChainSpec(1_000),
    wideForallSpec(6, 1_000),
    wideForallSpec(3, 300),
    manyBlocksPddl(2_000),
    manyBlocksPddl(300),
    manyParametersPddl(10_000),
    manyParametersPddl(20),
  ]
}

export interface ExplosiveSummary {
  cases: number
  seed: number
  /** Validated (and, for PDDL, planned or stopped by the planner's budget). */
  answered: number
  /** Refused with a path-bearing issue or a one-line error. */
  refused: number
  crashes: { case: number; name: string; error: string }[]
  /** The slowest case, in milliseconds. */
  slowestMs: number
  ms: number
}

/** Random sizes for each generator: mostly past a cap or a budget, some just under. */
function drawCase(rng: Rng): ExplosiveCase {
  switch (rng.int(0, 5)) {
    case 0:
      return manyEntitiesSpec(rng.int(50, 20_000), rng.int(2, 4))
    case 1:
      return manyParametersSpec(rng.int(4, 400), rng.int(2, 6))
    case 2:
      return deepTypeChainSpec(rng.int(2, 50_000))
    case 3:
      return wideForallSpec(rng.int(1, 8), rng.int(10, 2_000))
    case 4:
      return manyBlocksPddl(rng.int(10, 3_000))
    default:
      return manyParametersPddl(rng.int(2, 12_000))
  }
}

/**
 * Feeds generated inputs that are small on disk but large when grounded through import,
 * validation and planning, each under a small budget: each must be answered or refused with
 * a clear issue, never crash; the summary gives the slowest case so a hang shows.
 */
export function fuzzExplosive(options: {
  cases: number
  seed?: number
  planMs?: number
}): ExplosiveSummary {
  const seed = options.seed ?? 0
  const planMs = options.planMs ?? 2_000
  const summary: ExplosiveSummary = {
    cases: options.cases,
    seed,
    answered: 0,
    refused: 0,
    crashes: [],
    slowestMs: 0,
    ms: 0,
  }
  const started = performance.now()
  for (let i = 0; i < options.cases; i++) {
    const c = drawCase(rngStream(seed, 'fuzz-explosive', i))
    const t0 = performance.now()
    try {
      summary[runCase(c, planMs) ? 'answered' : 'refused']++
    } catch (error) {
      summary.crashes.push({
        case: i,
        name: c.name,
        error: (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).slice(
          0,
          300,
        ),
      })
    }
    summary.slowestMs = Math.max(summary.slowestMs, Math.round(performance.now() - t0))
  }
  summary.ms = Math.round(performance.now() - started)
  return summary
}

/** True when answered, false when refused properly; throws on anything else. */
function runCase(c: ExplosiveCase, planMs: number): boolean {
  let spec: unknown
  if (c.kind === 'spec') spec = c.spec
  else {
    try {
      spec = importPddl(c.domain, c.problem)
    } catch (error) {
      if (RefineryError.isInstance(error) && isUserError(error) && error.path) return false
      throw error
    }
  }
  const result = validateWorldSpec(spec, { planBudget: 20_000, planMs })
  if (!result.ok) {
    const bad = result.issues.find((issue) => !issue.path || issue.code === 'internal')
    if (bad) throw new Error(`bad issue: ${JSON.stringify(bad)}`)
    return false
  }
  plan(result.world, { maxNodes: 20_000, maxMs: planMs })
  return true
}
