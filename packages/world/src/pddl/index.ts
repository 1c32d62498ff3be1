export type {
  PddlAction,
  PddlAtom,
  PddlCondition,
  PddlDomain,
  PddlEffect,
  PddlPredicate,
  PddlProblem,
  PddlTypeDecl,
  PddlTypedName,
} from './ast'
export { convertPddl, type ImportPddlOptions, importPddl, pddlConverter } from './convert'
export { toSpecName } from './names'
export {
  type PddlParseOptions,
  parsePddlDomain,
  parsePddlProblem,
  SUPPORTED_REQUIREMENTS,
} from './parse'
export { type PddlPlanStep, type SolvePddlOptions, solvePddl } from './strips'
export { toPddlAction } from './to-pddl'
export {
  AGENTBOARD_TEMPLATES,
  type AgentboardDomain,
  agentboardImportOptions,
  agentboardVerbaliser,
  defaultVerbaliser,
  type PddlSignature,
  type PddlTemplates,
  templateVerbaliser,
  type Verbaliser,
} from './verbalise'
