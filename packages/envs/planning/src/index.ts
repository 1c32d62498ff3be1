export { PLANNING_DOMAINS, type PlanningDomain } from './domains'
export {
  AGENTBOARD_PDDL_REPLIES,
  agentboardPddlReply,
  createPlanningFamily,
  DEFAULT_SPLIT_SIZES,
  type PlanningFamily,
  PlanningSettings,
  PlanningTaskParams,
  planning,
} from './family'
export { GENERATORS } from './generate'
export { PLANNING_INSTRUCTIONS } from './instructions'
export {
  AGENTBOARD_PROBLEMS,
  type AgentboardProblem,
  domainText,
  isTestProblem,
  problemKey,
} from './problems'
