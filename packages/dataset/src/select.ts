import { countErrorRefinePairs, RefineryError, Trajectory } from '@refinery/core'
import { writeJsonlAtomically } from './atomic'
import { firstIssue } from './export'
import { type JsonlSource, readJsonl } from './jsonl'
import { DistinctN, ngramKeys, tokenHashes, tokenize } from './text'

/**
 * Data selection without an LLM: quality signals read off the record, and diversity by
 * k-center greedy over hashed n-gram vectors (each pick is the record farthest from those
 * already picked, its distance weighted by its quality). Two passes over the file: the
 * first keeps one small vector per record, the second writes the picks in file order.
 */

export const VECTOR_DIMENSIONS = 256

export interface QualitySignals {
  assistantTurns: number
  errorRefinePairs: number
  /** Distinct actions over assistant turns. */
  distinctActions: number
  /** Distinct-2 of the thoughts. */
  thoughtDistinct2: number
  /** The signals folded into [0, 1]. */
  quality: number
}

export function qualitySignals(record: Trajectory): QualitySignals {
  const assistants = record.messages.filter((m) => m.role === 'assistant')
  const actions = new Set(assistants.map((m) => m.action ?? ''))
  const distinct = new DistinctN(2)
  for (const m of assistants) distinct.add(m.thought)
  const pairs = countErrorRefinePairs(record.messages)
  const turns = assistants.length
  const distinctActions = turns === 0 ? 0 : actions.size / turns
  const quality =
    (Math.min(turns / 12, 1) + Math.min(pairs / 3, 1) + distinctActions + distinct.value) / 4
  return {
    assistantTurns: turns,
    errorRefinePairs: pairs,
    distinctActions: round(distinctActions),
    thoughtDistinct2: distinct.value,
    quality: round(quality),
  }
}

const round = (x: number) => Math.round(x * 10000) / 10000

/** Unit vector of a record's hashed word bigrams (system prompt left out). */
export function recordVector(record: Trajectory): Float32Array {
  const v = new Float32Array(VECTOR_DIMENSIONS)
  for (const m of record.messages) {
    if (m.role === 'system') continue
    for (const key of ngramKeys(tokenHashes(tokenize(m.content)), 2)) {
      v[key % VECTOR_DIMENSIONS]! += (Math.floor(key / VECTOR_DIMENSIONS) & 1) === 0 ? 1 : -1
    }
  }
  let norm = 0
  for (const x of v) norm += x * x
  norm = Math.sqrt(norm) || 1
  for (let i = 0; i < v.length; i++) v[i]! /= norm
  return v
}

export interface SelectOptions {
  /** Records to keep. */
  count: number
  /** Records below this quality are never picked (default 0). */
  minQuality?: number
  onLine?: (line: number) => void
}

export interface SelectReport {
  records: number
  selected: number
  /** Mean quality of all records and of the picks. */
  meanQuality: { all: number; selected: number }
  skipped: { line: number; problem: string }[]
}

export async function selectFile(
  input: string,
  output: string,
  options: SelectOptions,
): Promise<SelectReport> {
  if (!Number.isInteger(options.count) || options.count < 1) {
    throw new RefineryError('usage', `--count must be a positive integer, got ${options.count}.`, {
      hint: 'Say how many records to keep, e.g. --count 1000.',
    })
  }
  const lines: number[] = []
  const vectors: Float32Array[] = []
  const qualities: number[] = []
  const skipped: SelectReport['skipped'] = []
  for await (const { line, record, problem } of records(input, options.onLine)) {
    if (!record) {
      skipped.push({ line, problem: problem! })
      continue
    }
    lines.push(line)
    vectors.push(recordVector(record))
    qualities.push(qualitySignals(record).quality)
  }
  const picked = kCenterGreedy(vectors, qualities, options.count, options.minQuality ?? 0)
  const chosen = new Set(picked.map((i) => lines[i]!))
  await writeJsonlAtomically(output, async (writer) => {
    for await (const entry of readJsonl(input)) {
      if (chosen.has(entry.line)) await writer.write(entry.value)
    }
  })
  const mean = (xs: number[]) =>
    xs.length === 0 ? 0 : round(xs.reduce((a, b) => a + b, 0) / xs.length)
  return {
    records: lines.length,
    selected: picked.length,
    meanQuality: { all: mean(qualities), selected: mean(picked.map((i) => qualities[i]!)) },
    skipped,
  }
}

/**
 * k-center greedy: start from the best record, then repeatedly take the record whose
 * distance (1 - cosine) to its nearest pick, times (0.5 + quality / 2), is largest. Ties go
 * to the earlier record, so the result is deterministic.
 */
export function kCenterGreedy(
  vectors: readonly Float32Array[],
  qualities: readonly number[],
  count: number,
  minQuality = 0,
): number[] {
  const eligible = vectors.map((_, i) => qualities[i]! >= minQuality)
  const nearest = new Float64Array(vectors.length).fill(Number.POSITIVE_INFINITY)
  const picked: number[] = []
  let next = -1
  for (let i = 0; i < vectors.length; i++) {
    if (eligible[i] && (next < 0 || qualities[i]! > qualities[next]!)) next = i
  }
  while (next >= 0 && picked.length < count) {
    picked.push(next)
    eligible[next] = false
    const center = vectors[next]!
    let best = -1
    let bestScore = -1
    for (let i = 0; i < vectors.length; i++) {
      if (!eligible[i]) continue
      const d = 1 - dot(center, vectors[i]!)
      if (d < nearest[i]!) nearest[i] = d
      const score = nearest[i]! * (0.5 + qualities[i]! / 2)
      if (score > bestScore) {
        bestScore = score
        best = i
      }
    }
    next = best
  }
  return picked.sort((a, b) => a - b)
}

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!
  return s
}

/** Valid records of a trajectory file, or why a line is not one. */
export async function* records(
  input: JsonlSource,
  onLine?: (line: number) => void,
): AsyncGenerator<{ line: number; record?: Trajectory; problem?: string }> {
  for await (const entry of readJsonl(input)) {
    onLine?.(entry.line)
    if (entry.error !== undefined) {
      yield { line: entry.line, problem: entry.error }
      continue
    }
    const parsed = Trajectory.safeParse(entry.value)
    if (parsed.success) yield { line: entry.line, record: parsed.data }
    else yield { line: entry.line, problem: `not a trajectory record: ${firstIssue(parsed.error)}` }
  }
}
