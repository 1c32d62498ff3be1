import type { Command } from 'commander'
import type { CommandContext } from '../main'

export function registerEnvs(program: Command, { io, registry }: CommandContext): void {
  program
    .command('envs')
    .description('list the environment families')
    .option('--json', 'print JSON')
    .action((options: { json?: boolean }) => {
      const families = registry.list().map((family) => ({
        id: family.id,
        description: family.description,
        splits: {
          train: family.splits.train.size,
          dev: family.splits.dev.size,
          test: family.splits.test.size,
        },
      }))
      if (options.json) {
        io.stdout(`${JSON.stringify(families, null, 2)}\n`)
        return
      }
      const width = Math.max(6, ...families.map((f) => f.id.length))
      io.stdout(
        `${'family'.padEnd(width)}  ${'train'.padStart(6)} ${'dev'.padStart(5)} ${'test'.padStart(5)}  description\n`,
      )
      for (const f of families) {
        io.stdout(
          `${f.id.padEnd(width)}  ${String(f.splits.train).padStart(6)} ${String(f.splits.dev).padStart(5)} ${String(f.splits.test).padStart(5)}  ${f.description}\n`,
        )
      }
    })
}
