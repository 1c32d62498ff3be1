import { readFile } from 'node:fs/promises'
import { RefineryError, rngStream } from '@refinery/core'

/**
 * Who a trajectory is "for". AgentRefine draws a persona to vary the world it asks an LLM
 * to write; here the persona themes the world where the mode can (grounded, script) and is
 * kept on record. It never speaks in the agent's thoughts: a model trained on that would
 * announce a persona at evaluation time.
 */
export interface Persona {
  /** One line: `a night-shift nurse in a coastal town who loves birdwatching; patient`. */
  description: string
  /** The attributes it was composed from; empty for a persona read from a file. */
  occupation?: string
  interest?: string
  setting?: string
  temperament?: string
}

const OCCUPATIONS = [
  'night-shift nurse',
  'lab technician',
  'museum curator',
  'line cook',
  'retired ship captain',
  'first-year chemistry student',
  'software tester',
  'plumber',
  'warehouse clerk',
  'locksmith',
  'watchmaker',
  'field geologist',
  'school librarian',
  'bakery owner',
  'hotel housekeeper',
  'veterinary assistant',
  'stage manager',
  'bicycle mechanic',
  'archivist',
  'florist',
  'hospital pharmacist',
  'ferry engineer',
  'primary-school teacher',
  'furniture restorer',
] as const

const INTERESTS = [
  'birdwatching',
  'board games',
  'sourdough baking',
  'old maps',
  'amateur astronomy',
  'woodworking',
  'jazz records',
  'urban gardening',
  'chess problems',
  'model trains',
  'trail running',
  'fermenting vegetables',
  'antique clocks',
  'crossword puzzles',
  'knitting',
  'home brewing',
] as const

const SETTINGS = [
  'a coastal town',
  'a mountain village',
  'a busy city flat',
  'a university campus',
  'a farmhouse',
  'a houseboat',
  'a research station',
  'a seaside hotel',
  'a suburban terrace',
  'an old lighthouse',
  'a market town',
  'a converted warehouse',
] as const

const TEMPERAMENTS = [
  'patient',
  'impatient',
  'methodical',
  'absent-minded',
  'cautious',
  'curious',
  'pragmatic',
  'meticulous',
  'easily distracted',
  'cheerful',
] as const

/** How many distinct personas `composePersona` can make. */
export const COMPOSED_PERSONA_COUNT =
  OCCUPATIONS.length * INTERESTS.length * SETTINGS.length * TEMPERAMENTS.length

/** The persona number `index` of the composed space (a bijection on 0…COUNT-1). */
export function composedPersona(index: number): Persona {
  let i = ((index % COMPOSED_PERSONA_COUNT) + COMPOSED_PERSONA_COUNT) % COMPOSED_PERSONA_COUNT
  const occupation = OCCUPATIONS[i % OCCUPATIONS.length]!
  i = Math.floor(i / OCCUPATIONS.length)
  const interest = INTERESTS[i % INTERESTS.length]!
  i = Math.floor(i / INTERESTS.length)
  const setting = SETTINGS[i % SETTINGS.length]!
  i = Math.floor(i / SETTINGS.length)
  const temperament = TEMPERAMENTS[i % TEMPERAMENTS.length]!
  const article = /^[aeiou]/.test(occupation) ? 'an' : 'a'
  return {
    description: `${article} ${occupation} in ${setting} who loves ${interest}; ${temperament}`,
    occupation,
    interest,
    setting,
    temperament,
  }
}

/** A seeded persona: composed, or drawn from a user's list when one is given. */
export function pickPersona(seed: number, list?: readonly Persona[]): Persona {
  const rng = rngStream(seed, 'persona')
  if (list && list.length > 0) return rng.pick(list)
  return composedPersona(rng.int(0, COMPOSED_PERSONA_COUNT - 1))
}

const MAX_PERSONA_LENGTH = 500

/**
 * A user's personas: one per line, or Persona Hub's JSONL (`{"persona": "…"}`, also
 * `input persona` or `text`). Blank lines are skipped; duplicates are kept once.
 */
export function parsePersonas(text: string, path = 'personas'): Persona[] {
  const seen = new Set<string>()
  const out: Persona[] = []
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim()
    if (!line) continue
    let description = line
    if (line.startsWith('{')) {
      let value: Record<string, unknown>
      try {
        value = JSON.parse(line) as Record<string, unknown>
      } catch {
        throw personaError(path, i + 1, 'is not valid JSON')
      }
      const found = value.persona ?? value['input persona'] ?? value.text
      if (typeof found !== 'string' || !found.trim())
        throw personaError(path, i + 1, 'has no "persona" string')
      description = found.trim()
    }
    description = description.replace(/\s+/g, ' ').slice(0, MAX_PERSONA_LENGTH)
    if (seen.has(description)) continue
    seen.add(description)
    out.push({ description })
  }
  if (out.length === 0) {
    throw new RefineryError('invalid_input', 'no personas found.', {
      hint: 'Write one persona per line, or Persona Hub JSONL with a "persona" field.',
      path,
    })
  }
  return out
}

export async function readPersonas(path: string): Promise<Persona[]> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch {
    throw new RefineryError('invalid_input', 'cannot read the personas file.', {
      hint: 'Pass --personas with the path of a text or JSONL file.',
      path,
    })
  }
  return parsePersonas(text, path)
}

function personaError(path: string, line: number, problem: string): RefineryError {
  return new RefineryError('invalid_input', `line ${line} ${problem}.`, {
    hint: 'Write one persona per line, or Persona Hub JSONL with a "persona" field.',
    path,
  })
}
