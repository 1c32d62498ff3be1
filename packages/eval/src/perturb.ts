import {
  type CreateOptions,
  type Environment,
  type EnvironmentFamily,
  type FeedbackProfile,
  type Rng,
  rngStream,
  type TaskRef,
} from '@refinery/core'

/** What a robustness run changes: the action space, what the agent reads, or the goal's wording. */
export const PERTURB_KINDS = ['actions', 'observations', 'instructions'] as const
export type PerturbKind = (typeof PERTURB_KINDS)[number]

/** The family's action perturbation that AgentRefine's robustness test uses (all at once). */
export const ACTION_PERTURBATION_KIND = 'all'

const SYNONYMS: Record<string, string> = {
  see: 'notice',
  find: 'locate',
  arrive: 'get',
  open: 'unlocked',
  closed: 'shut',
  nothing: 'naught',
  happens: 'occurs',
  large: 'big',
  small: 'little',
  room: 'chamber',
  looking: 'glancing',
  quickly: 'swiftly',
  your: 'thy',
  around: 'about',
  task: 'job',
  put: 'place',
  there: 'over there',
}

const DISTRACTORS = [
  'A faint hum comes from somewhere far away.',
  'The air smells faintly of dust.',
  'You remember that it is a Tuesday.',
  'Somewhere, a clock ticks.',
  'A bird sings outside for a moment.',
]

/** Noise-LLM's three levels, applied together to one text: typos, synonyms, a distractor. */
export function noisyText(text: string, rng: Rng): string {
  const lines = text.split('\n').map((line) =>
    line
      .split(' ')
      .map((word) => {
        const bare = word.toLowerCase().replace(/[^a-z]/g, '')
        const synonym = SYNONYMS[bare]
        if (synonym && rng.chance(0.5) && bare === word.toLowerCase()) return synonym
        // A typo: two inner letters swapped, in longer plain words only so ids stay readable.
        if (/^[a-z]{6,}$/.test(word) && rng.chance(0.1)) {
          const i = rng.int(1, word.length - 3)
          return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2)
        }
        return word
      })
      .join(' '),
  )
  if (rng.chance(0.5)) lines.push(rng.pick(DISTRACTORS))
  return lines.join('\n')
}

const GOAL_PREFIXES: [RegExp, string][] = [
  [/^Your task is to:?\s*/i, 'What you need to achieve: '],
  [/^Your goal is to:?\s*/i, 'The objective: '],
  [/^Goal:\s*/i, 'Objective: '],
]

/** The goal in other words: a reworded lead-in and a closing request, the task unchanged. */
export function paraphraseInstruction(text: string, rng: Rng): string {
  let out = text
  for (const [pattern, replacement] of GOAL_PREFIXES) out = out.replace(pattern, replacement)
  const closers = ['Please get this done.', 'Complete this, please.', 'Do this as asked.']
  return out === text
    ? `Here is what is asked of you. ${text} ${rng.pick(closers)}`
    : `${out} ${rng.pick(closers)}`
}

export interface EvalFamilyOptions {
  profile?: FeedbackProfile
  perturb?: PerturbKind | null
  /** Seeds the observation and instruction noise. */
  seed?: number
}

/**
 * The family as the evaluation runs it: with the feedback profile, and the observations or the
 * goal perturbed where asked. The environment underneath is untouched, so the oracle and the
 * scores are those of the real task; only what the agent reads changes.
 */
export function evalFamily(
  family: EnvironmentFamily,
  options: EvalFamilyOptions,
): EnvironmentFamily {
  const perturb = options.perturb ?? null
  const seed = options.seed ?? 0
  return {
    specificationVersion: family.specificationVersion,
    id: family.id,
    description: family.description,
    ...(family.instructions === undefined ? {} : { instructions: family.instructions }),
    splits: family.splits,
    task: (split, index) => family.task(split, index),
    create(task: TaskRef, create: CreateOptions = {}) {
      const env = family.create(task, {
        ...create,
        ...(options.profile ? { profile: options.profile } : {}),
      })
      if (perturb === 'observations') return noisyEnv(env, task, seed)
      if (perturb === 'instructions') return paraphrasedEnv(env, task, seed)
      return env
    },
  }
}

function noisyEnv(env: Environment, task: TaskRef, seed: number): Environment {
  let turn = 0
  const rng = () => rngStream(seed, `eval.noise:${task.id}`, turn++)
  return wrap(env, {
    async reset() {
      turn = 0
      const first = await env.reset()
      return { ...first, observation: noisyText(first.observation, rng()) }
    },
    async step(action) {
      const result = await env.step(action)
      return { ...result, observation: noisyText(result.observation, rng()) }
    },
  })
}

function paraphrasedEnv(env: Environment, task: TaskRef, seed: number): Environment {
  return wrap(env, {
    async reset() {
      const first = await env.reset()
      const rng = rngStream(seed, `eval.paraphrase:${task.id}`)
      return { ...first, instruction: paraphraseInstruction(first.instruction, rng) }
    },
  })
}

function wrap(env: Environment, over: Partial<Pick<Environment, 'reset' | 'step'>>): Environment {
  return {
    reset: over.reset ?? (() => env.reset()),
    step: over.step ?? ((action) => env.step(action)),
    validActions: () => env.validActions(),
    get actionSpace() {
      return env.actionSpace
    },
    snapshot: () => env.snapshot(),
    restore: (snapshot) => env.restore(snapshot),
    ...(env.oracle ? { oracle: () => env.oracle!() } : {}),
    ...(env.close ? { close: () => env.close!() } : {}),
  }
}
