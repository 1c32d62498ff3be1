import { type EnvironmentFamily, rngStream, Split, type TaskRef } from '@refinery/core'
import { parseIntegerOption, usage } from '../io'

export interface TaskOptions {
  split: string
  /** The task index; without it, `seed` draws one, else the first task. */
  task?: string | undefined
  seed?: string | undefined
}

/** The task that `--split` and `--task` (or `--seed`) name; one line when there is none. */
export function pickTask(family: EnvironmentFamily, options: TaskOptions): TaskRef {
  const split = Split.safeParse(options.split)
  if (!split.success) throw usage(`--split must be train, dev or test, got '${options.split}'.`)
  const size = family.splits[split.data].size
  let index = 0
  if (options.task !== undefined) index = parseIntegerOption('task', options.task)
  else if (options.seed !== undefined)
    index = rngStream(parseIntegerOption('seed', options.seed), 'play-task').int(0, size - 1)
  if (index >= size)
    throw usage(`${family.id} has ${size} tasks in ${split.data}; --task must be below ${size}.`)
  return family.task(split.data, index)
}
