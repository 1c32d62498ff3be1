/**
 * Surface forms of every action kind, in the slot names its schema declares. A world draws one
 * form per action kind, so worlds of the same mechanics differ in verbs and argument order.
 * `test` forms never appear in a train or dev world.
 */
export const VERBS = [
  'go',
  'take',
  'drop',
  'put',
  'open',
  'close',
  'unlock',
  'cut',
  'craft',
  'activate',
  'wait',
  'operate',
  'fill',
  'pour',
  'give',
  'stack',
  'measure',
  'answer',
] as const
export type Verb = (typeof VERBS)[number]

export interface Phrasings {
  train: readonly string[]
  test: readonly string[]
}

export const PHRASINGS: Readonly<Record<Verb, Phrasings>> = {
  go: {
    train: ['go to {room}', 'walk to {room}', 'head to {room}', 'move to {room}'],
    test: ['travel to {room}', 'enter {room}'],
  },
  take: {
    train: ['take {item}', 'pick up {item}', 'get {item}', 'grab {item}'],
    test: ['lift {item}', 'seize {item}'],
  },
  drop: {
    train: ['drop {item}', 'put down {item}', 'set down {item}'],
    test: ['discard {item}', 'leave {item}'],
  },
  put: {
    train: [
      'put {item} in {container}',
      'place {item} into {container}',
      'store {item} inside {container}',
      'load {container} with {item}',
    ],
    test: ['stow {item} within {container}', 'pack {container} with {item}'],
  },
  open: {
    train: ['open {thing}', 'pull open {thing}', 'swing open {thing}'],
    test: ['unfasten {thing}', 'undo {thing}'],
  },
  close: {
    train: ['close {thing}', 'shut {thing}', 'push shut {thing}'],
    test: ['fasten {thing}', 'secure {thing}'],
  },
  unlock: {
    train: [
      'unlock {thing} with {key}',
      'use {key} to unlock {thing}',
      'open the lock of {thing} with {key}',
    ],
    test: ['unbolt {thing} using {key}', 'turn {key} in {thing}'],
  },
  cut: {
    train: [
      'cut open {thing} with {tool}',
      'pry open {thing} with {tool}',
      'use {tool} on {thing}',
      'break open {thing} using {tool}',
    ],
    test: ['force {thing} with {tool}', 'split {thing} with {tool}'],
  },
  craft: {
    train: [
      'craft {product} at {bench}',
      'assemble {product} at {bench}',
      'make {product} at {bench}',
    ],
    test: ['fashion {product} at {bench}', 'put together {product} at {bench}'],
  },
  activate: {
    train: ['turn on {device}', 'switch on {device}', 'power up {device}', 'activate {device}'],
    test: ['start {device}', 'flip on {device}'],
  },
  wait: {
    train: ['wait', 'rest', 'pause'],
    test: ['linger', 'bide'],
  },
  operate: {
    train: ['operate {machine}', 'run {machine}', 'work the controls of {machine}'],
    test: ['crank {machine}', 'drive {machine}'],
  },
  fill: {
    train: [
      'fill {vessel} at {source}',
      'fill {vessel} from {source}',
      'top up {vessel} at {source}',
    ],
    test: ['refill {vessel} at {source}', 'replenish {vessel} from {source}'],
  },
  pour: {
    train: [
      'pour {vessel} into {target}',
      'empty {vessel} into {target}',
      'tip {vessel} into {target}',
    ],
    test: ['decant {vessel} into {target}', 'drain {vessel} into {target}'],
  },
  give: {
    train: ['give {item} to {person}', 'hand {item} to {person}', 'offer {item} to {person}'],
    test: ['present {item} to {person}', 'trade {item} with {person}'],
  },
  stack: {
    train: [
      'stack {item} on {support}',
      'place {item} on top of {support}',
      'pile {item} onto {support}',
    ],
    test: ['heap {item} upon {support}', 'balance {item} atop {support}'],
  },
  measure: {
    train: [
      'measure {thing} with {gauge}',
      'use {gauge} to measure {thing}',
      'test {thing} with {gauge}',
    ],
    test: ['gauge {thing} using {gauge}', 'read {thing} with {gauge}'],
  },
  answer: {
    train: ['answer {value}', 'report {value}', 'say {value}'],
    test: ['declare {value}', 'state {value}'],
  },
}

/** Every surface form a split may draw. */
export function phrasingsOf(split: 'train' | 'test'): Set<string> {
  return new Set(Object.values(PHRASINGS).flatMap((p) => [...p[split]]))
}
