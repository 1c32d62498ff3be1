import {
  type FamilyTheming,
  type PersonaTraits,
  personaThemeVotes,
  type Split,
  type TaskRef,
  type ThemeHints,
  taskChoiceTheming,
} from '@refinery/core'

/**
 * A household theme is a room type. Its worlds are ALFWorld's fixed rooms and objects, so a
 * persona cannot redress them; it can only choose the room its life fits: a cook the kitchen,
 * a housekeeper a bedroom or bathroom, a reader the living room. A persona that names none of
 * these words leaves its task as drawn.
 */
const HINTS: ThemeHints = {
  kitchen: [
    'cook',
    'bakery',
    'baking',
    'sourdough',
    'fermenting',
    'brewing',
    'chemistry',
    'farmhouse',
    'city flat',
  ],
  livingroom: [
    'librarian',
    'archivist',
    'curator',
    'teacher',
    'board games',
    'jazz',
    'records',
    'chess',
    'crossword',
    'old maps',
    'model trains',
    'knitting',
    'suburban',
    'terrace',
  ],
  bedroom: ['housekeeper', 'hotel', 'night-shift', 'knitting', 'houseboat', 'astronomy'],
  bathroom: ['nurse', 'pharmacist', 'plumber', 'housekeeper', 'hotel', 'veterinary'],
}

/** Household theming: the persona picks a room type, and the nearest task in one is played. */
export function householdTheming(
  task: (split: Split, index: number) => TaskRef,
  size: (split: Split) => number,
): FamilyTheming {
  return taskChoiceTheming({ hints: HINTS, themeOf: roomOf, task, size })
}

/** The room types a persona's attributes fit, with their weights. */
export function themeVotes(persona: PersonaTraits): { theme: string; weight: number }[] {
  return personaThemeVotes(persona, HINTS)
}

/** `kitchen-7` → `kitchen`. */
function roomOf(task: TaskRef): string | undefined {
  const layout = task.params?.layout
  return typeof layout === 'string' ? layout.replace(/-\d+$/, '') : undefined
}
