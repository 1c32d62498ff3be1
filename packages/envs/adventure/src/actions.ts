import {
  type Condition,
  deepFreeze,
  type Text,
  type TextPart,
  type WorldSpec,
} from '@refinery/world'
import {
  all,
  any,
  branch,
  carrying,
  darkHere,
  exists,
  fact,
  is,
  list,
  litHere,
  not,
  param,
  part,
  text,
} from './dsl'

type ActionSchema = WorldSpec['actions'][number]
type Check = ActionSchema['checks'][number]

/** `rich` says what is wrong and what would help; `agentboard` answers as an Inform game does. */
export type Voice = 'rich' | 'agentboard'

/** Per-world texts the actions embed: how each room looks, what each person says. */
export interface WorldTexts {
  /** What `look` shows, also after moving and when light returns. */
  roomView: Text
  /** What `examine` adds for particular entities. */
  examine: Text
  /** What each person says when talked to. */
  talk: Text
}

const x = param('x', 'thing')
const SEE_NOTHING = "You can't see any such thing."

/** The thing is in view: held, or in the lit room, or in an open container there, or a door of it. */
export const visible = (v: string): Condition => fact('visible', v)

/** A takeable item: in view, an item, not held. */
const takeable = (v: string): Condition => all(visible(v), is(v, 'item'), not(fact('held', v)))

/**
 * The action schemas of every adventure world: Inform's verbs with the abbreviations players
 * type. Checks run in order and the first that fails answers; under the `rich` voice it says
 * what is wrong and what would help, under `agentboard` it answers as an Inform game would.
 * No check names a thing the player cannot see.
 *
 * The schemas are the same objects in every world of a voice, frozen, so the world compiler
 * compiles each once and shares it (see `compileBuiltWorld`): compiling them was most of a
 * world's build, and a synthesis run builds a world per episode. Only the four whose
 * messages show the world's own texts are copied per world, with those messages.
 */
export function adventureActions(voice: Voice, texts: WorldTexts): ActionSchema[] {
  let shared = SHARED.get(voice)
  if (shared === undefined) {
    shared = deepFreeze(voiceActions(voice))
    SHARED.set(voice, shared)
  }
  return shared.map((a) => {
    switch (a.name) {
      case 'go':
        return { ...a, message: texts.roomView }
      case 'turn_on':
        return {
          ...a,
          message: ['The {x} is now on.', branch(DARK_ROOM, ['\n', part(texts.roomView)])],
        }
      case 'talk':
        return { ...a, message: texts.talk }
      case 'examine':
        return { ...a, message: texts.examine }
      default:
        return a
    }
  })
}

/** The shared schemas by voice (see `adventureActions`). */
const SHARED = new Map<Voice, readonly ActionSchema[]>()

/** The room the player is in is dark (lit or not): `turn on` then shows the room. */
const DARK_ROOM: Condition = deepFreeze(
  exists([param('r', 'room')], all(fact('at', '?r'), fact('dark', '?r'))),
)

/**
 * A voice's schemas; the messages that show a world's own texts are left empty, for
 * `adventureActions` to fill in, and keep their place among the keys.
 */
function voiceActions(voice: Voice): ActionSchema[] {
  const say = (rich: Text, terse: Text): TextPart => part(voice === 'rich' ? rich : terse)
  const sayText = (rich: Text, terse: Text): Text => (voice === 'rich' ? rich : terse)
  const check = (
    require: Condition,
    fail: Text | TextPart,
    status: Check['status'] = 'precondition_failed',
    place?: true,
  ): Check =>
    place ? { require, fail: text(fail), status, place } : { require, fail: text(fail), status }
  const inView = (v = 'x') => check(visible(`?${v}`), SEE_NOTHING, 'precondition_failed', true)
  const d = param('d', 'direction')
  const r = param('r', 'room')
  const r2 = param('r2', 'room')
  const door = param('dr', 'door')
  const p = param('p', 'person')
  const y = param('y', 'item')
  const k = param('k', 'item')
  const here = (room: string) => fact('at', room)

  return [
    {
      name: 'go',
      params: [d],
      pattern: '{d}',
      synonyms: ['go {d}', 'walk {d}', 'run {d}', 'go to the {d}', 'head {d}'],
      checks: [
        check(
          exists([r, r2], all(here('?r'), fact('exit', '?r', '?d', '?r2'))),
          say(
            [
              "You can't go {d} from here.",
              branch(litHere, [
                ' Exits lead ',
                list(
                  [param('e', 'direction')],
                  exists([r, r2], all(here('?r'), fact('exit', '?r', '?e', '?r2'))),
                  '{e}',
                  'comma',
                ),
                '.',
              ]),
            ],
            "You can't go that way.",
          ),
        ),
        check(
          not(
            exists(
              [r, door],
              all(here('?r'), fact('doorway', '?r', '?d', '?dr'), fact('closed', '?dr')),
            ),
          ),
          branch(
            litHere,
            [
              list(
                [door],
                exists([r], all(here('?r'), fact('doorway', '?r', '?d', '?dr'))),
                '{The dr}',
              ),
              say(' is closed. Open it first.', ' is closed.'),
            ],
            say('A closed door blocks the way in the dark.', "You can't go that way."),
          ),
        ),
        check(not(exists([p, r], all(here('?r'), fact('blocks', '?p', '?r', '?d')))), [
          list([p], exists([r], all(here('?r'), fact('blocks', '?p', '?r', '?d'))), '{The p}'),
          say(
            ' blocks your way. Perhaps you can win them over: try talking to them.',
            ' blocks your way.',
          ),
        ]),
      ],
      effects: [
        { forall: { vars: [r], where: here('?r'), do: [{ del: ['at', '?r'] }] } },
        {
          forall: {
            vars: [r, r2],
            where: all(here('?r'), fact('exit', '?r', '?d', '?r2')),
            do: [{ add: ['at', '?r2'] }],
          },
        },
      ],
      message: '',
      description: 'walk north, south, east, west, northeast, …, up or down (n, s, e, w, ne, u, d)',
    },
    {
      name: 'take',
      params: [x],
      pattern: 'take {x}',
      synonyms: ['get {x}', 'pick up {x}', 'grab {x}', 'pick {x} up'],
      checks: [
        inView(),
        check(
          is('?x', 'item'),
          say("The {x} is fixed in place; you can't take it.", "That's hardly portable."),
          'invalid_argument',
        ),
        check(not(fact('held', '?x')), 'You already have that.', 'no_effect'),
      ],
      effects: [
        {
          forall: {
            vars: [param('l', 'object')],
            where: fact('in', '?x', '?l'),
            do: [{ del: ['in', '?x', '?l'] }],
          },
        },
        { add: ['held', '?x'] },
      ],
      message: sayText('You take the {x}.', 'Taken.'),
      description: 'pick something up',
    },
    {
      name: 'take_all',
      params: [],
      pattern: 'take all',
      synonyms: ['get all', 'take everything', 'pick up all'],
      checks: [
        check(
          exists([y], takeable('?y')),
          say('There is nothing here you can take.', 'There are none at all available!'),
          'no_effect',
        ),
      ],
      effects: [
        { forall: { vars: [y], where: fact('fresh', '?y'), do: [{ del: ['fresh', '?y'] }] } },
        {
          forall: {
            vars: [y],
            where: takeable('?y'),
            do: [
              {
                forall: {
                  vars: [param('l', 'object')],
                  where: fact('in', '?y', '?l'),
                  do: [{ del: ['in', '?y', '?l'] }],
                },
              },
              { add: ['held', '?y'] },
              { add: ['fresh', '?y'] },
            ],
          },
        },
      ],
      message: [list([y], fact('fresh', '?y'), '{y}: Taken.', 'lines')],
      description: 'pick up everything in view',
    },
    {
      name: 'drop',
      params: [x],
      pattern: 'drop {x}',
      synonyms: ['put down {x}', 'discard {x}', 'put {x} down'],
      checks: [
        inView(),
        check(fact('held', '?x'), say('You are not carrying the {x}.', "You haven't got that.")),
      ],
      effects: [
        { del: ['held', '?x'] },
        { forall: { vars: [r], where: here('?r'), do: [{ add: ['in', '?x', '?r'] }] } },
      ],
      message: sayText('You drop the {x}.', 'Dropped.'),
      description: 'put down something you carry',
    },
    {
      name: 'drop_all',
      params: [],
      pattern: 'drop all',
      synonyms: ['drop everything', 'put down all'],
      checks: [
        check(
          carrying,
          say('You are not carrying anything.', 'You are empty-handed.'),
          'no_effect',
        ),
      ],
      effects: [
        { forall: { vars: [y], where: fact('fresh', '?y'), do: [{ del: ['fresh', '?y'] }] } },
        {
          forall: {
            vars: [y, r],
            where: all(fact('held', '?y'), here('?r')),
            do: [{ del: ['held', '?y'] }, { add: ['in', '?y', '?r'] }, { add: ['fresh', '?y'] }],
          },
        },
      ],
      message: [list([y], fact('fresh', '?y'), '{y}: Dropped.', 'lines')],
      description: 'put down everything you carry',
    },
    {
      name: 'put',
      params: [x, param('c', 'thing')],
      pattern: 'put {x} in {c}',
      synonyms: [
        'put {x} into {c}',
        'put {x} inside {c}',
        'place {x} in {c}',
        'insert {x} in {c}',
        'put {x} on {c}',
      ],
      checks: [
        inView(),
        inView('c'),
        check(
          fact('held', '?x'),
          say(
            'You are not holding the {x}. Take it first.',
            'You need to be holding the {x} before you can put it into something else.',
          ),
        ),
        check(is('?c', 'container'), "That can't contain things.", 'invalid_argument'),
        check(
          not(fact('closed', '?c')),
          say('The {c} is closed. Open it first.', 'The {c} is closed.'),
        ),
      ],
      effects: [{ del: ['held', '?x'] }, { add: ['in', '?x', '?c'] }],
      message: sayText('You put the {x} in the {c}.', 'You put the {x} into the {c}.'),
      description: 'put something you hold into a container',
    },
    {
      name: 'open',
      params: [x],
      pattern: 'open {x}',
      checks: [
        inView(),
        check(fact('openable', '?x'), "That's not something you can open.", 'invalid_argument'),
        check(fact('closed', '?x'), "That's already open.", 'no_effect'),
        check(
          not(fact('locked', '?x')),
          say('The {x} is locked. Unlock it with the key that fits.', 'It seems to be locked.'),
        ),
      ],
      effects: [{ del: ['closed', '?x'] }],
      message: [
        'You open the {x}',
        branch(
          exists([y], fact('in', '?y', '?x')),
          [', revealing ', list([y], fact('in', '?y', '?x'), '{a y}'), '.'],
          '.',
        ),
      ],
      description: 'open a door or container',
    },
    {
      name: 'close',
      params: [x],
      pattern: 'close {x}',
      synonyms: ['shut {x}'],
      checks: [
        inView(),
        check(fact('openable', '?x'), "That's not something you can close.", 'invalid_argument'),
        check(not(fact('closed', '?x')), "That's already closed.", 'no_effect'),
      ],
      effects: [{ add: ['closed', '?x'] }],
      message: 'You close the {x}.',
      description: 'close a door or container',
    },
    {
      name: 'unlock',
      params: [x, k],
      pattern: 'unlock {x} with {k}',
      synonyms: ['open {x} with {k}', 'unlock {x} using {k}'],
      checks: [
        inView(),
        inView('k'),
        check(
          fact('lockable', '?x'),
          "That doesn't seem to be something you can unlock.",
          'invalid_argument',
        ),
        check(fact('locked', '?x'), "That's unlocked at the moment.", 'no_effect'),
        check(
          fact('held', '?k'),
          say('You are not holding the {k}. Take it first.', 'You need to be holding the {k}.'),
        ),
        check(
          fact('fits', '?k', '?x'),
          say('The {k} does not fit the lock of the {x}.', "That doesn't seem to fit the lock."),
        ),
      ],
      effects: [{ del: ['locked', '?x'] }],
      message: 'You unlock the {x}.',
      description: 'unlock a door or container with a key you hold',
    },
    {
      name: 'unlock_any',
      params: [x],
      pattern: 'unlock {x}',
      hidden: true,
      checks: [
        inView(),
        check(
          fact('lockable', '?x'),
          "That doesn't seem to be something you can unlock.",
          'invalid_argument',
        ),
        check(fact('locked', '?x'), "That's unlocked at the moment.", 'no_effect'),
        check(
          exists([k], all(fact('held', '?k'), fact('fits', '?k', '?x'))),
          say(
            'You hold nothing that unlocks the {x}. Find its key.',
            'What do you want to unlock the {x} with?',
          ),
        ),
      ],
      effects: [{ del: ['locked', '?x'] }],
      message: [
        'You unlock the {x} with the ',
        list([k], all(fact('held', '?k'), fact('fits', '?k', '?x')), '{k}'),
        '.',
      ],
      description: 'unlock a door or container with whichever key you hold fits',
    },
    {
      name: 'turn_on',
      params: [x],
      pattern: 'turn on {x}',
      synonyms: ['light {x}', 'switch on {x}', 'turn {x} on', 'switch {x} on'],
      checks: [
        inView(),
        check(is('?x', 'lamp'), "That isn't something you can switch.", 'invalid_argument'),
        check(not(fact('on', '?x')), "That's already on.", 'no_effect'),
      ],
      effects: [{ add: ['on', '?x'] }],
      message: '',
      description: 'switch on a lamp',
    },
    {
      name: 'turn_off',
      params: [x],
      pattern: 'turn off {x}',
      synonyms: ['switch off {x}', 'extinguish {x}', 'turn {x} off', 'switch {x} off'],
      checks: [
        inView(),
        check(is('?x', 'lamp'), "That isn't something you can switch.", 'invalid_argument'),
        check(fact('on', '?x'), "That's already off.", 'no_effect'),
      ],
      effects: [{ del: ['on', '?x'] }],
      message: ['The {x} is now off.', branch(darkHere, ' It is now pitch dark in here!')],
      description: 'switch off a lamp',
    },
    {
      name: 'give',
      params: [x, p],
      pattern: 'give {x} to {p}',
      synonyms: ['offer {x} to {p}', 'hand {x} to {p}'],
      checks: [
        inView(),
        inView('p'),
        check(
          fact('held', '?x'),
          say('You are not holding the {x}. Take it first.', "You haven't got that."),
        ),
        check(
          fact('wants', '?p', '?x'),
          say(
            '{The p} does not want the {x}. Talk to {the p} to learn what they want.',
            "{The p} doesn't seem interested.",
          ),
        ),
      ],
      effects: [
        { del: ['held', '?x'] },
        { add: ['in', '?x', '?p'] },
        { del: ['wants', '?p', '?x'] },
        { add: ['satisfied', '?p'] },
        {
          forall: {
            vars: [r, param('bd', 'direction')],
            where: fact('blocks', '?p', '?r', '?bd'),
            do: [{ del: ['blocks', '?p', '?r', '?bd'] }],
          },
        },
        {
          forall: {
            vars: [y],
            where: fact('in', '?y', '?p'),
            do: [{ del: ['in', '?y', '?p'] }, { add: ['held', '?y'] }],
          },
        },
      ],
      message: [
        '{The p} takes the {x}.',
        branch(fact('guard', '?p'), ' {The p} steps aside to let you pass.'),
        branch(exists([y], fact('reward', '?p', '?y')), [
          ' In return, {the p} gives you ',
          list([y], fact('reward', '?p', '?y'), '{a y}'),
          '.',
        ]),
        branch(fact('patron', '?p'), ' {The p} thanks you warmly.'),
      ],
      description: 'give something you hold to someone',
    },
    {
      name: 'talk',
      params: [p],
      pattern: 'talk to {p}',
      synonyms: ['speak to {p}', 'ask {p}', 'greet {p}', 'hello {p}'],
      checks: [inView('p')],
      effects: [],
      message: '',
      description: 'talk to someone',
    },
    {
      name: 'examine',
      params: [x],
      pattern: 'examine {x}',
      synonyms: ['x {x}', 'look at {x}', 'inspect {x}', 'read {x}', 'describe {x}'],
      checks: [inView()],
      effects: [],
      message: '',
      description: 'look closely at something (x)',
    },
    {
      name: 'wait',
      params: [],
      pattern: 'wait',
      synonyms: ['z', 'wait a moment'],
      checks: [],
      effects: [],
      message: 'Time passes.',
      description: 'let a moment pass (z)',
    },
  ]
}

/** What an examined thing shows beyond its own line: lamps, containers, doors. */
export function stateLines(v: string): Text {
  const t = `?${v}`
  const y = param('y', 'item')
  return [
    branch(is(t, 'lamp'), branch(fact('on', t), ' It is switched on.', ' It is switched off.')),
    branch(
      any(is(t, 'container'), is(t, 'door')),
      branch(
        fact('closed', t),
        [' It is closed', branch(fact('locked', t), ' and locked'), '.'],
        [
          branch(is(t, 'door'), ' It is open.'),
          branch(
            is(t, 'container'),
            branch(
              exists([y], fact('in', '?y', t)),
              [' In it you see ', list([y], fact('in', '?y', t), '{a y}'), '.'],
              ' It is empty.',
            ),
          ),
        ],
      ),
    ),
  ]
}
