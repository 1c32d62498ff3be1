import type { DmFlag } from '@refinery/core'
import type { DmDisagreementKind, RuleVerdict, ScriptRules } from '@refinery/dataset'
import type { RejectionReason } from './summary'

/** One turn of an AgentRefine trajectory, read from the model's JSON. */
export type ScriptTurn =
  | { role: 'dm'; observation: string; flags: DmFlag[]; completed: boolean }
  | { role: 'player'; thought: string; action: string }

/** Turns at most in one model answer (a Player and a DM turn per step). */
export const MAX_TURNS = 200
const MAX_TEXT = 4000

/**
 * Reads the turns of a trajectory answer: a JSON array of turns, or an object holding one.
 * Stops at the first turn without the keys the paper's check requires (a Player turn:
 * `Thought`, `Action`; a DM turn: `Observation`, `parameter_error`, `place_error`,
 * `logic_error`), and says why. The value is data: nothing in it is run.
 */
export function readTurns(value: unknown): { turns: ScriptTurn[]; problem: string | null } {
  const list = turnList(value)
  if (!list) return { turns: [], problem: 'the answer holds no JSON array of turns' }
  const turns: ScriptTurn[] = []
  for (const [i, item] of list.slice(0, MAX_TURNS).entries()) {
    const turn = readTurn(item)
    if (typeof turn === 'string') return { turns, problem: `turn ${i + 1}: ${turn}` }
    turns.push(turn)
  }
  return { turns, problem: null }
}

function turnList(value: unknown): unknown[] | null {
  if (Array.isArray(value)) return value
  if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (/^(trajectory|turns|interaction|dialogue)$/i.test(key) && Array.isArray(inner))
        return inner
    }
  }
  return null
}

function readTurn(item: unknown): ScriptTurn | string {
  if (!item || typeof item !== 'object' || Array.isArray(item)) return 'a turn is not an object'
  const get = (name: string): unknown => {
    const wanted = name.toLowerCase().replace(/[\s_]/g, '')
    for (const [key, value] of Object.entries(item)) {
      if (key.toLowerCase().replace(/[\s_]/g, '') === wanted) return value
    }
    return undefined
  }
  const role = get('role')
  if (typeof role !== 'string') return 'the "role" key is missing'
  if (/^\s*player\s*$/i.test(role)) {
    const thought = get('Thought')
    const action = get('Action')
    if (typeof thought !== 'string') return 'a Player turn needs a "Thought" string'
    if (typeof action !== 'string' || action.trim() === '')
      return 'a Player turn needs an "Action" string'
    if (thought.length > MAX_TEXT || action.length > MAX_TEXT) return 'a Player turn is too long'
    return { role: 'player', thought: thought.trim(), action: action.trim() }
  }
  if (/^\s*(dungeon\s*master|dm)\s*$/i.test(role)) {
    const observation = get('Observation')
    if (typeof observation !== 'string' || observation.trim() === '')
      return 'a Dungeon Master turn needs an "Observation" string'
    if (observation.length > MAX_TEXT) return 'an Observation is too long'
    const flags: DmFlag[] = []
    for (const flag of ['parameter_error', 'place_error', 'logic_error'] as const) {
      const raw = get(flag)
      const on = typeof raw === 'string' ? raw.trim().toLowerCase() : raw
      if (on !== true && on !== false && on !== 'true' && on !== 'false')
        return `a Dungeon Master turn needs "${flag}": true or false`
      if (on === true || on === 'true') flags.push(flag)
    }
    const completed = get('completed')
    return {
      role: 'dm',
      observation: observation.trim(),
      flags,
      completed: completed === true || completed === 'true',
    }
  }
  return `unknown role ${JSON.stringify(role.slice(0, 40))}`
}

/** The rule check's outcome on a whole trajectory. */
export interface JudgedTrajectory {
  /** One verdict per Player turn of the verified steps. */
  verdicts: RuleVerdict[]
  /** Turns (from the start) that passed every check and end on a DM turn. */
  verified: number
  /** Null when the trajectory passes; else the first problem and the turns to keep. */
  problem: { reason: RejectionReason; message: string } | null
  /** Disagreements of the DM found in the turns at or after `from`, by kind. */
  disagreements: DmDisagreementKind[]
  /** Player turns at or after `from` the DM judged, and flags no rule can check. */
  judged: number
  unverifiable: number
}

/**
 * AgentRefine's rule check: a DM opening, then Player/DM pairs; each Player action judged by
 * the script's rules against the DM's flags; the DM closes with `completed: true` after an
 * accepted action; at least `minPairs` error→refine pairs. `from` is the first turn not yet
 * counted (a continuation counts only its own turns).
 */
export function judgeTurns(
  turns: readonly ScriptTurn[],
  rules: ScriptRules,
  options: { minPairs: number; maxSteps: number; from: number },
): JudgedTrajectory {
  const out: JudgedTrajectory = {
    verdicts: [],
    verified: 0,
    problem: null,
    disagreements: [],
    judged: 0,
    unverifiable: 0,
  }
  const fail = (reason: RejectionReason, message: string) => {
    out.problem = { reason, message }
    return out
  }
  const opening = turns[0]
  if (opening?.role !== 'dm') return fail('rule check', 'turn 1: the Dungeon Master must open')
  if (opening.flags.length > 0 || opening.completed)
    return fail('rule check', 'turn 1: the opening carries no flags and does not complete')
  out.verified = 1
  let completedAt = -1
  for (let i = 1; i < turns.length && completedAt < 0; i += 2) {
    const player = turns[i]!
    const dm = turns[i + 1]
    if (player.role !== 'player') return fail('rule check', `turn ${i + 1}: a Player turn is due`)
    if (dm?.role !== 'dm')
      return fail('rule check', `turn ${i + 2}: the Dungeon Master must answer`)
    if (out.verdicts.length >= options.maxSteps)
      return fail('goal not reached', `the goal is not completed within ${options.maxSteps} steps`)
    const verdict = rules.judge(player.action, dm.flags)
    if (i >= options.from) {
      out.judged++
      if (verdict.disagreement) out.disagreements.push(verdict.disagreement)
      if (verdict.unverifiable) out.unverifiable++
    }
    if (verdict.disagreement) {
      return fail(
        'rule check',
        `turn ${i + 1}: the action "${player.action}" ${verdict.problem ? `breaks the script (${verdict.problem})` : 'fits the script'}, but the Dungeon Master flagged ${dm.flags.length > 0 ? dm.flags.join(', ') : 'no error'}`,
      )
    }
    out.verdicts.push(verdict)
    if (dm.completed) {
      if (verdict.status !== 'ok')
        return fail(
          'rule check',
          `turn ${i + 2}: the goal cannot be completed by an erroneous action`,
        )
      completedAt = i + 1
    } else out.verified = i + 2
  }
  if (completedAt < 0)
    return fail('goal not reached', 'the Dungeon Master never marks the goal completed')
  const pairs = errorRefinePairs(out.verdicts)
  if (pairs < options.minPairs) {
    return fail(
      'too few error-refine pairs',
      `${pairs} error→refine pairs, at least ${options.minPairs} needed`,
    )
  }
  out.verified = completedAt + 1
  return out
}

/** The same count as core's `countErrorRefinePairs`, on the verdicts. */
function errorRefinePairs(verdicts: readonly RuleVerdict[]): number {
  let pairs = 0
  let pending = false
  for (const verdict of verdicts) {
    if (verdict.status === 'ok') {
      if (pending) pairs++
      pending = false
    } else pending = true
  }
  return pairs
}
