import { readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import type { Trajectory } from '@refinery/core'
import {
  compareRuns,
  comparisonMarkdown,
  loadResults,
  reportHtml,
  resultsMarkdown,
  TRAJECTORIES_FILE,
} from '@refinery/eval'
import type { Command } from 'commander'
import { parseIntegerOption } from '../io'
import type { CommandContext } from '../main'

export function registerReport(program: Command, { io }: CommandContext): void {
  program
    .command('report')
    .description(
      'print an eval run as a table, or compare two runs paired by task with a seeded paired bootstrap',
    )
    .argument('<run>', 'an eval run folder (or its results.json)')
    .argument('[other]', 'a second run: B − A per family, which differences are significant')
    .option('--seed <s>', 'seed of the bootstrap', '0')
    .option(
      '--html <file>',
      'also write a report page; a perturbed second run shows as the robustness drop',
    )
    .action((run: string, other: string | undefined, options: { seed: string; html?: string }) => {
      const a = loadResults(resolve(io.cwd, run))
      if (options.html) {
        const b = other === undefined ? null : loadResults(resolve(io.cwd, other))
        const file = resolve(io.cwd, options.html)
        const temp = `${file}.tmp-${process.pid}`
        writeFileSync(
          temp,
          reportHtml({
            run: a,
            trajectories: readTrajectories(resolve(io.cwd, run)),
            perturbed: b?.settings.perturb ? [b] : [],
          }),
        )
        renameSync(temp, file)
      }
      if (other === undefined) {
        io.stdout(resultsMarkdown([a]))
        return
      }
      const b = loadResults(resolve(io.cwd, other))
      io.stdout(
        `${resultsMarkdown([a, b])}\n${comparisonMarkdown(compareRuns(a, b, parseIntegerOption('seed', options.seed)))}`,
      )
    })
}

/** The run's records for the episode browser; none when the file is missing. */
function readTrajectories(run: string): Trajectory[] {
  const dir = run.endsWith('.json') ? dirname(run) : run
  try {
    return readFileSync(join(dir, TRAJECTORIES_FILE), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Trajectory)
  } catch {
    return []
  }
}
