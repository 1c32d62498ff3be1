import {
  type DmFlag,
  RefineryError,
  type StepStatus,
  stableHash,
  type Trajectory,
} from '@refinery/core'
import { type ScriptActionSpace, scriptActionSpace } from '@refinery/parser'

/**
 * Where the Dungeon Master's flags contradict AgentRefine's rule check. The rules decide only
 * whether an action fits the script (a template, its verification regex, its parameter lists):
 * - `missed_parameter_error`: the rules reject the action, the DM raised no flag;
 * - `misnamed_error`: the rules reject it, the DM flagged a place or logic error instead;
 * - `invented_parameter_error`: the rules accept it, the DM flagged a parameter error.
 */
export const DM_DISAGREEMENT_KINDS = [
  'missed_parameter_error',
  'misnamed_error',
  'invented_parameter_error',
] as const
export type DmDisagreementKind = (typeof DM_DISAGREEMENT_KINDS)[number]

/** The rules' verdict on one Player turn and the DM's flags on it. */
export interface RuleVerdict {
  /** The turn's status: the rules' where they reject the action, else the DM's flags'. */
  status: StepStatus
  /** Why the rules reject the action (the parser's feedback); null when they accept it. */
  problem: string | null
  disagreement: DmDisagreementKind | null
  /**
   * A place or logic flag on an action the rules accept: no rule can check it, it stands on
   * the DM's word (the blind spot of the paper's pipeline).
   */
  unverifiable: boolean
}

export interface ScriptRules {
  space: ScriptActionSpace
  /** Judges one Player action and the flags the DM answered it with. */
  judge(action: string, flags: readonly DmFlag[]): RuleVerdict
}

/**
 * AgentRefine's rule-based check, built from a script: every action must ground on one of
 * its `Available Actions` (template, allowed parameter values) and match that template's
 * verification regex, run on RE2 through the parser's script actions. A script whose regex
 * cannot run safely is refused (`invalid_spec`): its actions would go unchecked.
 */
export function scriptRules(script: unknown): ScriptRules {
  const space = scriptActionSpace(script)
  const first = space.rejected[0]
  if (first) {
    throw new RefineryError(
      'invalid_spec',
      `Available Actions: "${first.action}": ${first.reason}.`,
      {
        hint: 'Give every action a template and a verification regex without look-around or back-references, under 500 characters.',
      },
    )
  }
  return {
    space,
    judge(action, flags) {
      const grounded = space.ground(action)
      const parameter = flags.includes('parameter_error')
      const other = flags.includes('place_error') || flags.includes('logic_error')
      if (!grounded.ok) {
        return {
          status: grounded.status,
          problem: grounded.message,
          disagreement: parameter ? null : other ? 'misnamed_error' : 'missed_parameter_error',
          unverifiable: false,
        }
      }
      if (parameter) {
        return {
          status: 'invalid_argument',
          problem: null,
          disagreement: 'invented_parameter_error',
          unverifiable: false,
        }
      }
      return {
        status: other ? 'precondition_failed' : 'ok',
        problem: null,
        disagreement: null,
        unverifiable: other,
      }
    },
  }
}

/** The `verified.finalStateHash` of a script-mode record: its script and the rules' statuses. */
export function ruleHash(script: unknown, statuses: readonly StepStatus[]): string {
  return stableHash({ script, statuses })
}

/**
 * Checks a script-mode record again against the script it carries: each assistant turn's
 * action is judged by the rules with the DM flags the record stores, and must agree with
 * them and with its status. Returns the problems and the rule hash (null when the script
 * cannot be read).
 */
export function checkScriptRecord(record: Trajectory): { problems: string[]; hash: string | null } {
  const trace = record.script
  if (!trace) return { problems: ['script: the record carries no script'], hash: null }
  let rules: ScriptRules
  try {
    rules = scriptRules(trace.script)
  } catch (error) {
    const text = RefineryError.isInstance(error) ? error.message : String(error)
    return { problems: [`script: ${text}`], hash: null }
  }
  const problems: string[] = []
  const assistants = record.messages.flatMap((m, i) =>
    m.role === 'assistant' ? [{ i, message: m }] : [],
  )
  if (assistants.length !== trace.flags.length) {
    problems.push(
      `script.flags holds ${trace.flags.length} entries for ${assistants.length} assistant turns`,
    )
  }
  const statuses: StepStatus[] = []
  for (const [n, { i, message }] of assistants.entries()) {
    if (message.action === null) {
      problems.push(`turn ${i}: no action to check against the script`)
      continue
    }
    const verdict = rules.judge(message.action, trace.flags[n] ?? [])
    statuses.push(verdict.status)
    if (verdict.disagreement) {
      problems.push(`turn ${i}: the DM's flags disagree with the rules (${verdict.disagreement})`)
    }
    if (verdict.status !== message.status) {
      problems.push(`turn ${i}: status is ${message.status}, the rules give ${verdict.status}`)
    }
  }
  return { problems, hash: ruleHash(trace.script, statuses) }
}
