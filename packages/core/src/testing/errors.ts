import { RefineryError } from '../errors'

/**
 * The RefineryError `fn` throws, for tests that look at its code, hint or path. Anything else
 * it throws is rethrown; returning normally fails.
 */
export function catchRefineryError(fn: () => unknown): RefineryError {
  try {
    fn()
  } catch (error) {
    if (RefineryError.isInstance(error)) return error
    throw error
  }
  throw new Error('expected a RefineryError')
}
