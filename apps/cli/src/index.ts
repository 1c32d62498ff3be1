export {
  CONFIG_FILE,
  ConfigFile,
  type FamilySource,
  loadSettings,
  type ModelSettings,
  modelSettings,
  type Settings,
} from './config'
export type { Io } from './io'
export { type CommandContext, main } from './main'
export { defaultRegistry, FAMILIES_ENV, loadRegistry } from './registry'
