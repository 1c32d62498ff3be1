export {
  adventureActions,
  type Voice,
} from './actions'
export {
  type Blueprint,
  type ContainerPlan,
  DIRECTION_ALIASES,
  DIRECTIONS,
  type Direction,
  type DoorPlan,
  type GoalKind,
  type ItemKind,
  type ItemPlan,
  type MilestonePlan,
  type PersonPlan,
  type RoomPlan,
} from './blueprint'
export {
  AdventureEnvironment,
  type AdventureEnvironmentOptions,
  INFORM_REPLIES,
} from './environment'
export {
  type AdventureFamily,
  AdventureSettings,
  adventure,
  createAdventureFamily,
  DEFAULT_PLANNER,
  DEFAULT_SPLIT_SIZES,
  DEFAULT_TRAIN_PLAN_STEPS,
} from './family'
export { generateBlueprint, LEVELS, layoutKey, levelSize } from './generate'
export { ADVENTURE_INSTRUCTIONS } from './instructions'
export { AdventureTaskParams } from './params'
export { adventureTheming, themeVotes } from './persona-theme'
export { THEMES, type Theme } from './themes'
export { adventureWorld, DEFAULT_MAX_STEPS, goalInstruction, WIN_POINTS } from './world'
