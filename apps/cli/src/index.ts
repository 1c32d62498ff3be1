export type { Io } from './io'
export { type CommandContext, main } from './main'
export { defaultRegistry, FAMILIES_ENV, loadRegistry } from './registry'
