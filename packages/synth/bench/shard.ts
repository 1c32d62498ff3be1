// One shard of the benchmark run, in its own process (a core each); prints its figures.
import { FamilyRegistry } from '@refinery/core'
import { household } from '@refinery/env-household'
import { runSynthesis } from '../src/run'

const [outDir, count, index, of] = process.argv.slice(2)
const t0 = performance.now()
const summary = await runSynthesis({
  config: {
    families: ['household'],
    count: Number(count),
    seed: 2026,
    shard: { index: Number(index), of: Number(of) },
  },
  registry: new FamilyRegistry([household]),
  outDir: outDir!,
  existing: 'force',
})
process.stdout.write(
  `${JSON.stringify({
    kept: summary.kept,
    attempted: summary.attempted,
    seconds: (performance.now() - t0) / 1000,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
  })}\n`,
)
