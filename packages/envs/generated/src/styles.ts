import type { Text, TextPart } from '@refinery/world'
import { all, branch, exists, fact, list, not, param } from './dsl'

/** How a world describes the room the agent is in; drawn per world. */
export const STYLES = ['alfworld', 'terse', 'prose', 'lines'] as const
export type Style = (typeof STYLES)[number]

/** How action replies are worded; drawn per world. */
export const VOICES = ['you', 'terse', 'story'] as const
export type Voice = (typeof VOICES)[number]

const room = param('lr', 'room')
const obj = param('lo', 'obj')
const inner = param('li', 'item')
const box = param('lc', 'obj')
const exit = param('lx', 'room')
const here = (v: string) => fact('here', v)
const exits = exists([room], all(fact('at', '?lr'), fact('link', '?lr', '?lx')))
const inOpen = all(fact('inside', '?li', '?lc'), here('?lc'), fact('opened', '?lc'))
const stacked = all(fact('ontop', '?li', '?lo'), here('?lo'))

interface Shape {
  where: (room: string) => string
  see: string
  item: string
  join: 'and' | 'comma' | 'lines'
  nothing: string
  openHead: string
  openItem: string
  stackHead: string
  stackItem: string
  /** Ends a list that closes a sentence. */
  end: string
  exitsHead: string
  exitItem: string
  dark: string
}

const SHAPES: Record<Style, Shape> = {
  alfworld: {
    where: (r) => `You are in the ${r}.`,
    see: ' Looking quickly around you, you see ',
    item: '{a lo}',
    join: 'and',
    nothing: 'nothing',
    openHead: ' In the open containers you see ',
    openItem: '{a li} in the {lc}',
    stackHead: ' Stacked: ',
    stackItem: 'the {li} on the {lo}',
    end: '.',
    exitsHead: ' From here you can go to ',
    exitItem: 'the {lx}',
    dark: ' It is pitch dark here; you cannot see a thing.',
  },
  terse: {
    where: (r) => `[${r}]`,
    see: ' Here: ',
    item: '{lo}',
    join: 'comma',
    nothing: 'nothing',
    openHead: ' Open: ',
    openItem: '{li} (in {lc})',
    stackHead: ' Stacked: ',
    stackItem: '{li} on {lo}',
    end: '.',
    exitsHead: ' Exits: ',
    exitItem: '{lx}',
    dark: ' Too dark to see.',
  },
  prose: {
    where: (r) => `This is the ${r}.`,
    see: ' Around you there is ',
    item: '{a lo}',
    join: 'and',
    nothing: 'nothing of note',
    openHead: ' You also notice ',
    openItem: '{a li} inside the {lc}',
    stackHead: ' Resting on one another: ',
    stackItem: 'the {li} on the {lo}',
    end: '.',
    exitsHead: ' Doorways lead to ',
    exitItem: 'the {lx}',
    dark: ' Darkness swallows everything; you would need a light to make anything out.',
  },
  lines: {
    where: (r) => `Location: ${r}`,
    see: '\nYou see:\n',
    item: '- {a lo}',
    join: 'lines',
    nothing: '- nothing',
    openHead: '\n',
    openItem: '- {a li} (inside the {lc})',
    stackHead: '\n',
    stackItem: '- the {li} stacked on the {lo}',
    end: '',
    exitsHead: '\nExits: ',
    exitItem: '{lx}',
    dark: '\nIt is too dark to see anything.',
  },
}

/**
 * The room description in a style: where you are, what you see (nothing in the dark unless
 * you carry a light), what lies in open containers, what is stacked, and where you can go.
 */
export function roomView(style: Style, withLight: boolean): TextPart[] {
  const s = SHAPES[style]
  const seen: Text = [
    s.see,
    list(
      [obj],
      all(here('?lo'), not(exists([box], fact('inside', '?lo', '?lc')))),
      s.item,
      s.join,
      s.nothing,
    ),
    s.end,
    branch(exists([inner, box], inOpen), [
      s.openHead,
      list([inner, box], inOpen, s.openItem, s.join),
      s.end,
    ]),
    branch(exists([inner, obj], stacked), [
      s.stackHead,
      list([inner, obj], stacked, s.stackItem, s.join),
      s.end,
    ]),
  ]
  return [
    list([room], fact('at', '?lr'), s.where('{lr}'), 'comma', ''),
    ...(withLight ? [branch(fact('seeing'), seen, s.dark)] : (seen as TextPart[])),
    branch(exists([exit], exits), [
      s.exitsHead,
      list([exit], exits, s.exitItem, style === 'lines' ? 'comma' : 'and'),
      style === 'lines' ? '' : '.',
    ]),
  ]
}

/** The inventory line in a style. */
export function inventoryView(style: Style): Text {
  const held = param('lh', 'item')
  const has = exists([held], fact('holding', '?lh'))
  const items = list(
    [held],
    fact('holding', '?lh'),
    style === 'lines' ? '- {a lh}' : '{a lh}',
    SHAPES[style].join,
  )
  const head = {
    alfworld: 'You are carrying: ',
    terse: 'Carrying: ',
    prose: 'In your hands you hold ',
    lines: 'Inventory:\n',
  }[style]
  const none = {
    alfworld: 'You are not carrying anything.',
    terse: 'Carrying: nothing.',
    prose: 'Your hands are empty.',
    lines: 'Inventory: empty',
  }[style]
  return [branch(has, [head, items, style === 'lines' ? '' : '.'], none)]
}

/** Picks one of the three wordings of a reply by the world's voice. */
export function voiced(voice: Voice, you: Text, terse: Text, story: Text): Text {
  return voice === 'you' ? you : voice === 'terse' ? terse : story
}
