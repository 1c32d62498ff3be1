// What each worker of the variety benchmark builds: every built-in family, procedural mode.
import { FamilyRegistry } from '@refinery/core'
import { adventure } from '@refinery/env-adventure'
import { generated } from '@refinery/env-generated'
import { grid } from '@refinery/env-grid'
import { household } from '@refinery/env-household'
import { lab } from '@refinery/env-lab'
import { planning } from '@refinery/env-planning'
import { proceduralMode } from '../src/procedural'
import type { SynthSetup } from '../src/workers'

export const ALL_FAMILIES = [adventure, generated, grid, household, lab, planning]

export function synthSetup(): SynthSetup {
  return { registry: new FamilyRegistry(ALL_FAMILIES), mode: proceduralMode() }
}
