import { garden } from './family.js'

export {
  createGardenFamily,
  DEFAULT_SPLIT_SIZES,
  FAMILY_ID,
  GARDEN_INSTRUCTIONS,
  type GardenFamily,
  type GardenSettings,
  garden,
} from './family.js'
export {
  GardenTaskParams,
  PLANT_KINDS,
  type PlantKind,
  sampleGardenParams,
  TOOL_KINDS,
  type ToolKind,
} from './params.js'
export { DEFAULT_MAX_STEPS, type GardenWorldOptions, gardenWorld } from './world.js'

/** What a loader looks for (the refinery CLI's REFINERY_FAMILIES): `family`, or the default export. */
export const family = garden
export default garden
