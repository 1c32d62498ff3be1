import { resolve } from 'node:path'
import { compareRuns, comparisonMarkdown, loadResults, resultsMarkdown } from '@refinery/eval'
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
    .action((run: string, other: string | undefined, options: { seed: string }) => {
      const a = loadResults(resolve(io.cwd, run))
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
