import type { Environment, EnvironmentFamily } from '@refinery/core'
import { createLockboxFamily } from '@refinery/core/testing'

export interface SpyFamily extends EnvironmentFamily {
  readonly calls: { create: unknown[]; step: string[]; close: number }
}

/** The lockbox family with every create, step and close call recorded (tests only). */
export function spyLockbox(options: { oracle?: boolean } = {}): SpyFamily {
  const inner = createLockboxFamily()
  const calls = { create: [] as unknown[], step: [] as string[], close: 0 }
  return {
    ...inner,
    calls,
    task: (split, index) => inner.task(split, index),
    create(task, createOptions) {
      calls.create.push(createOptions)
      const env = inner.create(task, createOptions)
      const spied: Environment = {
        reset: () => env.reset(),
        step: (action) => {
          calls.step.push(action)
          return env.step(action)
        },
        validActions: () => env.validActions(),
        actionSpace: env.actionSpace,
        snapshot: () => env.snapshot(),
        restore: (s) => env.restore(s),
        close: async () => {
          calls.close++
        },
      }
      if (options.oracle !== false && env.oracle) spied.oracle = () => env.oracle!()
      return spied
    },
  }
}
