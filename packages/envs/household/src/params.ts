import { z } from 'zod'
import { LAMP_KINDS, OBJECT_KINDS, RECEPTACLE_KINDS } from './catalog'
import { TASK_TYPES, TaskType } from './task-types'

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

const TASK_TYPE_SET: ReadonlySet<unknown> = new Set(TASK_TYPES)
const OBJECT_SET: ReadonlySet<unknown> = new Set(OBJECT_KINDS)
const RECEPTACLE_SET: ReadonlySet<unknown> = new Set(RECEPTACLE_KINDS)
const LAMP_SET: ReadonlySet<unknown> = new Set(LAMP_KINDS)
const PARAM_KEYS: ReadonlySet<string> = new Set(Object.keys(HouseholdTaskParams.shape))

const isWord = (v: unknown): boolean => typeof v === 'string' && v.length > 0

/**
 * Whether `p` are params HouseholdTaskParams accepts, checked by hand: true only where the
 * schema would accept them and its parse would give the same values (it has no defaults or
 * transforms), so a caller may read them as they are. The parse copies them, and a synthesis
 * run builds a household world for nearly every episode; anything else goes to the schema,
 * which says what is wrong or accepts it.
 */
export function isHouseholdParams(p: unknown): p is HouseholdTaskParams {
  if (typeof p !== 'object' || p === null || Object.getPrototypeOf(p) !== Object.prototype)
    return false
  const params = p as Record<string, unknown>
  for (const key of Object.keys(params)) if (!PARAM_KEYS.has(key)) return false
  return (
    TASK_TYPE_SET.has(params.taskType) &&
    isWord(params.layout) &&
    OBJECT_SET.has(params.object) &&
    (params.receptacle === undefined || RECEPTACLE_SET.has(params.receptacle)) &&
    (params.lamp === undefined || LAMP_SET.has(params.lamp)) &&
    isWord(params.goal)
  )
}
