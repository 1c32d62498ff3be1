import type { Trajectory } from '@refinery/core'

export interface ThoughtVariety {
  thoughts: number
  /** Distinct word 4-grams over all 4-grams of all thoughts. */
  distinct4gramRatio: number
  /** How many distinct skeletons (names and quotes masked) the thoughts have. */
  skeletons: number
  /** The share of thoughts of the most common skeleton, and that skeleton. */
  topSkeletonShare: number
  topSkeleton: string
}

/**
 * How varied the thoughts of a dataset are. A skeleton masks what changes with the world:
 * quoted text, numbers, and every word that appears in an action of the same record (entity
 * names, and verbs too, which only makes skeletons collide more).
 */
export function thoughtVariety(records: Iterable<Trajectory>): ThoughtVariety {
  const grams = new Set<string>()
  let total = 0
  const skeletons = new Map<string, number>()
  let thoughts = 0
  for (const record of records) {
    const actionWords = new Set<string>()
    for (const m of record.messages) {
      if (m.role === 'assistant' && m.action) {
        for (const w of words(m.action)) actionWords.add(w)
      }
    }
    for (const m of record.messages) {
      if (m.role !== 'assistant' || !m.thought) continue
      thoughts++
      const tokens = words(m.thought)
      for (let i = 0; i + 4 <= tokens.length; i++) {
        grams.add(tokens.slice(i, i + 4).join(' '))
        total++
      }
      const skeleton = skeletonOf(m.thought, actionWords)
      skeletons.set(skeleton, (skeletons.get(skeleton) ?? 0) + 1)
    }
  }
  let top = ''
  let topCount = 0
  for (const [skeleton, n] of [...skeletons].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (n > topCount) {
      top = skeleton
      topCount = n
    }
  }
  return {
    thoughts,
    distinct4gramRatio: total === 0 ? 0 : grams.size / total,
    skeletons: skeletons.size,
    topSkeletonShare: thoughts === 0 ? 0 : topCount / thoughts,
    topSkeleton: top,
  }
}

function words(text: string): string[] {
  return text.toLowerCase().match(/[a-z0-9']+/g) ?? []
}

export function skeletonOf(thought: string, names: ReadonlySet<string>): string {
  const unquoted = thought.replace(/"[^"]*"/g, '"Q"')
  return unquoted
    .split(/(\s+|[.,;:!?()"])/)
    .map((token) => {
      const word = token.toLowerCase()
      if (/^\d+$/.test(word)) return 'N'
      return names.has(word) ? 'E' : token
    })
    .join('')
    .replace(/E(\s+E)+/g, 'E')
}
