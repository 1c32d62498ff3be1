export { type ConcreteFormat, feedback, formatReasons } from './feedback'
export {
  type OutputFormat,
  type ParsedOutput,
  type ParseOptions,
  parseOutput,
  type ToolCallOutput,
  toolCallOutput,
  toolName,
} from './output'
export {
  PERTURBATION_KINDS,
  type PerturbationKind,
  type PerturbedSpace,
  perturbActionSpace,
} from './perturb'
export { type RenderOptions, renderOutput } from './render'
export { type CompiledRegex, compileSafeRegex, type SafeRegex } from './safe-regex'
export { ScriptAction, type ScriptActionSpace, scriptActionSpace } from './script'
export {
  type CompiledActionSpace,
  compileActionSpace,
  type GroundOptions,
  type GroundResult,
  groundAction,
} from './space'
export { type ActionTool, actionTools } from './tools'
