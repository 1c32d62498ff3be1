import type { Rng, StepStatus } from '@refinery/core'
import type { ErrorKind } from './errors'

/**
 * Thoughts are composed from independent parts (what I saw, what it means, what I do next),
 * each with several phrasings picked by a seeded stream, so a dataset does not teach a few
 * sentences: the combinations outnumber the thoughts of a large run. Every thought is one
 * line and speaks for the agent only: no persona, no role play.
 */
type Part<V> = readonly ((v: V) => string)[]

interface StepVars {
  action: string
  /** The observation just received, quoted (first sentence, one line). */
  quote: string
  remaining: number
}

interface OpeningVars {
  task: string
  plan: string
  action: string
  steps: number
}

interface RefineVars {
  action: string
  quote: string
  wrong: string | undefined
  right: string | undefined
}

/** Joins the picked parts of a thought; empty parts drop out. */
function compose<V>(rng: Rng, v: V, ...parts: Part<V>[]): string {
  return parts
    .map((part) => rng.pick(part)(v))
    .filter(Boolean)
    .join(' ')
}

const OPEN_TASK: Part<OpeningVars> = [
  (v) => `The goal: ${v.task}`,
  (v) => `I need to do this: ${v.task}`,
  (v) => `What is asked: ${v.task}`,
  (v) => `Task at hand: ${v.task}`,
  (v) => `So the job is: ${v.task}`,
  (v) => `Reading the task: ${v.task}`,
  () => `Let me look at what is asked of me.`,
  () => `First, what does the task want?`,
]

const OPEN_PLAN: Part<OpeningVars> = [
  (v) => `My plan: ${v.plan}.`,
  (v) => `The way I see it: ${v.plan}.`,
  (v) => `I expect to ${v.plan}.`,
  (v) => `That should take about ${v.steps} steps: ${v.plan}.`,
  (v) => `Roughly: ${v.plan}.`,
  (v) => `Working backwards from the goal, I get: ${v.plan}.`,
  (v) => `Sketching it out: ${v.plan}.`,
  (v) => `A plan of ${v.steps} step${v.steps === 1 ? '' : 's'}: ${v.plan}.`,
]

const OPEN_ACT: Part<OpeningVars> = [
  (v) => `First: ${v.action}.`,
  (v) => `I'll begin with ${v.action}.`,
  (v) => `Step one is to ${v.action}.`,
  (v) => `Starting now: ${v.action}.`,
  (v) => `The natural first move is to ${v.action}.`,
  (v) => `Nothing stops me from starting, so I ${v.action}.`,
  (v) => `To get going I will ${v.action}.`,
]

const ACK: Part<StepVars> = [
  (v) => `"${v.quote}"`,
  (v) => `The environment confirms: "${v.quote}"`,
  (v) => `It says "${v.quote}"`,
  (v) => `"${v.quote}" Good.`,
  (v) => `"${v.quote}" That worked.`,
  (v) => `The reply was "${v.quote}"`,
  () => `That step is done.`,
  () => `Done.`,
  () => `Fine, that went through.`,
  (v) => `Noted: "${v.quote}"`,
]

const PROGRESS: Part<StepVars> = [
  () => '',
  () => '',
  () => '',
  (v) => `${v.remaining} step${v.remaining === 1 ? '' : 's'} to go.`,
  () => `Still on plan.`,
  () => `Progress matches what I expected.`,
  (v) => `About ${v.remaining} more step${v.remaining === 1 ? '' : 's'}, I think.`,
  () => `Nothing surprising so far.`,
  () => `The plan still holds.`,
]

const NEXT: Part<StepVars> = [
  (v) => `Next, I will ${v.action}.`,
  (v) => `Now I ${v.action}.`,
  (v) => `I continue with ${v.action}.`,
  (v) => `Next step: ${v.action}.`,
  (v) => `Then ${v.action}.`,
  (v) => `Moving on: ${v.action}.`,
  (v) => `The next thing to do is ${v.action}.`,
  (v) => `So now, ${v.action}.`,
  (v) => `I go on and ${v.action}.`,
  (v) => `Time to ${v.action}.`,
]

const LAST: Part<StepVars> = [
  (v) => `One step remains: ${v.action}.`,
  (v) => `This should finish the task: ${v.action}.`,
  (v) => `The last step is to ${v.action}.`,
  (v) => `Only ${v.action} is left.`,
  (v) => `To finish, ${v.action}.`,
  (v) => `If I am right, ${v.action} completes it.`,
]

const AFTER_META: Part<StepVars> = [
  () => `I have what I need to know.`,
  (v) => `"${v.quote}"`,
  () => `That answers my question.`,
  () => `Good to know where things stand.`,
]

const BACK_TO_PLAN: Part<StepVars> = [
  (v) => `Back to the plan: ${v.action}.`,
  (v) => `Next: ${v.action}.`,
  (v) => `So I ${v.action}.`,
  (v) => `On with it: ${v.action}.`,
]

/** What the agent "means" when it errs: it must read like a sincere attempt. */
const MISTAKE_LEAD: Part<{ action: string; next: string }> = [
  () => '',
  () => '',
  () => `I think I know this one.`,
  () => `This looks straightforward.`,
  () => `Should be quick.`,
  () => `Let me not waste a turn.`,
]

const MISTAKE: Record<ErrorKind, Part<{ action: string; next: string }>> = {
  unknown_verb: [
    (v) => `Next, I will ${v.action}.`,
    (v) => `Let me ${v.action}.`,
    (v) => `The obvious move is to ${v.action}.`,
    (v) => `I'll just ${v.action}.`,
  ],
  mistyped_object: [
    (v) => `Next, I will ${v.action}.`,
    (v) => `Now to ${v.action}.`,
    (v) => `Let me ${v.action}.`,
    (v) => `I'll ${v.action}.`,
  ],
  missing_object: [
    (v) => `I think I need to ${v.action}.`,
    (v) => `Let me ${v.action}.`,
    (v) => `Probably I should ${v.action}.`,
    (v) => `I'll try to ${v.action}.`,
  ],
  wrong_type: [
    (v) => `Maybe I can ${v.action}.`,
    (v) => `Let me try to ${v.action}.`,
    (v) => `I will ${v.action}.`,
    (v) => `Perhaps ${v.action} does it.`,
  ],
  wrong_place: [
    (v) => `I'll ${v.action} from here.`,
    (v) => `It should be within reach: ${v.action}.`,
    (v) => `Let me ${v.action} right away.`,
    (v) => `No need to move first; ${v.action}.`,
  ],
  skipped_prerequisite: [
    (v) => `I think I can go straight to "${v.action}" and save a step.`,
    (v) => `Let me try ${v.action} right away.`,
    (v) => `Skipping ahead: ${v.action}.`,
    (v) => `Why not ${v.action} now?`,
  ],
  pointless_action: [
    (v) => `To be sure, I will ${v.action} again.`,
    (v) => `Let me ${v.action} once more, just in case.`,
    (v) => `I'd better ${v.action} again before going on.`,
    (v) => `Once more: ${v.action}.`,
  ],
  malformed_reply: [
    (v) => `I should ${v.next} now.`,
    (v) => `The next step is to ${v.next}.`,
    (v) => `Time to ${v.next}.`,
    (v) => `Then ${v.next}.`,
  ],
}

/** The first part of a refinement: the agent reads the feedback it actually got. */
const READ: Part<RefineVars> = [
  (v) => `"${v.quote}"`,
  (v) => `The environment answered "${v.quote}"`,
  (v) => `Hm: "${v.quote}"`,
  (v) => `The feedback says "${v.quote}"`,
  (v) => `I got "${v.quote}"`,
  (v) => `That failed: "${v.quote}"`,
  (v) => `Not what I wanted: "${v.quote}"`,
]

/**
 * The second part: what went wrong, by kind. `named` phrasings quote the wrong and right
 * words and are used only when the teacher knows both.
 */
const DIAGNOSE: Record<ErrorKind, { named: Part<RefineVars>; plain: Part<RefineVars> }> = {
  unknown_verb: {
    named: [
      (v) => `So "${v.wrong}" is not a command here; the word it knows is "${v.right}".`,
      (v) => `I used "${v.wrong}" where the command is "${v.right}".`,
    ],
    plain: [
      () => `That verb is not one this environment understands.`,
      () => `My wording was off; I must stick to the listed commands.`,
    ],
  },
  mistyped_object: {
    named: [
      (v) => `I misspelled it: "${v.wrong}" should be "${v.right}".`,
      (v) => `A typo on my part; the name is "${v.right}", not "${v.wrong}".`,
      (v) => `I typed "${v.wrong}" instead of "${v.right}".`,
    ],
    plain: [() => `The name has to be spelled exactly.`],
  },
  missing_object: {
    named: [
      (v) => `There is no ${v.wrong} here; I meant the ${v.right}.`,
      (v) => `I asked for something that does not exist; the ${v.right} is what I need.`,
      (v) => `The ${v.wrong} was never part of this; it is the ${v.right}.`,
    ],
    plain: [() => `I named an object that is not in this place.`],
  },
  wrong_type: {
    named: [
      (v) => `The ${v.wrong} cannot be used that way; it has to be the ${v.right}.`,
      (v) => `I mixed up the ${v.wrong} and the ${v.right}.`,
      (v) => `That only works with the ${v.right}.`,
    ],
    plain: [() => `Wrong kind of thing for that action.`],
  },
  wrong_place: {
    named: [],
    plain: [
      () => `It is not within reach from where I stand.`,
      () => `I am in the wrong place for that.`,
      () => `I have to be next to it first.`,
      () => `I forgot to go there before acting.`,
    ],
  },
  skipped_prerequisite: {
    named: [],
    plain: [
      () => `I skipped a step.`,
      () => `That is not possible yet.`,
      () => `I jumped ahead of myself.`,
      () => `Something has to happen before that.`,
    ],
  },
  pointless_action: {
    named: [],
    plain: [
      () => `That changed nothing; it was already done.`,
      () => `Doing it twice was pointless.`,
      () => `Nothing happened, so repeating it was a wasted turn.`,
      () => `It had already taken effect.`,
    ],
  },
  malformed_reply: {
    named: [],
    plain: [
      () => `My reply had no usable action line.`,
      () => `I forgot to state the action properly.`,
      () => `The format was wrong; I must name exactly one action.`,
      () => `I have to answer with a thought and an action.`,
    ],
  },
}

/** When the environment's answer does not match the kind intended, the status decides. */
const KIND_OF_STATUS: Partial<Record<StepStatus, ErrorKind>> = {
  unknown_action: 'unknown_verb',
  invalid_argument: 'missing_object',
  precondition_failed: 'skipped_prerequisite',
  no_effect: 'pointless_action',
  format_error: 'malformed_reply',
}

const CORRECT: Part<RefineVars> = [
  (v) => `I will ${v.action}.`,
  (v) => `Correcting course: ${v.action}.`,
  (v) => `So: ${v.action}.`,
  (v) => `Instead, ${v.action}.`,
  (v) => `The right move is to ${v.action}.`,
  (v) => `Back to the plan: ${v.action}.`,
  (v) => `Let me ${v.action}.`,
  (v) => `This time: ${v.action}.`,
]

export function openingThought(rng: Rng, v: OpeningVars): string {
  return compose(rng, v, OPEN_TASK, OPEN_PLAN, OPEN_ACT)
}

/** The opening without the first action, for a first turn that errs. */
export function openingOnly(rng: Rng, v: OpeningVars): string {
  return compose(rng, v, OPEN_TASK, OPEN_PLAN)
}

export function stepThought(rng: Rng, situation: 'next' | 'last' | 'after-meta', v: StepVars): string {
  if (situation === 'after-meta') return compose(rng, v, AFTER_META, BACK_TO_PLAN)
  if (situation === 'last') return compose(rng, v, ACK, LAST)
  return compose(rng, v, ACK, PROGRESS, NEXT)
}

export function mistakeThought(
  rng: Rng,
  kind: ErrorKind,
  v: { action: string; next: string },
): string {
  return compose(rng, v, MISTAKE_LEAD, MISTAKE[kind])
}

/**
 * The thought after a mistake: it quotes what the environment actually said, says what was
 * wrong (by the kind intended when the status agrees, else by the status) and the fix.
 */
export function refineThought(rng: Rng, status: StepStatus, kind: ErrorKind, v: RefineVars): string {
  const agrees = EXPECTED_FOR_DIAGNOSIS[kind].includes(status)
  const table = DIAGNOSE[agrees ? kind : (KIND_OF_STATUS[status] ?? 'skipped_prerequisite')]
  const named = agrees && v.wrong !== undefined && v.right !== undefined
  const diagnose = named ? [...table.named, ...table.plain] : table.plain
  return compose(rng, v, READ, diagnose, CORRECT)
}

const EXPECTED_FOR_DIAGNOSIS: Record<ErrorKind, readonly StepStatus[]> = {
  unknown_verb: ['unknown_action'],
  mistyped_object: ['invalid_argument'],
  missing_object: ['invalid_argument'],
  wrong_type: ['invalid_argument', 'precondition_failed', 'unknown_action', 'no_effect'],
  wrong_place: ['precondition_failed'],
  skipped_prerequisite: ['precondition_failed'],
  pointless_action: ['no_effect'],
  malformed_reply: ['format_error'],
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
