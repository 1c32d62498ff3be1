import { RefineryError, Split } from '@refinery/core'
import { z } from 'zod'

/** Every synthesis mode; the CLI takes its list from here. */
export const SYNTH_MODES = ['procedural', 'grounded', 'script'] as const
export type SynthModeName = (typeof SYNTH_MODES)[number]

/** What a synthesis run makes; the same config always gives the same bytes. */
export const SynthConfig = z.object({
  /**
   * `procedural`: family generators, the oracle as teacher, injected errors; no LLM.
   * `grounded`: an LLM writes a WorldSpec per slot and plays it (`groundedMode`).
   * `script`: AgentRefine's pipeline, a model writing script and trajectory (families: `['script']`).
   */
  mode: z.enum(SYNTH_MODES).default('procedural'),
  /** Trajectory slots of the whole run (all shards together). */
  count: z.number().int().positive(),
  seed: z.number().int().default(0),
  /** Family ids; slot i uses `families[i % families.length]`. */
  families: z.array(z.string().min(1)).min(1),
  split: Split.default('train'),
  /** Error→refine pairs a trajectory needs to be kept (AgentRefine: 2). */
  minErrorRefinePairs: z.number().int().min(0).default(2),
  /** Mistakes a teacher is asked to make: between `min` and `max` per trajectory. */
  errors: z
    .object({ min: z.number().int().min(0), max: z.number().int().min(0) })
    .refine((e) => e.min <= e.max, 'errors.min must not exceed errors.max')
    .default({ min: 2, max: 4 }),
  /** Step limit of each episode (AgentBoard: 30). */
  maxSteps: z.number().int().positive().default(30),
  /** Episodes tried per slot before it is given up. */
  maxAttempts: z.number().int().positive().default(8),
  /** This run's slice: slots `[floor(count·index/of), floor(count·(index+1)/of))`. */
  shard: z
    .object({ index: z.number().int().min(0), of: z.number().int().positive() })
    .refine((s) => s.index < s.of, 'shard.index must be below shard.of')
    .default({ index: 0, of: 1 }),
  /** `stableHash` of a user's persona list; null for the composed personas. */
  personas: z.string().nullable().default(null),
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

/** The slots of a shard, `[from, to)`. */
export function shardSlots(config: SynthConfig): { from: number; to: number } {
  const { index, of } = config.shard
  return {
    from: Math.floor((config.count * index) / of),
    to: Math.floor((config.count * (index + 1)) / of),
  }
}

/** Reads `i/N` (0-based shard i of N). */
export function parseShard(text: string): { index: number; of: number } {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim())
  const index = Number(match?.[1])
  const of = Number(match?.[2])
  if (!match || of < 1 || index >= of) {
    throw new RefineryError('usage', `--shard '${text}' is not i/N with 0 <= i < N.`, {
      hint: 'Write --shard 0/3, --shard 1/3 and --shard 2/3 for three slices.',
    })
  }
  return { index, of }
}
