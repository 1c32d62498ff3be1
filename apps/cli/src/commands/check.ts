import { checkTrajectoryFile } from '@refinery/dataset'
import type { Command } from 'commander'
import { lineList } from '../io'
import type { CommandContext } from '../main'
import { assertReadable } from './files'

export function registerCheck(program: Command, context: CommandContext): void {
  const { io, registry } = context
  program
    .command('check')
    .description(
      'check a trajectories file: schema, replay on a fresh environment, error→refine pairs, loss mask',
    )
    .argument('<file>', 'a refinery.trajectory.v1 JSONL file')
    .option('--json', 'print the report as JSON')
    .action(async (file: string, options: { json?: boolean }) => {
      const path = await assertReadable(io, file)
      const report = await checkTrajectoryFile(path, registry)
      if (options.json) io.stdout(`${JSON.stringify(report, null, 2)}\n`)
      else {
        for (const failure of report.failures) {
          io.stdout(
            `line ${failure.line}${failure.id ? ` (${failure.id})` : ''}: ${failure.problems.join('; ')}\n`,
          )
        }
        io.stdout(`${report.passed} of ${report.total} records pass.\n`)
      }
      if (report.failures.length > 0 || report.total === 0) {
        if (report.total === 0) io.stderr(`refinery: ${file} holds no records.\n`)
        else
          io.stderr(
            `refinery: ${report.failures.length} of ${report.total} records fail, on ${lineList(report.failures.map((f) => f.line))}.\n`,
          )
        context.setExitCode(1)
      }
    })
}
