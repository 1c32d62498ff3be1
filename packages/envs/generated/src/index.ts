export { type ActionContext, actionDef } from './actions'
export {
  GeneratedEnvironment,
  type GeneratedEnvironmentOptions,
  type OraclePlanners,
  oraclePlanners,
  type ProvenPlan,
} from './environment'
export { exampleWorldFor } from './example'
export {
  createGeneratedFamily,
  DEFAULT_SPLIT_SIZES,
  FAMILY_ID,
  GENERATED_INSTRUCTIONS,
  type GeneratedFamily,
  type GeneratedSettings,
  generated,
  generated as default,
  generated as family,
} from './family'
export {
  DEFAULT_KNOBS,
  DEFAULT_PLAN_NODES,
  type GeneratedWorld,
  type GenerateOptions,
  generateWorld,
  MAX_STEPS,
  type Range,
} from './generate'
export {
  GATE_MECHANICS,
  GOAL_MECHANICS,
  MECHANIC_TABLE,
  MECHANICS,
  type Mechanic,
  type MechanicId,
} from './mechanics'
export { generatedTheming, themeVotes } from './persona-theme'
export { PHRASINGS, type Phrasings, phrasingsOf, VERBS, type Verb } from './phrasings'
export { STYLES, type Style, VOICES, type Voice } from './styles'
export { checkWorld, type Survey, survey } from './survey'
export {
  TEST_THEMES,
  THEMES,
  type Theme,
  TRAIN_THEMES,
  themeById,
  themeForPersona,
} from './themes'
