export { writeJsonlAtomically, writeTextAtomically } from './atomic'
export {
  type CheckFailure,
  type CheckOptions,
  type CheckReport,
  checkTrajectory,
  checkTrajectoryFile,
  type RecordCheck,
} from './check'
export {
  axolotlConfig,
  type Finetuning,
  llamaFactoryConfig,
  type TrainingConfigOptions,
} from './configs'
export {
  assertSplit,
  CLEAN_BELOW,
  CONTAMINATION_N,
  type ContaminationReport,
  contaminationFile,
  DIRTY_ABOVE,
  EvaluationReference,
  EXACT_N,
  type FamilyContamination,
  type RecordContamination,
  type ReferenceOptions,
  type Verdict,
  verdictOf,
} from './contamination'
export {
  type DedupOptions,
  type DedupReport,
  dedupFile,
  estimatedJaccard,
  lshParameters,
  minhashSignature,
  recordShingles,
} from './dedup'
export {
  EXPORT_FORMATS,
  type ExportFormat,
  type ExportOptions,
  type ExportReport,
  exportFile,
  exportSideFiles,
  firstIssue,
  isExportFormat,
} from './export'
export {
  ADP_SCHEMA_VERSION,
  type AdpItem,
  type AdpLine,
  type AxolotlLine,
  llamaFactoryDatasetInfo,
  type OpenAiChatLine,
  type ShareGptLine,
  type TrlCompletionLine,
  type TrlLine,
  type TrlMessage,
  throughLastAction,
  toAdp,
  toAxolotl,
  toOpenAiChat,
  toShareGpt,
  toTrl,
  toTrlCompletion,
  trainedTurns,
} from './formats'
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
export { generalExample, type MixOptions, type MixReport, mixFiles } from './mix'
export {
  checkOutput,
  commitTemporary,
  type OutputOptions,
  type OutputTarget,
  temporaryPathBeside,
  writeOutput,
} from './output'
export {
  checkScriptRecord,
  DM_DISAGREEMENT_KINDS,
  type DmDisagreementKind,
  type RuleVerdict,
  ruleHash,
  type ScriptRules,
  scriptRules,
} from './script-rules'
export {
  kCenterGreedy,
  type QualitySignals,
  qualitySignals,
  records,
  recordVector,
  type SelectOptions,
  type SelectReport,
  selectFile,
  VECTOR_DIMENSIONS,
} from './select'
export { type DatasetStats, StatsAccumulator, type Summary, stats, statsFile } from './stats'
export {
  AdpExample,
  AxolotlExample,
  OpenAiChatExample,
  OpenAiChatMessage,
  ShareGptExample,
  TARGET_SCHEMAS,
  TrlCompletionExample,
  TrlExample,
  trainedInLine,
} from './targets'
export { DistinctN, hashString, mix32, ngramKeys, tokenHashes, tokenize } from './text'
export {
  VERIFY_PROBLEM_KINDS,
  type VerifyOptions,
  type VerifyProblem,
  type VerifyProblemKind,
  type VerifyReport,
  verifyTrajectory,
} from './verify'
