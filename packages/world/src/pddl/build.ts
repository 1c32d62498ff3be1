import type { Condition, Effect, Text, TextPart } from '../spec'

// WorldSpec's conditional text and effect carry a `then` key; linters read such objects as
// thenables, so they are built here, in one place.

/** `{ if, then, else? }` of a Text. */
export function textIf(condition: Condition, then: Text, otherwise?: Text): TextPart {
  return otherwise === undefined
    ? { if: condition, then }
    : { if: condition, then, else: otherwise }
}

/** `{ when, then, else? }` of an effect list. */
export function effectWhen(condition: Condition, then: Effect[], otherwise?: Effect[]): Effect {
  return otherwise === undefined
    ? { when: condition, then }
    : { when: condition, then, else: otherwise }
}
