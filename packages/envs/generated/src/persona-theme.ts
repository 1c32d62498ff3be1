import {
  drawPersonaTheme,
  type FamilyTheming,
  type PersonaTraits,
  personaThemeVotes,
  RefineryError,
  type TaskRef,
  type ThemeHints,
} from '@refinery/core'
import { TEST_THEMES, type Theme, TRAIN_THEMES, themeForPersona } from './themes'

/**
 * Words of a persona's occupation, setting or interests that point at a train theme, beside
 * each theme's own keywords (`Theme.keywords`, which name people). Settings and pastimes are
 * places and things, so they get their own list here.
 */
const HINTS: ThemeHints = {
  airport: ['airport', 'pilot', 'flight'],
  aquarium: ['aquarium', 'fish', 'marine'],
  archive: ['archive', 'map', 'old maps', 'records', 'warehouse clerk', 'clerk'],
  bakery: ['bakery', 'baking', 'sourdough', 'bread'],
  beach: ['coastal', 'seaside', 'beach', 'surf'],
  camp: ['trail', 'running', 'hiking', 'mountain', 'birdwatching', 'camping'],
  cafe: ['cafe', 'coffee', 'board games', 'crossword', 'jazz', 'chess', 'city flat'],
  castle: ['castle', 'chess'],
  clinic: ['veterinary', 'vet', 'animal', 'pet'],
  farm: ['farmhouse', 'farm', 'fermenting', 'village'],
  festival: ['jazz', 'records', 'music', 'festival'],
  fieldlab: ['lab', 'laboratory', 'research station', 'chemistry', 'geologist', 'campus'],
  forge: ['locksmith', 'smith', 'metal', 'forge'],
  garage: ['mechanic', 'bicycle', 'plumber', 'suburban', 'garage', 'terrace'],
  greenhouse: ['gardening', 'garden', 'florist', 'birdwatching', 'greenhouse'],
  hospital: ['hospital', 'night-shift', 'nurse', 'ward'],
  hotel: ['hotel', 'housekeeper', 'seaside hotel'],
  kitchen: ['line cook', 'cook', 'fermenting', 'brewing', 'city flat', 'suburban'],
  laundry: ['laundry', 'knitting', 'housekeeper', 'terrace'],
  library: ['library', 'librarian', 'crossword', 'chess problems', 'campus', 'reading'],
  lighthouse: ['lighthouse', 'coastal', 'ship captain', 'ferry'],
  lumbermill: ['woodworking', 'timber', 'furniture'],
  market: ['market town', 'market', 'fermenting', 'warehouse'],
  mine: ['geologist', 'mountain', 'mine'],
  museum: ['museum', 'curator', 'antique', 'clocks', 'watchmaker', 'restorer', 'old maps'],
  observatory: ['astronomy', 'observatory', 'research station', 'stargazing'],
  office: ['software', 'tester', 'office', 'converted warehouse'],
  orchard: ['orchard', 'farmhouse', 'brewing', 'gardening'],
  pharmacy: ['pharmacist', 'pharmacy', 'chemistry'],
  school: ['school', 'primary-school', 'teacher', 'campus', 'board games'],
  ship: ['ship', 'captain', 'ferry', 'houseboat', 'coastal', 'boat'],
  spaceship: ['astronomy', 'space', 'software'],
  station: ['model trains', 'trains', 'railway', 'station', 'market town'],
  studio: ['converted warehouse', 'knitting', 'studio', 'art'],
  submarine: ['ferry engineer', 'houseboat', 'submarine'],
  temple: ['mountain village', 'temple'],
  theatre: ['stage manager', 'stage', 'theatre', 'jazz'],
  winery: ['home brewing', 'brewing', 'wine', 'fermenting'],
  workshop: ['woodworking', 'furniture restorer', 'workshop', 'model trains', 'watchmaker'],
  zoo: ['zoo', 'birdwatching', 'animal'],
}

/**
 * The generated family's persona theming. A persona's occupation, setting and interests each
 * vote for the themes whose keywords or hints they name; the task's seed draws one of the
 * voted themes, weighted by the votes, so one persona still meets several of the places it
 * fits. A persona that names none gets a theme hashed from its text. Test worlds choose among
 * the themes held out for test, train and dev among the train ones, and `apply` refuses a
 * theme from the other pool, so a themed train record never wears a test theme.
 */
export const generatedTheming: FamilyTheming = {
  choose(task: TaskRef, persona: PersonaTraits): string | null {
    const pool = poolOf(task)
    return (
      drawPersonaTheme(task, persona, hintsOf(pool)) ??
      themeForPersona(persona.description, pool).id
    )
  },
  apply(task: TaskRef, theme: string): TaskRef {
    const pool = poolOf(task)
    if (!pool.some((t) => t.id === theme)) {
      throw new RefineryError(
        'invalid_input',
        `'${theme}' is not a theme of the generated ${task.split} split.`,
        { hint: `Use one of: ${pool.map((t) => t.id).join(', ')}.` },
      )
    }
    return { ...task, params: { ...task.params, theme } }
  },
}

function poolOf(task: TaskRef): readonly Theme[] {
  return task.split === 'test' ? TEST_THEMES : TRAIN_THEMES
}

const hintCache = new Map<readonly Theme[], ThemeHints>()

/** Each theme's own keywords (people) and its hints (places and pastimes), for a pool. */
function hintsOf(pool: readonly Theme[]): ThemeHints {
  let hints = hintCache.get(pool)
  if (!hints) {
    hints = Object.fromEntries(pool.map((t) => [t.id, [...t.keywords, ...(HINTS[t.id] ?? [])]]))
    hintCache.set(pool, hints)
  }
  return hints
}

/** The themes of `pool` a persona's attributes name, with their weights. */
export function themeVotes(
  persona: PersonaTraits,
  pool: readonly Theme[] = TRAIN_THEMES,
): { theme: string; weight: number }[] {
  return personaThemeVotes(persona, hintsOf(pool))
}
