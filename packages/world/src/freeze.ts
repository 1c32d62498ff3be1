/**
 * Freezes a plain-data tree in place and returns it, so that one copy can be handed to every
 * caller. A frozen action or derived rule is what `compileWorld` shares between worlds whose
 * symbols answer it the same (see engine/compile.ts); a subtree already frozen is left as it is.
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const child of Object.values(value)) deepFreeze(child)
  }
  return value
}
