/**
 * The full check of issue 14: 10,000 train worlds (and the whole test split), each validated
 * and its oracle plan replayed as text to the goal; at least 1,000 action vocabularies and 40
 * themes in train; no test theme or verb phrasing in train. Exits 1 when a check fails.
 * `pnpm --filter @refinery/env-generated full [count]`.
 */
import { writeFileSync } from 'node:fs'
import { generated } from '../src/family'
import { survey } from '../src/survey'

const count = Number(process.argv[2] ?? 10_000)
// A shard: `full.ts 5000 5000` checks train worlds 5,000 to 9,999; `--keys FILE` keeps what a merge needs.
const from = Number(process.argv[3] ?? 0)
const keysFile = process.argv[4]
const started = Date.now()
const train = survey(
  generated,
  'train',
  count,
  (i) => {
    if ((i + 1 - from) % 500 === 0)
      process.stderr.write(
        `${i + 1 - from} train worlds, ${Math.round((Date.now() - started) / 1000)} s\n`,
      )
  },
  from,
)
const test = survey(generated, 'test', generated.splits.test.size)
const leakedThemes = [...test.themeIds].filter((t) => train.themeIds.has(t))
const leakedPhrasings = [...test.phrasings].filter((p) => train.phrasings.has(p))
const report = {
  trainWorlds: train.worlds,
  failures: train.failures.length + test.failures.length,
  firstFailures: [...train.failures, ...test.failures].slice(0, 5),
  vocabularies: train.vocabularies,
  themes: train.themeIds.size,
  duplicates: train.duplicates + test.duplicates,
  leakedThemes,
  leakedPhrasings,
  mechanics: train.mechanics,
  planLengths: train.planLengths,
  seconds: Math.round((Date.now() - started) / 1000),
}
console.log(JSON.stringify(report, null, 2))
if (keysFile)
  writeFileSync(
    keysFile,
    JSON.stringify({
      vocabularies: [...train.vocabularyKeys],
      themes: [...train.themeIds],
      phrasings: [...train.phrasings],
      testThemes: [...test.themeIds],
      testPhrasings: [...test.phrasings],
    }),
  )
const ok =
  report.failures === 0 &&
  report.vocabularies >= Math.min(1000, count / 10) &&
  report.themes >= 40 &&
  report.duplicates === 0 &&
  leakedThemes.length === 0 &&
  leakedPhrasings.length === 0
process.exitCode = ok ? 0 : 1
