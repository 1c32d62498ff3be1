import type { Condition, Param, Text, TextPart } from '@refinery/world'

/** Small builders for WorldSpec conditions and texts, so the schemas read like sentences. */

export const param = (name: string, type: string): Param => ({ name, type })
export const fact = (...atom: string[]): Condition => ({ fact: atom })
export const not = (condition: Condition): Condition => ({ not: condition })
export const all = (...conditions: Condition[]): Condition => ({ all: conditions })
export const any = (...conditions: Condition[]): Condition => ({ any: conditions })
export const is = (term: string, type: string): Condition => ({ is: [term, type] })
export const exists = (vars: Param[], where: Condition): Condition => ({ exists: { vars, where } })

/** ALFWorld's list: `a mug 1, and a apple 2`, `nothing` when empty. */
export function list(vars: Param[], where: Condition, item?: string): TextPart {
  return { list: { vars, where, ...(item === undefined ? {} : { item }), join: 'and' } }
}

/** The things in/on receptacle `r` (a term such as `?r`). */
export const contents = (r: string): TextPart => list([param('c', 'item')], fact('in', '?c', r))

/**
 * Conditional text, `{ if, then, else }`. Its `then` is the WorldSpec language's branch, not
 * a promise; this is the one place that writes it.
 */
export function branch(condition: Condition, then: Text, otherwise?: Text): TextPart {
  return otherwise === undefined
    ? { if: condition, then }
    : { if: condition, then, else: otherwise }
}

/** A receptacle is reachable when it has no door or its door is open. */
export const reachable = (r: string): Condition => any(not(fact('openable', r)), fact('opened', r))

/** What you see at receptacle variable `v`: ALFWorld's three forms (surface, open, closed). */
export function receptacleView(v: string): TextPart {
  const r = `?${v}`
  return branch(
    reachable(r),
    [
      branch(
        fact('openable', r),
        [`The {${v}} is open. In it, you see `, contents(r), '.'],
        [`On the {${v}}, you see `, contents(r), '.'],
      ),
    ],
    `The {${v}} is closed.`,
  )
}

/** `receptacleView` for one receptacle by id, its name written out (for texts with no variables). */
export function receptacleViewOf(id: string, name: string): TextPart {
  return branch(
    reachable(id),
    [
      branch(
        fact('openable', id),
        [`The ${name} is open. In it, you see `, contents(id), '.'],
        [`On the ${name}, you see `, contents(id), '.'],
      ),
    ],
    `The ${name} is closed.`,
  )
}

/** True when the agent holds something. */
export const handsFull: Condition = exists([param('h', 'portable')], fact('holding', '?h'))
