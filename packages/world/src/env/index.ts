export {
  type CreateWorldEnvironmentOptions,
  createWorldEnvironment,
  WorldEnvironment,
  type WorldEnvironmentOptions,
} from './environment'
