import { RefineryError } from './errors'
import { rngStream } from './rng'
import type { FamilyTheming, PersonaTraits, Split, TaskRef } from './spec'

/** Words that point at each theme, by theme id: `{ kitchen: ['cook', 'baking'] }`. */
export type ThemeHints = Readonly<Record<string, readonly string[]>>

/** How much a match in each attribute counts: what a persona does weighs most. */
const WEIGHTS = { occupation: 3, setting: 2, interest: 2, description: 1 } as const

/**
 * The themes a persona's occupation, setting and interests name (whole words, a plural `s`
 * allowed), with summed weights, in the order of `hints`. A persona read from a file has only
 * its description, which is matched instead.
 */
export function personaThemeVotes(
  persona: PersonaTraits,
  hints: ThemeHints,
): { theme: string; weight: number }[] {
  const parts: [string, number][] = []
  if (persona.occupation) parts.push([persona.occupation, WEIGHTS.occupation])
  if (persona.setting) parts.push([persona.setting, WEIGHTS.setting])
  if (persona.interest) parts.push([persona.interest, WEIGHTS.interest])
  if (parts.length === 0) parts.push([persona.description, WEIGHTS.description])
  const index = hintIndex(hints)
  const weights = new Array<number>(index.themes.length).fill(0)
  const named = new Uint8Array(index.themes.length)
  for (const [raw, w] of parts) {
    const text = ` ${raw.toLowerCase().replace(/[^a-z' -]+/g, ' ')} `
    named.fill(0)
    // ` ${k} ` in the text, for a one-word hint k: the text has the word k, or k with an `s`.
    for (const word of text.split(' ')) {
      if (!word) continue
      markThemes(named, index.byWord.get(word))
      if (word.endsWith('s')) markThemes(named, index.byWord.get(word.slice(0, -1)))
    }
    for (const [theme, k] of index.phrases) {
      if (!named[theme] && (text.includes(` ${k} `) || text.includes(` ${k}s `))) named[theme] = 1
    }
    for (let theme = 0; theme < named.length; theme++) if (named[theme]) weights[theme]! += w
  }
  const out: { theme: string; weight: number }[] = []
  for (let theme = 0; theme < index.themes.length; theme++) {
    const weight = weights[theme]!
    if (weight > 0) out.push({ theme: index.themes[theme]!, weight })
  }
  return out
}

function markThemes(named: Uint8Array, themes: readonly number[] | undefined): void {
  if (themes) for (const theme of themes) named[theme] = 1
}

interface HintIndex {
  /** Theme ids in the order of the hints. */
  themes: string[]
  /** One-word hint → the themes (indices) it points at. */
  byWord: Map<string, number[]>
  /** Hints of several words (or none), matched in the text as they are. */
  phrases: [number, string][]
}

/**
 * The hints by word. A family's hints are constant and every synthesis attempt votes with
 * them, so the index is made once per hints object (a word is looked up instead of every hint
 * searched for in every text).
 */
const hintIndexes = new WeakMap<ThemeHints, HintIndex>()

function hintIndex(hints: ThemeHints): HintIndex {
  let index = hintIndexes.get(hints)
  if (index) return index
  index = { themes: [], byWord: new Map(), phrases: [] }
  for (const [theme, words] of Object.entries(hints)) {
    const at = index.themes.push(theme) - 1
    for (const k of words) {
      if (k === '' || k.includes(' ')) index.phrases.push([at, k])
      else {
        const themes = index.byWord.get(k)
        if (!themes) index.byWord.set(k, [at])
        else if (themes.at(-1) !== at) themes.push(at)
      }
    }
  }
  hintIndexes.set(hints, index)
  return index
}

/**
 * One of the themes a persona names, drawn by weight from the task's seed (so one persona
 * meets several of the places it fits); null when it names none.
 */
export function drawPersonaTheme(
  task: TaskRef,
  persona: PersonaTraits,
  hints: ThemeHints,
): string | null {
  const votes = personaThemeVotes(persona, hints)
  if (votes.length === 0) return null
  const rng = rngStream(task.seed, `${task.family}/persona-theme`, persona.description)
  return votes[rng.weighted(votes.map((v) => v.weight))]!.theme
}

export interface TaskChoiceThemingOptions {
  /** Words that point at each theme; a persona naming none leaves its task as drawn. */
  hints: ThemeHints
  /** The theme a task is set in (its room type, its place…). */
  themeOf(task: TaskRef): string | undefined
  task(split: Split, index: number): TaskRef
  size(split: Split): number
  /** Tasks looked at from the drawn one onwards (default 64). */
  search?: number
}

/**
 * Theming for a family whose worlds cannot be redressed, only chosen: `apply` moves to the
 * nearest task of the split, from the given one onwards (wrapping), that is set in the theme.
 * A task already in the theme is its own answer, so replay (`apply(task(split, index), theme)`
 * on the record's own task) finds the same task again.
 */
export function taskChoiceTheming(options: TaskChoiceThemingOptions): FamilyTheming {
  const search = options.search ?? 64
  return {
    choose: (task, persona) => drawPersonaTheme(task, persona, options.hints),
    apply(task, theme) {
      if (!(theme in options.hints)) {
        throw new RefineryError(
          'invalid_input',
          `'${theme}' is not one of the ${task.family} family's themes.`,
          {
            hint: `Use one of: ${Object.keys(options.hints).join(', ')}.`,
          },
        )
      }
      const n = options.size(task.split)
      for (let step = 0; step < Math.min(search, n); step++) {
        const candidate = step === 0 ? task : options.task(task.split, (task.index + step) % n)
        if (options.themeOf(candidate) === theme) return candidate
      }
      throw new RefineryError(
        'unknown_task',
        `No ${task.family} ${task.split} task within ${search} of ${task.id} is set in '${theme}'.`,
      )
    },
  }
}
