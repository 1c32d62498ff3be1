import { z } from 'zod'

export const StepStatus = z.enum([
  'ok',
  'format_error',
  'unknown_action',
  'invalid_argument',
  'precondition_failed',
  'no_effect',
  'meta',
])
export type StepStatus = z.infer<typeof StepStatus>

/** The flags AgentRefine's Dungeon Master attaches to an erroneous turn. */
export type DmFlag = 'parameter_error' | 'place_error' | 'logic_error'

/** An action was an error when the environment rejected it or it changed nothing. */
export function isErrorStatus(status: StepStatus): boolean {
  return status !== 'ok' && status !== 'meta'
}

/**
 * Maps a status to AgentRefine's flag. A failed precondition is a `place_error` when it was
 * about location or reachability (the environment says so with `place: true`).
 */
export function dmFlag(status: StepStatus, place = false): DmFlag | null {
  switch (status) {
    case 'format_error':
    case 'unknown_action':
    case 'invalid_argument':
      return 'parameter_error'
    case 'precondition_failed':
      return place ? 'place_error' : 'logic_error'
    case 'no_effect':
      return 'logic_error'
    default:
      return null
  }
}
