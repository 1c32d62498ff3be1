import type { FailStatus, WorldSpec } from '../spec'
import type { CText } from '../text/compile'
import type { Deps, RCond, REffect, RVar } from './ast'
import type { Cond } from './conditions'
import type { CreateContext, Eff } from './effects'
import type { Symbols } from './resolve'
import type { EntityInfo } from './state'

export interface CompiledCheck {
  readonly cond: RCond
  readonly test: Cond
  readonly fail: CText
  readonly status: FailStatus
  readonly place: boolean
}

export interface CompiledAction {
  readonly index: number
  readonly name: string
  /** Params occupy environment slots 0..arity-1. */
  readonly params: readonly RVar[]
  readonly paramNames: readonly string[]
  readonly pattern: string
  /** The pattern cut at its slots: literal, then param index, literal, … */
  readonly pieces: readonly (string | number)[]
  readonly synonyms: readonly string[]
  readonly checks: readonly CompiledCheck[]
  /** All checks as one conjunction. */
  readonly pre: RCond
  readonly effects: readonly REffect[]
  readonly effect: Eff
  /** Paraphrase 0 is the message itself. */
  readonly messages: readonly CText[]
  readonly hidden: boolean
  readonly description: string | undefined
  readonly envSize: number
}

export interface CompiledProcess {
  readonly name: string
  readonly params: readonly RVar[]
  readonly when: RCond
  readonly test: Cond
  readonly effects: readonly REffect[]
  readonly effect: Eff
  readonly message: CText | null
  readonly envSize: number
}

export interface CompiledDerived {
  readonly pred: number
  readonly params: readonly RVar[]
  readonly when: RCond
  readonly test: Cond
  readonly envSize: number
}

export interface CompiledCondition {
  readonly cond: RCond
  readonly test: Cond
  readonly deps: Deps
  readonly envSize: number
}

export interface CompiledSubgoal extends CompiledCondition {
  readonly id: string
  readonly description: string | undefined
  readonly optional: boolean
  /** Indices of the subgoals that must be reached first. */
  readonly after: readonly number[]
}

export interface CompiledGoal {
  readonly instruction: string
  readonly success: CompiledCondition
  readonly subgoals: readonly CompiledSubgoal[]
  readonly fail: readonly (CompiledCondition & { readonly message: CText })[]
}

export interface CompiledTexts {
  readonly intro: CText | null
  readonly look: CText
  readonly inventory: CText | null
  readonly success: CText | null
  /** Per predicate: its sentence for a true fact, with params in slots 0..arity-1. */
  readonly facts: readonly (CText | null)[]
}

/** A world ready to run: every name resolved, every condition compiled. Immutable. */
export interface CompiledWorld extends Symbols {
  readonly kind: 'refinery.compiled-world'
  readonly spec: WorldSpec
  readonly id: string
  readonly entities: readonly EntityInfo[]
  readonly actions: readonly CompiledAction[]
  readonly actionIndex: ReadonlyMap<string, number>
  readonly processes: readonly CompiledProcess[]
  readonly derived: readonly CompiledDerived[]
  /** Predicates that only derived rules define. */
  readonly derivedPreds: ReadonlySet<number>
  /** Predicates the derived rules read (any change to them triggers a recomputation). */
  readonly derivedDeps: ReadonlySet<number>
  readonly derivedReadAttrs: boolean
  /** Predicates no effect can change and no rule derives. */
  readonly staticPreds: ReadonlySet<number>
  readonly goal: CompiledGoal
  readonly texts: CompiledTexts
  readonly meta: {
    readonly look: boolean
    readonly inventory: boolean
    readonly checkValidActions: boolean
    readonly help: boolean
  }
  readonly maxSteps: number | undefined
  /** Initial facts as [pred, ...entity indices]. */
  readonly initialFacts: readonly (readonly number[])[]
  /** Initial attribute values, entity-major (entity * attributes + attr). */
  readonly initialAttrs: Float64Array
  readonly createContext: CreateContext
  /** `subtype[t * types + u]` = 1 when u is t or descends from it. */
  readonly subtype: Uint8Array
  /** The largest variable environment any compiled unit needs. */
  readonly envSize: number
  /** Whether any effect creates or destroys entities. */
  readonly dynamicEntities: boolean
}

export function isCompiledWorld(value: unknown): value is CompiledWorld {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { kind?: unknown }).kind === 'refinery.compiled-world'
  )
}
