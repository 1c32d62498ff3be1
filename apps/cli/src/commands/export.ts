import {
  EXPORT_FORMATS,
  exportFile,
  exportSideFiles,
  type Finetuning,
  isExportFormat,
} from '@refinery/dataset'
import type { Command } from 'commander'
import { lineList, usage } from '../io'
import type { CommandContext } from '../main'
import { lineProgress } from '../progress'
import { assertReadable, prepareOutputs } from './files'

interface ExportFlags {
  format: string
  out: string
  force?: boolean
  quiet?: boolean
  model?: string
  finetuning: string
  template?: string
}

export function registerExport(program: Command, { io, setExitCode }: CommandContext): void {
  program
    .command('export')
    .description(
      'export trajectories for fine-tuning, erroneous assistant turns kept out of the loss; LLaMA-Factory (sharegpt) and axolotl exports get a training config beside them',
    )
    .argument('<file>', 'a refinery.trajectory.v1 JSONL file')
    .requiredOption('--format <format>', `one of: ${EXPORT_FORMATS.join(', ')}`)
    .requiredOption('--out <file>', 'where to write the exported JSONL')
    .option('--force', 'replace existing outputs')
    .option('--quiet', 'no progress report')
    .option('--model <id>', 'chat model for the training config (default Qwen/Qwen2.5-7B-Instruct)')
    .option('--finetuning <kind>', 'lora or full, for the training config', 'lora')
    .option('--template <name>', 'LLaMA-Factory chat template for its config (default qwen)')
    .action(async (file: string, options: ExportFlags) => {
      if (!isExportFormat(options.format)) {
        throw usage(
          `--format must be one of ${EXPORT_FORMATS.join(', ')}, got '${options.format}'.`,
        )
      }
      if (options.finetuning !== 'lora' && options.finetuning !== 'full') {
        throw usage(`--finetuning must be lora or full, got '${options.finetuning}'.`)
      }
      const input = await assertReadable(io, file)
      const [output] = await prepareOutputs(io, [options.out], [input], options.force)
      await prepareOutputs(io, exportSideFiles(options.format, output!), [input], options.force)
      const progress = await lineProgress(io, input, 'export', options)
      const result = await exportFile(input, output!, options.format, {
        onLine: progress.tick,
        config: {
          finetuning: options.finetuning as Finetuning,
          ...(options.model ? { model: options.model } : {}),
          ...(options.template ? { template: options.template } : {}),
        },
      }).finally(() => progress.stop())
      if (result.records === 0) {
        // exportFile kept nothing: the earlier output, if any, is as it was.
        const why = result.skipped[0]
          ? ` (line ${result.skipped[0].line}: ${result.skipped[0].problem})`
          : ''
        io.stderr(
          `refinery: ${file} holds no valid records${why}; nothing written. Run 'refinery check ${file}' to see every problem.\n`,
        )
        setExitCode(1)
        return
      }
      const examples = result.examples === result.records ? '' : ` as ${result.examples} examples`
      io.stdout(
        `Exported ${result.records} record${result.records === 1 ? '' : 's'}${examples} to ${options.out} (${options.format}); ${result.trainedTurns.after} trained assistant turns.\n`,
      )
      for (const side of result.sideFiles) io.stdout(`Wrote ${side}.\n`)
      const [first] = result.skipped
      if (first) {
        io.stderr(
          `refinery: skipped ${lineList(result.skipped.map((s) => s.line))} of ${file}; line ${first.line}: ${first.problem}. Run 'refinery check ${file}' to see every problem.\n`,
        )
        setExitCode(1)
      }
    })
}
