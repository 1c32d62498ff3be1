import {
  deriveSeed,
  type EnvironmentFamily,
  FamilyRegistry,
  RefineryError,
  SPECIFICATION_VERSION,
} from '@refinery/core'
import type { LlmClient } from '@refinery/llm'
import { worldFamily } from '@refinery/world'
import { GroundedTeacher } from './grounded-teacher'
import { WORLD_PROBLEMS, type WorldProblem, writeWorld } from './grounded-world'
import type { SlotAttempt, SynthMode } from './mode'
import { type Persona, pickPersona } from './personas'

/** The family id of every grounded record: each record carries its own world. */
export const GROUNDED_FAMILY_ID = 'grounded'

/** How to act in a written world, for the teacher's system prompt (and the record's). */
export const GROUNDED_INSTRUCTIONS = `Your task is to act in a small text world to accomplish the task you are given. With each interaction, you will receive an observation. Your role is to decide on one action based on the observation.

Every world is different: its things, its places and its verbs. Use only the action forms this world accepts, filling the slots with the names the observations use; read the feedback of a failed action, it says what is wrong.

These always work:
- look: where you are and what is around you.
- inventory: what you are carrying.
- check valid actions: every action you can take now.
- help: the actions of this world.`

export interface GroundedModeOptions {
  /** The teacher model, with its cache, limits and spending cap. */
  client: LlmClient
  /** A user's personas (`--personas`); default: the composed ones. */
  personas?: readonly Persona[]
  /** Repair requests after an invalid world, schema or validation (default 2). */
  repairs?: number
  /** Planner nodes the solvability check may expand (default 50,000). */
  planBudget?: number
}

/**
 * The family a grounded run is configured with (`families: ['grounded']`): it stands for the
 * worlds the teacher writes, one per slot, and has no tasks of its own.
 */
export const GROUNDED_FAMILY: EnvironmentFamily = {
  specificationVersion: SPECIFICATION_VERSION,
  id: GROUNDED_FAMILY_ID,
  description: 'Worlds an LLM teacher writes, one per slot, themed by a persona.',
  instructions: GROUNDED_INSTRUCTIONS,
  splits: { train: { size: 0 }, dev: { size: 0 }, test: { size: 0 } },
  task() {
    throw new RefineryError('unknown_task', 'Grounded worlds have no tasks of their own.', {
      hint: 'Each grounded record carries its world in source.world; check replays it there.',
    })
  },
  create() {
    throw new RefineryError('unknown_task', 'Grounded worlds have no tasks of their own.', {
      hint: 'Each grounded record carries its world in source.world; check replays it there.',
    })
  },
}

/** The registry a grounded run uses: just the grounded family. */
export function groundedRegistry(): FamilyRegistry {
  return new FamilyRegistry([GROUNDED_FAMILY])
}

/**
 * `grounded`: for each slot, a persona prompts the teacher for a WorldSpec (structured
 * output), validated with the issues fed back for a bounded number of repairs; the teacher
 * then plays the world through the episode loop, its own mistakes counted and errors
 * injected where it makes too few. The record carries its world (`source.world`), so
 * `refinery check` replays it with nothing else.
 */
export function groundedMode(options: GroundedModeOptions): SynthMode {
  const { client } = options
  // Counts since the run last took them (`takeCounts`): a chunk's worth.
  const fresh = () => ({
    worldsRequested: 0,
    worldsAccepted: 0,
    repairs: 0,
    /** In kept trajectories: the model's own mistakes, and those injected for it. */
    ownMistakesKept: 0,
    injectedMistakesKept: 0,
  })
  let counts = fresh()
  let repairedBy = new Map<WorldProblem, number>()
  let rejectedBy = new Map<WorldProblem, number>()
  const bump = (map: Map<WorldProblem, number>, key: WorldProblem) =>
    map.set(key, (map.get(key) ?? 0) + 1)
  return {
    name: 'grounded',
    teacher: 'llm+errors',
    trial: false,
    chunkSlots: 1,
    personaWorlds: true,
    async unusable(family: EnvironmentFamily) {
      return family.id === GROUNDED_FAMILY_ID
        ? null
        : `the grounded mode writes its own worlds (use the '${GROUNDED_FAMILY_ID}' family)`
    },
    async attempt({ config, slot, attempt }): Promise<SlotAttempt> {
      const seed = deriveSeed(config.seed, 'grounded', `${slot}/${attempt}`)
      const persona = pickPersona(seed, options.personas)
      counts.worldsRequested++
      const written = await writeWorld({
        client,
        persona,
        seed,
        ...(options.repairs === undefined ? {} : { repairs: options.repairs }),
        ...(options.planBudget === undefined ? {} : { planBudget: options.planBudget }),
      })
      counts.repairs += written.repairs
      for (const problem of written.repaired) bump(repairedBy, problem)
      if (!written.ok) {
        bump(rejectedBy, written.problem)
        throw new RefineryError(
          'llm_error',
          `The teacher wrote no valid world for slot ${slot} after ${written.repairs} repairs (${written.problem}): ${written.message}`,
          { hint: 'Try a stronger model, or raise --repairs.' },
        )
      }
      counts.worldsAccepted++
      const family = worldFamily(written.spec, {
        id: GROUNDED_FAMILY_ID,
        split: config.split,
        index: slot,
        seed,
        description: written.spec.title ?? 'A world written for a persona.',
        instructions: GROUNDED_INSTRUCTIONS,
      })
      const teacher = new GroundedTeacher({ client, seed, mistakes: config.errors.min })
      return {
        family,
        task: family.task(config.split, slot),
        seed,
        agent: teacher,
        source: {
          kind: 'synth',
          mode: 'grounded',
          teacher: teacher.name,
          model: client.model,
          persona: persona.description,
          slot,
          world: written.spec,
        },
        mistakes: () => {
          counts.ownMistakesKept += teacher.own.length
          counts.injectedMistakesKept += teacher.injected.length
          return teacher.mistakes()
        },
      }
    },
    takeCounts() {
      const out: Record<string, number> = { ...counts }
      for (const code of WORLD_PROBLEMS) {
        out[`repairs.${code}`] = repairedBy.get(code) ?? 0
        out[`worldsRejected.${code}`] = rejectedBy.get(code) ?? 0
      }
      counts = fresh()
      repairedBy = new Map()
      rejectedBy = new Map()
      return out
    },
    spend() {
      const spend = client.stats()
      return {
        requests: spend.requests,
        cachedRequests: spend.cachedRequests,
        promptTokens: spend.promptTokens,
        completionTokens: spend.completionTokens,
        costUsd: spend.costUsd,
      }
    },
  }
}
