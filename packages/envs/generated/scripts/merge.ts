/**
 * Merges the key files of `full.ts` shards: distinct vocabularies and themes over all train
 * shards, and test themes or phrasings that appear in any of them. Exits 1 when a check fails.
 * `tsx scripts/merge.ts keysA.json keysB.json`.
 */
import { readFileSync } from 'node:fs'

interface Keys {
  vocabularies: string[]
  themes: string[]
  phrasings: string[]
  testThemes: string[]
  testPhrasings: string[]
}
const shards = process.argv.slice(2).map((f) => JSON.parse(readFileSync(f, 'utf8')) as Keys)
const union = (pick: (k: Keys) => string[]) => new Set(shards.flatMap(pick))
const themes = union((k) => k.themes)
const phrasings = union((k) => k.phrasings)
const report = {
  shards: shards.length,
  vocabularies: union((k) => k.vocabularies).size,
  themes: themes.size,
  leakedThemes: [...union((k) => k.testThemes)].filter((t) => themes.has(t)),
  leakedPhrasings: [...union((k) => k.testPhrasings)].filter((p) => phrasings.has(p)),
}
console.log(JSON.stringify(report, null, 2))
const ok =
  report.vocabularies >= 1000 &&
  report.themes >= 40 &&
  report.leakedThemes.length === 0 &&
  report.leakedPhrasings.length === 0
process.exitCode = ok ? 0 : 1
