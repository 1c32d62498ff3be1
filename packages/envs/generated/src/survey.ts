import { stableHash } from '@refinery/core'
import { createWorldEnvironment, validateWorldSpec } from '@refinery/world'
import type { GeneratedFamily } from './family'
import { MECHANICS, type MechanicId } from './mechanics'

/** What a run over many worlds of a split found: the figures issue 14 asks for. */
export interface Survey {
  worlds: number
  /** Worlds whose spec failed validation or whose oracle plan did not reach the goal. */
  failures: string[]
  themes: Record<string, number>
  mechanics: Record<MechanicId, number>
  planLengths: Record<number, number>
  vocabularies: number
  /** Each world's vocabulary, joined, as a set. */
  vocabularyKeys: Set<string>
  /** Every verb phrasing used. */
  phrasings: Set<string>
  themeIds: Set<string>
  /** Worlds equal to an earlier one of the survey in structure and vocabulary. */
  duplicates: number
  /** Engine steps taken replaying the plans. */
  steps: number
}

/**
 * Generates `count` worlds of a split, checks each (it validates, and its oracle plan played
 * as text through the environment reaches the goal) and counts themes, mechanics, plan
 * lengths and action vocabularies.
 */
export function survey(
  family: GeneratedFamily,
  split: 'train' | 'dev' | 'test',
  count: number,
  onWorld?: (i: number) => void,
  from = 0,
): Survey {
  const out: Survey = {
    worlds: 0,
    failures: [],
    themes: {},
    mechanics: Object.fromEntries(MECHANICS.map((m) => [m, 0])) as Record<MechanicId, number>,
    planLengths: {},
    vocabularies: 0,
    vocabularyKeys: new Set(),
    phrasings: new Set(),
    themeIds: new Set(),
    duplicates: 0,
    steps: 0,
  }
  const vocabularies = out.vocabularyKeys
  const shapes = new Set<string>()
  for (let i = from; i < from + count; i++) {
    const task = family.task(split, i)
    const world = family.generated(task)
    out.worlds++
    const problem = checkWorld(world.spec, world.plan)
    out.steps += world.plan.length
    if (problem) out.failures.push(`${task.id}: ${problem}`)
    out.themes[world.theme] = (out.themes[world.theme] ?? 0) + 1
    out.themeIds.add(world.theme)
    for (const m of world.mechanics) out.mechanics[m]++
    out.planLengths[world.plan.length] = (out.planLengths[world.plan.length] ?? 0) + 1
    vocabularies.add(world.vocabulary.join('|'))
    for (const p of world.vocabulary) out.phrasings.add(p)
    const { id: _id, ...shape } = world.spec
    const key = stableHash(shape)
    if (shapes.has(key)) out.duplicates++
    shapes.add(key)
    onWorld?.(i)
  }
  out.vocabularies = vocabularies.size
  return out
}

/**
 * Why a world is not a task, or undefined when it validates (the schema included) and its
 * plan wins as text. Generation leaves the schema parse out, which is sound only while the
 * parse accepts the built spec and changes nothing: a spec whose parse differs fails here.
 */
export function checkWorld(spec: unknown, plan: readonly string[]): string | undefined {
  const checked = validateWorldSpec(spec, { skipPlanning: true })
  if (!checked.ok) return `invalid: ${checked.issues[0]?.message}`
  if (JSON.stringify(checked.spec) !== JSON.stringify(spec))
    return 'the schema parse changes the built spec (key order or a default left out)'
  const env = createWorldEnvironment(checked.world)
  // reset's body runs synchronously; it also records what the first observation shows.
  void env.reset()
  for (const action of plan) {
    const result = env.stepSync(action)
    if (result.status !== 'ok') return `'${action}' gave ${result.status}: ${result.observation}`
  }
  return env.engine.success ? undefined : 'the oracle plan ends without reaching the goal'
}
