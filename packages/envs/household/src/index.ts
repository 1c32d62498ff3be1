export {
  CONTAINERS,
  LAMP_KINDS,
  OBJECT_KINDS,
  OBJECTS,
  type ObjectKind,
  type ObjectKindName,
  OPENABLE,
  RECEPTACLE_KINDS,
  type ReceptacleKind,
  ROOM_TYPES,
  type RoomType,
} from './catalog'
export { createHouseholdFamily, type HouseholdFamily, HouseholdSettings, household } from './family'
export { HOUSEHOLD_INSTRUCTIONS } from './instructions'
export {
  FIRST_UNSEEN_LAYOUT,
  LAYOUTS_PER_ROOM,
  type Layout,
  layout as householdLayout,
  type Receptacle,
} from './layouts'
export { HouseholdTaskParams } from './params'
export { householdTheming, themeVotes } from './persona-theme'
export { DEFAULT_SPLIT_SIZES } from './splits'
export { TASK_TYPE_INFO, TASK_TYPES, TaskType, type TaskTypeInfo } from './task-types'
export { type GoalChoice, goalChoices } from './tasks'
export { DEFAULT_MAX_STEPS, type HouseholdWorldOptions, householdWorld } from './world'
