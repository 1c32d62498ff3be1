export {
  parseShard,
  parseSynthConfig,
  SYNTH_MODES,
  SynthConfig,
  type SynthConfigInput,
  type SynthModeName,
  shardSlots,
} from './config'
export {
  answersKind,
  CATEGORY_OF,
  categoryOfStatus,
  ERROR_CATEGORIES,
  ERROR_KIND_WEIGHTS,
  ERROR_KINDS,
  type ErrorCandidate,
  type ErrorCategory,
  type ErrorKind,
  EXPECTED_STATUSES,
  errorCandidates,
  errorKindOrder,
} from './errors'
export {
  GROUNDED_FAMILY,
  GROUNDED_FAMILY_ID,
  GROUNDED_INSTRUCTIONS,
  type GroundedModeOptions,
  groundedMode,
  groundedRegistry,
} from './grounded'
export { EXAMPLE_WORLD } from './grounded-example'
export {
  GroundedTeacher,
  type GroundedTeacherOptions,
  type OwnMistake,
  teacherNote,
} from './grounded-teacher'
export {
  DEFAULT_PLAN_BUDGET,
  repairRequest,
  WORLD_AUTHOR_PROMPT,
  WORLD_PROBLEMS,
  type WorldProblem,
  type WriteWorldOptions,
  type WrittenWorld,
  worldRequest,
  writeWorld,
} from './grounded-world'
export {
  isRecordMode,
  type RecordMode,
  type SlotAttempt,
  type SynthMode,
  type WrittenAttempt,
} from './mode'
export {
  COMPOSED_PERSONA_COUNT,
  composedPersona,
  type Persona,
  parsePersonas,
  pickPersona,
  readPersonas,
} from './personas'
export { type ProceduralModeOptions, proceduralMode } from './procedural'
export {
  createMode,
  type ExistingOutput,
  type RunSynthesisOptions,
  runSynthesis,
  SUMMARY_FILE,
  type SynthProgress,
  TRAJECTORIES_FILE,
} from './run'
export { Script, type ScriptModeOptions, scriptMode } from './script'
export { type JudgedTrajectory, judgeTurns, readTurns, type ScriptTurn } from './script-turns'
export { REJECTION_REASONS, type RejectionReason, type SynthSummary } from './summary'
export { type InjectedError, ProceduralTeacher, type TeacherOptions } from './teacher'
export type { SynthSetup, SynthWorkers } from './workers'
export { DEFAULT_WORKER_HEAP_MB } from './workers'
