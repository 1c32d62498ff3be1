export type { Io } from './io'
export { type CommandContext, main } from './main'
export { defaultRegistry } from './registry'
