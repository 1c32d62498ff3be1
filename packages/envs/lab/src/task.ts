import type { Condition, WorldSpec } from '@refinery/world'
import type { FocusRule } from './actions'
import type { WorldBuilder } from './builder'
import type { Room } from './catalog'

type Subgoal = WorldSpec['goal']['subgoals'][number]

/**
 * How the oracle reaches the goal: plan to a condition, wait until one holds, or look at a
 * thing (to read a stopwatch or see a plant's trait: it changes nothing, but an expert reads
 * the result before answering).
 */
export type Stage = { reach: Condition } | { wait: Condition } | { look: string }

/** What a task kind adds to a world: its goal, what may be focused on, the oracle's stages. */
export interface TaskGoal {
  instruction: string
  success: Condition
  subgoals: Subgoal[]
  focus: FocusRule
  fail: Condition[]
  stages: Stage[]
  /** The Mendelian trait a genetics world shows on its plants (see `LabView`). */
  trait?: TraitShown
  /**
   * The actions the oracle plans with (all by default). Fewer make each search cheaper in a
   * world full of things: the planner grounds every action over every thing first.
   */
  planWith?: readonly string[]
}

/** What a genetics world's plants show: a trait's values and when they show. */
export interface TraitShown {
  dominant: string
  recessive: string
  shows: 'seed' | 'adult' | 'reproducing'
  phrase: string
}

export interface KindDef {
  id: string
  /** How many variations the kind has; test tasks use variations 0, 1 and 2. */
  variations: number
  build(b: WorldBuilder, variation: number): TaskGoal
}

/** Pairs [later, earlier] of a focus order. */
export const ord = (...ids: string[]): Array<readonly [string, string]> =>
  ids.slice(1).map((id, i) => [id, ids[i]!] as const)

export const sg = (id: string, when: Condition, after?: string[], optional?: true): Subgoal => ({
  id,
  when,
  ...(after ? { after } : {}),
  ...(optional ? { optional } : {}),
})

/** A coloured answer box, a container that can be carried. */
export function box(b: WorldBuilder, colour: string, room: Room): string {
  return b.add(`${colour}_box`, `${colour} box`, b.spot(room), { roles: ['container', 'portable'] })
}
