import type { ParseOptions } from '@refinery/agent'
import type { FamilyRegistry } from '@refinery/core'
import { type JsonlSource, readJsonl } from './jsonl'
import { verifyTrajectory } from './verify'

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

/**
 * Checks one record for training use with `verifyTrajectory`, the same verification
 * synthesis runs before it keeps a record.
 */
export async function checkTrajectory(
  value: unknown,
  registry: FamilyRegistry,
  options: CheckOptions = {},
): Promise<RecordCheck> {
  const report = await verifyTrajectory(value, registry, {
    ...(options.minErrorRefinePairs === undefined
      ? {}
      : { minErrorRefinePairs: options.minErrorRefinePairs }),
    ...(options.parse ? { parse: options.parse } : {}),
  })
  return {
    ...(report.id === undefined ? {} : { id: report.id }),
    problems: report.problems.map((p) => p.message),
  }
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
