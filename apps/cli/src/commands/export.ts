import { EXPORT_FORMATS, exportFile } from '@refinery/dataset'
import type { Command } from 'commander'
import { lineList, usage } from '../io'
import type { CommandContext } from '../main'
import { assertReadable, writeSafeOutput } from './files'

export function registerExport(program: Command, { io, setExitCode }: CommandContext): void {
  program
    .command('export')
    .description(
      'export trajectories for fine-tuning, with erroneous assistant turns masked out of the loss',
    )
    .argument('<file>', 'a refinery.trajectory.v1 JSONL file')
    .requiredOption('--format <format>', `one of: ${EXPORT_FORMATS.join(', ')}`)
    .requiredOption('--out <file>', 'where to write the exported JSONL')
    .option('--force', 'replace the output file if it exists')
    .action(async (file: string, options: { format: string; out: string; force?: boolean }) => {
      if (!(EXPORT_FORMATS as readonly string[]).includes(options.format)) {
        throw usage(
          `--format must be one of ${EXPORT_FORMATS.join(', ')}, got '${options.format}'.`,
        )
      }
      const input = await assertReadable(io, file)
      // Written whole beside the output and renamed into place; nothing when no record is valid.
      const result = await writeSafeOutput(
        io,
        options.out,
        { force: Boolean(options.force), inputs: [input] },
        (path) => exportFile(input, path, options.format as (typeof EXPORT_FORMATS)[number]),
        (report) => report.records > 0,
      )
      if (result.records === 0) {
        const why = result.skipped[0]
          ? ` (line ${result.skipped[0].line}: ${result.skipped[0].problem})`
          : ''
        io.stderr(
          `refinery: ${file} holds no valid records${why}; nothing written. Run 'refinery check ${file}' to see every problem.\n`,
        )
        setExitCode(1)
        return
      }
      io.stdout(
        `Exported ${result.records} record${result.records === 1 ? '' : 's'} to ${options.out} (${options.format}).\n`,
      )
      const [first] = result.skipped
      if (first) {
        io.stderr(
          `refinery: skipped ${lineList(result.skipped.map((s) => s.line))} of ${file}; line ${first.line}: ${first.problem}. Run 'refinery check ${file}' to see every problem.\n`,
        )
        setExitCode(1)
      }
    })
}
