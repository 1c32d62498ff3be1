// Plain code only: this entry must load without vitest (or any test runner), so a family's
// conformance can be checked from a script. The vitest helper lives on ./testing/vitest.
export {
  CONFORMANCE_CHECKS,
  type ConformanceCheck,
  type ConformanceFailure,
  type ConformanceOptions,
  checkFamilyConformance,
  compareRejectionProbes,
} from './conformance'
export { catchRefineryError } from './errors'
export { createLockboxFamily } from './toy-family'
