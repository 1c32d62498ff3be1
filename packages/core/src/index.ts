export {
  ActionEntity,
  ActionSpace,
  ActionTemplate,
  type GroundedAction,
  renderPattern,
  Slot,
} from './action-space'
export {
  isUserError,
  REFINERY_ERROR_CODES,
  RefineryError,
  type RefineryErrorCode,
  type RefineryErrorOptions,
  USER_ERROR_CODES,
} from './errors'
export { canonicalJson, stableHash, textDigest } from './hash'
export { assertSpecificationVersion, FamilyRegistry } from './registry'
export { deriveSeed, Rng, rngStream } from './rng'
export {
  type CreateOptions,
  checkTaskRef,
  type Environment,
  type EnvironmentFamily,
  type FamilyTheming,
  FEEDBACK_PROFILES,
  FeedbackProfile,
  type Observation,
  type PersonaTraits,
  Perturbation,
  parseTaskId,
  plainTaskParams,
  type Snapshot,
  SPECIFICATION_VERSION,
  SPLITS,
  type SpecificationVersion,
  Split,
  StepResult,
  TaskRef,
  taskId,
} from './spec'
export { type DmFlag, dmFlag, isErrorStatus, StepStatus } from './status'
export {
  drawPersonaTheme,
  personaThemeVotes,
  type TaskChoiceThemingOptions,
  type ThemeHints,
  taskChoiceTheming,
} from './theming'
export {
  AssistantMessage,
  countErrorRefinePairs,
  DmFlagName,
  Message,
  Outcome,
  ScriptTrace,
  SystemMessage,
  ToolCall,
  TRAJECTORY_SCHEMA,
  Trajectory,
  TrajectorySource,
  UserMessage,
  Verification,
} from './trajectory'
