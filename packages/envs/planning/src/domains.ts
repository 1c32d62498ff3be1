import type { AgentboardDomain } from '@refinery/world'

/** The four domains of AgentBoard's planning suite, spelt as AgentBoard spells them. */
export type PlanningDomain = AgentboardDomain

export const PLANNING_DOMAINS: readonly PlanningDomain[] = [
  'barman',
  'blockworld',
  'gripper',
  'tyreworld',
]
