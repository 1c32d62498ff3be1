// What each worker of the synthesis benchmark builds: the built-in families, procedural mode.
import { proceduralMode } from '../src/procedural'
import type { SynthSetup } from '../src/workers'
import { benchRegistry } from './families'

export function synthSetup(): SynthSetup {
  return { registry: benchRegistry(), mode: proceduralMode() }
}
