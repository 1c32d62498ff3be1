import { readdirSync, readFileSync } from 'node:fs'
import type { AgentboardDomain } from '../verbalise'

/** AgentBoard's 60 PDDL problems, kept as test data at the repository root (see fixtures/README.md). */
export const AGENTBOARD_PDDL_DIR = new URL('../../../../../fixtures/agentboard-pddl/', import.meta.url)

export const AGENTBOARD_DOMAINS: readonly AgentboardDomain[] = ['barman', 'blockworld', 'gripper', 'tyreworld']

/** Every problem as { domain, file }, domains in order, files sorted. */
export function agentboardProblems(): { domain: AgentboardDomain; file: string }[] {
  return AGENTBOARD_DOMAINS.flatMap((domain) =>
    readdirSync(new URL(`${domain}/`, AGENTBOARD_PDDL_DIR))
      .filter((file) => file !== 'domain.pddl' && file.endsWith('.pddl'))
      .sort()
      .map((file) => ({ domain, file })),
  )
}

/** The text of `<domain>/<file>`, e.g. readAgentboard('gripper', 'domain.pddl'). */
export function readAgentboard(domain: AgentboardDomain, file: string): string {
  return readFileSync(new URL(`${domain}/${file}`, AGENTBOARD_PDDL_DIR), 'utf8')
}
