import type { Rng, StepStatus } from '@refinery/core'
import type { ErrorKind } from './errors'

/**
 * Thoughts are composed from independent parts (what I saw, what it means, what I do next),
 * each with several phrasings picked by a seeded stream, so a dataset does not teach a few
 * sentences: the combinations outnumber the thoughts of a large run. Every thought is one
 * line and speaks for the agent only: no persona, no role play.
 */
type Part<V> = readonly ((v: V) => string)[]

export interface StepVars {
  action: string
  /** The observation just received, quoted (first sentence, one line). */
  quote: string
  remaining: number
  /** The action accepted last turn, if the last turn was one. */
  previous?: string | undefined
  /** The plan step after `action`, if any. */
  after?: string | undefined
  /** An entity of `action` the last observation names, if any. */
  seen?: string | undefined
}

export interface OpeningVars {
  task: string
  plan: string
  action: string
  /** The plan's last step. */
  last: string
  steps: number
  /** The plan's second step, if any. */
  after?: string | undefined
}

export interface RefineVars {
  action: string
  quote: string
  wrong: string | undefined
  right: string | undefined
  /** The action that failed; undefined after a malformed reply. */
  failed?: string | undefined
  /** The plan step after `action`, if any. */
  after?: string | undefined
}

export interface MistakeVars {
  action: string
  next: string
}

/** Joins the picked parts of a thought; empty parts drop out; each part starts a sentence. */
function compose<V>(rng: Rng, v: V, ...parts: Part<V>[]): string {
  // A loop, not map/filter/join: two arrays fewer at every thought.
  let out = ''
  for (let i = 0; i < parts.length; i++) {
    const text = capitalise(vary(rng, rng.pick(parts[i]!)(v)))
    if (text !== '') out = out === '' ? text : `${out} ${text}`
  }
  return out
}

function capitalise(text: string): string {
  // Most parts open with a capital already: returned as they are, not copied.
  const first = text.charCodeAt(0)
  if (first < 128 && !(first >= 97 && first <= 122)) return text
  return text.charAt(0).toUpperCase() + text.slice(1)
}

/**
 * Common wordings, each a set of equivalents, so that one phrasing reads many ways. They are
 * plain synonyms: variety comes from how a sentence is put, never from filler words.
 */
const STEMS: Record<string, string> = {
  WILL: "⟨I will|I'll|I'm going to|I should|I want to|I can now|I intend to|I'd like to|I ought to|I need to|my move is to|it makes sense to|the plan says to|the sensible thing is to⟩",
  SO: '⟨So|Then|In that case|Right, so|Therefore|Hence|Accordingly|That means|Given that|With that⟩',
  NEXT: '⟨next|now|after that|from here|at this point|following that|with that done|as a next step|right after|in turn⟩',
  GOOD: '⟨Good|Fine|Great|Okay|Right|All right|Nice|Perfect|Excellent|Sound|Noted⟩',
  THINK: "⟨I think|I believe|I reckon|I'm fairly sure|I suspect|I expect|It seems|My guess is⟩",
  WORKED:
    '⟨worked|went through|succeeded|did what I wanted|had the intended effect|was accepted|came off|did the job⟩',
  ENV: '⟨the environment|the game|the world|the system|the feedback|the reply|the response⟩',
  SAYS: '⟨says|reports|tells me|answers|replies|states|confirms⟩',
  PLAN: '⟨plan|route|sequence|path⟩',
  STEP: '⟨step|action|move⟩',
  THEN: '⟨then|after which|and after it|followed by|and next|before moving on to⟩',
}

/**
 * Expands `%STEM%` and `⟨a|b|c⟩` choices inside a phrasing (so each part has many wordings,
 * not one). The brackets never occur in observations or actions.
 */
function vary(rng: Rng, text: string): string {
  const out = expandStems(text)
  return out.includes('⟨') ? expandChoices(rng, out) : out
}

const PERCENT = 37

/**
 * `text.replace(/%([A-Z]+)%/g, (whole, stem) => STEMS[stem] ?? whole)` as a scan: the same
 * matches, left to right, without a callback and its arguments at every stem.
 */
function expandStems(text: string): string {
  let at = text.indexOf('%')
  if (at < 0) return text
  let out = ''
  let from = 0
  while (at >= 0) {
    let end = at + 1
    while (end < text.length && isUpper(text.charCodeAt(end))) end++
    if (end > at + 1 && text.charCodeAt(end) === PERCENT) {
      const stem = STEMS[text.slice(at + 1, end)]
      out += text.slice(from, at) + (stem ?? text.slice(at, end + 1))
      from = end + 1
      at = text.indexOf('%', from)
    } else at = text.indexOf('%', at + 1)
  }
  return out + text.slice(from)
}

function isUpper(code: number): boolean {
  return code >= 65 && code <= 90
}

/** Choices expanded at most: a guard against runaway text, as a replace loop had it. */
const MAX_CHOICES = 64

/**
 * Expands `⟨a|b|c⟩` choices in one pass, innermost and leftmost first (the order the picks
 * draw from `rng` in): the same result as replacing the first `⟨[^⟨⟩]*⟩` over and over, up to
 * 64 times, without copying the text at each choice. Open choices are a stack of where their
 * text starts in `out`; a `⟩` with none open, or a `⟨` never closed, stays as written.
 * The brackets and bars are found with `indexOf` (native), not a loop over every character:
 * a phrasing with its stems expanded is mostly plain words.
 */
function expandChoices(rng: Rng, text: string): string {
  let out = ''
  const open: number[] = []
  let made = 0
  let from = 0
  // The next `⟨` and `⟩` at or after `i` (-1: none left), found again only once passed.
  let nextOpen = text.indexOf('⟨')
  let nextClose = text.indexOf('⟩')
  let i = 0
  while (made < MAX_CHOICES) {
    if (nextOpen >= 0 && nextOpen < i) nextOpen = text.indexOf('⟨', i)
    if (nextClose >= 0 && nextClose < i) nextClose = text.indexOf('⟩', i)
    if (nextOpen < 0 && nextClose < 0) break
    if (nextOpen >= 0 && (nextClose < 0 || nextOpen < nextClose)) {
      i = nextOpen
      // A choice with no choice inside (most of them) is picked from `text` in place, so `out`
      // is not flattened and sliced for it; the picks are the same, drawn in the same order.
      const openAfter = text.indexOf('⟨', i + 1)
      if (nextClose >= 0 && (openAfter < 0 || nextClose < openAfter)) {
        out += text.slice(from, i) + pickFrom(rng, text, i + 1, nextClose)
        from = nextClose + 1
        i = nextClose + 1
        made++
        continue
      }
      out += text.slice(from, i)
      from = i + 1
      open.push(out.length)
      out += '⟨'
      i++
      nextOpen = openAfter
    } else {
      i = nextClose
      if (open.length > 0) {
        out += text.slice(from, i)
        from = i + 1
        const start = open.pop()!
        out = out.slice(0, start) + pickChoice(rng, out, start + 1)
        made++
      }
      i++
    }
  }
  return out + text.slice(from)
}

/** For the tests: `expandChoices` as it is. */
export const expandChoicesForTest = expandChoices

const BAR = '|'

/** `rng.pick(body.split('|'))` for the body `text.slice(from, to)`, without the array. */
function pickFrom(rng: Rng, text: string, from: number, to: number): string {
  let count = 1
  for (let bar = text.indexOf(BAR, from); bar >= 0 && bar < to; bar = text.indexOf(BAR, bar + 1))
    count++
  let index = Math.floor(rng.next() * count)
  let start = from
  for (;;) {
    const bar = text.indexOf(BAR, start)
    if (index === 0) return text.slice(start, bar < 0 || bar > to ? to : bar)
    index--
    start = bar + 1
  }
}

/** `rng.pick(body.split('|'))` for the body `text.slice(from)`, without the array. */
function pickChoice(rng: Rng, text: string, from: number): string {
  let count = 1
  for (let bar = text.indexOf(BAR, from); bar >= 0; bar = text.indexOf(BAR, bar + 1)) count++
  let index = Math.floor(rng.next() * count)
  let start = from
  for (;;) {
    const bar = text.indexOf(BAR, start)
    if (index === 0) return text.slice(start, bar < 0 ? text.length : bar)
    index--
    start = bar + 1
  }
}

const OPEN_TASK: Part<OpeningVars> = [
  (v) =>
    `⟨The goal|My goal|The objective|What I have to do|My assignment⟩ ⟨is|here is|reads⟩: ${v.task}`,
  (v) =>
    `I ⟨need|have|am asked|must manage|am meant⟩ to do ⟨this|the following|one thing⟩: ${v.task}`,
  (v) => `⟨What is asked|The request|The instruction|The brief⟩: ${v.task}`,
  (v) => `⟨Task at hand|Today's task|The task|The job⟩: ${v.task}`,
  (v) =>
    `⟨Reading|Looking at|Going over|Checking⟩ the ⟨task|instruction⟩ ⟨first|carefully|once more|before acting⟩: ${v.task}`,
  (v) => `⟨Here|This time⟩ the ⟨task|goal|aim⟩ ⟨is|comes down to⟩ this: ${v.task}`,
  () =>
    `⟨Let me|I'll|Time to|First I should⟩ ⟨look at|work out|think about|pin down⟩ what ⟨is asked of me|the task wants|has to happen|counts as done⟩.`,
  () =>
    `⟨First|Before anything else|To start|Before I act⟩, what does the ⟨task|instruction|goal⟩ ⟨want|ask for|require|need⟩?`,
]

const OPEN_PLAN: Part<OpeningVars> = [
  (v) => `⟨My plan|The plan|My approach|The way I see it|In outline⟩: ${v.plan}.`,
  (v) => `I ⟨expect|intend|plan|mean|aim⟩ to ${v.plan}.`,
  (v) =>
    `That ⟨should take|looks like|means|comes to⟩ ⟨about|roughly|some|around⟩ ${v.steps} ⟨steps|actions|moves⟩.`,
  (v) =>
    `⟨Roughly|In short|In outline|Broadly|All told⟩ ${v.steps} ⟨steps|actions|moves⟩, ⟨ending|finishing|closing⟩ with ${v.last}.`,
  (v) =>
    `⟨Working backwards|Reasoning back|Counting back⟩ from the goal, the ⟨final|last|closing⟩ ⟨step|move|action⟩ ⟨is|will be|has to be⟩ ${v.last}.`,
  (v) =>
    `⟨Everything|It all|The whole %PLAN%⟩ ⟨leads up to|comes down to|builds towards|ends in⟩ ${v.last}.`,
  (v) =>
    `A %PLAN% of ${v.steps} step${v.steps === 1 ? '' : 's'} ⟨should do|will do|ought to work|seems enough|covers it⟩.`,
  (v) =>
    v.after
      ? `⟨The first two steps|The opening moves|To begin, the steps⟩ ⟨are|will be|look like⟩ ${v.action}, ⟨then|and then|followed by⟩ ${v.after}.`
      : `⟨A single step|Just one step|One action⟩ ⟨should|ought to|will⟩ ⟨do it|be enough|settle it⟩.`,
  () =>
    `⟨I know|I can see|I have worked out|I am clear on⟩ ⟨what to do|how to get there|the way|the order of things⟩.`,
  () => '',
]

const OPEN_ACT: Part<OpeningVars> = [
  (v) => `⟨First|To begin|Step one|First of all⟩: ${v.action}.`,
  (v) => `⟨I'll|I will|Let me|I should⟩ ⟨begin|start|open|kick off⟩ with ${v.action}.`,
  (v) => `⟨Step one|The first step|The first move⟩ is to ${v.action}.`,
  (v) => `⟨Starting now|Here goes|Off I go|Right away⟩: ${v.action}.`,
  (v) => `The ⟨natural|obvious|sensible|logical⟩ first ⟨move|step|action⟩ is to ${v.action}.`,
  (v) =>
    `Nothing ⟨stops me from|keeps me from|prevents me from⟩ ⟨starting|beginning|getting going⟩, so I ${v.action}.`,
  (v) => `To get ⟨going|started|moving|under way⟩ %WILL% ${v.action}.`,
]

const ACK: Part<StepVars> = [
  (v) => `"${v.quote}"`,
  (v) => `%ENV% %SAYS%: "${v.quote}"`,
  (v) => `⟨I read|I see|The observation is|It reads⟩: "${v.quote}"`,
  (v) => (v.previous ? `"${v.previous}" %WORKED%.` : `%GOOD%.`),
  (v) =>
    v.previous ? `⟨The last step|My last action|The previous move⟩ (${v.previous}) %WORKED%.` : '',
  (v) =>
    v.previous
      ? `⟨Now that|Since⟩ "${v.previous}" ⟨is done|went fine|has worked|is behind me⟩, ⟨the way is clear|I can go on|I can move on|the %PLAN% continues⟩.`
      : '',
  () => `%GOOD%.`,
  () => `⟨That worked|That went through|As expected|Exactly as planned|Worked|That did it⟩.`,
  () =>
    `⟨That step is done|That one is done|That is done|Step done|Done with that|Finished that|One more step done⟩.`,
  () => `%GOOD%, ⟨done|that worked|that went through|no problem there|it worked|that is settled⟩.`,
  () => `⟨It worked|Success|No trouble|Smooth|No surprises⟩⟨.|!| there.⟩`,
  () => '',
  () => '',
]

const PROGRESS: Part<StepVars> = [
  () => '',
  () => '',
  () => '',
  (v) =>
    v.seen
      ? `${STEMS.ENV} ⟨mentions|names|shows|lists⟩ ${v.seen}, ⟨which|and that⟩ ⟨is what|is exactly what⟩ ⟨I need|the next step needs|comes into play⟩ ⟨next|now|here⟩.`
      : '',
  (v) =>
    v.seen
      ? `⟨Here|In that answer|In what I just read⟩ I ⟨see|find|spot⟩ ${v.seen}, ⟨good|as I hoped|as the %PLAN% expects|which helps⟩.`
      : '',
  (v) =>
    `${v.remaining} ⟨step|action|move⟩${v.remaining === 1 ? '' : 's'} ⟨to go|left|remaining|still ahead⟩.`,
  () => `⟨Still on plan|Still on track|On course|Everything is on track⟩.`,
  () =>
    `Progress ⟨matches|fits|agrees with|is in line with⟩ what I ⟨expected|planned|had in mind|worked out⟩.`,
  (v) =>
    `⟨About|Roughly|Around|Some⟩ ${v.remaining} more ⟨step|action|move⟩${v.remaining === 1 ? '' : 's'}, I ⟨think|believe|reckon|estimate⟩.`,
  () => `Nothing ⟨surprising|unexpected|odd|strange⟩ ⟨so far|yet|in that⟩.`,
  () => `The %PLAN% ⟨still holds|is still good|needs no change|stands⟩.`,
]

const NEXT: Part<StepVars> = [
  (v) => `%NEXT%, %WILL% ${v.action}.`,
  (v) => `⟨Now|Next|Then|After this⟩ I ${v.action}.`,
  (v) => `I ⟨continue|go on|carry on|follow up|proceed⟩ with ${v.action}.`,
  (v) => `⟨Next step|The next step|Following step|Up next|Next on the list⟩: ${v.action}.`,
  (v) => `⟨Moving on|Onward|Continuing|Pressing on⟩: ${v.action}.`,
  (v) => `The ⟨next thing|next action|thing|next move⟩ to do ⟨is|now is|here is⟩ ${v.action}.`,
  (v) => `%SO%, ${v.action}.`,
  (v) => `⟨Time|High time|Now it is time|It is time⟩ to ${v.action}.`,
  (v) => `⟨That leaves|That brings me to|Which leads to|That points to⟩ ${v.action}.`,
  (v) => `What ⟨comes next|follows|the %PLAN% wants now⟩ is ${v.action}.`,
]

const LOOKAHEAD: Part<StepVars> = [
  () => '',
  () => '',
  (v) => (v.after ? `⟨After that|Once that is done|The step after|What follows⟩: ${v.after}.` : ''),
  (v) => (v.after ? `⟨Then I will|After it I will|Next after that I⟩ ${v.after}.` : ''),
  (v) =>
    v.after ? `⟨The %PLAN% then has|The %PLAN% continues with|It is followed by⟩ ${v.after}.` : '',
]

const LAST: Part<StepVars> = [
  (v) => `⟨One step remains|Only one step is left|A single step to go|One last step⟩: ${v.action}.`,
  (v) =>
    `This ⟨should|ought to|will⟩ ⟨finish|complete|close|wrap up⟩ the ⟨task|job|goal⟩: ${v.action}.`,
  (v) => `The ⟨last|final|closing⟩ ⟨step|action|move⟩ is to ${v.action}.`,
  (v) => `⟨Only one thing is left|All that is missing|What is still to do⟩: ${v.action}.`,
  (v) => `To ⟨finish|wrap up|end it|complete the task⟩, %WILL% ${v.action}.`,
  (v) =>
    `If I am ⟨right|not mistaken|correct⟩, "${v.action}" ⟨completes|finishes|ends|settles⟩ it.`,
  (v) => `⟨All that remains|What is left|The one thing left⟩ is to ${v.action}.`,
]

const AFTER_META: Part<StepVars> = [
  () => `I ⟨have|now have|got⟩ what I ⟨need|needed⟩ to know.`,
  (v) => `"${v.quote}"`,
  () => `That ⟨answers|settles|clears up⟩ my question.`,
  () => `⟨Good|Useful|Helpful⟩ to ⟨know|see|check⟩ where things stand.`,
]

const BACK_TO_PLAN: Part<StepVars> = [
  (v) => `⟨Back to the plan|Back to work|Now back to it|Returning to the task⟩: ${v.action}.`,
  (v) => `%NEXT%, %WILL% ${v.action}.`,
  (v) => `%SO% I ${v.action}.`,
  (v) => `⟨On with it|Carrying on|Resuming⟩: ${v.action}.`,
]

/** What the agent "means" when it errs: it must read like a sincere attempt. */
const MISTAKE_LEAD: Part<MistakeVars> = [
  () => '',
  () => '',
  () => '',
  () => `%THINK% I know ⟨this one|what to do|the way|the next move⟩.`,
  () => `This ⟨looks|seems|should be⟩ ⟨straightforward|simple|easy|quick⟩.`,
  () => `⟨Should be quick|Quick one|This won't take long|Easy enough⟩.`,
  () => `⟨Let me not|I don't want to|No need to⟩ waste a ⟨turn|step|move⟩.`,
]

const MISTAKE: Record<ErrorKind, Part<MistakeVars>> = {
  unknown_verb: [
    (v) => `%NEXT%, %WILL% ${v.action}.`,
    (v) => `⟨Let me|I'll just|I'll|I can simply⟩ ${v.action}.`,
    (v) => `The ⟨obvious|natural|simplest⟩ ⟨move|thing|step⟩ is to ${v.action}.`,
    (v) => `%THINK% "${v.action}" ⟨is how to say it|does it|is the command⟩.`,
  ],
  mistyped_object: [
    (v) => `%NEXT%, %WILL% ${v.action}.`,
    (v) => `⟨Now to|Time to|On to⟩ ${v.action}.`,
    (v) => `⟨Let me|I'll⟩ ${v.action}.`,
  ],
  missing_object: [
    (v) => `I ⟨think|guess|suppose⟩ I ⟨need|have⟩ to ${v.action}.`,
    (v) => `⟨Let me|I'll try to|I'll⟩ ${v.action}.`,
    (v) => `⟨Probably|Most likely|Presumably⟩ I should ${v.action}.`,
  ],
  wrong_type: [
    (v) => `⟨Maybe|Perhaps⟩ I can ${v.action}.`,
    (v) => `⟨Let me try to|I'll try to|I could⟩ ${v.action}.`,
    (v) => `⟨Perhaps|Maybe⟩ ${v.action} ⟨does it|works|is the way⟩.`,
  ],
  wrong_place: [
    (v) => `%WILL% ${v.action} ⟨from here|right here|where I am⟩.`,
    (v) => `It ⟨should|must⟩ be ⟨within reach|close enough|near enough⟩: ${v.action}.`,
    (v) => `⟨Let me|I'll⟩ ${v.action} ⟨right away|at once|straight away⟩.`,
    (v) => `No need to ⟨move|walk over|go anywhere⟩ first; ${v.action}.`,
  ],
  skipped_prerequisite: [
    (v) => `%THINK% I can go straight to "${v.action}" and ⟨save a step|skip ahead|be quicker⟩.`,
    (v) => `⟨Let me|I'll⟩ try ${v.action} ⟨right away|now|directly⟩.`,
    (v) => `⟨Skipping ahead|Jumping ahead|Shortcut⟩: ${v.action}.`,
    (v) => `Why not ${v.action} ⟨now|already|straight away⟩?`,
    (v) =>
      `"${v.next}" ⟨can wait|seems unnecessary|looks optional⟩; ${v.action} ⟨first|instead|now⟩.`,
  ],
  pointless_action: [
    (v) => `To be ⟨sure|safe|certain⟩, %WILL% ${v.action} again.`,
    (v) => `⟨Let me|I'll⟩ ${v.action} once more, ⟨just in case|to be safe|for good measure⟩.`,
    (v) => `I'd ⟨better|rather⟩ ${v.action} again before ⟨going on|moving on|I continue⟩.`,
    (v) => `⟨Once more|Again, to be sure|One more time⟩: ${v.action}.`,
    (v) =>
      `I am not ⟨sure|certain|convinced⟩ "${v.action}" ⟨took|worked|stuck⟩, so ⟨again|once more⟩.`,
  ],
  malformed_reply: [
    (v) => `I ⟨should|need to|ought to⟩ ${v.next} ⟨now|next|at this point⟩.`,
    (v) => `The ⟨next|following⟩ step is to ${v.next}.`,
    (v) => `⟨Time|Now it is time⟩ to ${v.next}.`,
    (v) => `%SO% ${v.next}.`,
  ],
}

/** The first part of a refinement: the agent reads the feedback it actually got. */
const READ: Part<RefineVars> = [
  (v) => `"${v.quote}"`,
  (v) => `%ENV% ⟨answered|replied|said|objected|came back with⟩ "${v.quote}"`,
  (v) => `⟨Hm|Hmm|Oh|Wait|Ah⟩: "${v.quote}"`,
  (v) => `The ⟨feedback|response|message|answer⟩ ⟨says|reads|is⟩ "${v.quote}"`,
  (v) => `I ⟨got|received|was told|got back⟩ "${v.quote}"`,
  (v) => `That ⟨failed|did not work|went wrong|was refused⟩: "${v.quote}"`,
  (v) => `Not what I ⟨wanted|expected|hoped for⟩: "${v.quote}"`,
  (v) =>
    v.failed
      ? `"${v.failed}" ⟨failed|was rejected|did not work|got nowhere⟩; ⟨the reply was|I was told|the message⟩ "${v.quote}"`
      : `⟨My reply|That answer|My last turn⟩ ⟨was rejected|did not count|got nowhere⟩: "${v.quote}"`,
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
      (v) =>
        `"${v.wrong}" ⟨means nothing|is unknown|is not understood⟩ here; ⟨the verb|the word|the right verb⟩ is "${v.right}".`,
    ],
    plain: [
      () =>
        `That ⟨verb|word|command⟩ is not one this ⟨environment|game|world⟩ ⟨understands|knows|accepts⟩.`,
      () =>
        `My wording was off; I ⟨must|have to|should⟩ stick to the ⟨listed|known|allowed⟩ commands.`,
      (v) =>
        v.failed
          ? `"${v.failed}" ⟨starts with|uses|opens with⟩ a ⟨verb|word|command⟩ ⟨this world|the game|the environment⟩ ⟨does not know|does not accept|never listed⟩.`
          : `⟨Unknown verb|Not a command here⟩.`,
    ],
  },
  mistyped_object: {
    named: [
      (v) => `I misspelled it: "${v.wrong}" should be "${v.right}".`,
      (v) => `A typo on my part; the name is "${v.right}", not "${v.wrong}".`,
      (v) => `I typed "${v.wrong}" instead of "${v.right}".`,
    ],
    plain: [
      () => `The name ⟨has to|must|needs to⟩ be spelled ⟨exactly|precisely|as written⟩.`,
      (v) =>
        v.failed
          ? `⟨A name in|Part of⟩ "${v.failed}" ⟨is misspelled|is not spelled right|has a typo⟩.`
          : `⟨A typo|A misspelling⟩.`,
    ],
  },
  missing_object: {
    named: [
      (v) => `There is no ${v.wrong} here; I meant the ${v.right}.`,
      (v) => `I asked for something that does not exist; the ${v.right} is what I need.`,
      (v) => `The ${v.wrong} was never part of this; it is the ${v.right}.`,
    ],
    plain: [
      () => `I named ⟨an object|something|a thing⟩ that is not ⟨in this place|here|around⟩.`,
      () =>
        `⟨That name|What I named⟩ ⟨does not match|matches nothing in|is not part of⟩ this ⟨world|place|room⟩.`,
      (v) =>
        v.failed
          ? `"${v.failed}" ⟨refers to|names|points at⟩ ⟨something|a thing|an object⟩ ⟨that is not here|this world does not have|that does not exist here⟩.`
          : `⟨Wrong name|Unknown name⟩.`,
    ],
  },
  wrong_type: {
    named: [
      (v) => `The ${v.wrong} cannot be used that way; it has to be the ${v.right}.`,
      (v) => `I mixed up the ${v.wrong} and the ${v.right}.`,
      (v) => `That only works with the ${v.right}.`,
    ],
    plain: [
      () => `⟨Wrong kind of thing|Not the right sort of object⟩ for that ⟨action|command⟩.`,
      (v) =>
        v.failed
          ? `"${v.failed}" ⟨pairs|combines|puts together⟩ ⟨the wrong things|things that do not go together|an object that does not fit⟩.`
          : `⟨Wrong object|Wrong kind of object⟩.`,
    ],
  },
  wrong_place: {
    named: [],
    plain: [
      () => `It is not ⟨within reach|reachable|at hand⟩ from where I ⟨stand|am⟩.`,
      () => `I am in the wrong ⟨place|spot|location⟩ for that.`,
      () => `I ⟨have|need⟩ to be ⟨next to|at|near⟩ it first.`,
      () => `I ⟨forgot|neglected⟩ to go there ⟨before acting|first⟩.`,
      () => `⟨Location|Where I am|My position⟩ ⟨matters|is the problem|was the issue⟩ here.`,
      (v) =>
        v.failed
          ? `I ⟨tried|attempted|wanted⟩ to ${v.failed} ⟨from too far away|without being there|from the wrong spot|before getting there⟩.`
          : `I am ⟨too far away|not close enough|not there yet⟩.`,
      (v) =>
        v.failed
          ? `⟨Before I can|To be able to|If I want to⟩ ${v.failed}, ⟨I must|I have to|I need to⟩ ${v.action}.`
          : `⟨Getting there|Moving there|Reaching it⟩ comes first.`,
    ],
  },
  skipped_prerequisite: {
    named: [],
    plain: [
      () => `I ⟨skipped|missed|left out⟩ a step.`,
      () => `That is not ⟨possible|allowed|doable⟩ yet.`,
      () => `I ⟨jumped|got|rushed⟩ ahead of myself.`,
      () => `Something ⟨has to|must⟩ happen ⟨before that|first⟩.`,
      () =>
        `The order ⟨matters|counts⟩; ⟨a condition|a requirement|something⟩ ⟨is not met|is missing⟩ yet.`,
      (v) =>
        v.failed
          ? `In the %PLAN%, "${v.action}" ⟨comes before|has to precede|is due before⟩ "${v.failed}".`
          : `⟨A condition|A requirement⟩ ⟨is not met|is still open⟩.`,
      (v) =>
        v.failed
          ? `"${v.failed}" ⟨was premature|came too early|was out of order⟩; "${v.action}" ⟨is the missing step|has to come first|was skipped⟩.`
          : `⟨I went|I moved⟩ ⟨too fast|out of order⟩.`,
    ],
  },
  pointless_action: {
    named: [],
    plain: [
      () => `That changed nothing; it was ⟨already done|done before|already the case⟩.`,
      () => `Doing it ⟨twice|again⟩ was ⟨pointless|useless|a waste⟩.`,
      () => `Nothing happened, so ⟨repeating it|the repeat⟩ was a wasted ⟨turn|step⟩.`,
      () => `It had ⟨already taken effect|been done already⟩.`,
      () =>
        `⟨No need|There was no need⟩ to ⟨repeat|redo⟩ it; ⟨it had worked|it already held⟩ ⟨the first time|before⟩.`,
      (v) =>
        v.failed
          ? `"${v.failed}" ⟨had already been done|was already done|already held|was done earlier⟩, so ⟨nothing changed|it did nothing|the turn was wasted⟩.`
          : `⟨Nothing changed|It did nothing⟩.`,
    ],
  },
  malformed_reply: {
    named: [],
    plain: [
      () => `My reply had no ⟨usable|readable|proper⟩ action line.`,
      () => `I ⟨forgot|failed⟩ to ⟨state|write⟩ the action ⟨properly|clearly⟩.`,
      () => `The format was wrong; I ⟨must|have to⟩ name exactly one action.`,
      () => `I ⟨have to|must⟩ answer with a thought and an action.`,
      () =>
        `⟨Without|Lacking⟩ an ⟨Action line|action line|explicit action⟩, ⟨nothing happened|the turn was lost|my reply did not count⟩.`,
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
  (v) => `⟨Correcting course|Fixing that|Correcting it|Adjusting⟩: ${v.action}.`,
  (v) => `%SO%: ${v.action}.`,
  (v) => `⟨Instead|This time|Properly now|Done right⟩, ${v.action}.`,
  (v) => `The ⟨right|correct|proper⟩ ⟨move|action|step⟩ is to ${v.action}.`,
  (v) => `⟨Back to the plan|Back on track|Returning to the plan⟩: ${v.action}.`,
  (v) => `⟨Let me|I'll⟩ ${v.action} ⟨instead|then|now⟩.`,
  (v) =>
    v.failed && v.failed !== v.action
      ? `⟨Rather than|Instead of⟩ "${v.failed}", %WILL% ${v.action}.`
      : `⟨This time|Now⟩ ⟨correctly|properly|in the right form⟩: ${v.action}.`,
  (v) =>
    v.failed && v.failed !== v.action
      ? `⟨So not|Not⟩ "${v.failed}" but "${v.action}".`
      : `⟨The fix is|What fixes it is|The fix:⟩ ${v.action}.`,
]

const RESUME: Part<RefineVars> = [
  () => '',
  () => '',
  () => '',
  (v) => (v.after ? `⟨After that|Then|Once that works⟩: ${v.after}.` : ''),
  (v) =>
    v.after
      ? `⟨The %PLAN% then continues with|That puts me back on the %PLAN%, with⟩ ${v.after} ⟨next|after it|to follow⟩.`
      : '',
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
  if (situation === 'last') return compose(rng, v, ACK, PROGRESS, LAST)
  return compose(rng, v, ACK, PROGRESS, NEXT, LOOKAHEAD)
}

export function mistakeThought(rng: Rng, kind: ErrorKind, v: MistakeVars): string {
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
  return compose(rng, v, READ, diagnose, CORRECT, RESUME)
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
  // The task is the first line; some families list their actions after it.
  const first = instruction.split('\n').find((l) => l.trim()) ?? instruction
  const line = first.replace(/\s+/g, ' ').trim()
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
