// A synthesis run in its own process, so a test can SIGKILL it part-way.
import { FamilyRegistry } from '@refinery/core'
import { createLockboxFamily } from '@refinery/core/testing'
import { type ExistingOutput, runSynthesis } from '../run'

const [outDir, count, existing] = process.argv.slice(2)
await runSynthesis({
  config: { families: ['lockbox'], count: Number(count), seed: 7 },
  registry: new FamilyRegistry([createLockboxFamily()]),
  outDir: outDir!,
  existing: (existing ?? 'refuse') as ExistingOutput,
  onProgress: (p) => process.stdout.write(`${p.done}\n`),
})
