import { readFile } from 'node:fs/promises'
import { RefineryError } from '@refinery/core'
import { formatIssues, importPddl, plan, toPddlAction, validateWorldSpec } from '@refinery/world'
import type { Command } from 'commander'
import { parseIntegerOption } from '../io'
import type { CommandContext } from '../main'
import { assertReadable } from './files'

export function registerPddl(program: Command, context: CommandContext): void {
  const { io } = context
  program
    .command('pddl')
    .description('validate a PDDL domain and problem; with --plan, solve it')
    .argument('<domain>', 'domain.pddl')
    .argument('<problem>', 'problem.pddl')
    .option('--plan', 'print a plan as ground PDDL actions')
    .option('--max-nodes <n>', 'planner node budget', '500000')
    .action(
      async (
        domainFile: string,
        problemFile: string,
        options: { plan?: boolean; maxNodes: string },
      ) => {
        const [domain, problem] = await Promise.all([
          readFile(await assertReadable(io, domainFile), 'utf8'),
          readFile(await assertReadable(io, problemFile), 'utf8'),
        ])
        const spec = importPddl(domain, problem, {
          files: { domain: domainFile, problem: problemFile },
        })
        const checked = validateWorldSpec(spec, { skipPlanning: true })
        if (!checked.ok) {
          throw new RefineryError(
            'invalid_input',
            `The imported world is not valid: ${formatIssues(checked.issues).join('; ')}`,
          )
        }
        if (!options.plan) {
          io.stdout(
            `${JSON.stringify({ valid: true, objects: spec.entities.length, actions: spec.actions.length, facts: spec.facts.length, goals: spec.goal.subgoals.length })}\n`,
          )
          return
        }
        const maxNodes = parseIntegerOption('max-nodes', options.maxNodes, 1)
        const result = plan(checked.world, { maxNodes })
        if (result.status === 'solved') {
          io.stdout(
            `${JSON.stringify({ solved: true, plan: result.steps.map((step) => toPddlAction(step, spec)) })}\n`,
          )
        } else {
          io.stdout(
            `${JSON.stringify({ solved: false, reason: result.status, expanded: result.expanded })}\n`,
          )
          context.setExitCode(1)
        }
      },
    )
}
