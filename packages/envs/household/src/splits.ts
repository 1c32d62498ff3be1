import { deriveSeed, RefineryError, rngStream, Split, type TaskRef, taskId } from '@refinery/core'
import { TASK_TYPE_INFO, type TaskType } from './task-types'
import { sampleTaskParams } from './tasks'

export const FAMILY_ID = 'household'

/** Train as many as you like; dev and test as AgentBoard (134 = ALFWorld's unseen split). */
export const DEFAULT_SPLIT_SIZES: Readonly<Record<Split, number>> = {
  train: 2000,
  dev: 100,
  test: 134,
}

export interface TaskSource {
  seed: number
  sizes: Readonly<Record<Split, number>>
  taskTypes: readonly TaskType[]
}

/**
 * `task(split, index)` for a family: a seed per task from (base seed, split, index), a task
 * type from the split's schedule, and params drawn from the task's own stream. Test tasks
 * use the unseen layouts only.
 */
export function createTaskSource(source: TaskSource): (split: Split, index: number) => TaskRef {
  const schedules = new Map<Split, TaskType[]>()
  const scheduleOf = (split: Split): TaskType[] => {
    let schedule = schedules.get(split)
    if (!schedule) {
      schedule = typeSchedule(split, source.sizes[split], source.taskTypes, source.seed)
      schedules.set(split, schedule)
    }
    return schedule
  }
  // Test tasks are drawn in order, each redrawn until its goal and layout are new to the split.
  let testParams: Record<string, unknown>[] | null = null
  const testParamsOf = (index: number): Record<string, unknown> => {
    if (!testParams) {
      testParams = []
      const used = new Set<string>()
      const schedule = scheduleOf('test')
      for (let i = 0; i < source.sizes.test; i++) {
        const seed = deriveSeed(source.seed, `${FAMILY_ID}/test`, i)
        for (let attempt = 0; ; attempt++) {
          const rng = rngStream(seed, `${FAMILY_ID}-task`, attempt)
          const params = sampleTaskParams(rng, schedule[i] as TaskType, true)
          const key = [
            params.taskType,
            params.layout,
            params.object,
            params.receptacle,
            params.lamp,
          ].join('|')
          if (used.has(key) && attempt < 1000) continue
          used.add(key)
          testParams.push(params)
          break
        }
      }
    }
    return testParams[index]!
  }
  return (split, index) => {
    const which = Split.safeParse(split)
    if (!which.success) {
      throw new RefineryError('invalid_input', `'${String(split)}' is not a split.`, {
        hint: 'Use train, dev or test.',
      })
    }
    const size = source.sizes[which.data]
    if (!Number.isInteger(index) || index < 0 || index >= size) {
      throw new RefineryError(
        'unknown_task',
        size > 0
          ? `household has no task ${index} in ${which.data}; valid indices are 0 to ${size - 1}.`
          : `household has no tasks in ${which.data}.`,
      )
    }
    const seed = deriveSeed(source.seed, `${FAMILY_ID}/${which.data}`, index)
    const type = scheduleOf(which.data)[index] as TaskType
    const params =
      which.data === 'test'
        ? testParamsOf(index)
        : sampleTaskParams(rngStream(seed, `${FAMILY_ID}-task`), type, false)
    return {
      id: taskId(FAMILY_ID, which.data, index),
      family: FAMILY_ID,
      split: which.data,
      index,
      seed,
      params,
    }
  }
}

/**
 * Task types in a split: exact quotas in ALFWorld's proportions (AgentBoard's 134-game mix
 * for test, ALFWorld's train mix otherwise), shuffled by a seeded stream.
 */
function typeSchedule(
  split: Split,
  size: number,
  types: readonly TaskType[],
  seed: number,
): TaskType[] {
  const weights = types.map((t) =>
    split === 'test' ? TASK_TYPE_INFO[t].test : TASK_TYPE_INFO[t].train,
  )
  const total = weights.reduce((a, b) => a + b, 0)
  const exact = weights.map((w) => (w / total) * size)
  const quotas = exact.map(Math.floor)
  const byRemainder = exact
    .map((x, i) => ({ i, rest: x - Math.floor(x) }))
    .sort((a, b) => b.rest - a.rest || a.i - b.i)
  let missing = size - quotas.reduce((a, b) => a + b, 0)
  for (const { i } of byRemainder) {
    if (missing-- <= 0) break
    quotas[i] = (quotas[i] ?? 0) + 1
  }
  const list = types.flatMap((t, i) => Array<TaskType>(quotas[i] ?? 0).fill(t))
  return rngStream(seed, `${FAMILY_ID}/${split}/types`).shuffle(list)
}
