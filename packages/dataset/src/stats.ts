import { StepStatus, Trajectory } from '@refinery/core'
import { type JsonlSource, readJsonl } from './jsonl'

export interface Summary {
  min: number
  max: number
  mean: number
}

export interface DatasetStats {
  records: number
  successes: number
  verified: number
  /** Records per family, keys sorted. */
  families: Record<string, number>
  steps: Summary
  errorRefinePairs: Summary
  assistantTurns: number
  /** Assistant turns with `train: false`. */
  maskedTurns: number
  /** Assistant turns per status, every status listed. */
  statuses: Record<StepStatus, number>
}

/** Accumulates statistics one record at a time, so a file of any size streams through. */
export class StatsAccumulator {
  private records = 0
  private successes = 0
  private verified = 0
  private readonly families = new Map<string, number>()
  private readonly steps = new RunningSummary()
  private readonly pairs = new RunningSummary()
  private assistantTurns = 0
  private maskedTurns = 0
  private readonly statuses = Object.fromEntries(StepStatus.options.map((s) => [s, 0])) as Record<
    StepStatus,
    number
  >

  add(record: Trajectory): this {
    this.records++
    if (record.outcome.success) this.successes++
    if (record.verified?.ok) this.verified++
    this.families.set(record.env, (this.families.get(record.env) ?? 0) + 1)
    this.steps.add(record.outcome.steps)
    this.pairs.add(record.outcome.errorRefinePairs)
    for (const message of record.messages) {
      if (message.role !== 'assistant') continue
      this.assistantTurns++
      if (!message.train) this.maskedTurns++
      this.statuses[message.status]++
    }
    return this
  }

  result(): DatasetStats {
    const families: Record<string, number> = {}
    for (const id of [...this.families.keys()].sort()) families[id] = this.families.get(id)!
    return {
      records: this.records,
      successes: this.successes,
      verified: this.verified,
      families,
      steps: this.steps.result(),
      errorRefinePairs: this.pairs.result(),
      assistantTurns: this.assistantTurns,
      maskedTurns: this.maskedTurns,
      statuses: { ...this.statuses },
    }
  }
}

/** Statistics of a set of records. */
export function stats(records: Iterable<Trajectory>): DatasetStats {
  const accumulator = new StatsAccumulator()
  for (const record of records) accumulator.add(record)
  return accumulator.result()
}

/** Statistics of a trajectory JSONL file, streamed; lines that are not records are counted. */
export async function statsFile(
  source: JsonlSource,
): Promise<DatasetStats & { invalidLines: number }> {
  const accumulator = new StatsAccumulator()
  let invalidLines = 0
  for await (const entry of readJsonl(source)) {
    const parsed = entry.error === undefined ? Trajectory.safeParse(entry.value) : null
    if (parsed?.success) accumulator.add(parsed.data)
    else invalidLines++
  }
  return { ...accumulator.result(), invalidLines }
}

class RunningSummary {
  private count = 0
  private sum = 0
  private min = Number.POSITIVE_INFINITY
  private max = Number.NEGATIVE_INFINITY

  add(value: number): void {
    this.count++
    this.sum += value
    this.min = Math.min(this.min, value)
    this.max = Math.max(this.max, value)
  }

  result(): Summary {
    if (this.count === 0) return { min: 0, max: 0, mean: 0 }
    return { min: this.min, max: this.max, mean: Math.round((this.sum / this.count) * 1000) / 1000 }
  }
}
