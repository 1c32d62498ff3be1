import type { Condition, Effect, Param, Text, TextPart } from '@refinery/world'

/** Small builders for WorldSpec conditions, so schemas and goals read like sentences. */

export const param = (name: string, type: string): Param => ({ name, type })
export const fact = (...atom: string[]): Condition => ({ fact: atom })
export const not = (condition: Condition): Condition => ({ not: condition })
export const all = (...conditions: Condition[]): Condition => ({ all: conditions })
export const any = (...conditions: Condition[]): Condition => ({ any: conditions })
export const eq = (a: string, b: string): Condition => ({ eq: [a, b] })
export const exists = (vars: Param[], where: Condition): Condition => ({ exists: { vars, where } })
export const temp = (x: string) => ({ attr: ['temp', x] as [string, string] })
export const above = (x: string, attr: string, value: number): Condition => ({
  compare: [{ attr: [attr, x] }, '>=', value],
})
export const below = (x: string, attr: string, value: number): Condition => ({
  compare: [{ attr: [attr, x] }, '<', value],
})

/** Something is reachable inside container `c`: it has no lid, or its lid is open. */
export const reach = (c: string): Condition =>
  all(fact('container', c), any(not(fact('openable', c)), fact('opened', c)))

/**
 * A conditional effect, `{ when, then, else }`. Its `then` is the WorldSpec language's branch,
 * not a promise; this is the one place that writes it.
 */
export function when(condition: Condition, then: Effect[], otherwise?: Effect[]): Effect {
  return otherwise === undefined
    ? { when: condition, then }
    : { when: condition, then, else: otherwise }
}

/** Conditional text, `{ if, then, else }` (see `when`). */
export function branch(condition: Condition, then: Text, otherwise?: Text): TextPart {
  return otherwise === undefined
    ? { if: condition, then }
    : { if: condition, then, else: otherwise }
}
