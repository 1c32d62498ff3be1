import type { SourcePos } from './sexpr'

/** A name with its PDDL type; `either` lists several, an untyped name is `object`. */
export interface PddlTypedName {
  name: string
  types: string[]
  at: SourcePos
}

export interface PddlAtom {
  predicate: string
  /** Variables keep their `?`; anything else is an object or constant name. */
  args: string[]
  at: SourcePos
}

export type PddlCondition =
  | { op: 'atom'; atom: PddlAtom }
  | { op: 'eq'; left: string; right: string; at: SourcePos }
  | { op: 'not'; arg: PddlCondition; at: SourcePos }
  | { op: 'and' | 'or'; args: PddlCondition[]; at: SourcePos }
  | { op: 'imply'; premise: PddlCondition; conclusion: PddlCondition; at: SourcePos }
  | { op: 'exists' | 'forall'; vars: PddlTypedName[]; body: PddlCondition; at: SourcePos }

export type PddlEffect =
  | { op: 'add' | 'del'; atom: PddlAtom }
  | { op: 'and'; effects: PddlEffect[]; at: SourcePos }
  | { op: 'when'; condition: PddlCondition; effect: PddlEffect; at: SourcePos }
  | { op: 'forall'; vars: PddlTypedName[]; effect: PddlEffect; at: SourcePos }

export interface PddlPredicate {
  name: string
  params: PddlTypedName[]
  at: SourcePos
}

export interface PddlAction {
  name: string
  parameters: PddlTypedName[]
  precondition?: PddlCondition
  effect?: PddlEffect
  at: SourcePos
}

export interface PddlTypeDecl {
  name: string
  /** `object` when the declaration gives none. */
  parent: string
  at: SourcePos
}

export interface PddlDomain {
  name: string
  requirements: string[]
  types: PddlTypeDecl[]
  constants: PddlTypedName[]
  predicates: PddlPredicate[]
  actions: PddlAction[]
  /** The file name used in messages. */
  file: string
}

export interface PddlProblem {
  name: string
  domain: string
  requirements: string[]
  objects: PddlTypedName[]
  init: PddlAtom[]
  goal: PddlCondition
  file: string
}
