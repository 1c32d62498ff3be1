import type { Condition, Param, Text, TextPart } from '@refinery/world'

/** Small builders for WorldSpec conditions and texts, so the schemas read like sentences. */

export const param = (name: string, type: string): Param => ({ name, type })
export const fact = (...atom: string[]): Condition => ({ fact: atom })
export const not = (condition: Condition): Condition => ({ not: condition })
export const all = (...conditions: Condition[]): Condition => ({ all: conditions })
export const any = (...conditions: Condition[]): Condition => ({ any: conditions })
export const is = (term: string, type: string): Condition => ({ is: [term, type] })
export const eq = (a: string, b: string): Condition => ({ eq: [a, b] })
export const exists = (vars: Param[], where: Condition): Condition => ({ exists: { vars, where } })

/** `a, b, and c`; `empty` (default nothing) when there is none. */
export function list(
  vars: Param[],
  where: Condition,
  item: string,
  join: 'and' | 'comma' | 'lines' = 'and',
  empty = '',
): TextPart {
  return { list: { vars, where, item, join, empty } }
}

/**
 * Conditional text, `{ if, then, else }`. Its `then` is the WorldSpec language's branch, not
 * a promise; this is the one place that writes it.
 */
export function branch(
  condition: Condition,
  yes: Text | TextPart,
  otherwise?: Text | TextPart,
): TextPart {
  const then = text(yes)
  return otherwise === undefined
    ? { if: condition, then }
    : { if: condition, then, else: text(otherwise) }
}

/** A text from one part. */
export function text(part: Text | TextPart): Text {
  return typeof part === 'string' || Array.isArray(part) ? part : [part]
}

/** A part from a text (an array becomes an unconditional branch). */
export function part(t: Text): TextPart {
  if (!Array.isArray(t)) return t
  const then = t
  return { if: { all: [] }, then }
}

/** The room the player is in is lit. */
export const litHere: Condition = exists(
  [param('lr', 'room')],
  all(fact('at', '?lr'), fact('lit', '?lr')),
)

/** The player is in a dark room with no light. */
export const darkHere: Condition = not(litHere)

/** Something is held. */
export const carrying: Condition = exists([param('hx', 'item')], fact('held', '?hx'))
