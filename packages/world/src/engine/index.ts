export { compileWorld } from './compile'
export {
  type ActionCall,
  META_ACTIONS,
  type MetaAction,
  WorldEngine,
  type WorldEngineOptions,
} from './engine'
export { goalHolds } from './goal'
export type { CreatedEntity, WorldSnapshot, WorldStateData } from './snapshot'
export type { EntityInfo } from './state'
export { type CompiledAction, type CompiledWorld, isCompiledWorld } from './world'
