/**
 * Fuzzes validateWorldSpec: mutated specs must validate and play, or be refused with
 * path-bearing issues. Prints a JSON summary; exits 1 when a case crashed.
 *
 *   npx tsx --conditions=@refinery/source scripts/fuzz.ts [--cases 10000] [--seed 0]
 */
import { parseArgs } from 'node:util'
import { fuzzBases } from '../src/validate/__fixtures__/fuzz-bases'
import { fuzzWorldSpecs } from '../src/validate/fuzz'

const { values } = parseArgs({
  options: { cases: { type: 'string', default: '10000' }, seed: { type: 'string', default: '0' } },
})
const cases = Number(values.cases)
const seed = Number(values.seed)
if (!Number.isSafeInteger(cases) || cases < 0 || !Number.isSafeInteger(seed)) {
  process.stderr.write('fuzz: --cases and --seed take whole numbers, e.g. --cases 10000 --seed 0\n')
  process.exit(2)
}
const summary = fuzzWorldSpecs({ bases: fuzzBases(), cases, seed })
const { crashes, ...rest } = summary
process.stdout.write(
  `${JSON.stringify({ ...rest, crashed: crashes.length, crashes: crashes.slice(0, 20) }, null, 2)}\n`,
)
process.exit(crashes.length > 0 ? 1 : 0)
