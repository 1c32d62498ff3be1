// What each synthesis worker of the tests builds: the lockbox family and the procedural mode.
import { FamilyRegistry } from '@refinery/core'
import { createLockboxFamily } from '@refinery/core/testing'
import { proceduralMode } from '../procedural'
import type { SynthSetup } from '../workers'

export function synthSetup(): SynthSetup {
  return { registry: new FamilyRegistry([createLockboxFamily()]), mode: proceduralMode() }
}
