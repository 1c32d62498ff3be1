import { RefineryError } from '@refinery/core'
import {
  createWorldEnvironment,
  DEFAULT_PLAN_BUDGET,
  formatIssues,
  type ValidationResult,
  validateWorldSpec,
  worldSpecJsonSchema,
} from '@refinery/world'
import type { Command } from 'commander'
import { type Io, parseIntegerOption } from '../io'
import type { CommandContext } from '../main'
import { playEpisode } from '../play-session'
import { readTextFile } from './files'
import { registerWorldGenerate } from './world-generate'

/** Reads a WorldSpec file as JSON; a syntax error is the user's to fix (exit 2). */
async function readSpec(io: Io, file: string): Promise<unknown> {
  const text = await readTextFile(io, file)
  try {
    return JSON.parse(text)
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    throw new RefineryError('invalid_input', `${file} is not JSON: ${reason}.`, {
      hint: 'A world is one JSON object; see `refinery world schema`.',
    })
  }
}

/** Validates a spec file; refuses it with its first issue (exit 2) when it is not usable. */
async function usableWorld(io: Io, file: string, planBudget?: number) {
  const checked = validateWorldSpec(
    await readSpec(io, file),
    planBudget === undefined ? {} : { planBudget },
  )
  if (!checked.ok) throw refusal(file, checked)
  return checked
}

function refusal(file: string, checked: Extract<ValidationResult, { ok: false }>): RefineryError {
  const [first] = formatIssues(checked.issues)
  const more =
    checked.issues.length > 1
      ? ` (${checked.issues.length} problems; \`refinery world check ${file}\` lists them all)`
      : ''
  return new RefineryError('invalid_input', `${file}: ${first}${more}`)
}

export function registerWorld(program: Command, { io, setExitCode }: CommandContext): void {
  const world = program
    .command('world')
    .description('WorldSpec files: print the JSON Schema, check a world, play it, generate one')

  world
    .command('schema')
    .description('print the WorldSpec JSON Schema (for LLM structured output)')
    .action(() => {
      io.stdout(`${JSON.stringify(worldSpecJsonSchema(), null, 2)}\n`)
    })

  world
    .command('check')
    .description(
      'validate a world: schema, references, templates, and a goal that is not already true and that the planner reaches',
    )
    .argument('<spec>', 'a WorldSpec JSON file')
    .option(
      '--plan-budget <n>',
      'planner node budget for the reachability check',
      String(DEFAULT_PLAN_BUDGET),
    )
    .option('--json', 'print the result as JSON, every issue included')
    .action(async (file: string, options: { planBudget: string; json?: boolean }) => {
      const planBudget = parseIntegerOption('plan-budget', options.planBudget, 1)
      const checked = validateWorldSpec(await readSpec(io, file), { planBudget })
      if (checked.ok) {
        const summary = {
          valid: true,
          id: checked.spec.id,
          entities: checked.spec.entities.length,
          actions: checked.spec.actions.length,
          subgoals: checked.spec.goal.subgoals.length,
          plan: checked.plan ?? null,
        }
        io.stdout(`${JSON.stringify(summary)}\n`)
        return
      }
      if (options.json) io.stdout(`${JSON.stringify({ valid: false, issues: checked.issues })}\n`)
      else for (const line of formatIssues(checked.issues)) io.stdout(`${line}\n`)
      io.stderr(
        `refinery: ${file}: ${checked.issues.length} problem${checked.issues.length === 1 ? '' : 's'}.\n`,
      )
      setExitCode(1)
    })

  world
    .command('play')
    .description('play a world file; actions come one per line from standard input')
    .argument('<spec>', 'a WorldSpec JSON file')
    .option('--json', 'print the reset and then one StepResult per line as JSON')
    .action(async (file: string, options: { json?: boolean }) => {
      const checked = await usableWorld(io, file)
      await playEpisode(io, createWorldEnvironment(checked.world), Boolean(options.json))
    })

  registerWorldGenerate(world, io)
}
