export { GridEnvironment, type GridEnvironmentOptions, NOT_RECOGNIZED, TASK_COMPLETED } from './env'
export {
  createGridFamily,
  DEFAULT_MAX_STEPS,
  DEFAULT_SPLIT_SIZES,
  DEFAULT_TRAIN_PLAN_STEPS,
  type GridFamily,
  GridSettings,
  GridTaskParams,
  grid,
  MAX_PLAN,
  MIN_TEST_PLAN,
  SEEDS_PER_LEVEL,
} from './family'
export { GRID_INSTRUCTIONS } from './instructions'
export { LEVELS, type Level, TEST_LEVEL_NAMES, TEST_LEVELS } from './levels'
export { agentboardGoal } from './mission'
export { type GridPerturbation, gridPerturbation } from './perturb'
export type {
  Color,
  DoorState,
  GridWorld,
  Instr,
  Mission,
  ObjectType,
  Thing,
  ThingType,
} from './types'
export { computeView, describeView, type View, type ViewItem } from './view'
