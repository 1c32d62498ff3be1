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
  /** The plan's last step. */
  last: string
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
    .map((part) => vary(rng, rng.pick(part)(v)))
    .filter(Boolean)
    .join(' ')
}

/**
 * Expands `⟨a|b|c⟩` choices inside a phrasing (so each part has many wordings, not one), and
 * the common stems below. The brackets never occur in observations or actions.
 */
function vary(rng: Rng, text: string): string {
  const stems: Record<string, string> = {
    WILL: "⟨I will|I'll|I'm going to|I should|I want to|I can now|my move is to|I intend to|I'd like to|the plan says to|it makes sense to|I ought to⟩",
    SO: '⟨So|Then|Which means|In that case|Right, so|Therefore|Hence|Accordingly|That means⟩',
    NEXT: '⟨next|now|after that|from here|at this point|following that|with that done|as a next step|right after⟩',
    GOOD: '⟨Good|Fine|Great|Okay|Right|All right|Nice|Perfect|Excellent|Splendid|Lovely⟩',
  }
  let out = text.replace(/%(WILL|SO|NEXT|GOOD)%/g, (_, stem: string) => stems[stem]!)
  for (let guard = 0; guard < 32 && out.includes('⟨'); guard++) {
    out = out.replace(/⟨([^⟨⟩]*)⟩/, (_, body: string) => rng.pick(body.split('|')))
  }
  return out
}

const OPEN_TASK: Part<OpeningVars> = [
  (v) => `⟨The goal|My goal|The objective|What I have to do⟩ ⟨is|here is⟩: ${v.task}`,
  (v) => `I ⟨need|have|am asked⟩ to do ⟨this|the following⟩: ${v.task}`,
  (v) => `⟨What is asked|The request|The instruction⟩: ${v.task}`,
  (v) => `⟨Task at hand|Today's task|The task⟩: ${v.task}`,
  (v) => `⟨So the job is|Okay, the job is|The job⟩: ${v.task}`,
  (v) => `⟨Reading|Looking at|Going over⟩ the task ⟨first|carefully|once more⟩: ${v.task}`,
  () =>
    `⟨Let me|I'll|Time to⟩ ⟨look at|work out|think about⟩ what ⟨is asked of me|the task wants|has to happen⟩.`,
  () =>
    `⟨First|Before anything else|To start⟩, what does the ⟨task|instruction⟩ ⟨want|ask for|require⟩?`,
]

const OPEN_PLAN: Part<OpeningVars> = [
  (v) => `⟨My plan|The plan|My approach⟩: ${v.plan}.`,
  (v) => `I ⟨expect|intend|plan⟩ to ${v.plan}.`,
  (v) => `That ⟨should take|looks like|means⟩ about ${v.steps} ⟨steps|actions|moves⟩.`,
  (v) => `⟨Roughly|In short|In outline|Broadly⟩ ${v.steps} ⟨steps|actions⟩, ending with ${v.last}.`,
  (v) =>
    `⟨Working backwards|Reasoning back⟩ from the goal, the ⟨final|last⟩ ⟨step|move⟩ ⟨is|will be⟩ ${v.last}.`,
  (v) => `⟨Everything|It all⟩ ⟨leads up to|comes down to|builds towards⟩ ${v.last}.`,
  (v) =>
    `A plan of ${v.steps} step${v.steps === 1 ? '' : 's'} ⟨should do|will do|ought to work|seems enough⟩.`,
  () => `⟨I know|I can see|It is clear⟩ ⟨what to do|how to get there|the way⟩.`,
  () => '',
]

const OPEN_ACT: Part<OpeningVars> = [
  (v) => `⟨First|To begin|Step one⟩: ${v.action}.`,
  (v) => `⟨I'll|I will|Let me⟩ ⟨begin|start|open⟩ with ${v.action}.`,
  (v) => `Step one is to ${v.action}.`,
  (v) => `⟨Starting now|Here goes|Off I go⟩: ${v.action}.`,
  (v) => `The ⟨natural|obvious|sensible⟩ first ⟨move|step|action⟩ is to ${v.action}.`,
  (v) => `Nothing ⟨stops me from|keeps me from|prevents⟩ starting, so I ${v.action}.`,
  (v) => `To get ⟨going|started|moving⟩ %WILL% ${v.action}.`,
]

const ACK: Part<StepVars> = [
  (v) => `"${v.quote}"`,
  (v) => `The environment ⟨confirms|reports|replies⟩: "${v.quote}"`,
  () => `%GOOD%.`,
  () => `⟨That worked|That went through|As expected|Exactly as planned|Worked⟩.`,
  () => `⟨That step is done|That one is done|That is done|Step done|Done with that|Finished that⟩.`,
  () => `%GOOD%, ⟨done|that worked|that went through|no problem there|it worked⟩.`,
  () => `⟨It worked|Success|No trouble|Smooth⟩⟨.|!| there.⟩`,
  () => '',
  () => '',
]

const PROGRESS: Part<StepVars> = [
  () => '',
  () => '',
  () => '',
  () => '',
  (v) => `${v.remaining} ⟨step|action|move⟩${v.remaining === 1 ? '' : 's'} ⟨to go|left|remaining⟩.`,
  () => `⟨Still on plan|Still on track|On course⟩.`,
  () => `Progress ⟨matches|fits|agrees with⟩ what I ⟨expected|planned|had in mind⟩.`,
  (v) =>
    `⟨About|Roughly|Around⟩ ${v.remaining} more ⟨step|action⟩${v.remaining === 1 ? '' : 's'}, I ⟨think|believe|reckon⟩.`,
  () => `Nothing ⟨surprising|unexpected|odd⟩ so far.`,
  () => `The plan ⟨still holds|is still good|needs no change⟩.`,
]

const NEXT: Part<StepVars> = [
  (v) => `%NEXT%, %WILL% ${v.action}.`,
  (v) => `⟨Now|Next|Then⟩ I ${v.action}.`,
  (v) => `I ⟨continue|go on|carry on|follow up⟩ with ${v.action}.`,
  (v) => `⟨Next step|The next step|Following step⟩: ${v.action}.`,
  (v) => `⟨Moving on|Onward|Continuing⟩: ${v.action}.`,
  (v) => `The ⟨next thing|next action|thing⟩ to do ⟨is|now is⟩ ${v.action}.`,
  (v) => `%SO%, ${v.action}.`,
  (v) => `⟨Time|High time|Now it is time⟩ to ${v.action}.`,
  (v) => `⟨That leaves|That brings me to|Which leads to⟩ ${v.action}.`,
]

const LAST: Part<StepVars> = [
  (v) => `⟨One step remains|Only one step is left|A single step to go⟩: ${v.action}.`,
  (v) => `This ⟨should|ought to|will⟩ ⟨finish|complete|close⟩ the task: ${v.action}.`,
  (v) => `The ⟨last|final⟩ ⟨step|action|move⟩ is to ${v.action}.`,
  (v) => `Only ${v.action} is ⟨left|missing|still to do⟩.`,
  (v) => `To ⟨finish|wrap up|end it⟩, %WILL% ${v.action}.`,
  (v) => `If I am ⟨right|not mistaken|correct⟩, ${v.action} ⟨completes|finishes|ends⟩ it.`,
]

const AFTER_META: Part<StepVars> = [
  () => `I ⟨have|now have|got⟩ what I ⟨need|needed⟩ to know.`,
  (v) => `"${v.quote}"`,
  () => `That ⟨answers|settles|clears up⟩ my question.`,
  () => `⟨Good|Useful⟩ to know where things stand.`,
]

const BACK_TO_PLAN: Part<StepVars> = [
  (v) => `⟨Back to the plan|Back to work|Now back to it⟩: ${v.action}.`,
  (v) => `%NEXT%, %WILL% ${v.action}.`,
  (v) => `%SO% I ${v.action}.`,
  (v) => `⟨On with it|Carrying on⟩: ${v.action}.`,
]

/** What the agent "means" when it errs: it must read like a sincere attempt. */
const MISTAKE_LEAD: Part<{ action: string; next: string }> = [
  () => '',
  () => '',
  () => `I ⟨think|believe|am fairly sure⟩ I know ⟨this one|what to do|the way⟩.`,
  () => `This ⟨looks|seems|should be⟩ ⟨straightforward|simple|easy⟩.`,
  () => `⟨Should be quick|Quick one|This won't take long⟩.`,
  () => `⟨Let me not|I don't want to|No need to⟩ waste a ⟨turn|step|move⟩.`,
]

const MISTAKE: Record<ErrorKind, Part<{ action: string; next: string }>> = {
  unknown_verb: [
    (v) => `%NEXT%, %WILL% ${v.action}.`,
    (v) => `⟨Let me|I'll just|I'll⟩ ${v.action}.`,
    (v) => `The ⟨obvious|natural|simplest⟩ ⟨move|thing|step⟩ is to ${v.action}.`,
  ],
  mistyped_object: [
    (v) => `%NEXT%, %WILL% ${v.action}.`,
    (v) => `⟨Now to|Time to|On to⟩ ${v.action}.`,
    (v) => `⟨Let me|I'll⟩ ${v.action}.`,
  ],
  missing_object: [
    (v) => `I ⟨think|guess|suppose⟩ I ⟨need|have⟩ to ${v.action}.`,
    (v) => `⟨Let me|I'll try to⟩ ${v.action}.`,
    (v) => `⟨Probably|Most likely⟩ I should ${v.action}.`,
  ],
  wrong_type: [
    (v) => `⟨Maybe|Perhaps⟩ I can ${v.action}.`,
    (v) => `⟨Let me try to|I'll try to⟩ ${v.action}.`,
    (v) => `⟨Perhaps|Maybe⟩ ${v.action} ⟨does it|works|is the way⟩.`,
  ],
  wrong_place: [
    (v) => `%WILL% ${v.action} ⟨from here|right here|where I am⟩.`,
    (v) => `It ⟨should|must⟩ be within reach: ${v.action}.`,
    (v) => `⟨Let me|I'll⟩ ${v.action} ⟨right away|at once|straight away⟩.`,
    (v) => `No need to ⟨move|walk over|go anywhere⟩ first; ${v.action}.`,
  ],
  skipped_prerequisite: [
    (v) =>
      `I ⟨think|bet|suspect⟩ I can go straight to "${v.action}" and ⟨save a step|skip ahead|be quicker⟩.`,
    (v) => `⟨Let me|I'll⟩ try ${v.action} ⟨right away|now|directly⟩.`,
    (v) => `⟨Skipping ahead|Jumping ahead|Shortcut⟩: ${v.action}.`,
    (v) => `Why not ${v.action} ⟨now|already|straight away⟩?`,
  ],
  pointless_action: [
    (v) => `To be ⟨sure|safe|certain⟩, %WILL% ${v.action} again.`,
    (v) => `⟨Let me|I'll⟩ ${v.action} once more, ⟨just in case|to be safe|for good measure⟩.`,
    (v) => `I'd ⟨better|rather⟩ ${v.action} again before going on.`,
    (v) => `⟨Once more|Again, to be sure|One more time⟩: ${v.action}.`,
  ],
  malformed_reply: [
    (v) => `I ⟨should|need to|ought to⟩ ${v.next} ⟨now|next|at this point⟩.`,
    (v) => `The ⟨next|following⟩ step is to ${v.next}.`,
    (v) => `⟨Time|Now it is time⟩ to ${v.next}.`,
  ],
}

/** The first part of a refinement: the agent reads the feedback it actually got. */
const READ: Part<RefineVars> = [
  (v) => `"${v.quote}"`,
  (v) => `The environment ⟨answered|replied|said⟩ "${v.quote}"`,
  (v) => `⟨Hm|Hmm|Oh|Wait⟩: "${v.quote}"`,
  (v) => `The ⟨feedback|response|message⟩ ⟨says|reads|is⟩ "${v.quote}"`,
  (v) => `I ⟨got|received|was told⟩ "${v.quote}"`,
  (v) => `That ⟨failed|did not work|went wrong⟩: "${v.quote}"`,
  (v) => `Not what I ⟨wanted|expected|hoped for⟩: "${v.quote}"`,
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
      () => `That ⟨verb|word|command⟩ is not one this environment ⟨understands|knows|accepts⟩.`,
      () =>
        `My wording was off; I ⟨must|have to|should⟩ stick to the ⟨listed|known|allowed⟩ commands.`,
    ],
  },
  mistyped_object: {
    named: [
      (v) => `I misspelled it: "${v.wrong}" should be "${v.right}".`,
      (v) => `A typo on my part; the name is "${v.right}", not "${v.wrong}".`,
      (v) => `I typed "${v.wrong}" instead of "${v.right}".`,
    ],
    plain: [() => `The name ⟨has to|must|needs to⟩ be spelled ⟨exactly|precisely|as written⟩.`],
  },
  missing_object: {
    named: [
      (v) => `There is no ${v.wrong} here; I meant the ${v.right}.`,
      (v) => `I asked for something that does not exist; the ${v.right} is what I need.`,
      (v) => `The ${v.wrong} was never part of this; it is the ${v.right}.`,
    ],
    plain: [() => `I named ⟨an object|something|a thing⟩ that is not ⟨in this place|here|around⟩.`],
  },
  wrong_type: {
    named: [
      (v) => `The ${v.wrong} cannot be used that way; it has to be the ${v.right}.`,
      (v) => `I mixed up the ${v.wrong} and the ${v.right}.`,
      (v) => `That only works with the ${v.right}.`,
    ],
    plain: [() => `⟨Wrong kind of thing|Not the right sort of object⟩ for that ⟨action|command⟩.`],
  },
  wrong_place: {
    named: [],
    plain: [
      () => `It is not ⟨within reach|reachable|at hand⟩ from where I ⟨stand|am⟩.`,
      () => `I am in the wrong ⟨place|spot|location⟩ for that.`,
      () => `I ⟨have|need⟩ to be ⟨next to|at|near⟩ it first.`,
      () => `I ⟨forgot|neglected⟩ to go there ⟨before acting|first⟩.`,
    ],
  },
  skipped_prerequisite: {
    named: [],
    plain: [
      () => `I ⟨skipped|missed|left out⟩ a step.`,
      () => `That is not ⟨possible|allowed|doable⟩ yet.`,
      () => `I ⟨jumped|got|rushed⟩ ahead of myself.`,
      () => `Something ⟨has to|must⟩ happen ⟨before that|first⟩.`,
    ],
  },
  pointless_action: {
    named: [],
    plain: [
      () => `That changed nothing; it was ⟨already done|done before|already the case⟩.`,
      () => `Doing it ⟨twice|again⟩ was ⟨pointless|useless|a waste⟩.`,
      () => `Nothing happened, so ⟨repeating it|the repeat⟩ was a wasted ⟨turn|step⟩.`,
      () => `It had ⟨already taken effect|been done already⟩.`,
    ],
  },
  malformed_reply: {
    named: [],
    plain: [
      () => `My reply had no ⟨usable|readable|proper⟩ action line.`,
      () => `I ⟨forgot|failed⟩ to ⟨state|write⟩ the action ⟨properly|clearly⟩.`,
      () => `The format was wrong; I ⟨must|have to⟩ name exactly one action.`,
      () => `I ⟨have to|must⟩ answer with a thought and an action.`,
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
  (v) => `%WILL% ${v.action}.`,
  (v) => `⟨Correcting course|Fixing that|Correcting it⟩: ${v.action}.`,
  (v) => `%SO%: ${v.action}.`,
  (v) => `⟨Instead|This time|Properly now⟩, ${v.action}.`,
  (v) => `The ⟨right|correct|proper⟩ ⟨move|action|step⟩ is to ${v.action}.`,
  (v) => `⟨Back to the plan|Back on track|Returning to the plan⟩: ${v.action}.`,
  (v) => `⟨Let me|I'll⟩ ${v.action} ⟨instead|then|now⟩.`,
]

export function openingThought(rng: Rng, v: OpeningVars): string {
  return compose(rng, v, OPEN_TASK, OPEN_PLAN, OPEN_ACT)
}

/** The opening without the first action, for a first turn that errs. */
export function openingOnly(rng: Rng, v: OpeningVars): string {
  return compose(rng, v, OPEN_TASK, OPEN_PLAN)
}

export function stepThought(
  rng: Rng,
  situation: 'next' | 'last' | 'after-meta',
  v: StepVars,
): string {
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
export function refineThought(
  rng: Rng,
  status: StepStatus,
  kind: ErrorKind,
  v: RefineVars,
): string {
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
