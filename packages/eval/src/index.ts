export { AGENT_KINDS, type AgentKind, type AgentSpec, type EvalAgent, evalAgent } from './agents'
export { type Aggregates, aggregate, type GroupResult } from './aggregate'
export {
  COMPARED_METRICS,
  type ComparedMetric,
  type Comparison,
  compareRuns,
  comparisonMarkdown,
  type FamilyComparison,
} from './compare'
export { type HtmlReportInput, reportHtml } from './html'
export { loadResults } from './load'
export { resultsMarkdown } from './markdown'
export {
  type EpisodeMetrics,
  type EpisodeUsage,
  type EvalInfo,
  episodeMetrics,
  evalInfo,
  failedMetrics,
  OUTCOMES,
  type Outcome,
  STUCK_REPEATS,
} from './metrics'
export {
  type EvalFamilyOptions,
  evalFamily,
  noisyText,
  PERTURB_KINDS,
  type PerturbKind,
  paraphraseInstruction,
} from './perturb'
export {
  type EvalProgress,
  type EvalResults,
  RESULTS_SCHEMA,
  type RunEvalOptions,
  type RunSettings,
  runEval,
  TRAJECTORIES_FILE,
} from './run'
export {
  BOOTSTRAP_RESAMPLES,
  bootstrap,
  type Estimate,
  type PairedTest,
  pairedBootstrap,
} from './stats'
export {
  buildSuite,
  DEFAULT_EVAL_STEPS,
  DEFAULT_STEPS_BY_FAMILY,
  type SuiteJob,
  type SuiteOptions,
} from './suite'
