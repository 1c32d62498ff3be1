import { REPLY_FORMAT_LINE } from '@refinery/agent'
import {
  type AssistantMessage,
  countErrorRefinePairs,
  deriveSeed,
  isErrorStatus,
  type Message,
  RefineryError,
  stableHash,
  TRAJECTORY_SCHEMA,
  type Trajectory,
} from '@refinery/core'
import {
  DM_DISAGREEMENT_KINDS,
  type RuleVerdict,
  type ScriptRules,
  scriptRules,
} from '@refinery/dataset'
import {
  type ChatMessage,
  type ChatResult,
  completeStructured,
  extractJson,
  type LlmClient,
} from '@refinery/llm'
import { z } from 'zod'
import type { ErrorCategory } from './errors'
import type { RecordMode, WrittenAttempt } from './mode'
import { type Persona, pickPersona } from './personas'
import { continuationMessages, scriptMessages, trajectoryMessages } from './script-prompts'
import { judgeTurns, readTurns, type ScriptTurn } from './script-turns'

export interface ScriptModeOptions {
  /** The teacher: a strong model behind an OpenAI-compatible server. */
  client: LlmClient
  /** A user's personas (`--personas`); default: the composed ones. */
  personas?: readonly Persona[]
  /** Regenerations from the verified prefix per script before a new script (default 2). */
  maxRegenerations?: number
  /** Repair requests for a script that fails its schema or rules (default 2). */
  maxScriptRepairs?: number
  /** Sampling temperature of every request (default 1). */
  temperature?: number
  /** Completion tokens per request at most (default 4,096). */
  maxTokens?: number
}

const MAX_ACTIONS = 30
const MAX_VALUES = 100

/**
 * An AgentRefine script as the model writes it. The keys are checked by the schema; the
 * actions by the same rules that later check the trajectory (a regex that cannot run safely
 * is refused here, so the model repairs it).
 */
export const Script = z
  .object({
    Environment: z.union([z.string().min(1).max(8000), z.record(z.string(), z.unknown())]),
    Goal: z.string().min(1).max(2000),
    'Completion Conditions': z.array(z.string().min(1).max(1000)).min(1).max(20),
    'Available Actions': z.record(
      z.string().min(1).max(200),
      z.object({
        'verification regex': z.string().min(1).max(500),
        parameters: z.record(z.string(), z.array(z.string().min(1).max(200)).max(MAX_VALUES)),
      }),
    ),
  })
  .superRefine((script, ctx) => {
    const count = Object.keys(script['Available Actions']).length
    if (count < 1 || count > MAX_ACTIONS) {
      ctx.addIssue({
        code: 'custom',
        path: ['Available Actions'],
        message: `give 1 to ${MAX_ACTIONS} actions, not ${count}`,
      })
      return
    }
    try {
      scriptRules(script)
    } catch (error) {
      ctx.addIssue({
        code: 'custom',
        path: ['Available Actions'],
        message: RefineryError.isInstance(error) ? error.message : String(error),
      })
    }
  })
export type Script = z.infer<typeof Script>

/** The counts a script-mode attempt reports; the run sums them into `summary.mode`. */
const COUNT_NAMES = [
  'llmCalls',
  'promptTokens',
  'completionTokens',
  'scripts',
  'scriptRepairs',
  'scriptsRejected',
  'newScripts',
  'trajectories',
  'regenerations',
  'dmJudgedTurns',
  'dmDisagreements',
  ...DM_DISAGREEMENT_KINDS.map((kind) => `dmDisagreements.${kind}`),
  'dmUnverifiableFlags',
] as const

/**
 * `script`: AgentRefine's pipeline, faithfully. A persona prompts the teacher for a script
 * (Environment, Goal, Completion Conditions, Available Actions with verification regexes and
 * parameter lists); the teacher writes the whole Player/Dungeon Master trajectory in one
 * answer; the rules check it (JSON keys, every action against the script, the DM's flags
 * against the rules, the goal completed, at least two error→refine pairs); a failing
 * trajectory is continued from its verified prefix, up to `maxRegenerations` times, and then
 * the run's next attempt writes a new script. The DM's flags that the rules contradict are
 * counted: `summary.mode.dmDisagreementRate` and its kinds.
 */
export function scriptMode(options: ScriptModeOptions): RecordMode {
  const client = options.client
  const maxRegenerations = options.maxRegenerations ?? 2
  return {
    name: 'script',
    teacher: client.model,
    family: 'script',
    async write({ config, slot, attempt, signal }): Promise<WrittenAttempt> {
      const counts: Record<string, number> = Object.fromEntries(COUNT_NAMES.map((n) => [n, 0]))
      if (attempt > 0) counts.newScripts = 1
      const seed = deriveSeed(config.seed, 'script', `${slot}/${attempt}`)
      const persona = pickPersona(seed, options.personas)
      const call = {
        seed,
        temperature: options.temperature ?? 1,
        max_tokens: options.maxTokens ?? 4096,
      }
      const tally = (result: ChatResult) => {
        counts.llmCalls!++
        counts.promptTokens! += result.usage.promptTokens
        counts.completionTokens! += result.usage.completionTokens
      }
      const given = await writeScript(client, persona, call, options, signal, tally, counts)
      if (!given) return { record: null, rejected: 'script invalid', mistakes: [], counts }
      const { script, rules } = given
      let turns: ScriptTurn[] = []
      let lastProblem = 'no trajectory'
      let rejected: WrittenAttempt['rejected'] = 'rule check'
      for (let round = 0; round <= maxRegenerations; round++) {
        const prefix = turns
        const messages: ChatMessage[] =
          round === 0
            ? trajectoryMessages(script, config.minErrorRefinePairs)
            : continuationMessages(script, config.minErrorRefinePairs, prefix, lastProblem)
        if (round > 0) counts.regenerations!++
        counts.trajectories!++
        const result = await client.complete({ ...call, messages }, signal ? { signal } : {})
        tally(result)
        const found = extractJson(result.message.content ?? '')
        const read = readTurns(found.ok ? found.value : null)
        const combined = [...prefix, ...withoutRepeat(prefix, read.turns)]
        const judged = judgeTurns(combined, rules, {
          minPairs: config.minErrorRefinePairs,
          maxSteps: config.maxSteps,
          from: prefix.length,
        })
        counts.dmJudgedTurns! += judged.judged
        counts.dmUnverifiableFlags! += judged.unverifiable
        for (const kind of judged.disagreements) {
          counts.dmDisagreements!++
          counts[`dmDisagreements.${kind}`]!++
        }
        // A turn without its keys cuts the answer short; when the rules then run out of
        // turns, that turn is the problem to report.
        const problem =
          read.problem && judged.problem && judged.verified >= combined.length - 1
            ? { reason: 'rule check' as const, message: read.problem }
            : judged.problem
        if (!problem) {
          const record = buildRecord(
            script,
            persona.description,
            combined.slice(0, judged.verified),
            judged.verdicts,
            { seed, slot, teacher: client.model },
          )
          return { record, mistakes: mistakesOf(combined, judged.verdicts), counts }
        }
        lastProblem = problem.message
        rejected = problem.reason
        turns = combined.slice(0, judged.verified)
      }
      return { record: null, rejected, mistakes: [], counts }
    },
    figures(sums) {
      const judged = sums.dmJudgedTurns ?? 0
      const rate = (n: number) => (judged === 0 ? 0 : Math.round((n / judged) * 10000) / 10000)
      return {
        dmDisagreementRate: rate(sums.dmDisagreements ?? 0),
        dmUnverifiableRate: rate(sums.dmUnverifiableFlags ?? 0),
      }
    },
  }
}

/** Asks for a script through structured output; null when no valid one came within the repairs. */
async function writeScript(
  client: LlmClient,
  persona: Persona,
  call: { seed: number; temperature: number; max_tokens: number },
  options: ScriptModeOptions,
  signal: AbortSignal | undefined,
  tally: (result: ChatResult) => void,
  counts: Record<string, number>,
): Promise<{ script: Script; rules: ScriptRules } | null> {
  // The same client, counting the calls the structured request makes (repairs included).
  const counting: LlmClient = Object.create(client, {
    complete: {
      value: async (...args: Parameters<LlmClient['complete']>) => {
        const result = await client.complete(...args)
        tally(result)
        return result
      },
    },
  })
  try {
    const { value, repairs } = await completeStructured(
      counting,
      { ...call, messages: scriptMessages(persona.description) },
      {
        schema: Script,
        name: 'script',
        // The script's maps (actions, parameters) have free keys, which strict JSON-schema
        // output cannot express: the schema goes in the prompt instead.
        responseFormat: false,
        maxRepairs: options.maxScriptRepairs ?? 2,
        ...(signal ? { signal } : {}),
      },
    )
    counts.scripts!++
    counts.scriptRepairs! += repairs
    return { script: value, rules: scriptRules(value) }
  } catch (error) {
    if (
      RefineryError.isInstance(error) &&
      error.code === 'llm_error' &&
      /schema/.test(error.message)
    ) {
      counts.scriptsRejected!++
      return null
    }
    throw error
  }
}

/** A continuation that repeats the prefix before going on: keep only what is new. */
function withoutRepeat(prefix: readonly ScriptTurn[], turns: ScriptTurn[]): ScriptTurn[] {
  if (prefix.length === 0 || turns.length <= prefix.length) return turns
  const same = prefix.every((turn, i) => stableHash(turn) === stableHash(turns[i]))
  return same ? turns.slice(prefix.length) : turns
}

/**
 * The training record: the script's world and the DM's opening as the first user turn, each
 * Player thought and action an assistant turn (erroneous ones `train: false`), each DM
 * observation the next user turn. It carries its script and the DM's flags for `check`.
 */
function buildRecord(
  script: Script,
  persona: string,
  turns: readonly ScriptTurn[],
  verdicts: readonly RuleVerdict[],
  meta: { seed: number; slot: number; teacher: string },
): Trajectory {
  const opening = turns[0] as Extract<ScriptTurn, { role: 'dm' }>
  const environment =
    typeof script.Environment === 'string' ? script.Environment : JSON.stringify(script.Environment)
  const actions = Object.keys(script['Available Actions']).join('; ')
  const messages: Message[] = [
    {
      role: 'system',
      content: `You are an agent acting in a text environment. Use only the available actions.\n${REPLY_FORMAT_LINE}`,
    },
    {
      role: 'user',
      content: `${environment}\nYour task is to: ${script.Goal}\nAvailable actions: ${actions}\n${opening.observation}`,
    },
  ]
  const traceFlags: NonNullable<Trajectory['script']>['flags'] = []
  for (let i = 1; i + 1 < turns.length; i += 2) {
    const player = turns[i] as Extract<ScriptTurn, { role: 'player' }>
    const dm = turns[i + 1] as Extract<ScriptTurn, { role: 'dm' }>
    const verdict = verdicts[(i - 1) / 2]!
    const assistant: AssistantMessage = {
      role: 'assistant',
      content: `Thought: ${player.thought}\nAction: ${player.action}`,
      thought: player.thought,
      action: player.action,
      status: verdict.status,
      train: !isErrorStatus(verdict.status),
    }
    messages.push(assistant, { role: 'user', content: dm.observation })
    traceFlags.push([...dm.flags])
  }
  return {
    schema: TRAJECTORY_SCHEMA,
    id: '',
    env: 'script',
    task: `script/${stableHash(script, 12)}`,
    seed: meta.seed,
    perturbation: null,
    source: { kind: 'synth', mode: 'script', teacher: meta.teacher, persona, slot: meta.slot },
    messages,
    outcome: {
      success: true,
      progress: 1,
      steps: verdicts.length,
      errorRefinePairs: countErrorRefinePairs(messages),
    },
    verified: null,
    script: { script, flags: traceFlags },
  }
}

/** The mistakes of a kept trajectory, by the taxonomy: the rules' kind, else the DM's flag. */
function mistakesOf(
  turns: readonly ScriptTurn[],
  verdicts: readonly RuleVerdict[],
): ErrorCategory[] {
  const out: ErrorCategory[] = []
  for (const [n, verdict] of verdicts.entries()) {
    if (verdict.status === 'ok') continue
    const dm = turns[2 * n + 2] as Extract<ScriptTurn, { role: 'dm' }> | undefined
    if (verdict.status === 'unknown_action') out.push('unknown_verb')
    else if (verdict.problem !== null) out.push('parameter')
    else if (dm?.flags.includes('place_error')) out.push('place')
    else out.push('logic')
  }
  return out
}
