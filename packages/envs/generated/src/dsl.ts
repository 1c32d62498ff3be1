import type { Condition, Param, Text, TextPart, WorldSpecInput } from '@refinery/world'

/** Small builders for WorldSpec conditions and texts, so mechanics read like sentences. */

export type Action = WorldSpecInput['actions'][number]
export type Check = NonNullable<Action['checks']>[number]
export type Effect = NonNullable<Action['effects']>[number]
export type FailStatus = 'precondition_failed' | 'no_effect' | 'invalid_argument'

export const param = (name: string, type: string): Param => ({ name, type })
export const fact = (...atom: string[]): Condition => ({ fact: atom })
export const not = (condition: Condition): Condition => ({ not: condition })
export const all = (...conditions: Condition[]): Condition => ({ all: conditions })
export const any = (...conditions: Condition[]): Condition => ({ any: conditions })
export const exists = (vars: Param[], where: Condition): Condition => ({ exists: { vars, where } })
export const forall = (vars: Param[], where: Condition): Condition => ({ forall: { vars, where } })

export function check(
  require: Condition,
  fail: Text,
  status: FailStatus = 'precondition_failed',
  place?: true,
): Check {
  return place ? { require, fail, status, place } : { require, fail, status }
}

export function list(
  vars: Param[],
  where: Condition,
  item?: string,
  join: 'and' | 'comma' | 'lines' = 'and',
  empty?: string,
): TextPart {
  return {
    // Keys in the schema's order: the spec is used as built, without a parse (see generate).
    list: {
      vars,
      where,
      ...(item === undefined ? {} : { item }),
      ...(empty === undefined ? {} : { empty }),
      join,
    },
  }
}

/** Conditional text; its `then` is the WorldSpec language's branch, not a promise. */
export function branch(condition: Condition, then: Text, otherwise?: Text): TextPart {
  return otherwise === undefined
    ? { if: condition, then }
    : { if: condition, then, else: otherwise }
}

/** `{ forall x where … do … }` effect. */
export function each(vars: Param[], where: Condition, effects: Effect[]): Effect {
  return { forall: { vars, where, do: effects } }
}

/** `a`, `a and b`, `a, b, and c`. */
export function joinAnd(items: readonly string[]): string {
  if (items.length <= 2) return items.join(' and ')
  return `${items.slice(0, -1).join(', ')}, and ${items.at(-1)}`
}

export const articleFor = (name: string): string => (/^[aeiou]/i.test(name) ? 'an' : 'a')

/** A plural good enough for the nouns of the themes. */
export function plural(noun: string): string {
  const words = noun.split(' ')
  const ofAt = words.indexOf('of')
  const head = ofAt > 0 ? ofAt - 1 : words.length - 1
  const w = words[head]!
  words[head] = /(s|x|ch|sh)$/.test(w)
    ? `${w}es`
    : /[^aeiou]y$/.test(w)
      ? `${w.slice(0, -1)}ies`
      : `${w}s`
  return words.join(' ')
}
