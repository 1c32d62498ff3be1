import { type CreateOptions, FeedbackProfile, RefineryError } from '@refinery/core'
import type { Command } from 'commander'
import { parseIntegerOption } from '../io'
import type { CommandContext } from '../main'
import { playEpisode } from '../play-session'
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
      'play one task: on a terminal a prompt with history and the commands help, valid, oracle, undo, reset, history, quit; from standard input one action a line (commands as :valid, :undo…)',
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
