export {
  type Agent,
  type AgentContext,
  type AgentReply,
  type AnyAgent,
  type FamilyInfo,
  familyInfo,
  reactReply,
  type SteppedAction,
  type Teacher,
  type TeacherContext,
  type ToolCallReply,
} from './agent'
export { oracleAgent, oraclePlan, randomAgent, replayAgent } from './agents'
export { type ChatAgentOptions, chatAgent, chatMessages, chatSystemPrompt } from './chat-agent'
export {
  DEFAULT_MAX_STEPS,
  type EpisodeResult,
  type ParseOptions,
  type RunEpisodeOptions,
  runEpisode,
} from './episode'
export { examplesFor, WORKED_EXAMPLES, type WorkedExample } from './examples'
export { type ReplayOptions, type ReplayReport, replayTrajectory } from './replay'
export {
  type EpisodeJob,
  type EpisodeProgress,
  type EpisodeSink,
  episodeId,
  type RunEpisodesOptions,
  type RunEpisodesSummary,
  runEpisodes,
} from './run-episodes'
export { defaultSystemPrompt, REPLY_FORMAT_LINE } from './system-prompt'
