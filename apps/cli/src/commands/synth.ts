import { runSynthesis, SynthConfig } from '@refinery/synth'
import { SingleBar } from 'cli-progress'
import type { Command } from 'commander'
import { parseIntegerOption, usage } from '../io'
import type { CommandContext } from '../main'
import { ensureOutputDir } from './files'

interface SynthOptions {
  mode: string
  count: string
  seed: string
  families?: string
  out: string
}

const MODES = ['procedural'] as const

export function registerSynth(program: Command, { io, registry }: CommandContext): void {
  program
    .command('synth')
    .description('synthesise verified refinement trajectories (offline procedural mode by default)')
    .option('--mode <mode>', `synthesis mode: ${MODES.join(', ')}`, 'procedural')
    .option('--count <n>', 'number of trajectories', '20')
    .option('--seed <s>', 'seed of every random choice', '0')
    .option('--families <ids>', 'comma-separated family ids (default: all)')
    .option('--out <dir>', 'output directory', 'out/synth')
    .action(async (options: SynthOptions) => {
      if (!MODES.includes(options.mode as (typeof MODES)[number])) {
        throw usage(
          `--mode '${options.mode}' is not available; this build supports: ${MODES.join(', ')}.`,
        )
      }
      const families = options.families
        ? options.families
            .split(',')
            .map((id) => id.trim())
            .filter(Boolean)
        : registry.ids()
      for (const id of families) registry.get(id)
      const parsed = SynthConfig.safeParse({
        mode: options.mode,
        count: parseIntegerOption('count', options.count, 1),
        seed: parseIntegerOption('seed', options.seed),
        families,
      })
      if (!parsed.success)
        throw usage(
          `invalid synth settings: ${parsed.error.issues[0]?.message ?? 'unknown problem'}.`,
        )
      const outDir = await ensureOutputDir(io, options.out)
      const bar = io.stderrIsTty
        ? new SingleBar({
            format: 'synth [{bar}] {value}/{total} kept, {attempts} attempts',
            hideCursor: true,
          })
        : undefined
      bar?.start(parsed.data.count, 0, { attempts: 0 })
      try {
        const summary = await runSynthesis({
          config: parsed.data,
          registry,
          outDir,
          onProgress: (p: { kept: number; attempted: number }) =>
            bar?.update(p.kept, { attempts: p.attempted }),
        })
        bar?.stop()
        io.stdout(
          `Wrote ${summary.kept} verified trajectories (${summary.attempted} attempted) to ${options.out}/trajectories.jsonl; summary in ${options.out}/summary.json.\n`,
        )
      } finally {
        bar?.stop()
      }
    })
}
