import { z } from 'zod'
import { LEVELS } from './generate'

/** What an adventure TaskRef's `params` hold; with the task's seed, enough to build the world. */
export const AdventureTaskParams = z
  .object({
    /** Size and puzzle depth, 0–19: test task i has level i. */
    level: z
      .number()
      .int()
      .min(0)
      .max(LEVELS - 1),
    /** Which draw of the task's world stream gave a world unlike every test world. */
    attempt: z.number().int().nonnegative(),
    theme: z.string().min(1),
    goalKind: z.enum(['put', 'give', 'find']),
    /** The goal as the agent reads it. */
    goal: z.string().min(1),
    rooms: z.number().int().positive(),
    depth: z.number().int().nonnegative(),
    /** Hash of the layout and goal without names: two tasks with the same one are the same world. */
    layout: z.string().min(1),
  })
  .strict()
export type AdventureTaskParams = z.infer<typeof AdventureTaskParams>
