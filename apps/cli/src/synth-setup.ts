// What each worker thread of `refinery synth` builds: the CLI's registry (built-in families and
// those the settings name) and the procedural mode with the run's personas.
import type { Persona, SynthSetup } from '@refinery/synth'
import { proceduralMode } from '@refinery/synth'
import type { FamilySource } from './config'
import { loadRegistry } from './registry'

export interface SynthSetupData {
  families: FamilySource[]
  personas: Persona[] | null
}

export async function synthSetup(data: SynthSetupData): Promise<SynthSetup> {
  const registry = await loadRegistry({ configPath: undefined, families: data.families, model: {} })
  return { registry, mode: proceduralMode(data.personas ? { personas: data.personas } : {}) }
}
