import type { Param } from '../spec'

/** A PDDL operator or predicate as the verbaliser sees it. */
export interface PddlSignature {
  /** The PDDL name, lower case: `pick-up`. */
  name: string
  /** Its parameters as WorldSpec params; their names are the `{slot}`s to use. */
  params: readonly Param[]
}

/** Turns PDDL names into words. Every method may be overridden on its own. */
export interface Verbaliser {
  /** Action pattern with a `{slot}` for every parameter: `pick up {b}`. */
  action(operator: PddlSignature): string
  /** Other phrasings of the action, with the same slots. */
  actionSynonyms(operator: PddlSignature): string[]
  /** Sentence for a true fact, with `{slot}`s: `{x} is on {y}.` */
  fact(predicate: PddlSignature): string
  /** The task instruction from the rendered goal sentences (sorted). */
  instruction(goals: readonly string[]): string
}

const words = (name: string) => name.replace(/[-_]+/g, ' ').trim()
const slots = (params: readonly Param[]) => params.map((p) => `{${p.name}}`)

/**
 * Readable defaults: `pick-up ?b` → `pick up {b}`; `(on ?x ?y)` → `{x} is on {y}.`;
 * `(arm-empty)` → `arm empty.`; the instruction is AgentBoard's.
 */
export const defaultVerbaliser: Verbaliser = {
  action: (op) => [words(op.name), ...slots(op.params)].join(' '),
  actionSynonyms: (op) => [[op.name, ...slots(op.params)].join(' ')],
  fact: (pred) => {
    const [first, ...rest] = slots(pred.params)
    if (first === undefined) return `${words(pred.name)}.`
    return `${[first, 'is', words(pred.name), ...rest].join(' ')}.`
  },
  instruction: (goals) => `The goal is to satisfy the following conditions: ${goals.join(', ')}`,
}

/**
 * Templates in AgentBoard's style: `{}` takes the next argument in PDDL order and `{N}` the
 * N-th (from 0). An action entry may be a list: the pattern, then synonyms.
 */
export interface PddlTemplates {
  facts?: Record<string, string>
  actions?: Record<string, string | readonly string[]>
  instruction?: (goals: readonly string[]) => string
}

/** A verbaliser that uses `templates` where they fit and `base` elsewhere. */
export function templateVerbaliser(
  templates: PddlTemplates,
  base: Verbaliser = defaultVerbaliser,
): Verbaliser {
  const own = <K>(table: Record<string, K> | undefined, key: string): K | undefined =>
    table && Object.hasOwn(table, key) ? table[key] : undefined
  const entry = (op: PddlSignature): string[] => {
    const value = own(templates.actions, op.name)
    if (value === undefined) return []
    const list = typeof value === 'string' ? [value] : [...value]
    return list
      .map((t) => fillTemplate(t, op.params, true))
      .filter((t): t is string => t !== undefined)
  }
  return {
    action: (op) => entry(op)[0] ?? base.action(op),
    actionSynonyms: (op) => {
      const [, ...rest] = entry(op)
      return [
        ...rest,
        ...base.actionSynonyms(op),
        ...(entry(op).length > 0 ? [base.action(op)] : []),
      ]
    },
    fact: (pred) => {
      const template = own(templates.facts, pred.name)
      return (
        (template !== undefined ? fillTemplate(template, pred.params, false) : undefined) ??
        base.fact(pred)
      )
    },
    instruction: templates.instruction ?? base.instruction,
  }
}

/**
 * Replaces `{}` / `{N}` by named slots. Undefined when the template names a parameter that
 * does not exist, or (for actions) leaves one out, so the caller falls back.
 */
export function fillTemplate(
  template: string,
  params: readonly Param[],
  needsAll: boolean,
): string | undefined {
  let next = 0
  let bad = false
  const used = new Set<number>()
  const out = template.replace(/\{(\d*)\}/g, (_whole, index: string) => {
    const i = index === '' ? next++ : Number(index)
    const param = params[i]
    if (!param) {
      bad = true
      return ''
    }
    used.add(i)
    return `{${param.name}}`
  })
  if (bad || (needsAll && used.size !== params.length)) return undefined
  return out.trim()
}

/**
 * AgentBoard's predicate and action templates for its four PDDL domains
 * (`agentboard/environment/pddl_env/pddl_env.py`, with its later-entry-wins dictionary
 * resolved per domain). Action patterns are lower case without the final period; each
 * lists AgentBoard's own form among its synonyms where we reworded it. Deliberate
 * departures, where AgentBoard's text says something false: gripper `carry` (AgentBoard:
 * "ball1 is carrying left"), barman `holding` (it drops the hand), barman `used` (it
 * reused an action's text), barman `pour-shaker-to-shot` (it swapped glass and beverage).
 */
export const AGENTBOARD_TEMPLATES = {
  blockworld: {
    facts: {
      on: '{} is on {}.',
      clear: 'The {} is clear.',
      'arm-empty': 'Your arm is empty.',
      holding: 'You are holding {}.',
      'on-table': '{} is on the table.',
    },
    actions: {
      pickup: 'pickup {}',
      putdown: 'putdown {}',
      stack: 'stack {} on {}',
      unstack: 'unstack {} from {}',
    },
  },
  gripper: {
    facts: {
      room: '{} is a room.',
      ball: '{} is a ball.',
      gripper: '{} is a gripper.',
      'at-robby': 'Robby is at {}.',
      at: '{} is at {}.',
      free: '{} is free.',
      carry: '{1} is carrying {0}.',
    },
    actions: {
      move: 'move from {} to {}',
      pick: 'pick up {} at {} with arm {}',
      drop: 'drop {} at {} with arm {}',
    },
  },
  tyreworld: {
    facts: {
      isopen: '{} is open.',
      closed: '{} is closed.',
      have: 'You have {}.',
      in: '{} is in {}.',
      loose: 'The nut {} on the hub {} is loose.',
      tight: 'The nut {} on the hub {} is tight.',
      unlocked: '{} is unlocked.',
      'on-ground': 'Hub {} is on the ground.',
      'not-on-ground': 'Hub {} is not on the ground.',
      inflated: 'Wheel {} is inflated.',
      'not-inflated': 'Wheel {} is not inflated.',
      fastened: 'Hub {} is fastened.',
      unfastened: 'Hub {} is unfastened.',
      free: 'Hub {} is free.',
      on: '{} is on {}.',
      intact: 'Wheel {} is intact.',
    },
    actions: {
      open: 'open {}',
      close: 'close {}',
      fetch: 'fetch {} from {}',
      'put-away': 'put-away {} in {}',
      loosen: 'loosen the nut {} on the hub {}',
      tighten: 'tighten the nut {} on the hub {}',
      'jack-up': 'jack-up the hub {}',
      'jack-down': 'jack-down the hub {}',
      undo: 'undo the fastening of the nut {} on the hub {}',
      'do-up': 'do-up the nut {} on the hub {}',
      'remove-wheel': 'remove-wheel {} from the hub {}',
      'put-on-wheel': 'put-on-wheel {} on the hub {}',
      inflate: 'inflate the wheel {}',
    },
  },
  barman: {
    facts: {
      ontable: '{} is on the table.',
      holding: '{0} hand is holding {1}.',
      handempty: '{} hand is empty.',
      empty: '{} is empty.',
      contains: '{} contains {}.',
      clean: '{} is clean.',
      used: '{} has been used for {}.',
      dispenses: '{} dispenses {}.',
      'shaker-empty-level': '{} is at empty level {}.',
      'shaker-level': '{} is at level {}.',
      next: 'level {} is next to level {}.',
      unshaked: '{} is unshaked.',
      shaked: '{} is shaked.',
      'cocktail-part1': '{} part1 ingredient is {}.',
      'cocktail-part2': '{} part2 ingredient is {}.',
    },
    actions: {
      grasp: ['grasp {1} with hand {0}', '{0} grasp {1}'],
      leave: ['leave {1} with hand {0}', '{0} leave {1}'],
      'fill-shot': 'fill-shot glass {} with {} with {} and {} holding {}',
      'refill-shot': 'refill-shot {} with {} with {} and {} holding {}',
      'empty-shot': 'use hand {} to empty-shot glass {} with beverage {}',
      'clean-shot': 'clean-shot glass {} with {} with hand {} holding shot glass and {}',
      'pour-shot-to-clean-shaker':
        'pour-shot-to-clean-shaker from a shot glass {} with {} to a clean shaker {} with hand {} from level {} to level {}',
      'pour-shot-to-used-shaker':
        'pour-shot-to-used-shaker from a shot glass {} with {} to a used shaker {} with hand {} from level {} to level {}',
      'empty-shaker': 'use hand {} to empty-shaker {} with ingredient {} from level {} to level {}',
      'clean-shaker': 'use hand {} and hand {} to clean-shaker {}',
      shake:
        'shake a cocktail {} with ingredient {} and ingredient {} in a shaker {} with hand {} and hand {}',
      'pour-shaker-to-shot': [
        'pour-shaker-to-shot to a shot glass {1} the ingredient {0} with hand {2} from shaker {3} from level {4} to level {5}',
        'pour-shaker-to-shot to a shot glass {} the ingredient {} with hand {} from shaker {} from level {} to level {}',
      ],
    },
  },
} as const satisfies Record<string, PddlTemplates>

export type AgentboardDomain = keyof typeof AGENTBOARD_TEMPLATES

/** The verbaliser AgentBoard's planning suite reads like, for one of its four domains. */
export function agentboardVerbaliser(domain: AgentboardDomain): Verbaliser {
  return templateVerbaliser(AGENTBOARD_TEMPLATES[domain])
}

/**
 * Import options that reproduce AgentBoard's planning suite for one of its domains: its
 * words, its feedback (full state for blockworld and gripper, new facts for barman and
 * tyreworld) and its progress (the best share of goal literals true at once).
 */
export function agentboardImportOptions(domain: AgentboardDomain): {
  verbaliser: Verbaliser
  feedback: 'changes' | 'state'
  progress: 'share'
} {
  return {
    verbaliser: agentboardVerbaliser(domain),
    feedback: domain === 'blockworld' || domain === 'gripper' ? 'state' : 'changes',
    progress: 'share',
  }
}
