import {
  type FamilyTheming,
  type PersonaTraits,
  RefineryError,
  rngStream,
  type TaskRef,
} from '@refinery/core'
import { TEST_THEMES, type Theme, TRAIN_THEMES, themeForPersona } from './themes'

/**
 * Words of a persona's occupation, setting or interests that point at a train theme, beside
 * each theme's own keywords (`Theme.keywords`, which name people). Settings and pastimes are
 * places and things, so they get their own list here.
 */
const HINTS: Readonly<Record<string, readonly string[]>> = {
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

/** How much a match in each attribute counts: what a persona does weighs most. */
const WEIGHTS = { occupation: 3, setting: 2, interest: 2, description: 1 } as const

/**
 * The generated family's persona theming. A persona's occupation, setting and interests each
 * vote for the train themes whose keywords or hints they name; the task's seed draws one of
 * the voted themes, weighted by the votes, so one persona still meets several of the places
 * it fits. A persona that names none gets a theme hashed from its text. Test worlds choose
 * among the themes held out for test, train and dev among the train ones, and `apply` refuses
 * a theme from the other pool, so a themed train record never wears a test theme.
 */
export const generatedTheming: FamilyTheming = {
  choose(task: TaskRef, persona: PersonaTraits): string | null {
    const pool = poolOf(task)
    const votes = themeVotes(persona, pool)
    if (votes.length === 0) return themeForPersona(persona.description, pool).id
    const rng = rngStream(task.seed, 'generated/persona-theme', persona.description)
    return votes[rng.weighted(votes.map((v) => v.weight))]!.theme.id
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

/** The themes a persona's attributes name, in pool order, with their summed weights. */
export function themeVotes(
  persona: PersonaTraits,
  pool: readonly Theme[],
): { theme: Theme; weight: number }[] {
  const parts: [string, number][] = []
  if (persona.occupation) parts.push([persona.occupation, WEIGHTS.occupation])
  if (persona.setting) parts.push([persona.setting, WEIGHTS.setting])
  if (persona.interest) parts.push([persona.interest, WEIGHTS.interest])
  if (parts.length === 0) parts.push([persona.description, WEIGHTS.description])
  const out: { theme: Theme; weight: number }[] = []
  for (const theme of pool) {
    const words = [...theme.keywords, ...(HINTS[theme.id] ?? [])]
    let weight = 0
    for (const [text, w] of parts) if (words.some((k) => names(text, k))) weight += w
    if (weight > 0) out.push({ theme, weight })
  }
  return out
}

/** True when `text` holds `phrase` as whole words (a plural `s` allowed). */
function names(text: string, phrase: string): boolean {
  const words = ` ${text.toLowerCase().replace(/[^a-z' -]+/g, ' ')} `
  return words.includes(` ${phrase} `) || words.includes(` ${phrase}s `)
}
