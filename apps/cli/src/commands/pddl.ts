import { RefineryError } from '@refinery/core'
import { importPddl, plan, toPddlAction, validateWorldSpec } from '@refinery/world'
import type { Command } from 'commander'
import { parseIntegerOption } from '../io'
import type { CommandContext } from '../main'
import { readTextFile } from './files'

export function registerPddl(program: Command, context: CommandContext): void {
  const { io } = context
  program
    .command('pddl')
    .description('validate a PDDL domain and problem; with --plan, solve it')
    .argument('<domain>', 'domain.pddl')
    .argument('<problem>', 'problem.pddl')
    .option('--plan', 'print a plan as ground PDDL actions')
    .option('--max-nodes <n>', 'planner node budget', '500000')
    .option('--max-seconds <n>', 'planner time budget, grounding included', '30')
    .action(
      async (
        domainFile: string,
        problemFile: string,
        options: { plan?: boolean; maxNodes: string; maxSeconds: string },
      ) => {
        const [domain, problem] = await Promise.all([
          readTextFile(io, domainFile),
          readTextFile(io, problemFile),
        ])
        const spec = importPddl(domain, problem, {
          files: { domain: domainFile, problem: problemFile },
        })
        const checked = validateWorldSpec(spec, { skipPlanning: true })
        if (!checked.ok) {
          // The PDDL user wrote no spec: name the problem file and what is wrong, not a JSON path.
          const [first] = checked.issues
          throw new RefineryError(
            'invalid_input',
            `${problemFile}: this problem cannot be played: ${first?.message ?? 'unknown problem'}`,
            {
              hint:
                first?.code === 'limit'
                  ? 'Use fewer objects, or split the problem.'
                  : (first?.hint ?? ''),
            },
          )
        }
        if (!options.plan) {
          io.stdout(
            `${JSON.stringify({ valid: true, objects: spec.entities.length, actions: spec.actions.length, facts: spec.facts.length, goals: spec.goal.subgoals.length })}\n`,
          )
          return
        }
        const maxNodes = parseIntegerOption('max-nodes', options.maxNodes, 1)
        const maxMs = 1000 * parseIntegerOption('max-seconds', options.maxSeconds, 1, 86_400)
        const result = plan(checked.world, { maxNodes, maxMs })
        if (result.status === 'solved') {
          io.stdout(
            `${JSON.stringify({ solved: true, plan: result.steps.map((step) => toPddlAction(step, spec)) })}\n`,
          )
        } else {
          io.stdout(
            `${JSON.stringify({ solved: false, reason: result.status, expanded: result.expanded })}\n`,
          )
          if (result.status === 'budget' && result.reason) io.stderr(`refinery: ${result.reason}\n`)
          context.setExitCode(1)
        }
      },
    )
}
