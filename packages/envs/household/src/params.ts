import { z } from 'zod'
import { LAMP_KINDS, OBJECT_KINDS, RECEPTACLE_KINDS } from './catalog'
import { TaskType } from './task-types'

/** What a household TaskRef's `params` hold; enough, with the task's seed, to build the world. */
export const HouseholdTaskParams = z
  .object({
    taskType: TaskType,
    /** The room layout, ALFWorld's floor plan: `kitchen-7`. */
    layout: z.string().min(1),
    /** The goal object kind: `apple`. Any object of the kind will do. */
    object: z.enum(OBJECT_KINDS),
    /** The target receptacle kind: `fridge`. Absent for look_at_obj. */
    receptacle: z.enum(RECEPTACLE_KINDS).optional(),
    /** The lamp of a look_at_obj task. */
    lamp: z.enum(LAMP_KINDS).optional(),
    /** The goal in ALFWorld's words, without the trailing period: `put a hot apple in fridge`. */
    goal: z.string().min(1),
  })
  .strict()
export type HouseholdTaskParams = z.infer<typeof HouseholdTaskParams>
