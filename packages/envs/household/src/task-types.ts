import { z } from 'zod'
import type { RoomType } from './catalog'

/** ALFWorld's six task types, under ALFWorld's names. */
export const TASK_TYPES = [
  'pick_and_place',
  'pick_clean_then_place',
  'pick_heat_then_place',
  'pick_cool_then_place',
  'look_at_obj',
  'pick_two_obj',
] as const

export const TaskType = z.enum(TASK_TYPES)
export type TaskType = z.infer<typeof TaskType>

export interface TaskTypeInfo {
  type: TaskType
  /** AgentBoard's short key (`tasks/alfworld.py prefixes`). */
  key: 'put' | 'clean' | 'heat' | 'cool' | 'examine' | 'puttwo'
  /** One example goal, for documentation. */
  example: string
  /** Room types it is set in, with their weights. */
  rooms: Partial<Record<RoomType, number>>
  /** Share of ALFWorld's train split (3553 games) and of AgentBoard's test split (134 games). */
  train: number
  test: number
}

export const TASK_TYPE_INFO: Readonly<Record<TaskType, TaskTypeInfo>> = {
  pick_and_place: {
    type: 'pick_and_place',
    key: 'put',
    example: 'put some spraybottle on toilet',
    rooms: { kitchen: 4, livingroom: 2, bedroom: 2, bathroom: 2 },
    train: 790,
    test: 24,
  },
  pick_clean_then_place: {
    type: 'pick_clean_then_place',
    key: 'clean',
    example: 'clean some soapbar and put it in toilet',
    rooms: { kitchen: 3, bathroom: 1 },
    train: 650,
    test: 31,
  },
  pick_heat_then_place: {
    type: 'pick_heat_then_place',
    key: 'heat',
    example: 'put a hot apple in fridge',
    rooms: { kitchen: 1 },
    train: 459,
    test: 23,
  },
  pick_cool_then_place: {
    type: 'pick_cool_then_place',
    key: 'cool',
    example: 'cool some pan and put it in stoveburner',
    rooms: { kitchen: 1 },
    train: 533,
    test: 21,
  },
  look_at_obj: {
    type: 'look_at_obj',
    key: 'examine',
    example: 'look at statue under the desklamp',
    rooms: { livingroom: 1, bedroom: 1 },
    train: 308,
    test: 18,
  },
  pick_two_obj: {
    type: 'pick_two_obj',
    key: 'puttwo',
    example: 'put two cellphone in sofa',
    rooms: { kitchen: 3, livingroom: 2, bedroom: 2, bathroom: 2 },
    train: 813,
    test: 17,
  },
}

/** The treatment a task type asks for before placing, if any. */
export function treatmentOf(type: TaskType): 'clean' | 'heat' | 'cool' | undefined {
  switch (type) {
    case 'pick_clean_then_place':
      return 'clean'
    case 'pick_heat_then_place':
      return 'heat'
    case 'pick_cool_then_place':
      return 'cool'
    default:
      return undefined
  }
}
