// What each worker of the variety benchmark builds: every built-in family, procedural mode.
import { proceduralMode } from '../src/procedural'
import type { SynthSetup } from '../src/workers'
import { benchRegistry } from './families'

export function synthSetup(): SynthSetup {
  return { registry: benchRegistry(), mode: proceduralMode() }
}
