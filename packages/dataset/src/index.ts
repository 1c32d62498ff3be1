export {
  type CheckFailure,
  type CheckOptions,
  type CheckReport,
  checkTrajectory,
  checkTrajectoryFile,
  type RecordCheck,
} from './check'
export {
  EXPORT_FORMATS,
  type ExportFormat,
  type ExportReport,
  exportFile,
  isExportFormat,
  OpenAiChatExample,
  OpenAiChatMessage,
  toOpenAiChat,
} from './export'
export {
  type JsonlEntry,
  type JsonlSource,
  type JsonlWriter,
  type JsonlWriterOptions,
  openJsonlWriter,
  readJsonl,
  toJsonlLine,
} from './jsonl'
export { type DatasetStats, StatsAccumulator, type Summary, stats, statsFile } from './stats'
