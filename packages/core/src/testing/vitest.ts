import { describe, expect, it } from 'vitest'
import type { EnvironmentFamily } from '../spec'
import { CONFORMANCE_CHECKS, type ConformanceOptions, checkFamilyConformance } from './conformance'

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
