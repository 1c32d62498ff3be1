/**
 * The dataset bench: N trajectories through `check --against test` (contamination scoring),
 * `export` (OpenAI and LLaMA-Factory) and `dedup`, records per second and peak memory of
 * each, at two file sizes, so that memory can be seen not to grow with the file.
 *
 * The file is made from a base of synthesis records, each copied with a fresh id and a
 * varied observation, so dedup meets both near duplicates and distinct records. Each stage
 * runs in its own Node process, its peak resident memory read from `resourceUsage`.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { FamilyRegistry, rngStream, type Trajectory } from '@refinery/core'
import { benchMachine, writeBenchReport } from '@refinery/core/bench'
import {
  contaminationFile,
  dedupFile,
  EvaluationReference,
  exportFile,
  openJsonlWriter,
} from '@refinery/dataset'
import { household } from '@refinery/env-household'
import { runSynthesis } from '@refinery/synth'

const here = dirname(fileURLToPath(import.meta.url))
const root = join(here, '..', '..', '..')
const [stage, file, referencePath] = process.argv.slice(2)

if (stage) await runStage(stage, file!, referencePath!)
else await main()

/** One stage in this process; prints `{ records, seconds, peakRssMb }`. */
async function runStage(name: string, input: string, reference: string): Promise<void> {
  const dir = dirname(input)
  const start = performance.now()
  let records = 0
  if (name === 'check') {
    const ref = EvaluationReference.fromJSON(JSON.parse(readFileSync(reference, 'utf8')))
    records = (await contaminationFile(input, ref)).total
  } else if (name === 'export-openai' || name === 'export-sharegpt') {
    const format = name.slice('export-'.length)
    records = (await exportFile(input, join(dir, `${name}.jsonl`), format)).records
  } else if (name === 'dedup') {
    records = (await dedupFile(input, join(dir, 'dedup.jsonl'))).records
  }
  const seconds = (performance.now() - start) / 1000
  const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024)
  process.stdout.write(JSON.stringify({ records, seconds, peakRssMb }))
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'refinery-dataset-bench-'))
  const registry = new FamilyRegistry([household])
  process.stderr.write('synthesising the base records…\n')
  await runSynthesis({
    config: { count: 64, seed: 11, families: ['household'] },
    registry,
    outDir: dir,
  })
  const base = readFileSync(join(dir, 'trajectories.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Trajectory)
  process.stderr.write('building the test-split reference…\n')
  const refStart = performance.now()
  const reference = await EvaluationReference.fromRegistry(registry)
  const referenceSeconds = (performance.now() - refStart) / 1000
  const referencePath = join(dir, 'reference.json')
  writeFileSync(referencePath, JSON.stringify(reference))
  const sizes = [16_000, 64_000]
  const results: Record<string, unknown> = {}
  for (const size of sizes) {
    const sizeDir = mkdtempSync(join(dir, `n${size}-`))
    const input = join(sizeDir, 'trajectories.jsonl')
    await writeCopies(base, input, size)
    const stages: Record<string, unknown> = {}
    for (const name of ['check', 'export-openai', 'export-sharegpt', 'dedup']) {
      const out = execFileSync(
        process.execPath,
        [...process.execArgv, fileURLToPath(import.meta.url), name, input, referencePath],
        { encoding: 'utf8', maxBuffer: 1 << 20 },
      )
      const r = JSON.parse(out) as { records: number; seconds: number; peakRssMb: number }
      stages[name] = {
        records: r.records,
        recordsPerSecond: Math.round(r.records / r.seconds),
        peakRssMb: r.peakRssMb,
      }
      process.stderr.write(`${size} ${name}: ${JSON.stringify(stages[name])}\n`)
    }
    results[String(size)] = stages
  }
  const report = {
    machine: benchMachine(),
    baseRecords: base.length,
    reference: {
      seconds: Math.round(referenceSeconds * 10) / 10,
      episodes: reference.episodes,
      specificNgrams: reference.specific.size,
      templateNgrams: reference.template.size,
    },
    sizes: results,
  }
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`)
  writeBenchReport(root, 'dataset', report)
}

/** `size` records: copies of the base with fresh ids and a varied last observation. */
async function writeCopies(base: Trajectory[], path: string, size: number): Promise<void> {
  const writer = await openJsonlWriter(path)
  const rng = rngStream(5, 'dataset-bench')
  for (let i = 0; i < size; i++) {
    const record = base[i % base.length]!
    const words = Array.from({ length: 8 }, () => `w${rng.int(0, 9999)}`).join(' ')
    const messages = record.messages.map((m, j) =>
      j === record.messages.length - 1 ? { ...m, content: `${m.content} ${words}` } : m,
    )
    await writer.write({ ...record, id: `${record.id}-${i}`, messages })
  }
  await writer.close()
}
