export { type FocusRule, labActions } from './actions'
export { ROOMS, type Role, SUBSTANCES } from './catalog'
export {
  AMBIGUOUS_PREFIX,
  LabEnvironment,
  type LabEnvironmentOptions,
  SCIENCEWORLD_NO_MATCH,
} from './environment'
export { createLabFamily, type LabFamily, LabSettings, lab } from './family'
export { LAB_INSTRUCTIONS } from './instructions'
export { KIND_IDS, KINDS, type KindDef, type Stage, type TaskGoal } from './kinds'
export { DEFAULT_SPLIT_SIZES, worldSignature } from './splits'
export type { TraitShown } from './task'
export { DEFAULT_MAX_STEPS, LabTaskParams, type LabWorld, labWorld } from './world'
