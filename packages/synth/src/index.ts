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
export type { SlotAttempt, SynthMode } from './mode'
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
export { REJECTION_REASONS, type RejectionReason, type SynthSummary } from './summary'
export { type InjectedError, ProceduralTeacher, type TeacherOptions } from './teacher'
export type { SynthSetup, SynthWorkers } from './workers'
