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
  DEFAULT_MAX_LINE_BYTES,
  type JsonlEntry,
  type JsonlSource,
  type JsonlWriter,
  type JsonlWriterOptions,
  openJsonlWriter,
  type ReadLinesOptions,
  readJsonl,
  readLines,
  type TextLine,
  toJsonlLine,
} from './jsonl'
export {
  checkOutput,
  commitTemporary,
  type OutputOptions,
  type OutputTarget,
  temporaryPathBeside,
  writeOutput,
} from './output'
export { type DatasetStats, StatsAccumulator, type Summary, stats, statsFile } from './stats'
