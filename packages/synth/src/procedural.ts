import {
  deriveSeed,
  type EnvironmentFamily,
  rngStream,
  type TrajectorySource,
} from '@refinery/core'
import type { SynthConfig } from './config'
import { CATEGORY_OF } from './errors'
import type { SlotAttempt, SynthMode } from './mode'
import { type Persona, pickPersona } from './personas'
import { ProceduralTeacher } from './teacher'

export interface ProceduralModeOptions {
  /** A user's personas (`--personas`); default: the composed ones. */
  personas?: readonly Persona[]
}

/**
 * `procedural`: tasks from the family's own generator, themed by the slot's persona where the
 * family is themable (`EnvironmentFamily.theming`), the oracle as teacher, 2–4 mistakes
 * injected across the taxonomy. No LLM, no network; bytes depend on the config only.
 */
export function proceduralMode(options: ProceduralModeOptions = {}): SynthMode {
  return {
    name: 'procedural',
    teacher: 'oracle+errors',
    async unusable(family: EnvironmentFamily, config: SynthConfig) {
      const size = family.splits[config.split]?.size ?? 0
      if (size < 1) return `its ${config.split} split is empty`
      const env = family.create(family.task(config.split, 0))
      try {
        return env.oracle ? null : 'it has no oracle to teach with'
      } finally {
        await env.close?.()
      }
    },
    affinity({ config, family, slot }) {
      return `${family.id}/${taskIndex(config, family, slot, 0)}`
    },
    async attempt({ config, family, slot, attempt }): Promise<SlotAttempt> {
      const index = taskIndex(config, family, slot, attempt)
      const seed = deriveSeed(config.seed, `procedural/${family.id}`, `${slot}/${attempt}`)
      const persona = pickPersona(seed, options.personas)
      // The persona themes the world where the family allows (its objects, names, rooms and
      // task); the record keeps the theme so replay rebuilds the same world.
      let task = family.task(config.split, index)
      const theme = family.theming?.choose(task, persona) ?? null
      if (theme !== null) task = family.theming!.apply(task, theme)
      const errors = rngStream(seed, 'error-count').int(config.errors.min, config.errors.max)
      const teacher = new ProceduralTeacher({ seed, errors, minPairs: config.minErrorRefinePairs })
      // Two literals, not one with a spread in the middle (slow on Node 20); same key order.
      const source: TrajectorySource =
        theme === null
          ? {
              kind: 'synth',
              mode: 'procedural',
              teacher: teacher.name,
              persona: persona.description,
              slot,
            }
          : {
              kind: 'synth',
              mode: 'procedural',
              teacher: teacher.name,
              persona: persona.description,
              theme,
              slot,
            }
      return {
        family,
        task,
        seed,
        agent: teacher,
        source,
        mistakes: () => teacher.injected.map((e) => CATEGORY_OF[e.kind]),
        rejected: () => teacher.gaveUp,
      }
    },
  }
}

/** The task of an attempt: it depends on (seed, family, slot, attempt) only. */
function taskIndex(
  config: SynthConfig,
  family: EnvironmentFamily,
  slot: number,
  attempt: number,
): number {
  const size = family.splits[config.split].size
  return rngStream(config.seed, `task/${family.id}`, slot * 1024 + attempt).int(0, size - 1)
}
