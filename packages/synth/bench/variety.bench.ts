/**
 * Thought variety at the size: 2,000 procedural trajectories of every built-in family
 * (SYNTH_VARIETY_COUNT to change it), in worker threads. Prints JSON and writes
 * out/bench/synth-variety.json: the distinct-4-gram ratio of thoughts (aim >= 0.25), the share
 * of the most common thought skeleton (aim <= 2%), the same per family, how many records a
 * persona themed, and how many thoughts leak the persona (aim 0).
 */
import { mkdirSync, readFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Trajectory } from '@refinery/core'
import { benchMachine, writeBenchReport } from '@refinery/core/bench'
import { COMPOSED_PERSONA_COUNT, composedPersona } from '../src/personas'
import { runSynthesis } from '../src/run'
import { thoughtVariety } from '../src/variety'
import { benchRegistry } from './families'

const here = dirname(fileURLToPath(import.meta.url))
const root = join(here, '..', '..', '..')
const count = Number(process.env.SYNTH_VARIETY_COUNT ?? 2_000)
const workers = Number(process.env.SYNTH_BENCH_WORKERS ?? availableParallelism())
const work = join(root, 'out', 'bench', 'synth-variety-run')
mkdirSync(work, { recursive: true })
const registry = benchRegistry()
const round = (x: number, digits = 4) => Math.round(x * 10 ** digits) / 10 ** digits

const t0 = performance.now()
const summary = await runSynthesis({
  config: { families: registry.ids(), count, seed: 2026 },
  registry,
  outDir: work,
  existing: 'force',
  ...(workers > 1
    ? { workers: { count: workers, setup: new URL('./setup-all.ts', import.meta.url).href } }
    : {}),
})
const seconds = (performance.now() - t0) / 1000
const records = readFileSync(join(work, 'trajectories.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => Trajectory.parse(JSON.parse(l)))

const personas = new Map(
  Array.from({ length: COMPOSED_PERSONA_COUNT }, (_, i) => composedPersona(i)).map((p) => [
    p.description,
    p,
  ]),
)
let leaks = 0
for (const record of records) {
  const persona = personas.get(record.source.persona ?? '')
  if (!persona) continue
  const world = record.messages
    .filter((m) => m.role !== 'assistant')
    .map((m) => m.content.toLowerCase())
    .join('\n')
  const traits = [persona.description, persona.occupation!, persona.interest!, persona.setting!]
  for (const m of record.messages) {
    if (m.role !== 'assistant') continue
    const thought = m.thought.toLowerCase()
    if (traits.some((t) => thought.includes(t.toLowerCase()) && !world.includes(t.toLowerCase())))
      leaks++
  }
}
const variety = thoughtVariety(records)
const perFamily = Object.fromEntries(
  registry.ids().map((id) => {
    const v = thoughtVariety(records.filter((r) => r.env === id))
    return [
      id,
      {
        records: records.filter((r) => r.env === id).length,
        distinct4gramRatio: round(v.distinct4gramRatio),
        topSkeletonShare: round(v.topSkeletonShare),
      },
    ]
  }),
)
const report = {
  machine: benchMachine(),
  count,
  workers,
  seconds: Math.round(seconds),
  kept: summary.kept,
  themed: summary.themes.themed,
  notThemable: summary.themes.notThemable,
  thoughts: variety.thoughts,
  distinct4gramRatio: round(variety.distinct4gramRatio),
  skeletons: variety.skeletons,
  topSkeletonShare: round(variety.topSkeletonShare),
  topSkeleton: variety.topSkeleton,
  personaLeaks: leaks,
  aims: { distinct4gramRatio: 0.25, topSkeletonShare: 0.02, personaLeaks: 0 },
  met: variety.distinct4gramRatio >= 0.25 && variety.topSkeletonShare <= 0.02 && leaks === 0,
  perFamily,
}
console.log(JSON.stringify(report, null, 2))
writeBenchReport(root, 'synth-variety', report)
