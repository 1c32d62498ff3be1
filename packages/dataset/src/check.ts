import { type ParseOptions, replayTrajectory } from '@refinery/agent'
import {
  countErrorRefinePairs,
  type FamilyRegistry,
  isErrorStatus,
  type Message,
  Trajectory,
} from '@refinery/core'
import { type JsonlSource, readJsonl } from './jsonl'

export interface CheckOptions {
  /** Error→refine pairs a record must hold (default 2, as AgentRefine). */
  minErrorRefinePairs?: number
  /** Parser options the records were written with. */
  parse?: ParseOptions
  /** The longest line read (see `readLines`); default 64 MiB. */
  maxLineBytes?: number
  /** Called for each line read (the file check only). */
  onLine?: (line: number) => void
}

export interface RecordCheck {
  id?: string
  /** Empty when the record passed. */
  problems: string[]
}

export interface CheckFailure extends RecordCheck {
  line: number
}

export interface CheckReport {
  /** Non-blank lines read. */
  total: number
  passed: number
  failures: CheckFailure[]
}

const MAX_SCHEMA_ISSUES = 5

/**
 * Checks one record for training use: schema, replay in a fresh environment, error→refine
 * pairs, the loss mask, success and the stored verification.
 */
export async function checkTrajectory(
  value: unknown,
  registry: FamilyRegistry,
  options: CheckOptions = {},
): Promise<RecordCheck> {
  const parsed = Trajectory.safeParse(value)
  if (!parsed.success) {
    const id = (value as { id?: unknown } | null)?.id
    const problems = parsed.error.issues
      .slice(0, MAX_SCHEMA_ISSUES)
      .map(
        (issue) =>
          `schema: ${issue.path.length ? `${issue.path.join('.')}: ` : ''}${issue.message}`,
      )
    return { ...(typeof id === 'string' ? { id } : {}), problems }
  }
  const record = parsed.data
  const problems: string[] = []
  const minPairs = options.minErrorRefinePairs ?? 2

  const pairs = countErrorRefinePairs(record.messages)
  if (pairs !== record.outcome.errorRefinePairs) {
    problems.push(
      `outcome.errorRefinePairs is ${record.outcome.errorRefinePairs} but the messages hold ${pairs} error→refine pairs`,
    )
  }
  if (pairs < minPairs) problems.push(`${pairs} error→refine pairs, at least ${minPairs} needed`)
  problems.push(...maskProblems(record.messages))
  if (!record.outcome.success)
    problems.push('outcome.success is false: only successful trajectories are kept')

  if (!registry.has(record.env)) {
    problems.push(
      `env: unknown family '${record.env}' (known: ${registry.ids().join(', ') || 'none'})`,
    )
    return { id: record.id, problems }
  }
  const replay = await replayTrajectory(
    record,
    registry.get(record.env),
    options.parse ? { parse: options.parse } : {},
  )
  problems.push(...replay.problems.map((p) => `replay: ${p}`))
  if (!record.verified) {
    problems.push('verified is null: the record was never verified by replay')
  } else {
    if (!record.verified.ok) problems.push('verified.ok is false')
    if (
      replay.finalStateHash !== null &&
      record.verified.finalStateHash !== replay.finalStateHash
    ) {
      problems.push(
        `verified.finalStateHash differs from the replay's (record ${record.verified.finalStateHash}, replay ${replay.finalStateHash})`,
      )
    }
  }
  return { id: record.id, problems }
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

/** Checks every line of a trajectory JSONL file; a line that is not JSON fails on its own. */
export async function checkTrajectoryFile(
  source: JsonlSource,
  registry: FamilyRegistry,
  options: CheckOptions = {},
): Promise<CheckReport> {
  const report: CheckReport = { total: 0, passed: 0, failures: [] }
  for await (const entry of readJsonl(
    source,
    options.maxLineBytes === undefined ? {} : { maxLineBytes: options.maxLineBytes },
  )) {
    options.onLine?.(entry.line)
    report.total++
    if (entry.error !== undefined) {
      report.failures.push({ line: entry.line, problems: [`json: ${entry.error}`] })
      continue
    }
    const check = await checkTrajectory(entry.value, registry, options)
    if (check.problems.length === 0) report.passed++
    else report.failures.push({ line: entry.line, ...check })
  }
  return report
}
