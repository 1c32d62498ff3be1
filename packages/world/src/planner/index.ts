export {
  DEFAULT_MAX_NODES,
  type PlannerBudget,
  type PlanOptions,
  type PlanResult,
  type PlanSkip,
  type PlanStep,
  plan,
} from './plan'
export type { HeuristicKind } from './relaxed'
