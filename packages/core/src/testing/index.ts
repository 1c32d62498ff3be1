export {
  CONFORMANCE_CHECKS,
  type ConformanceCheck,
  type ConformanceFailure,
  type ConformanceOptions,
  checkFamilyConformance,
} from './conformance'
export { describeFamilyConformance } from './describe'
export { catchRefineryError } from './errors'
export { createLockboxFamily } from './toy-family'
