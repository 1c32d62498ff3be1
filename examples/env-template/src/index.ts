import { garden } from './family'

export {
  createGardenFamily,
  DEFAULT_SPLIT_SIZES,
  FAMILY_ID,
  GARDEN_INSTRUCTIONS,
  type GardenFamily,
  type GardenSettings,
  garden,
} from './family'
export {
  GardenTaskParams,
  PLANT_KINDS,
  type PlantKind,
  sampleGardenParams,
  TOOL_KINDS,
  type ToolKind,
} from './params'
export { DEFAULT_MAX_STEPS, type GardenWorldOptions, gardenWorld } from './world'

/** What a loader looks for (the refinery CLI's REFINERY_FAMILIES): `family`, or the default export. */
export const family = garden
export default garden
