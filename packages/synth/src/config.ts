import { RefineryError, Split } from '@refinery/core'
import { z } from 'zod'

export const SYNTH_MODES = ['procedural'] as const

/** What a synthesis run makes; the same config always gives the same bytes. */
export const SynthConfig = z.object({
  /** `procedural`: family generators, the oracle as teacher, injected errors; no LLM. */
  mode: z.enum(SYNTH_MODES).default('procedural'),
  /** Trajectories to keep. */
  count: z.number().int().positive(),
  seed: z.number().int().default(0),
  /** Family ids; slot i uses `families[i % families.length]`. */
  families: z.array(z.string().min(1)).min(1),
  split: Split.default('train'),
  /** Error→refine pairs a trajectory needs to be kept (AgentRefine: 2). */
  minErrorRefinePairs: z.number().int().min(0).default(2),
  /** Step limit of each episode (AgentBoard: 30). */
  maxSteps: z.number().int().positive().default(30),
  /** Episodes tried per slot before it is given up. */
  maxAttempts: z.number().int().positive().default(8),
})
export type SynthConfig = z.infer<typeof SynthConfig>
/** A config as written by a person: defaults may be left out. */
export type SynthConfigInput = z.input<typeof SynthConfig>

/** Parses a config, or throws an `invalid_input` error naming the first bad field. */
export function parseSynthConfig(input: unknown): SynthConfig {
  const parsed = SynthConfig.safeParse(input)
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]
  const path = issue?.path.join('.') || 'config'
  throw new RefineryError(
    'invalid_input',
    `Bad synthesis config: ${path}: ${issue?.message ?? 'invalid'}.`,
    {
      hint: 'Fix that field (see SynthConfig for the allowed values).',
      path,
    },
  )
}
