export {
  type Agent,
  type AgentContext,
  type AgentReply,
  type AnyAgent,
  type FamilyInfo,
  familyInfo,
  reactReply,
  type Teacher,
  type TeacherContext,
  type ToolCallReply,
} from './agent'
export { oracleAgent, oraclePlan, randomAgent, replayAgent } from './agents'
export {
  DEFAULT_MAX_STEPS,
  type EpisodeResult,
  type ParseOptions,
  type RunEpisodeOptions,
  runEpisode,
} from './episode'
export { type ReplayOptions, type ReplayReport, replayTrajectory } from './replay'
export { defaultSystemPrompt, REPLY_FORMAT_LINE } from './system-prompt'
