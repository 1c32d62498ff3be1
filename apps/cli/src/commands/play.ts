import { fstatSync } from 'node:fs'
import {
  type CreateOptions,
  type Environment,
  FeedbackProfile,
  RefineryError,
  type StepResult,
} from '@refinery/core'
import { readLines } from '@refinery/dataset'
import type { Command } from 'commander'
import { type Io, parseIntegerOption } from '../io'
import type { CommandContext } from '../main'
import { pickTask } from './task'

interface PlayOptions {
  split: string
  task?: string
  seed?: string
  json?: boolean
  perturb?: string
  perturbSeed: string
  profile: string
}

export function registerPlay(program: Command, { io, registry }: CommandContext): void {
  program
    .command('play')
    .description(
      'play one task; actions come one per line from standard input (or a prompt on a terminal)',
    )
    .argument('<family>', 'environment family, see `refinery envs`')
    .option('--split <split>', 'train, dev or test', 'test')
    .option('--task <n>', 'task index in the split (default 0)')
    .option('--seed <s>', 'pick the task index from this seed when --task is not given')
    .option('--json', 'print the reset and then one StepResult per line as JSON')
    .option(
      '--perturb <kind>',
      'play a perturbed task: same meaning, other surface (for a world family: rename_verbs, shuffle_numbering, shuffle_lists, paraphrase, all)',
    )
    .option('--perturb-seed <s>', 'seed of the perturbation', '0')
    .option('--profile <profile>', 'feedback on failed actions: rich or agentboard', 'rich')
    .action(async (familyId: string, options: PlayOptions) => {
      const family = registry.get(familyId)
      const task = pickTask(family, options)
      const perturbation =
        options.perturb === undefined
          ? undefined
          : { kind: options.perturb, seed: parseIntegerOption('perturb-seed', options.perturbSeed) }
      const profile = FeedbackProfile.safeParse(options.profile)
      if (!profile.success) {
        throw new RefineryError('usage', `--profile: '${options.profile}' is not a profile.`, {
          hint: 'Use --profile rich or --profile agentboard.',
        })
      }
      const create: CreateOptions = { profile: profile.data }
      if (perturbation) create.perturbation = perturbation
      const env = family.create(task, create)
      await playEpisode(io, env, Boolean(options.json))
    })
}

/**
 * Plays one episode: prints the reset, then reads one action a line from standard input and
 * prints each observation (with `json`, each StepResult as a JSON line) until the episode
 * ends or the input does. Closes the environment.
 */
export async function playEpisode(io: Io, env: Environment, json: boolean): Promise<void> {
  try {
    const first = await env.reset()
    const interactive = Boolean(io.stdin.isTTY) && !json
    if (json) io.stdout(`${JSON.stringify(first)}\n`)
    else io.stdout(`${first.instruction}\n${first.observation}\n`)
    assertReadableStdin(io)
    // Bounded lines: `< /dev/zero` is refused at the cap instead of filling the heap.
    const lines = readLines(io.stdin as AsyncIterable<string | Uint8Array>, {
      maxLineBytes: MAX_ACTION_BYTES,
    })
    if (interactive) io.stdout('> ')
    let last: StepResult | undefined
    let steps = 0
    for await (const { text } of lines) {
      const action = text.trim()
      if (!action) {
        if (interactive) io.stdout('> ')
        continue
      }
      last = await env.step(action)
      steps++
      if (json) io.stdout(`${JSON.stringify(last)}\n`)
      else io.stdout(`${interactive ? '' : `> ${action}\n`}${last.observation}\n`)
      if (last.done) break
      if (interactive) io.stdout('> ')
    }
    await lines.return(undefined)
    if (!json && last) {
      const outcome = last.success ? 'success' : last.done ? 'failure' : 'not finished'
      io.stdout(`[${outcome}: ${steps} steps, progress ${last.progress.toFixed(2)}]\n`)
    }
  } finally {
    await env.close?.()
  }
}

/** The longest action line read from standard input. */
const MAX_ACTION_BYTES = 1 << 20

/** Standard input that is a folder reads as empty; say so instead of playing nothing. */
function assertReadableStdin(io: Io): void {
  if (io.stdin !== process.stdin) return
  let folder = false
  try {
    folder = fstatSync(0).isDirectory()
  } catch {
    return
  }
  if (folder) {
    throw new RefineryError(
      'invalid_input',
      'Standard input is a folder, not a stream of actions.',
      {
        hint: 'Give actions one a line: from a pipe, a file (< actions.txt) or the terminal.',
      },
    )
  }
}
