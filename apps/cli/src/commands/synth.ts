import { mkdtemp, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { checkOutput, commitTemporary } from '@refinery/dataset'
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
  force?: boolean
}

/** What a run writes into `--out`. */
const OUTPUTS = ['trajectories.jsonl', 'summary.json'] as const
/** The most trajectories one run may ask for. */
const MAX_COUNT = 10_000_000

const MODES = ['procedural'] as const

export function registerSynth(
  program: Command,
  { io, registry, setExitCode }: CommandContext,
): void {
  program
    .command('synth')
    .description('synthesise verified refinement trajectories (offline procedural mode by default)')
    .option('--mode <mode>', `synthesis mode: ${MODES.join(', ')}`, 'procedural')
    .option('--count <n>', 'number of trajectories', '20')
    .option('--seed <s>', 'seed of every random choice', '0')
    .option('--families <ids>', 'comma-separated family ids (default: all)')
    .option('--out <dir>', 'output directory', 'out/synth')
    .option('--force', 'replace the trajectories and summary already in --out')
    .action(async (options: SynthOptions) => {
      if (!MODES.includes(options.mode as (typeof MODES)[number])) {
        throw usage(
          `--mode '${options.mode}' is not available; this build supports: ${MODES.join(', ')}.`,
        )
      }
      const families =
        options.families === undefined
          ? registry.ids()
          : options.families
              .split(',')
              .map((id) => id.trim())
              .filter(Boolean)
      if (families.length === 0)
        throw usage(
          `--families must name at least one family, got '${options.families}'; see 'refinery envs'.`,
        )
      for (const id of families) registry.get(id)
      const parsed = SynthConfig.safeParse({
        mode: options.mode,
        count: parseIntegerOption('count', options.count, 1, MAX_COUNT),
        seed: parseIntegerOption('seed', options.seed),
        families,
      })
      if (!parsed.success)
        throw usage(
          `invalid synth settings: ${parsed.error.issues[0]?.message ?? 'unknown problem'}.`,
        )
      const outDir = await ensureOutputDir(io, options.out)
      // Nothing is written unless both outputs may be; with --force over earlier outputs the
      // run writes to a staging folder and moves its files in only at the end, so a failure
      // or a kill leaves the earlier run as it was.
      const targets = await Promise.all(
        OUTPUTS.map((name) =>
          checkOutput(join(outDir, name), {
            label: join(options.out, name),
            force: Boolean(options.force),
          }),
        ),
      )
      const replacing = (
        await Promise.all(
          targets.map((t) =>
            stat(t.path).then(
              (s) => s.size > 0,
              () => false,
            ),
          ),
        )
      ).some(Boolean)
      const runDir = replacing ? await mkdtemp(join(outDir, '.synth-staging-')) : outDir
      const bar = io.stderrIsTty
        ? new SingleBar({
            format: 'synth [{bar}] {value}/{total} kept, {attempts} attempts',
            hideCursor: true,
          })
        : undefined
      bar?.start(parsed.data.count, 0, { attempts: 0 })
      // Ctrl-C (or a TERM from a scheduler) stops between attempts: kept lines stay whole
      // and the summary is written, marked interrupted.
      const controller = new AbortController()
      const stop = () => controller.abort()
      process.once('SIGINT', stop)
      process.once('SIGTERM', stop)
      try {
        const summary = await runSynthesis({
          config: parsed.data,
          registry,
          outDir: runDir,
          signal: controller.signal,
          onProgress: (p: { kept: number; attempted: number }) =>
            bar?.update(p.kept, { attempts: p.attempted }),
        })
        bar?.stop()
        if (replacing) {
          for (const [i, name] of OUTPUTS.entries())
            await commitTemporary(join(runDir, name), targets[i]!.path, targets[i]!.mode)
        }
        const where = `${options.out}/trajectories.jsonl; summary in ${options.out}/summary.json`
        if (summary.interrupted) {
          io.stderr(
            `refinery: interrupted; kept ${summary.kept} of ${parsed.data.count} verified trajectories in ${where}.\n`,
          )
          setExitCode(130)
        } else {
          io.stdout(
            `Wrote ${summary.kept} verified trajectories (${summary.attempted} attempted) to ${where}.\n`,
          )
        }
      } finally {
        if (replacing) await rm(runDir, { recursive: true, force: true })
        process.off('SIGINT', stop)
        process.off('SIGTERM', stop)
        bar?.stop()
      }
    })
}
