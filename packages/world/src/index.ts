// Each folder's index.ts is the curated list of what it exports; spec.ts is listed here.
export * from './engine'
export * from './env'
export { deepFreeze } from './freeze'
export { isBudgetExceeded, WORLD_LIMITS, WorkBudget } from './limits'
export * from './pddl'
export * from './perturb'
export * from './planner'
export {
  ActionSchema,
  Atom,
  AttributeDecl,
  Check,
  CompareOp,
  Condition,
  DerivedRule,
  Effect,
  Entity,
  FailStatus,
  Goal,
  implicitAttributes,
  MetaActions,
  NumExpr,
  type NumericTarget,
  Observations,
  Param,
  PredicateDecl,
  Process,
  Subgoal,
  Term,
  Text,
  TextPart,
  TypeDecl,
  WORLD_SPEC_VERSION,
  WorldSpec,
  type WorldSpecInput,
  worldSpecJsonSchema,
} from './spec'
export * from './text'
export * from './validate'
