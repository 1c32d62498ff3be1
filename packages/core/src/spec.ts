import { z } from 'zod'
import type { ActionSpace } from './action-space'
import { RefineryError } from './errors'
import { StepStatus } from './status'

/** The version of the environment spec this package describes. */
export const SPECIFICATION_VERSION = 'v1' as const
export type SpecificationVersion = typeof SPECIFICATION_VERSION

export const Split = z.enum(['train', 'dev', 'test'])
export type Split = z.infer<typeof Split>
export const SPLITS: readonly Split[] = ['train', 'dev', 'test']

/** A reference to one task of a family; everything needed to build it again. */
export const TaskRef = z.object({
  /** `household/test/17` */
  id: z.string(),
  family: z.string(),
  split: Split,
  index: z.number().int().nonnegative(),
  /** The seed the task was generated from. */
  seed: z.number().int(),
  /** Family-specific description of the task (type, goal objects, …), JSON only. */
  params: z.record(z.string(), z.unknown()).optional(),
})
export type TaskRef = z.infer<typeof TaskRef>

/**
 * `task` checked as a TaskRef of `family`: what a family's `create` runs first, so a task of
 * another family, or something that is not a task, is refused with one clear error.
 */
export function checkTaskRef(task: unknown, family: string): TaskRef {
  const parsed = TaskRef.safeParse(task)
  if (!parsed.success) {
    throw new RefineryError(
      'invalid_input',
      `Not a task: ${parsed.error.issues[0]?.message ?? 'invalid'}.`,
      { hint: `Get tasks from ${family}.task(split, index).` },
    )
  }
  if (parsed.data.family !== family) {
    throw new RefineryError(
      'invalid_input',
      `Task ${parsed.data.id} belongs to family '${parsed.data.family}', not ${family}.`,
      { hint: 'Create it with its own family.' },
    )
  }
  return parsed.data
}

const SPLIT_NAMES: ReadonlySet<unknown> = new Set(Split.options)

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype
const isSafeInt = (v: unknown, min: number): boolean =>
  Number.isSafeInteger(v) && (v as number) >= min

/**
 * The params of `task` where it is a TaskRef of `family` as `family.task` makes it (a plain
 * object with plain params), checked by hand; null otherwise. It answers only where
 * `checkTaskRef` would accept the task, without the parse's copy: a synthesis run creates each
 * task it plays at least twice (the episode and its replay), and for a family whose create is
 * cheap the parse is a large part of it. On null, a family calls `checkTaskRef`, which accepts
 * the task or says what is wrong with it; the family still checks the params it reads.
 */
export function plainTaskParams(task: unknown, family: string): Record<string, unknown> | null {
  if (!isPlainObject(task)) return null
  const params = task.params
  return task.family === family &&
    typeof task.id === 'string' &&
    SPLIT_NAMES.has(task.split) &&
    isSafeInt(task.index, 0) &&
    isSafeInt(task.seed, Number.MIN_SAFE_INTEGER) &&
    isPlainObject(params)
    ? params
    : null
}

export function taskId(family: string, split: Split, index: number): string {
  return `${family}/${split}/${index}`
}

/** Parses `household/test/17` into its parts, or throws a usage error. */
export function parseTaskId(id: string): { family: string; split: Split; index: number } {
  const match = /^([a-z0-9][\w-]*)\/(train|dev|test)\/(\d+)$/.exec(id)
  if (!match) {
    throw new RefineryError('invalid_input', `'${id}' is not a task id.`, {
      hint: 'A task id looks like household/test/17.',
    })
  }
  return { family: match[1]!, split: match[2] as Split, index: Number(match[3]) }
}

/** A seeded change of surface form that keeps the task's meaning (robustness tests). */
export const Perturbation = z.object({
  kind: z.string().min(1),
  seed: z.number().int(),
})
export type Perturbation = z.infer<typeof Perturbation>

/** What `reset` returns: the task instruction and the first observation. */
export interface Observation {
  instruction: string
  observation: string
}

export const StepResult = z.object({
  observation: z.string(),
  status: StepStatus,
  done: z.boolean(),
  success: z.boolean(),
  /** 0..1, the highest reached so far: it never decreases. */
  progress: z.number().min(0).max(1),
  reward: z.number(),
  /** For `precondition_failed`: the check was about location or reachability. */
  place: z.boolean().optional(),
})
export type StepResult = z.infer<typeof StepResult>

/** Opaque, JSON-serialisable state that `restore` accepts. */
export type Snapshot = { readonly [key: string]: unknown }

export interface Environment {
  reset(): Promise<Observation>
  step(action: string): Promise<StepResult>
  /** Every action that is accepted now, sorted and deterministic. */
  validActions(): Promise<string[]>
  /** The templates and entities the parser grounds against; may change as the world does. */
  readonly actionSpace: ActionSpace
  snapshot(): Snapshot
  restore(snapshot: Snapshot): void
  /** An expert plan (action texts) from the current state to the goal. */
  oracle?(): Promise<string[]>
  /**
   * Optional, for probes: an action the environment would reject (an error status, see
   * `isErrorStatus`) is stepped as `step` steps it, and its result returned; one it would
   * accept leaves the environment exactly as it was and answers null. A prober that would
   * otherwise snapshot, step and restore skips the work of taking an accepted action.
   */
  stepIfRejected?(action: string): StepResult | null
  /** Releases processes or connections the environment holds. */
  close?(): Promise<void>
}

/**
 * How an environment words its replies to failed actions. `rich` (the default, for training)
 * gives the specific reason, never naming what the agent has not seen; `agentboard` answers as
 * the original environment does under AgentBoard ("Nothing happens."), so scores can be set
 * beside published numbers.
 */
export const FeedbackProfile = z.enum(['rich', 'agentboard'])
export type FeedbackProfile = z.infer<typeof FeedbackProfile>
export const FEEDBACK_PROFILES: readonly FeedbackProfile[] = FeedbackProfile.options

export interface CreateOptions {
  perturbation?: Perturbation
  /** Default `rich`. */
  profile?: FeedbackProfile
}

export interface EnvironmentFamily {
  readonly specificationVersion: SpecificationVersion
  /** `household` */
  readonly id: string
  /** One line for listings. */
  readonly description: string
  /** How to act in this family, for a system prompt: the action forms and their meaning. */
  readonly instructions?: string
  readonly splits: Readonly<Record<Split, { size: number }>>
  /** Deterministic: the same split and index always give the same task. */
  task(split: Split, index: number): TaskRef
  create(task: TaskRef, options?: CreateOptions): Environment
  /**
   * Persona theming, for a family whose tasks can be dressed in other words (objects, names,
   * rooms, the task's wording) without changing what is asked. Absent: the family is not
   * themable, and synthesis uses its tasks as they are.
   */
  readonly theming?: FamilyTheming
}

/**
 * What a family may read of a persona to theme a task: its one-line description and, for a
 * persona composed from attributes, those attributes. A persona themes the world, never the
 * agent's voice: nothing of it may reach an observation except through the theme it picks.
 */
export interface PersonaTraits {
  description: string
  occupation?: string | undefined
  interest?: string | undefined
  setting?: string | undefined
  temperament?: string | undefined
}

/**
 * How a family themes its tasks for a persona (AgentRefine's persona shapes the world). A theme
 * is a short id the family understands; a record keeps it (`source.theme`), and replay rebuilds
 * the record's world with `apply(family.task(split, index), theme)`.
 */
export interface FamilyTheming {
  /**
   * The theme `persona` gives `task`, or null when none of the family's themes fits it.
   * Deterministic in (task, persona); only themes of the task's split (themes held out for
   * test stay out of train and dev).
   */
  choose(task: TaskRef, persona: PersonaTraits): string | null
  /**
   * `task` dressed in `theme`: deterministic, the same split. It may be another task of the
   * split (a family that themes by choosing among its tasks); then applying the same theme to
   * that task gives it back unchanged. Throws `invalid_input` for a theme the split lacks.
   */
  apply(task: TaskRef, theme: string): TaskRef
}
