import type { Rng, StepStatus } from '@refinery/core'
import type { ErrorKind } from './errors'
import type { Persona } from './personas'

/**
 * Thought templates. Each situation has several phrasings, picked by a seeded stream, so a
 * dataset does not teach one sentence. Every thought is one line.
 */
type Template<V> = (v: V) => string

interface StepVars {
  action: string
  /** The observation just received, quoted (first sentence, one line). */
  quote: string
  remaining: number
}

interface OpeningVars {
  persona: Persona
  task: string
  plan: string
}

interface RefineVars {
  action: string
  quote: string
  wrong: string | undefined
  right: string | undefined
}

const OPENING: Template<OpeningVars>[] = [
  (v) => `As ${v.persona.name}, I ${v.persona.habit}. The task: ${v.task} My plan: ${v.plan}.`,
  (v) =>
    `I'll work like ${v.persona.name} and ${v.persona.habit}. The task: ${v.task} I expect to ${v.plan}.`,
  (v) =>
    `Thinking as ${v.persona.name} would (I ${v.persona.habit}). The task: ${v.task} Steps: ${v.plan}.`,
  (v) =>
    `Being ${v.persona.name}, I want to ${v.persona.habit}. The task: ${v.task} The way there: ${v.plan}.`,
]

const FIRST_STEP: Template<StepVars>[] = [
  (v) => `First: ${v.action}.`,
  (v) => `I'll begin with ${v.action}.`,
  (v) => `Step one is to ${v.action}.`,
]

const NEXT_STEP: Template<StepVars>[] = [
  (v) => `The environment confirms: "${v.quote}" Next, I will ${v.action}.`,
  (v) => `"${v.quote}" Good, that worked. Now I will ${v.action}.`,
  (v) =>
    `That step is done. ${v.remaining} step${v.remaining === 1 ? '' : 's'} left; the next is to ${v.action}.`,
  (v) => `Progress matches the plan ("${v.quote}"). Next step: ${v.action}.`,
  (v) => `"${v.quote}" So far so good. I continue with ${v.action}.`,
]

const LAST_STEP: Template<StepVars>[] = [
  (v) => `"${v.quote}" One step remains: ${v.action}.`,
  (v) => `Almost done. The last step is to ${v.action}.`,
  (v) => `"${v.quote}" This should finish the task: ${v.action}.`,
]

const AFTER_META: Template<StepVars>[] = [
  (v) => `I have what I need to know. Next: ${v.action}.`,
  (v) => `"${v.quote}" Back to the plan: ${v.action}.`,
]

/** What the teacher "means" when it makes a mistake: it must read like a sincere attempt. */
const MISTAKE: Record<ErrorKind, Template<{ action: string; next: string }>[]> = {
  unknown_verb: [
    (v) => `Next, I will ${v.action}.`,
    (v) => `Let me ${v.action}.`,
    (v) => `The obvious move is to ${v.action}.`,
  ],
  mistyped_object: [
    (v) => `Next, I will ${v.action}.`,
    (v) => `Now to ${v.action}.`,
    (v) => `Let me ${v.action}.`,
  ],
  missing_object: [
    (v) => `I think I need to ${v.action}.`,
    (v) => `Let me ${v.action}.`,
    (v) => `Next, I will ${v.action}.`,
  ],
  wrong_type: [
    (v) => `Maybe I can ${v.action}.`,
    (v) => `Let me try to ${v.action}.`,
    (v) => `I will ${v.action}.`,
  ],
  skipped_prerequisite: [
    (v) => `I think I can go straight to "${v.action}" and save a step.`,
    (v) => `Let me try ${v.action} right away.`,
    (v) => `Skipping ahead: ${v.action}.`,
  ],
  pointless_action: [
    (v) => `To be sure, I will ${v.action} again.`,
    (v) => `Let me ${v.action} once more, just in case.`,
    (v) => `I'd better ${v.action} again before going on.`,
  ],
  malformed_reply: [
    (v) => `I should ${v.next} now.`,
    (v) => `The next step is to ${v.next}.`,
    (v) => `Time to ${v.next}.`,
  ],
}

const REFINE_BY_STATUS: Partial<Record<StepStatus, Template<RefineVars>[]>> = {
  unknown_action: [
    (v) =>
      `The environment answered "${v.quote}" So "${v.wrong}" is not a command here; the right one is "${v.right}". I will ${v.action}.`,
    (v) =>
      `"${v.quote}" That verb does not work here. I'll use the command the environment expects: ${v.action}.`,
    (v) =>
      `My command was not understood: "${v.quote}" Instead of "${v.wrong}" I should say "${v.right}", so: ${v.action}.`,
  ],
  invalid_argument: [
    (v) =>
      `"${v.quote}" I named something that is not here. The right object is ${v.right}, so I will ${v.action}.`,
    (v) =>
      `The environment says "${v.quote}" My argument was wrong; I'll use ${v.right} instead: ${v.action}.`,
  ],
  precondition_failed: [
    (v) => `"${v.quote}" I skipped a step. First I need to ${v.action}.`,
    (v) =>
      `The environment says "${v.quote}" That is not possible yet, so I go back to the plan and ${v.action}.`,
    (v) =>
      `Too early: "${v.quote}" I jumped ahead of myself; in order, the next step is to ${v.action}.`,
  ],
  no_effect: [
    (v) => `"${v.quote}" That changed nothing, so I'll move on and ${v.action}.`,
    (v) => `The feedback "${v.quote}" shows that was pointless. Back to the plan: ${v.action}.`,
    (v) => `"${v.quote}" Nothing happened; it was already done. Next, I will ${v.action}.`,
  ],
  format_error: [
    (v) =>
      `My last reply was not understood: "${v.quote}" I'll answer properly this time, with an action line, and ${v.action}.`,
    (v) => `"${v.quote}" I forgot to state the action. Writing it out now: ${v.action}.`,
    (v) => `The reply format was wrong ("${v.quote}"). I must name one action, so: ${v.action}.`,
  ],
}

const REFINE_BY_KIND: Partial<Record<ErrorKind, Template<RefineVars>[]>> = {
  mistyped_object: [
    (v) =>
      `"${v.quote}" I misspelled it: "${v.wrong}" should be "${v.right}". Retrying: ${v.action}.`,
    (v) =>
      `The feedback says "${v.quote}" I typed "${v.wrong}" instead of "${v.right}". Correcting to ${v.action}.`,
    (v) =>
      `"${v.quote}" A typo on my part; the name is "${v.right}", not "${v.wrong}". So: ${v.action}.`,
  ],
  missing_object: [
    (v) =>
      `"${v.quote}" I asked for something that is not here; I meant the ${v.right}. So I will ${v.action}.`,
    (v) =>
      `The environment says "${v.quote}" The ${v.wrong} does not exist; the ${v.right} is what I need: ${v.action}.`,
  ],
  wrong_type: [
    (v) =>
      `"${v.quote}" The ${v.wrong} cannot be used that way; it has to be the ${v.right}. Next: ${v.action}.`,
    (v) =>
      `The environment says "${v.quote}" I mixed up the ${v.wrong} and the ${v.right}. Correct action: ${v.action}.`,
  ],
}

const REFINE_FALLBACK: Template<RefineVars>[] = [
  (v) => `"${v.quote}" That did not work. Instead I will ${v.action}.`,
  (v) => `The environment says "${v.quote}" I'll correct course and ${v.action}.`,
]

export function openingThought(rng: Rng, v: OpeningVars): string {
  return rng.pick(OPENING)(v)
}

export function stepThought(
  rng: Rng,
  situation: 'first' | 'next' | 'last' | 'after-meta',
  v: StepVars,
): string {
  const table = { first: FIRST_STEP, next: NEXT_STEP, last: LAST_STEP, 'after-meta': AFTER_META }[
    situation
  ]
  return rng.pick(table)(v)
}

export function mistakeThought(
  rng: Rng,
  kind: ErrorKind,
  v: { action: string; next: string },
): string {
  return rng.pick(MISTAKE[kind])(v)
}

/**
 * The thought after a mistake: it quotes what the environment actually said and states the
 * correction. The status picks the phrasing; the kind adds what exactly was wrong.
 */
export function refineThought(
  rng: Rng,
  status: StepStatus,
  kind: ErrorKind,
  v: RefineVars,
): string {
  const byKind =
    status === 'invalid_argument' || kind === 'wrong_type' ? REFINE_BY_KIND[kind] : undefined
  let table = byKind ?? REFINE_BY_STATUS[status] ?? REFINE_FALLBACK
  if (status === 'unknown_action' && (v.wrong === undefined || v.right === undefined)) {
    table = [REFINE_BY_STATUS.unknown_action![1]!]
  }
  if (table === REFINE_BY_STATUS.invalid_argument && v.right === undefined) table = REFINE_FALLBACK
  return rng.pick(table)(v)
}

/** The first sentence of an observation, on one line, short enough to quote. */
export function quoteOf(observation: string, limit = 140): string {
  const line = observation.replace(/\s+/g, ' ').replace(/"/g, "'").trim()
  const sentence = /^.*?[.!?](?=\s|$)/.exec(line)?.[0] ?? line
  if (sentence.length <= limit) return sentence
  const cut = sentence.slice(0, limit)
  const space = cut.lastIndexOf(' ')
  return `${(space > limit / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:]+$/, '')}…`
}

/** The task as a sentence: `Your task is to: take the coin.` → `Take the coin.` */
export function taskSentence(instruction: string): string {
  const line = instruction.replace(/\s+/g, ' ').trim()
  const body = /^your task is to:?\s*(.+)$/i.exec(line)?.[1] ?? line
  const sentence = body.charAt(0).toUpperCase() + body.slice(1)
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`
}

/** A plan in words: `take key, then unlock box with key, then open box`. */
export function planSummary(plan: readonly string[]): string {
  if (plan.length <= 5) return plan.join(', then ')
  const more = plan.length - 4
  return `${plan.slice(0, 4).join(', then ')}, and ${more} more step${more === 1 ? '' : 's'}`
}
