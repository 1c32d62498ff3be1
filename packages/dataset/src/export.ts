import { RefineryError, Trajectory } from '@refinery/core'
import { z } from 'zod'
import { type JsonlSource, openJsonlWriter, readJsonl } from './jsonl'

export const OpenAiChatMessage = z.object({
  role: z.enum(['system', 'user', 'assistant']),
  content: z.string(),
  /** Assistant turns only: 0 keeps the turn out of the loss. */
  weight: z.union([z.literal(0), z.literal(1)]).optional(),
})
export type OpenAiChatMessage = z.infer<typeof OpenAiChatMessage>

/** One line of an OpenAI chat fine-tuning file. */
export const OpenAiChatExample = z.object({ messages: z.array(OpenAiChatMessage) })
export type OpenAiChatExample = z.infer<typeof OpenAiChatExample>

/**
 * A record as an OpenAI chat fine-tuning example, message for message. Assistant turns get
 * `weight: 0` when `train` is false (an erroneous turn: no loss) and `weight: 1` otherwise;
 * system and user turns carry no weight.
 */
export function toOpenAiChat(record: Trajectory): OpenAiChatExample {
  return {
    messages: record.messages.map((message) =>
      message.role === 'assistant'
        ? { role: 'assistant', content: message.content, weight: message.train ? 1 : 0 }
        : { role: message.role, content: message.content },
    ),
  }
}

const EXPORTERS = {
  openai: toOpenAiChat,
} as const satisfies Record<string, (record: Trajectory) => unknown>

/** The export formats this version knows. */
export type ExportFormat = keyof typeof EXPORTERS
export const EXPORT_FORMATS: readonly ExportFormat[] = Object.keys(
  EXPORTERS,
).sort() as ExportFormat[]

export function isExportFormat(format: string): format is ExportFormat {
  return Object.hasOwn(EXPORTERS, format)
}

export interface ExportReport {
  format: ExportFormat
  /** Records written to the output. */
  records: number
  /** Lines that were not valid records and were left out, with why. */
  skipped: { line: number; problem: string }[]
}

/** Converts a trajectory JSONL file to a fine-tuning format, streaming line by line. */
export async function exportFile(
  input: JsonlSource,
  output: string,
  format: string,
): Promise<ExportReport> {
  if (!isExportFormat(format)) {
    throw new RefineryError('usage', `Unknown export format '${format}'.`, {
      hint: `Known formats: ${EXPORT_FORMATS.join(', ')}.`,
    })
  }
  const convert = EXPORTERS[format]
  const report: ExportReport = { format, records: 0, skipped: [] }
  const writer = await openJsonlWriter(output)
  try {
    for await (const entry of readJsonl(input)) {
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
      await writer.write(convert(parsed.data))
      report.records++
    }
  } finally {
    await writer.close()
  }
  return report
}

/** The first zod issue as `path: message`. */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0]
  if (!issue) return 'invalid'
  return issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message
}
