import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FamilyRegistry, parseTaskId, Trajectory } from '@refinery/core'
import { checkTrajectoryFile, verifyTrajectory } from '@refinery/dataset'
import { adventure } from '@refinery/env-adventure'
import { generated, TEST_THEMES } from '@refinery/env-generated'
import { grid } from '@refinery/env-grid'
import { household } from '@refinery/env-household'
import { lab } from '@refinery/env-lab'
import { planning } from '@refinery/env-planning'
import { describe, expect, it } from 'vitest'
import { COMPOSED_PERSONA_COUNT, composedPersona } from './personas'
import { runSynthesis } from './run'
import type { SynthSummary } from './summary'

const registry = new FamilyRegistry([adventure, generated, grid, household, lab, planning])

async function synth(
  families: string[],
  count: number,
  seed: number,
): Promise<{ records: Trajectory[]; summary: SynthSummary; file: string }> {
  const outDir = await mkdtemp(join(tmpdir(), 'refinery-synth-themes-'))
  const summary = await runSynthesis({
    config: { families, count, seed },
    registry,
    outDir,
    concurrency: 4,
  })
  const file = join(outDir, 'trajectories.jsonl')
  const text = await readFile(file, 'utf8')
  const records = text
    .split('\n')
    .filter(Boolean)
    .map((line) => Trajectory.parse(JSON.parse(line)))
  return { records, summary, file }
}

/** The composed persona a record names (the composed space is small enough to index). */
const BY_DESCRIPTION = new Map(
  Array.from({ length: COMPOSED_PERSONA_COUNT }, (_, i) => composedPersona(i)).map((p) => [
    p.description,
    p,
  ]),
)

describe('personas theme procedural worlds', () => {
  it('dresses generated worlds in the theme the persona picks; the record keeps it and check rebuilds the world from it', async () => {
    const { records, summary, file } = await synth(['generated'], 8, 5)
    expect(records).toHaveLength(8)
    expect(summary.themes).toEqual({ themed: 8, notThemable: [] })
    for (const record of records) {
      const persona = BY_DESCRIPTION.get(record.source.persona!)!
      const ref = parseTaskId(record.task)
      const plain = generated.task(ref.split, ref.index)
      // The theme is the one the persona gives this task, from the train themes only.
      expect(record.source.theme).toBe(generated.theming!.choose(plain, persona))
      expect(TEST_THEMES.some((t) => t.id === record.source.theme)).toBe(false)
    }
    const report = await checkTrajectoryFile(file, registry)
    expect(report.failures).toEqual([])
    expect(report.passed).toBe(8)
    // Replay uses the kept theme: without it (or with another) the world is not the same.
    const moved = records.find((r) => {
      const ref = parseTaskId(r.task)
      return generated.task(ref.split, ref.index).params?.theme !== r.source.theme
    })!
    const { theme: _kept, ...unthemed } = moved.source
    const replayed = await verifyTrajectory({ ...moved, source: unthemed }, registry)
    expect(replayed.problems.some((p) => p.kind === 'replay mismatch')).toBe(true)
    const wrong = await verifyTrajectory(
      { ...moved, source: { ...moved.source, theme: TEST_THEMES[0]!.id } },
      registry,
    )
    expect(wrong.problems[0]?.message).toMatch(
      /source\.theme: .*not a theme of the generated train split/,
    )
  }, 120_000)

  it('says which families are not themable and counts only themed records', async () => {
    const { records, summary } = await synth(['generated', 'grid'], 6, 9)
    expect(summary.themes.notThemable).toEqual(['grid'])
    const themed = records.filter((r) => r.source.theme !== undefined)
    expect(themed.every((r) => r.env === 'generated')).toBe(true)
    expect(summary.themes.themed).toBe(themed.length)
    expect(themed.length).toBe(records.filter((r) => r.env === 'generated').length)
  }, 120_000)

  // Regression: the persona once spoke in the agent's first thought ("As a busy parent, …").
  it('themes household and adventure tasks only where the persona fits, and check replays them', async () => {
    const { records, summary, file } = await synth(['household', 'adventure'], 12, 4)
    expect(summary.themes.notThemable).toEqual([])
    const themed = records.filter((r) => r.source.theme !== undefined)
    expect(summary.themes.themed).toBe(themed.length)
    expect(themed.length).toBeGreaterThan(0)
    for (const record of records) {
      const persona = BY_DESCRIPTION.get(record.source.persona!)!
      const family = registry.get(record.env)
      const ref = parseTaskId(record.task)
      // A themed record's task is the one its theme chooses; an unthemed persona fit no theme.
      const task = family.task(ref.split, ref.index)
      if (record.source.theme === undefined)
        expect(family.theming!.choose(task, persona)).toBeNull()
      else expect(family.theming!.apply(task, record.source.theme)).toEqual(task)
    }
    expect((await checkTrajectoryFile(file, registry)).failures).toEqual([])
  }, 120_000)

  it('never lets the persona into the agent’s thoughts, over 36 trajectories of every family (the variety bench checks 2,000)', async () => {
    const { records } = await synth(registry.ids(), 36, 31)
    expect(records.length).toBeGreaterThanOrEqual(34)
    let thoughts = 0
    for (const record of records) {
      const persona = BY_DESCRIPTION.get(record.source.persona!)!
      const world = record.messages
        .filter((m) => m.role !== 'assistant')
        .map((m) => m.content.toLowerCase())
        .join('\n')
      for (const m of record.messages) {
        if (m.role !== 'assistant') continue
        thoughts++
        const thought = m.thought.toLowerCase()
        expect(thought).not.toContain(persona.description.toLowerCase())
        expect(thought).not.toMatch(/\bas an? [a-z-]+ (in|who)\b/)
        // Its attributes only where the world itself says them (a themed noun).
        for (const trait of [persona.occupation!, persona.interest!, persona.setting!]) {
          if (!world.includes(trait)) expect(thought).not.toContain(trait)
        }
      }
    }
    expect(thoughts).toBeGreaterThan(200)
  }, 300_000)
})
