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
 * Words of a persona's occupation, setting or interests that fit each adventure theme. A
 * persona that names none of them leaves its task as drawn: adventure has three themes, and
 * a theme that does not fit would only pretend to be the persona's.
 */
const HINTS: ThemeHints = {
  manor: [
    'housekeeper',
    'butler',
    'cook',
    'gardener',
    'gardening',
    'hotel',
    'antique',
    'clocks',
    'watchmaker',
    'furniture',
    'restorer',
    'farmhouse',
    'terrace',
    'knitting',
    'baking',
    'jazz',
  ],
  caverns: [
    'geologist',
    'miner',
    'mine',
    'mountain',
    'cave',
    'caving',
    'trail',
    'running',
    'locksmith',
    'plumber',
    'research station',
    'lighthouse',
    'coastal',
  ],
  castle: [
    'knight',
    'chess',
    'curator',
    'museum',
    'archivist',
    'historian',
    'old maps',
    'stage',
    'theatre',
    'librarian',
    'market town',
  ],
}

/**
 * Adventure themes by choosing among the split's tasks: the persona picks one of the themes
 * its occupation, setting or interests fit, and the nearest task set there is played (see
 * `taskChoiceTheming`). The world itself, rooms, people and treasures, is the family's.
 */
export function adventureTheming(
  task: (split: Split, index: number) => TaskRef,
  size: (split: Split) => number,
): FamilyTheming {
  return taskChoiceTheming({
    hints: HINTS,
    themeOf: (ref) => (typeof ref.params?.theme === 'string' ? ref.params.theme : undefined),
    task,
    size,
  })
}

/** The themes a persona's attributes fit, with their weights (occupation weighs most). */
export function themeVotes(persona: PersonaTraits): { theme: string; weight: number }[] {
  return personaThemeVotes(persona, HINTS)
}
