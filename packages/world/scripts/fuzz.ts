/**
 * Fuzzes validateWorldSpec: mutated specs must validate and play, or be refused with
 * path-bearing issues. Then feeds generated specs and PDDL problems that are small on disk
 * but large when grounded: each must be answered within its budget or refused. Prints a
 * JSON summary; exits 1 when a case crashed.
 *
 *   npx tsx --conditions=@refinery/source scripts/fuzz.ts [--cases 10000] [--explosive 60] [--seed 0]
 */
import { parseArgs } from 'node:util'
import { fuzzBases } from '../src/validate/__fixtures__/fuzz-bases'
import { fuzzExplosive } from '../src/validate/explosive'
import { fuzzWorldSpecs } from '../src/validate/fuzz'

const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '10000' },
    explosive: { type: 'string', default: '60' },
    seed: { type: 'string', default: '0' },
  },
})
const cases = Number(values.cases)
const explosiveCases = Number(values.explosive)
const seed = Number(values.seed)
if (
  ![cases, explosiveCases].every((n) => Number.isSafeInteger(n) && n >= 0) ||
  !Number.isSafeInteger(seed)
) {
  process.stderr.write(
    'fuzz: --cases, --explosive and --seed take whole numbers, e.g. --cases 10000 --seed 0\n',
  )
  process.exit(2)
}
const summary = fuzzWorldSpecs({ bases: fuzzBases(), cases, seed })
const { crashes, ...rest } = summary
const explosive = fuzzExplosive({ cases: explosiveCases, seed })
process.stdout.write(
  `${JSON.stringify(
    {
      ...rest,
      crashed: crashes.length,
      crashes: crashes.slice(0, 20),
      explosive: { ...explosive, crashed: explosive.crashes.length },
    },
    null,
    2,
  )}\n`,
)
process.exit(crashes.length > 0 || explosive.crashes.length > 0 ? 1 : 0)
