import { type ParseOptions, replayTrajectory } from '@refinery/agent'
import {
  countErrorRefinePairs,
  type EnvironmentFamily,
  type FamilyRegistry,
  isErrorStatus,
  type Message,
  parseTaskId,
  Trajectory,
} from '@refinery/core'
import { formatIssues, validateWorldSpec, worldFamily } from '@refinery/world'
import { checkScriptRecord } from './script-rules'

/** What a problem is about; synthesis counts rejections by it. */
export const VERIFY_PROBLEM_KINDS = [
  'schema',
  'unknown family',
  'goal not reached',
  'too few error-refine pairs',
  'pair count mismatch',
  'loss mask',
  'replay mismatch',
  /** A script-mode record whose actions or DM flags fail AgentRefine's rule check. */
  'rule check',
  'not verified',
] as const
export type VerifyProblemKind = (typeof VERIFY_PROBLEM_KINDS)[number]

export interface VerifyProblem {
  kind: VerifyProblemKind
  message: string
}

export interface VerifyOptions {
  /** Error→refine pairs a record must hold (default 2, as AgentRefine). */
  minErrorRefinePairs?: number
  /** Parser options the record was written with. */
  parse?: ParseOptions
  /**
   * Check the record's stored `verified` field against the replay (default true). Synthesis
   * turns it off: it verifies records before it stamps them.
   */
  checkStored?: boolean
  /** The final state hash the episode that wrote the record reached; the replay must match. */
  expectedFinalStateHash?: string
  /**
   * Skip the replay of a record the cheap checks (pairs, loss mask, success) already reject
   * (default false: `refinery check` lists every problem). Synthesis turns it on: it counts a
   * rejection by its first problem, which the replay cannot change, and the replay costs as
   * much as the episode did.
   */
  replayOnlyIfCheapChecksPass?: boolean
}

export interface VerifyReport {
  /** The record's id when it has one. */
  id?: string
  /** Empty when the record passed. */
  problems: VerifyProblem[]
  /** The fresh replay's final state hash; null when no replay ran. */
  finalStateHash: string | null
}

const MAX_SCHEMA_ISSUES = 5

/**
 * The one verification of a trajectory, shared by synthesis (before a record is kept) and
 * `refinery check` (after): schema, error→refine pairs, the loss mask, success, a replay in a
 * fresh environment, and the stored verification.
 */
export async function verifyTrajectory(
  value: unknown,
  families: FamilyRegistry | EnvironmentFamily,
  options: VerifyOptions = {},
): Promise<VerifyReport> {
  const parsed = Trajectory.safeParse(value)
  if (!parsed.success) {
    const id = (value as { id?: unknown } | null)?.id
    const problems = parsed.error.issues.slice(0, MAX_SCHEMA_ISSUES).map(
      (issue): VerifyProblem => ({
        kind: 'schema',
        message: `schema: ${issue.path.length ? `${issue.path.join('.')}: ` : ''}${issue.message}`,
      }),
    )
    return { ...(typeof id === 'string' ? { id } : {}), problems, finalStateHash: null }
  }
  const record = parsed.data
  const problems: VerifyProblem[] = []
  const add = (kind: VerifyProblemKind, message: string) => problems.push({ kind, message })
  const minPairs = options.minErrorRefinePairs ?? 2

  const pairs = countErrorRefinePairs(record.messages)
  if (pairs !== record.outcome.errorRefinePairs) {
    add(
      'pair count mismatch',
      `outcome.errorRefinePairs is ${record.outcome.errorRefinePairs} but the messages hold ${pairs} error→refine pairs`,
    )
  }
  if (pairs < minPairs)
    add('too few error-refine pairs', `${pairs} error→refine pairs, at least ${minPairs} needed`)
  for (const message of maskProblems(record.messages)) add('loss mask', message)
  if (!record.outcome.success)
    add('goal not reached', 'outcome.success is false: only successful trajectories are kept')

  if (record.script !== undefined || record.verified?.by === 'rules') {
    return verifyByRules(record, problems, options)
  }
  const carried = carriedWorld(families, record)
  if (typeof carried === 'string') {
    add('schema', carried)
    return { id: record.id, problems, finalStateHash: null }
  }
  const family = carried ?? resolveFamily(families, record.env)
  if (!family) {
    const known = 'ids' in families ? families.ids().join(', ') : families.id
    add('unknown family', `env: unknown family '${record.env}' (known: ${known || 'none'})`)
    return { id: record.id, problems, finalStateHash: null }
  }
  if (options.replayOnlyIfCheapChecksPass && problems.length > 0) {
    return { id: record.id, problems, finalStateHash: null }
  }
  const replay = await replayTrajectory(
    record,
    family,
    options.parse ? { parse: options.parse } : {},
  )
  for (const p of replay.problems) add('replay mismatch', `replay: ${p}`)
  if (
    options.expectedFinalStateHash !== undefined &&
    replay.finalStateHash !== null &&
    replay.finalStateHash !== options.expectedFinalStateHash
  ) {
    add('replay mismatch', 'replay: the final state differs from the episode that wrote the record')
  }
  if (options.checkStored ?? true) {
    if (!record.verified) {
      add('not verified', 'verified is null: the record was never verified by replay')
    } else {
      if (!record.verified.ok) add('not verified', 'verified.ok is false')
      if (record.verified.by !== 'replay') {
        add('not verified', `verified.by is '${record.verified.by}' on a record without a script`)
      }
      if (
        replay.finalStateHash !== null &&
        record.verified.finalStateHash !== replay.finalStateHash
      ) {
        add(
          'not verified',
          `verified.finalStateHash differs from the replay's (record ${record.verified.finalStateHash}, replay ${replay.finalStateHash})`,
        )
      }
    }
  }
  return { id: record.id, problems, finalStateHash: replay.finalStateHash }
}

/**
 * A script-mode record has no environment to replay: its observations were invented by the
 * model's Dungeon Master. It is checked the way AgentRefine checks it, by the rules replayed
 * against the script the record carries.
 */
function verifyByRules(
  record: Trajectory,
  problems: VerifyProblem[],
  options: VerifyOptions,
): VerifyReport {
  const checked = checkScriptRecord(record)
  for (const message of checked.problems) problems.push({ kind: 'rule check', message })
  if ((options.checkStored ?? true) && checked.hash !== null) {
    const verified = record.verified
    if (!verified) problems.push({ kind: 'not verified', message: 'verified is null' })
    else if (verified.by !== 'rules' || !verified.ok || verified.finalStateHash !== checked.hash) {
      problems.push({
        kind: 'not verified',
        message: `verified must be { by: 'rules', ok: true } with the rule hash ${checked.hash}`,
      })
    }
  }
  return { id: record.id, problems, finalStateHash: checked.hash }
}

function resolveFamily(
  families: FamilyRegistry | EnvironmentFamily,
  id: string,
): EnvironmentFamily | null {
  if ('ids' in families && typeof families.ids === 'function') {
    return families.has(id) ? families.get(id) : null
  }
  const family = families as EnvironmentFamily
  return family.id === id ? family : null
}

/**
 * The family of a record that carries its own world (`source.world`, as the grounded mode
 * writes it) when no registered family has its id: the world is the task. Null when the
 * record carries none; a string saying what is wrong when the world does not validate.
 */
function carriedWorld(
  families: FamilyRegistry | EnvironmentFamily,
  record: Trajectory,
): EnvironmentFamily | string | null {
  const world = record.source.world
  if (world === undefined || resolveFamily(families, record.env)) return null
  let ref: ReturnType<typeof parseTaskId>
  try {
    ref = parseTaskId(record.task)
  } catch {
    return `task: '${record.task}' is not a task id`
  }
  if (ref.family !== record.env) return `task: ${record.task} is not a task of '${record.env}'`
  const checked = validateWorldSpec(world, { skipPlanning: true })
  if (!checked.ok) return `source.world: ${formatIssues(checked.issues.slice(0, 3)).join('; ')}`
  return worldFamily(checked.spec, { id: record.env, split: ref.split, index: ref.index })
}

/** `train: false` exactly on the erroneous assistant turns. */
function maskProblems(messages: readonly Message[]): string[] {
  const problems: string[] = []
  for (const [i, message] of messages.entries()) {
    if (message.role !== 'assistant') continue
    const error = isErrorStatus(message.status)
    if (message.train === error) {
      problems.push(
        `turn ${i}: train is ${message.train} on ${error ? 'an erroneous' : 'an accepted'} turn (status ${message.status})`,
      )
    }
  }
  return problems
}
