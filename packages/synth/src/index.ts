export { parseSynthConfig, SYNTH_MODES, SynthConfig, type SynthConfigInput } from './config'
export {
  ERROR_KIND_WEIGHTS,
  ERROR_KINDS,
  type ErrorCandidate,
  type ErrorKind,
  EXPECTED_STATUSES,
  errorCandidates,
  errorKindOrder,
} from './errors'
export { PERSONAS, type Persona, pickPersona } from './personas'
export {
  REJECTION_REASONS,
  type RejectionReason,
  type RunSynthesisOptions,
  runSynthesis,
  type SynthProgress,
  type SynthSummary,
} from './procedural'
export { type InjectedError, ProceduralTeacher, type TeacherOptions } from './teacher'
