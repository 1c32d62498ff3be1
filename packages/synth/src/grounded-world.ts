import { RefineryError } from '@refinery/core'
import { type ChatMessage, completeStructured, type LlmClient } from '@refinery/llm'
import {
  formatIssues,
  type ValidationIssueCode,
  validateWorldSpec,
  WorldSpec,
} from '@refinery/world'
import { EXAMPLE_WORLD } from './grounded-example'
import type { Persona } from './personas'

/** Why a written world was refused: a validation code, or an answer that never fit the schema. */
export type WorldProblem = ValidationIssueCode
/** Every problem, for the summary's counts (one key each, zero included). */
export const WORLD_PROBLEMS = [
  'schema',
  'semantic',
  'goal_already_true',
  'goal_unreachable',
  'plan_budget',
  'limit',
  'internal',
] as const satisfies readonly WorldProblem[]

export interface WriteWorldOptions {
  client: LlmClient
  persona: Persona
  /** Sent as the request's `seed` (the slot's seed), so attempts differ. */
  seed: number
  /** Repair requests after an invalid world, schema or validation (default 2). */
  repairs?: number
  /** Planner nodes the solvability check may expand (default 50,000). */
  planBudget?: number
  /** Default 0.8: worlds should differ between personas. */
  temperature?: number
  /** Completion tokens of one world (default 6,000). */
  maxTokens?: number
  signal?: AbortSignal
}

export type WrittenWorld =
  | { ok: true; spec: WorldSpec; plan: string[]; repairs: number; repaired: WorldProblem[] }
  | { ok: false; problem: WorldProblem; message: string; repairs: number; repaired: WorldProblem[] }

/** Node budget of the solvability check: the bound is nodes, never the clock (determinism). */
export const DEFAULT_PLAN_BUDGET = 50_000
const PLAN_MS = 600_000

/**
 * Asks the teacher for a WorldSpec themed by `persona` through structured output, then
 * validates it (schema, names and arities, the goal not already true, the planner reaching
 * it within the budget). A failing world goes back to the model with the exact issues, for
 * at most `repairs` repairs in all (schema repairs included). Never throws for a bad world;
 * a request error (`budget_exceeded`, `llm_error`) is thrown.
 */
export async function writeWorld(options: WriteWorldOptions): Promise<WrittenWorld> {
  const limit = options.repairs ?? 2
  const messages: ChatMessage[] = [
    { role: 'system', content: WORLD_AUTHOR_PROMPT },
    { role: 'user', content: worldRequest(options.persona) },
  ]
  const repaired: WorldProblem[] = []
  let used = 0
  for (;;) {
    let value: WorldSpec
    try {
      const result = await completeStructured(
        options.client,
        {
          messages,
          temperature: options.temperature ?? 0.8,
          max_tokens: options.maxTokens ?? 6000,
          seed: options.seed,
        },
        {
          schema: WorldSpec,
          name: 'world_spec',
          maxRepairs: limit - used,
          ...(options.signal ? { signal: options.signal } : {}),
        },
      )
      for (let i = 0; i < result.repairs; i++) repaired.push('schema')
      used += result.repairs
      value = result.value
    } catch (error) {
      if (!isSchemaFailure(error)) throw error
      for (let i = used; i < limit; i++) repaired.push('schema')
      return { ok: false, problem: 'schema', message: error.message, repairs: limit, repaired }
    }
    const checked = validateWorldSpec(value, {
      planBudget: options.planBudget ?? DEFAULT_PLAN_BUDGET,
      planMs: PLAN_MS,
    })
    if (checked.ok) {
      return { ok: true, spec: checked.spec, plan: checked.plan ?? [], repairs: used, repaired }
    }
    const problem = checked.issues[0]!.code
    const lines = formatIssues(checked.issues.slice(0, 10))
    if (used >= limit) {
      return { ok: false, problem, message: lines.join(' '), repairs: used, repaired }
    }
    used++
    repaired.push(problem)
    messages.push(
      { role: 'assistant', content: JSON.stringify(value) },
      { role: 'user', content: repairRequest(lines) },
    )
  }
}

/** `completeStructured` gave up on the schema (not a network or budget failure). */
function isSchemaFailure(error: unknown): error is RefineryError {
  return (
    RefineryError.isInstance(error) &&
    error.code === 'llm_error' &&
    /did not match the schema/.test(error.message)
  )
}

/** What the teacher is told when its world fails validation: the issues, path by path. */
export function repairRequest(issues: readonly string[]): string {
  return [
    'The world does not pass validation:',
    ...issues.map((line) => `- ${line}`),
    'Fix these problems and reply with the whole corrected world as one JSON object.',
  ].join('\n')
}

/** The per-slot request: the persona themes the world, never the agent's voice. */
export function worldRequest(persona: Persona): string {
  return [
    `Persona: ${persona.description}`,
    '',
    'Write one new world that this person would recognise from their own life: its setting, rooms or places, objects, names and task come from their work, interests and surroundings. The agent that plays the world never sees the persona, so do not address the person in the task.',
    'Requirements:',
    '- 4 to 12 entities with plain names; 3 to 6 actions with their own verbs and patterns.',
    '- A goal that takes 4 to 10 actions, and is not already true at the start.',
    '- At least one closed or locked container, a tool or a place to reach first, so a careless agent meets a failed check; every check has a failure message that says what is wrong, and `place: true` when it is about where the agent is.',
    '- Observations that name what the agent sees, so it can find the things the task needs.',
    'Answer with the world as one JSON object matching the schema, and nothing else.',
  ].join('\n')
}

/** The author's instructions: the language in brief, and a worked example. */
export const WORLD_AUTHOR_PROMPT = [
  'You write worlds for a text-game engine as WorldSpec JSON: data, never code.',
  'A world has types (with parents), entities (id, type, name, optional number), predicates (with a `text` template for what the agent sees, or `hidden`), initial `facts` as arrays [predicate, ...entity ids], optional derived predicates, actions, observations and a goal.',
  'An action has typed `params`, a `pattern` the agent types (`take {o} from {r}`), ordered `checks` (each a `require` condition, a `fail` message, an optional `status` and `place: true` for location checks), `effects` (add, del, forall…) and a `message`.',
  'Conditions are {"fact": [predicate, "?param" or entity id]}, {"not": …}, {"all": [...]}, {"any": [...]}, {"exists": {"vars": [...], "where": …}}.',
  'The goal has an `instruction` (the task sentence the agent reads), a `success` condition and optional `subgoals`.',
  '',
  'An example world (a kitchen task; yours must come from the persona, with its own things and verbs):',
  JSON.stringify(EXAMPLE_WORLD),
].join('\n')
