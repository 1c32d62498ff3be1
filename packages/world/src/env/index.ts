export { compileBuiltWorld, compileWorldCached, setWorldCacheLimit } from './cache'
export {
  AGENTBOARD_NOTHING_HAPPENS,
  type CreateWorldEnvironmentOptions,
  createWorldEnvironment,
  WorldEnvironment,
  type WorldEnvironmentOptions,
} from './environment'
export { type WorldFamilyOptions, worldFamily } from './family'
export { type PlanSteps, packPlan, unpackPlan } from './packed-plan'
