import { describe, expect, it } from 'vitest'
import type { Environment, EnvironmentFamily } from '../spec'
import type { StepStatus } from '../status'
import {
  CONFORMANCE_CHECKS,
  type ConformanceOptions,
  checkFamilyConformance,
  compareRejectionProbes,
} from './conformance'

/**
 * Registers one vitest test per conformance check for a family. Use it in a family's own
 * test file: `describeFamilyConformance(household, { tasks: 10 })`.
 */
export function describeFamilyConformance(
  family: EnvironmentFamily,
  options: ConformanceOptions = {},
): void {
  describe(`${family.id} conforms to environment spec v1`, () => {
    for (const check of CONFORMANCE_CHECKS) {
      it(check, async () => {
        const failures = await checkFamilyConformance(family, options, [check])
        expect(failures.map((f) => `${f.task}: ${f.message}`)).toEqual([])
      })
    }
  })
}

/**
 * A test of an environment's `stepIfRejected` against step → restore, across many comparisons
 * (see `compareRejectionProbes`): `agree` fails the test on the first comparison where the probe
 * answers otherwise, and `expectEveryStatus`, at the end, that the actions tried reached every
 * status a probe has to tell apart (an accepted action, a meta-action and each rejection).
 */
export interface ProbeTest {
  agree(probed: Environment, stepped: Environment, tries: readonly string[]): Promise<void>
  expectEveryStatus(): void
}

/** The statuses a test of a probe must reach: accepted, meta, and each kind of rejection. */
export const PROBE_STATUSES: readonly StepStatus[] = [
  'invalid_argument',
  'meta',
  'no_effect',
  'ok',
  'precondition_failed',
  'unknown_action',
]

export function probeTest(): ProbeTest {
  const seen = new Set<StepStatus>()
  return {
    async agree(probed, stepped, tries) {
      const checked = await compareRejectionProbes(probed, stepped, tries)
      for (const status of checked.statuses) seen.add(status)
      // The problems head the failure, so it reads without the diff below it.
      expect(checked.problems, checked.problems.join('; ')).toEqual([])
    },
    expectEveryStatus() {
      expect([...seen].sort()).toEqual(expect.arrayContaining([...PROBE_STATUSES]))
    },
  }
}
