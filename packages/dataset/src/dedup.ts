import { RefineryError, Trajectory } from '@refinery/core'
import { writeJsonlAtomically } from './atomic'
import { firstIssue } from './export'
import { type JsonlSource, readJsonl } from './jsonl'
import { hashString, mix32, ngramKeys, tokenHashes, tokenize } from './text'

/**
 * Near-duplicate removal with MinHash-LSH. Written here rather than taken from npm: the
 * packages there (`minhash` 0.0.9 and its forks) are unmaintained, untyped and declare no
 * engines. A record's shingles are the word 5-grams of its non-system messages; its
 * signature is `permutations` minimums of independently mixed shingle hashes; LSH bands
 * propose candidates, and a candidate is a duplicate when the signatures' estimated Jaccard
 * similarity reaches the threshold. The first record of a group is kept, in file order.
 */

export interface DedupOptions {
  /** Jaccard similarity at or above which a record is a near duplicate (default 0.8). */
  threshold?: number
  /** Hash functions per signature (default 128). */
  permutations?: number
  /** Shingle length in tokens (default 5). */
  shingle?: number
  onLine?: (line: number) => void
}

export interface DedupReport {
  records: number
  kept: number
  /** Removed records: their line and the line of the kept record they duplicate. */
  removed: { line: number; id: string; duplicateOf: number }[]
  skipped: { line: number; problem: string }[]
  bands: number
  rows: number
}

/** MinHash signature of a set of shingle hashes. */
export function minhashSignature(shingles: Iterable<number>, permutations: number): Uint32Array {
  const sig = new Uint32Array(permutations).fill(0xffffffff)
  const seeds = permutationSeeds(permutations)
  for (const s of shingles) {
    for (let p = 0; p < permutations; p++) {
      const h = mix32(s ^ seeds[p]!)
      if (h < sig[p]!) sig[p] = h
    }
  }
  return sig
}

const seedCache = new Map<number, Uint32Array>()
function permutationSeeds(n: number): Uint32Array {
  let seeds = seedCache.get(n)
  if (!seeds) {
    seeds = new Uint32Array(n)
    for (let i = 0; i < n; i++) seeds[i] = mix32(hashString(`minhash-${i}`))
    seedCache.set(n, seeds)
  }
  return seeds
}

/** Shingle hashes of a record's text (system prompt left out: every record shares it). */
export function recordShingles(record: Trajectory, size: number): Set<number> {
  const out = new Set<number>()
  for (const m of record.messages) {
    if (m.role === 'system') continue
    for (const key of ngramKeys(tokenHashes(tokenize(m.content)), size)) {
      out.add(mix32((key % 0x100000000) ^ Math.floor(key / 0x100000000)))
    }
  }
  return out
}

/**
 * Bands and rows (bands × rows = permutations) that minimise the false positive and false
 * negative areas around the threshold, as datasketch chooses them.
 */
export function lshParameters(
  threshold: number,
  permutations: number,
): { bands: number; rows: number } {
  let best = { bands: permutations, rows: 1 }
  let bestError = Number.POSITIVE_INFINITY
  for (let rows = 1; rows <= permutations; rows++) {
    if (permutations % rows !== 0) continue
    const bands = permutations / rows
    const p = (s: number) => 1 - (1 - s ** rows) ** bands
    const error = integrate((s) => p(s), 0, threshold) + integrate((s) => 1 - p(s), threshold, 1)
    if (error < bestError) {
      bestError = error
      best = { bands, rows }
    }
  }
  return best
}

function integrate(f: (x: number) => number, a: number, b: number): number {
  const steps = 200
  const h = (b - a) / steps
  let sum = 0
  for (let i = 0; i < steps; i++) sum += f(a + (i + 0.5) * h) * h
  return sum
}

/** Streams a trajectory file, writing the records that are not near duplicates. */
export async function dedupFile(
  input: JsonlSource,
  output: string,
  options: DedupOptions = {},
): Promise<DedupReport> {
  const threshold = options.threshold ?? 0.8
  if (!(threshold > 0 && threshold <= 1)) {
    throw new RefineryError('usage', `The Jaccard threshold must be in (0, 1], got ${threshold}.`, {
      hint: 'Use for example --threshold 0.8.',
    })
  }
  const permutations = options.permutations ?? 128
  const shingle = options.shingle ?? 5
  const { bands, rows } = lshParameters(threshold, permutations)
  const buckets = Array.from({ length: bands }, () => new Map<number, number[]>())
  const signatures: Uint32Array[] = []
  const keptLines: number[] = []
  const report: DedupReport = { records: 0, kept: 0, removed: [], skipped: [], bands, rows }
  await writeJsonlAtomically(output, async (writer) => {
    for await (const entry of readJsonl(input)) {
      options.onLine?.(entry.line)
      if (entry.error !== undefined) {
        report.skipped.push({ line: entry.line, problem: entry.error })
        continue
      }
      const parsed = Trajectory.safeParse(entry.value)
      if (!parsed.success) {
        report.skipped.push({
          line: entry.line,
          problem: `not a trajectory record: ${firstIssue(parsed.error)}`,
        })
        continue
      }
      report.records++
      const sig = minhashSignature(recordShingles(parsed.data, shingle), permutations)
      const bandKeys = Array.from({ length: bands }, (_, b) => bandKey(sig, b * rows, rows))
      const duplicateOf = findDuplicate(sig, bandKeys, buckets, signatures, threshold)
      if (duplicateOf >= 0) {
        report.removed.push({
          line: entry.line,
          id: parsed.data.id,
          duplicateOf: keptLines[duplicateOf]!,
        })
        continue
      }
      const index = signatures.length
      signatures.push(sig)
      keptLines.push(entry.line)
      for (const [b, key] of bandKeys.entries()) {
        const bucket = buckets[b]!.get(key)
        if (bucket) bucket.push(index)
        else buckets[b]!.set(key, [index])
      }
      await writer.write(entry.value)
      report.kept++
    }
  })
  return report
}

function bandKey(sig: Uint32Array, start: number, rows: number): number {
  let h = 0x811c9dc5
  for (let i = start; i < start + rows; i++) h = mix32(h ^ sig[i]!) + i
  return h >>> 0
}

function findDuplicate(
  sig: Uint32Array,
  bandKeys: number[],
  buckets: Map<number, number[]>[],
  signatures: Uint32Array[],
  threshold: number,
): number {
  const tried = new Set<number>()
  for (const [b, key] of bandKeys.entries()) {
    for (const candidate of buckets[b]!.get(key) ?? []) {
      if (tried.has(candidate)) continue
      tried.add(candidate)
      if (estimatedJaccard(sig, signatures[candidate]!) >= threshold) return candidate
    }
  }
  return -1
}

export function estimatedJaccard(a: Uint32Array, b: Uint32Array): number {
  let same = 0
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++
  return same / a.length
}
