import { basename, dirname, join } from 'node:path'
import { RefineryError, Trajectory } from '@refinery/core'
import type { z } from 'zod'
import { writeJsonlAtomically, writeTextAtomically } from './atomic'
import { axolotlConfig, llamaFactoryConfig, type TrainingConfigOptions } from './configs'
import {
  llamaFactoryDatasetInfo,
  toAdp,
  toAxolotl,
  toOpenAiChat,
  toShareGpt,
  toTrl,
  toTrlCompletion,
  trainedTurns,
} from './formats'
import { type JsonlSource, readJsonl } from './jsonl'
import { trainedInLine } from './targets'

const EXPORTERS = {
  adp: (r: Trajectory) => [toAdp(r)],
  axolotl: (r: Trajectory) => [toAxolotl(r)],
  openai: (r: Trajectory) => [toOpenAiChat(r)],
  sharegpt: toShareGpt,
  trl: (r: Trajectory) => [toTrl(r)],
  'trl-completion': toTrlCompletion,
} as const satisfies Record<string, (record: Trajectory) => unknown[]>

/** The export formats this version knows. */
export type ExportFormat = keyof typeof EXPORTERS
export const EXPORT_FORMATS: readonly ExportFormat[] = Object.keys(
  EXPORTERS,
).sort() as ExportFormat[]

export function isExportFormat(format: string): format is ExportFormat {
  return Object.hasOwn(EXPORTERS, format)
}

export interface ExportOptions {
  /** Training config settings; configs are written for `sharegpt` and `axolotl`. */
  config?: TrainingConfigOptions
  /** Called after each input line, with the lines read so far. */
  onLine?: (line: number) => void
}

export interface ExportReport {
  format: ExportFormat
  /** Records exported. */
  records: number
  /** Lines written (LLaMA-Factory and TRL prompt-completion write one per trained turn). */
  examples: number
  /** Trained assistant turns in the exported records, and in the written lines. */
  trainedTurns: { before: number; after: number }
  /** Lines that were not valid records and were left out, with why. */
  skipped: { line: number; problem: string }[]
  /** Files written beside the output: dataset registration and training configs. */
  sideFiles: string[]
}

/** The files `exportFile` writes beside `output` for `format`, so a caller can check them. */
export function exportSideFiles(format: ExportFormat, output: string): string[] {
  const dir = dirname(output)
  if (format === 'sharegpt')
    return [join(dir, 'dataset_info.json'), join(dir, 'llamafactory_sft.yaml')]
  if (format === 'axolotl') return [join(dir, 'axolotl_sft.yaml')]
  return []
}

/**
 * Converts a trajectory JSONL file to a fine-tuning format, streaming line by line; the
 * output is written whole (temporary file, then rename), with its configs beside it.
 */
export async function exportFile(
  input: JsonlSource,
  output: string,
  format: string,
  options: ExportOptions = {},
): Promise<ExportReport> {
  if (!isExportFormat(format)) {
    throw new RefineryError('usage', `Unknown export format '${format}'.`, {
      hint: `Known formats: ${EXPORT_FORMATS.join(', ')}.`,
    })
  }
  const convert: (record: Trajectory) => unknown[] = EXPORTERS[format]
  const report: ExportReport = {
    format,
    records: 0,
    examples: 0,
    trainedTurns: { before: 0, after: 0 },
    skipped: [],
    sideFiles: exportSideFiles(format, output),
  }
  await writeJsonlAtomically(
    output,
    async (writer) => {
      for await (const entry of readJsonl(input)) {
        options.onLine?.(entry.line)
        if (entry.error !== undefined) {
          report.skipped.push({ line: entry.line, problem: entry.error })
          continue
        }
        const parsed = Trajectory.safeParse(entry.value)
        if (!parsed.success) {
          report.skipped.push({
            line: entry.line,
            problem: `not a trajectory record: ${firstIssue(parsed.error)}`,
          })
          continue
        }
        report.records++
        report.trainedTurns.before += trainedTurns(parsed.data)
        for (const line of convert(parsed.data)) {
          report.trainedTurns.after += trainedInLine(format, line)
          await writer.write(line)
          report.examples++
        }
      }
      // A file with no valid record writes nothing: an earlier output stays as it was.
    },
    () => report.records > 0,
  )
  if (report.records > 0) await writeSideFiles(format, output, options.config ?? {})
  return report
}

async function writeSideFiles(
  format: ExportFormat,
  output: string,
  config: TrainingConfigOptions,
): Promise<void> {
  const [first, second] = exportSideFiles(format, output)
  if (format === 'sharegpt' && first && second) {
    const info = llamaFactoryDatasetInfo('refinery', basename(output))
    await writeTextAtomically(first, `${JSON.stringify(info, null, 2)}\n`)
    await writeTextAtomically(second, llamaFactoryConfig('refinery', config))
  } else if (format === 'axolotl' && first) {
    await writeTextAtomically(first, axolotlConfig(`./${basename(output)}`, config))
  }
}

/** The first zod issue as `path: message`. */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0]
  if (!issue) return 'invalid'
  return issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message
}
