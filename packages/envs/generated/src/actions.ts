import type { Condition } from '@refinery/world'
import {
  type Action,
  all,
  any,
  branch,
  type Check,
  check,
  each,
  exists,
  fact,
  forall,
  list,
  not,
  param,
} from './dsl'
import type { Verb } from './phrasings'
import { roomView, type Style, type Voice, voiced } from './styles'

/** What an action schema depends on beyond its verb. */
export interface ActionContext {
  style: Style
  voice: Voice
  /** Some room is dark: actions there need a light. */
  light: boolean
  /** Some rooms are joined by doors. */
  doors: boolean
  /** The measured quantity and its unit (measuring). */
  quantity: string
  unit: string
}

// Parameter names are the slot names of the phrasings; they show in the parser's feedback.
const P = {
  room: param('room', 'room'),
  item: param('item', 'item'),
  container: param('container', 'obj'),
  thing: param('thing', 'obj'),
  key: param('key', 'item'),
  tool: param('tool', 'item'),
  product: param('product', 'item'),
  bench: param('bench', 'obj'),
  device: param('device', 'obj'),
  machine: param('machine', 'obj'),
  vessel: param('vessel', 'item'),
  source: param('source', 'obj'),
  target: param('target', 'obj'),
  person: param('person', 'obj'),
  support: param('support', 'obj'),
  gauge: param('gauge', 'item'),
  value: param('value', 'value'),
}

const v = (name: string) => `?${name}`
const x = param('x', 'obj')
const y = param('y', 'obj')
const r = param('r', 'room')
const at = (term: string) => fact('at', term)

/** Location checks first, then the rest: the order decides the feedback. */
function seeing(ctx: ActionContext): Check[] {
  return ctx.light
    ? [
        check(
          fact('seeing'),
          'It is too dark to do that here. You need a light.',
          'precondition_failed',
          true,
        ),
      ]
    : []
}
/** Here and not shut away in a closed container (only items can be). */
const within = (name: string): Condition =>
  all(fact('here', v(name)), not(fact('enclosed', v(name))))
const hereCheck = (name: string) =>
  check(within(name), `There is no {${name}} here.`, 'precondition_failed', true)
const holding = (name: string) =>
  check(fact('holding', v(name)), `You are not holding the {${name}}.`)
const is = (capability: string, name: string, fail: string) =>
  check(fact(capability, v(name)), fail, 'invalid_argument')
const powered = (name: string): Condition =>
  exists([x], all(fact('powers', '?x', v(name)), fact('on', '?x')))

/** Moves an item out of wherever it lies. */
const unplace = (name: string) => [
  each([x], fact('inside', v(name), '?x'), [{ del: ['inside', v(name), '?x'] }]),
  each([r], fact('loc', v(name), '?r'), [{ del: ['loc', v(name), '?r'] }]),
  each([x], fact('ontop', v(name), '?x'), [{ del: ['ontop', v(name), '?x'] }]),
]
/**
 * Items in a closed container (or held by a person or a machine) are `enclosed`: they lie in
 * the container's room but out of reach. Opening or closing the container changes that.
 */
const reveal = (name: string, how: 'add' | 'del') =>
  each([param('c', 'item')], fact('inside', '?c', v(name)), [
    how === 'add' ? { add: ['enclosed', '?c'] } : { del: ['enclosed', '?c'] },
  ])

/** Puts an object down in the room the agent is in. */
const placeHere = (name: string) => each([r], at('?r'), [{ add: ['loc', v(name), '?r'] }])

type Def = Omit<Action, 'name' | 'pattern'>

/** The schema of one action kind in one world's context (the phrasing comes from the world). */
export function actionDef(verb: Verb, ctx: ActionContext): Def {
  const say = (you: string, terse: string, story: string) =>
    voiced(ctx.voice, you, terse, story) as string
  const see = seeing(ctx)
  switch (verb) {
    case 'go':
      return {
        params: [P.room],
        checks: [
          check(not(at('?room')), 'You are already in the {room}.', 'no_effect'),
          check(
            exists([r], all(at('?r'), fact('link', '?r', '?room'))),
            'You cannot get to the {room} from here.',
            'precondition_failed',
            true,
          ),
          ...(ctx.doors
            ? [
                check(
                  not(
                    exists(
                      [x, r],
                      all(at('?r'), fact('door', '?x', '?r', '?room'), not(fact('opened', '?x'))),
                    ),
                  ),
                  'The door to the {room} is closed.',
                  'precondition_failed',
                  true,
                ),
              ]
            : []),
        ],
        effects: [each([r], at('?r'), [{ del: ['at', '?r'] }]), { add: ['at', '?room'] }],
        message: [
          say(
            'You go to the {room}. ',
            'You enter the {room}. ',
            'Your steps lead you to the {room}. ',
          ),
          ...roomView(ctx.style, ctx.light),
        ],
        description: 'go to another room that joins this one',
      }
    case 'take':
      return {
        params: [P.item],
        checks: [
          check(not(fact('holding', '?item')), 'You already have the {item}.', 'no_effect'),
          ...see,
          check(
            fact('reach', '?item'),
            'There is no {item} within reach here.',
            'precondition_failed',
            true,
          ),
        ],
        effects: [
          ...unplace('item'),
          { del: ['enclosed', '?item'] },
          { add: ['holding', '?item'] },
        ],
        message: say(
          'You pick up the {item}.',
          'Taken: {item}.',
          'The {item} is now in your hands.',
        ),
        description: 'pick up something that lies here or in an open container here',
      }
    case 'drop':
      return {
        params: [P.item],
        checks: [holding('item')],
        effects: [{ del: ['holding', '?item'] }, placeHere('item')],
        message: say('You put down the {item}.', 'Dropped: {item}.', 'You set the {item} down.'),
        description: 'put down something you carry',
      }
    case 'put':
      return {
        params: [P.item, P.container],
        checks: [
          is('receptacle', 'container', 'You cannot put things in the {container}.'),
          holding('item'),
          ...see,
          hereCheck('container'),
          check(fact('opened', '?container'), 'The {container} is closed.'),
        ],
        effects: [
          { del: ['holding', '?item'] },
          { add: ['inside', '?item', '?container'] },
          placeHere('item'),
        ],
        message: say(
          'You put the {item} in the {container}.',
          'Stored: {item} in {container}.',
          'The {item} now rests inside the {container}.',
        ),
        description: 'put something you carry into an open container here',
      }
    case 'open':
      return {
        params: [P.thing],
        checks: [
          is('openable', 'thing', 'The {thing} cannot be opened.'),
          ...see,
          hereCheck('thing'),
          check(not(fact('opened', '?thing')), 'The {thing} is already open.', 'no_effect'),
          check(not(fact('locked', '?thing')), 'The {thing} is locked.'),
          check(
            not(fact('sealed', '?thing')),
            'The {thing} is sealed shut; you need a tool to open it.',
          ),
        ],
        effects: [{ add: ['opened', '?thing'] }, reveal('thing', 'del')],
        message: [
          say('You open the {thing}.', 'Opened: {thing}.', 'The {thing} swings open.'),
          branch(fact('receptacle', '?thing'), [
            ' Inside it you see ',
            list([param('c', 'item')], fact('inside', '?c', '?thing'), '{a c}', 'and', 'nothing'),
            '.',
          ]),
        ],
        description: 'open a door or a container here',
      }
    case 'close':
      return {
        params: [P.thing],
        checks: [
          is('openable', 'thing', 'The {thing} cannot be closed.'),
          ...see,
          hereCheck('thing'),
          check(fact('opened', '?thing'), 'The {thing} is already closed.', 'no_effect'),
        ],
        effects: [{ del: ['opened', '?thing'] }, reveal('thing', 'add')],
        message: say('You close the {thing}.', 'Closed: {thing}.', 'The {thing} thuds shut.'),
        description: 'close a door or a container here',
      }
    case 'unlock':
      return {
        params: [P.thing, P.key],
        checks: [
          holding('key'),
          ...see,
          hereCheck('thing'),
          check(fact('locked', '?thing'), 'The {thing} is not locked.', 'no_effect'),
          check(fact('fits', '?key', '?thing'), 'The {key} does not fit the {thing}.'),
        ],
        effects: [{ del: ['locked', '?thing'] }],
        message: say(
          'You unlock the {thing} with the {key}.',
          'Unlocked: {thing}.',
          'The {key} turns with a click; the {thing} is unlocked.',
        ),
        description: 'unlock something here with a key you carry',
      }
    case 'cut':
      return {
        params: [P.thing, P.tool],
        checks: [
          holding('tool'),
          is('cutter', 'tool', 'The {tool} is no use for opening things.'),
          ...see,
          hereCheck('thing'),
          check(fact('sealed', '?thing'), 'The {thing} is not sealed.', 'no_effect'),
        ],
        effects: [
          { del: ['sealed', '?thing'] },
          { add: ['opened', '?thing'] },
          reveal('thing', 'del'),
        ],
        message: [
          say(
            'You open the {thing} with the {tool}.',
            'Forced open: {thing}.',
            'With the {tool} you work the {thing} open.',
          ),
          ' Inside it you see ',
          list([param('c', 'item')], fact('inside', '?c', '?thing'), '{a c}', 'and', 'nothing'),
          '.',
        ],
        description: 'open something sealed here with a tool you carry',
      }
    case 'craft':
      return {
        params: [P.product, P.bench],
        checks: [
          is('recipe', 'product', 'Nothing called {product} can be made.'),
          is('bench', 'bench', 'The {bench} is not a place to make things.'),
          ...see,
          hereCheck('bench'),
          check(not(fact('holding', '?product')), 'You already have the {product}.', 'no_effect'),
          check(
            forall(
              [param('p', 'item')],
              any(not(fact('needs', '?product', '?p')), fact('holding', '?p')),
            ),
            [
              'You need ',
              list(
                [param('p', 'item')],
                all(fact('needs', '?product', '?p'), not(fact('holding', '?p'))),
                '{the p}',
              ),
              ' in hand to make the {product}.',
            ],
          ),
        ],
        effects: [
          each([param('p', 'item')], fact('needs', '?product', '?p'), [{ del: ['holding', '?p'] }]),
          { add: ['holding', '?product'] },
        ],
        message: say(
          'You make the {product} at the {bench}.',
          'Made: {product}.',
          'Piece by piece, the {product} takes shape at the {bench}.',
        ),
        description: 'make something from the parts you carry at a workbench here',
      }
    case 'activate':
      return {
        params: [P.device],
        checks: [
          is('switchable', 'device', 'The {device} cannot be switched on.'),
          check(
            any(
              fact('holding', '?device'),
              all(...(ctx.light ? [fact('seeing')] : []), within('device')),
            ),
            'There is no {device} within reach here.',
            'precondition_failed',
            true,
          ),
          check(not(fact('on', '?device')), 'The {device} is already on.', 'no_effect'),
          check(
            any(not(fact('needspower', '?device')), powered('device')),
            'The {device} has no power.',
          ),
        ],
        effects: [{ add: ['on', '?device'] }],
        message: say('You switch on the {device}.', 'On: {device}.', 'The {device} hums to life.'),
        description: 'switch on a lamp you carry, or a switch or appliance here',
      }
    case 'wait':
      return {
        params: [],
        checks: [],
        effects: [],
        message: say('You wait a moment.', 'Time passes.', 'A little while goes by.'),
        description: 'let time pass',
      }
    case 'operate':
      return {
        params: [P.machine],
        checks: [
          is('machine', 'machine', 'The {machine} is not something you can operate.'),
          ...see,
          hereCheck('machine'),
          check(
            powered('machine'),
            'The {machine} has no power. Something must be switched on first.',
          ),
          check(
            exists([param('o', 'item')], fact('inside', '?o', '?machine')),
            'The {machine} has nothing more to give.',
            'no_effect',
          ),
        ],
        effects: [
          each([param('o', 'item')], fact('inside', '?o', '?machine'), [
            { del: ['inside', '?o', '?machine'] },
            { del: ['enclosed', '?o'] },
          ]),
        ],
        message: [
          say(
            'The {machine} whirs and delivers ',
            '{machine} output: ',
            'With a clatter, the {machine} produces ',
          ),
          list([param('o', 'item')], fact('yields', '?machine', '?o'), '{a o}'),
          '.',
        ],
        description: 'run a powered machine here',
      }
    case 'fill':
      return {
        params: [P.vessel, P.source],
        checks: [
          is('vessel', 'vessel', 'The {vessel} cannot hold liquid.'),
          is('source', 'source', 'There is nothing to draw from the {source}.'),
          holding('vessel'),
          ...see,
          hereCheck('source'),
          check(not(fact('full', '?vessel')), 'The {vessel} is already full.', 'no_effect'),
        ],
        effects: [{ add: ['full', '?vessel'] }],
        message: say(
          'You fill the {vessel} at the {source}.',
          'Filled: {vessel}.',
          'The {vessel} grows heavy as it fills at the {source}.',
        ),
        description: 'fill a vessel you carry at a source here',
      }
    case 'pour':
      return {
        params: [P.vessel, P.target],
        checks: [
          holding('vessel'),
          check(fact('full', '?vessel'), 'The {vessel} is empty.'),
          is('basin', 'target', 'You cannot pour anything into the {target}.'),
          ...see,
          hereCheck('target'),
        ],
        effects: [{ del: ['full', '?vessel'] }, { add: ['filled', '?target'] }],
        message: say(
          'You pour the {vessel} into the {target}.',
          'Poured: {vessel} into {target}.',
          'The {target} fills as you empty the {vessel} into it.',
        ),
        description: 'pour a full vessel you carry into something here',
      }
    case 'give':
      return {
        params: [P.item, P.person],
        checks: [
          is('person', 'person', 'The {person} cannot take anything.'),
          holding('item'),
          ...see,
          hereCheck('person'),
          check(fact('wants', '?person', '?item'), 'The {person} does not want the {item}.'),
        ],
        effects: [
          { del: ['holding', '?item'] },
          { add: ['given', '?item', '?person'] },
          each(
            [param('o', 'item'), r],
            all(fact('inside', '?o', '?person'), fact('loc', '?o', '?r')),
            [
              { del: ['inside', '?o', '?person'] },
              { del: ['enclosed', '?o'] },
              { del: ['loc', '?o', '?r'] },
              { add: ['holding', '?o'] },
            ],
          ),
        ],
        message: [
          say(
            'The {person} takes the {item}',
            'Given to {person}: {item}',
            'Smiling, the {person} accepts the {item}',
          ),
          branch(exists([param('o', 'item')], fact('reward', '?o', '?person')), [
            say(' and hands you ', '; received: ', ' and hands you '),
            list([param('o', 'item')], fact('reward', '?o', '?person'), '{a o}'),
          ]),
          '.',
        ],
        description: 'give something you carry to a person here',
      }
    case 'stack':
      return {
        params: [P.item, P.support],
        checks: [
          holding('item'),
          is('stackable', 'item', 'The {item} cannot be stacked.'),
          check(
            any(fact('base', '?support'), fact('stackable', '?support')),
            'You cannot stack anything on the {support}.',
            'invalid_argument',
          ),
          ...see,
          hereCheck('support'),
          check(
            not(exists([y], fact('ontop', '?y', '?support'))),
            'Something already sits on the {support}.',
          ),
        ],
        effects: [
          { del: ['holding', '?item'] },
          { add: ['ontop', '?item', '?support'] },
          placeHere('item'),
        ],
        message: say(
          'You stack the {item} on the {support}.',
          'Stacked: {item} on {support}.',
          'Carefully, you balance the {item} on the {support}.',
        ),
        description: 'set something you carry on top of a base or a stack here',
      }
    case 'measure':
      return {
        params: [P.thing, P.gauge],
        checks: [
          holding('gauge'),
          is('gauge', 'gauge', 'The {gauge} cannot measure anything.'),
          is('measurable', 'thing', `There is no ${ctx.quantity} to measure on the {thing}.`),
          ...see,
          check(
            any(fact('holding', '?thing'), fact('reach', '?thing'), within('thing')),
            'There is no {thing} within reach here.',
            'precondition_failed',
            true,
          ),
        ],
        effects: [{ add: ['known', '?thing'] }],
        message: say(
          `The {gauge} reads {thing.amount} ${ctx.unit}.`,
          `{thing}: {thing.amount} ${ctx.unit}.`,
          `You hold the {gauge} to the {thing}: {thing.amount} ${ctx.unit}.`,
        ),
        description: `measure the ${ctx.quantity} of something with a gauge you carry`,
      }
    case 'answer':
      return {
        params: [P.value],
        checks: [
          check(
            not(exists([param('a', 'value')], fact('answered', '?a'))),
            'You have already given your answer.',
            'no_effect',
          ),
          check(
            exists([x], all(fact('asked', '?x'), fact('known', '?x'))),
            `You have not measured the ${ctx.quantity} yet.`,
          ),
        ],
        effects: [{ add: ['answered', '?value'] }],
        message: say(
          'You answer: {value}.',
          'Answer: {value}.',
          'You announce your answer: {value}.',
        ),
        description: 'give your answer to the question of the task',
      }
  }
}
