export {
  deepTypeChainSpec,
  type ExplosiveCase,
  explosiveCases,
  manyBlocksPddl,
  manyEntitiesSpec,
  manyParametersPddl,
  manyParametersSpec,
  wideForallSpec,
} from './explosive'
export { formatIssues, type ValidationIssue, type ValidationIssueCode } from './issues'
export {
  DEFAULT_PLAN_BUDGET,
  DEFAULT_PLAN_MS,
  MAX_SPEC_DEPTH,
  type ValidateOptions,
  type ValidationResult,
  validateBuiltWorldSpec,
  validateWorldSpec,
} from './validate'
