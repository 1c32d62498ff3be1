// What each worker of the synthesis benchmark builds: the household family, procedural mode.
import { FamilyRegistry } from '@refinery/core'
import { household } from '@refinery/env-household'
import { proceduralMode } from '../src/procedural'
import type { SynthSetup } from '../src/workers'

export function synthSetup(): SynthSetup {
  return { registry: new FamilyRegistry([household]), mode: proceduralMode() }
}
