import { isErrorStatus, StepStatus, Trajectory } from '@refinery/core'
import { type JsonlSource, readJsonl } from './jsonl'
import { DistinctN } from './text'

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
  /** Assistant turns per record. */
  turns: Summary
  /** Erroneous assistant turns per error status, keys sorted. */
  errorKinds: Record<string, number>
  /** Records per persona (`(none)` when the record has none), keys sorted. */
  personas: Record<string, number>
  /** Actions per verb (the action's first word), keys sorted. */
  verbs: Record<string, number>
  /** Distinct-1 and distinct-2 of the thoughts. */
  thoughtDistinct: { distinct1: number; distinct2: number }
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
  private readonly turns = new RunningSummary()
  private readonly errorKinds = new Map<string, number>()
  private readonly personas = new Map<string, number>()
  private readonly verbs = new Map<string, number>()
  private readonly distinct1 = new DistinctN(1)
  private readonly distinct2 = new DistinctN(2)
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
    bump(this.personas, record.source.persona ?? '(none)')
    let turns = 0
    for (const message of record.messages) {
      if (message.role !== 'assistant') continue
      turns++
      this.assistantTurns++
      if (!message.train) this.maskedTurns++
      this.statuses[message.status]++
      if (isErrorStatus(message.status)) bump(this.errorKinds, message.status)
      const verb = message.action?.trim().split(/\s+/)[0]?.toLowerCase()
      if (verb) bump(this.verbs, verb)
      this.distinct1.add(message.thought)
      this.distinct2.add(message.thought)
    }
    this.turns.add(turns)
    return this
  }

  result(): DatasetStats {
    return {
      records: this.records,
      successes: this.successes,
      verified: this.verified,
      families: sorted(this.families),
      steps: this.steps.result(),
      errorRefinePairs: this.pairs.result(),
      assistantTurns: this.assistantTurns,
      maskedTurns: this.maskedTurns,
      statuses: { ...this.statuses },
      turns: this.turns.result(),
      errorKinds: sorted(this.errorKinds),
      personas: sorted(this.personas),
      verbs: sorted(this.verbs),
      thoughtDistinct: { distinct1: this.distinct1.value, distinct2: this.distinct2.value },
    }
  }
}

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1)
}

function sorted(map: Map<string, number>): Record<string, number> {
  const out: Record<string, number> = {}
  for (const key of [...map.keys()].sort()) out[key] = map.get(key)!
  return out
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
  options: { onLine?: (line: number) => void } = {},
): Promise<DatasetStats & { invalidLines: number }> {
  const accumulator = new StatsAccumulator()
  let invalidLines = 0
  for await (const entry of readJsonl(source)) {
    options.onLine?.(entry.line)
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
