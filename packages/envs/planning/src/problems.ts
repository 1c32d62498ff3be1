import { type PddlCondition, type PddlProblem, parsePddlProblem } from '@refinery/world'
import { AGENTBOARD_DATA } from './agentboard-data'
import { PLANNING_DOMAINS, type PlanningDomain } from './domains'

export interface AgentboardProblem {
  domain: PlanningDomain
  /** The file name in AgentBoard's pddlgym folder: `p01.pddl`, `problem10.pddl`. */
  file: string
  text: string
}

const natural = new Intl.Collator('en', { numeric: true })

/**
 * AgentBoard's 60 problems in the order of the test split: domains alphabetically (barman 20,
 * blockworld 10, gripper 20, tyreworld 10), files in natural order (`problem2` before
 * `problem10`).
 */
export const AGENTBOARD_PROBLEMS: readonly AgentboardProblem[] = PLANNING_DOMAINS.flatMap(
  (domain) =>
    [...AGENTBOARD_DATA[domain].problems]
      .sort((a, b) => natural.compare(a.file, b.file))
      .map((p) => ({ domain, file: p.file, text: p.text })),
)

/** The PDDL domain text of one domain, as AgentBoard ships it. */
export function domainText(domain: PlanningDomain): string {
  return AGENTBOARD_DATA[domain].domain
}

/**
 * What makes two problems the same task: the domain, the objects, the initial facts and the
 * goal facts, each as a sorted set (names, order and layout of the file do not count).
 */
export function problemKey(domain: PlanningDomain, text: string): string {
  return parsedProblemKey(domain, parsePddlProblem(text))
}

function parsedProblemKey(domain: PlanningDomain, p: PddlProblem): string {
  const init = p.init.map((a) => [a.predicate, ...a.args].join(' ').toLowerCase()).sort()
  const goal = goalAtoms(p.goal).sort()
  const objects = p.objects.map((o) => o.name.toLowerCase()).sort()
  return JSON.stringify([domain, objects, init, goal])
}

function goalAtoms(condition: PddlCondition): string[] {
  if (condition.op === 'atom')
    return [[condition.atom.predicate, ...condition.atom.args].join(' ').toLowerCase()]
  if (condition.op === 'and') return condition.args.flatMap(goalAtoms)
  if (condition.op === 'not') return goalAtoms(condition.arg).map((a) => `not ${a}`)
  return [JSON.stringify(condition)]
}

let testKeys: Set<string> | undefined

/** Whether `text` states one of the 60 test problems. */
export function isTestProblem(domain: PlanningDomain, text: string): boolean {
  return isParsedTestProblem(domain, parsePddlProblem(text))
}

/** `isTestProblem` for a problem parsed already. */
export function isParsedTestProblem(domain: PlanningDomain, problem: PddlProblem): boolean {
  testKeys ??= new Set(AGENTBOARD_PROBLEMS.map((p) => problemKey(p.domain, p.text)))
  return testKeys.has(parsedProblemKey(domain, problem))
}
