// The families the synthesis benchmark draws from: the CLI's built-in set, so the bench
// measures the default family mix of `refinery synth`.
import { type EnvironmentFamily, FamilyRegistry } from '@refinery/core'
import { adventure } from '@refinery/env-adventure'
import { generated } from '@refinery/env-generated'
import { grid } from '@refinery/env-grid'
import { household } from '@refinery/env-household'
import { lab } from '@refinery/env-lab'
import { planning } from '@refinery/env-planning'

const BUILT_IN: EnvironmentFamily[] = [adventure, generated, grid, household, lab, planning]

export function benchRegistry(): FamilyRegistry {
  return new FamilyRegistry(BUILT_IN)
}
