export {
  createWorldEnvironment,
  WorldEnvironment,
  type WorldEnvironmentOptions,
} from './environment'
