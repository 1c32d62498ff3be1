import type { WorldSpec } from '@refinery/world'
import { generateWorld } from './generate'
import { TEST_THEMES, THEMES, themeById, themeForPersona } from './themes'

/**
 * A small solved world of a theme (given by id, or picked from a persona), to show a model
 * that writes WorldSpecs (the `grounded` synthesis mode) what a valid world looks like.
 * Deterministic: the same theme and seed give the same world.
 */
export function exampleWorldFor(
  themeOrPersona: string,
  seed = 0,
): { spec: WorldSpec; plan: string[] } {
  const known = THEMES.some((t) => t.id === themeOrPersona)
  const theme = known ? themeById(themeOrPersona) : themeForPersona(themeOrPersona, THEMES)
  const world = generateWorld({
    seed,
    theme: theme.id,
    split: TEST_THEME_IDS.has(theme.id) ? 'test' : 'train',
    mechanics: [2, 3],
    planLength: [4, 12],
    id: `example/${theme.id}/${seed}`,
  })
  return { spec: world.spec, plan: world.plan }
}

const TEST_THEME_IDS = new Set(TEST_THEMES.map((t) => t.id))
