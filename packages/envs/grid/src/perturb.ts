import { RefineryError, rngStream } from '@refinery/core'
import { PERTURBATION_KINDS, TEXT_PARAPHRASES, VERB_SYNONYMS } from '@refinery/world'
import type { MacroKind } from './macros'
import type { ViewOrder } from './view'

/** What a perturbation changes in a grid episode; the world and the mission stay the same. */
export interface GridPerturbation {
  /** Other words for the macro actions (`rename_verbs`). */
  verbs?: Partial<Record<MacroKind, string>>
  /** Seeded list order and numbering of the view (`shuffle_lists`, `shuffle_numbering`). */
  viewOrder?: ViewOrder
  /** Rewrites every text the agent reads (`paraphrase`). */
  rewrite?: (text: string) => string
}

/** Synonyms for the verbs VERB_SYNONYMS does not list. */
const GRID_VERBS: Record<string, readonly string[]> = {
  turn: ['rotate', 'spin'],
  'move forward': ['step forward', 'advance'],
  'go through': ['pass through', 'walk through'],
}

/** Paraphrases of AgentBoard's view sentences, on top of the shared table. */
const GRID_PARAPHRASES: readonly { find: RegExp; replace: readonly string[] }[] = [
  {
    find: /In front of you in this room, you can see several objects: /g,
    replace: [
      'Looking ahead in this room, you can see several objects: ',
      'Ahead of you in this room are several objects: ',
    ],
  },
  {
    find: /The room has walls around you\. /g,
    replace: ['Walls surround you. ', 'There are walls all around. '],
  },
  {
    find: /You cannot see any objects within sight\./g,
    replace: ['Nothing is in sight.', 'You see no objects.'],
  },
]

/**
 * The perturbation kinds of world families (`rename_verbs`, `shuffle_numbering`,
 * `shuffle_lists`, `paraphrase`, `all`) for a grid episode, from the same tables.
 */
export function gridPerturbation(
  perturbation: { kind: string; seed: number },
  thingCount: number,
): GridPerturbation {
  const { kind, seed } = perturbation
  if (!(PERTURBATION_KINDS as readonly string[]).includes(kind)) {
    throw new RefineryError('invalid_input', `Unknown perturbation '${kind}'.`, {
      hint: `Use one of: ${PERTURBATION_KINDS.join(', ')}.`,
    })
  }
  const all = kind === 'all'
  const out: GridPerturbation = {}
  if (all || kind === 'rename_verbs') out.verbs = renameVerbs(seed)
  const keys = (purpose: string) => {
    const rng = rngStream(seed, `grid/perturb/${purpose}`)
    return Array.from({ length: thingCount }, () => rng.next())
  }
  if (all || kind === 'shuffle_lists' || kind === 'shuffle_numbering') {
    out.viewOrder = {
      ...(all || kind === 'shuffle_lists' ? { listKey: keys('lists') } : {}),
      ...(all || kind === 'shuffle_numbering' ? { numberKey: keys('numbering') } : {}),
    }
  }
  if (all || kind === 'paraphrase') {
    const rng = rngStream(seed, 'grid/perturb/paraphrase')
    const rules = [...GRID_PARAPHRASES, ...TEXT_PARAPHRASES].map((rule) => ({
      find: rule.find,
      to: rng.pick(rule.replace),
    }))
    out.rewrite = (text) => {
      let s = text
      for (const rule of rules) {
        s = s.replace(rule.find, (m) =>
          m[0] === m[0]?.toUpperCase()
            ? rule.to.charAt(0).toUpperCase() + rule.to.slice(1)
            : rule.to,
        )
      }
      return s
    }
  }
  return out
}

function renameVerbs(seed: number): Partial<Record<MacroKind, string>> {
  const rng = rngStream(seed, 'grid/perturb/rename_verbs')
  const pick = (options: readonly string[], avoid: readonly string[]) =>
    rng.shuffle(options).find((o) => !avoid.includes(o)) ?? options[0]!
  const turn = pick(GRID_VERBS.turn!, [])
  const toggle = pick(VERB_SYNONYMS.toggle ?? ['switch'], [])
  const through = pick(GRID_VERBS['go through']!, [])
  return {
    'turn left': `${turn} left`,
    'turn right': `${turn} right`,
    'move forward': pick(GRID_VERBS['move forward']!, []),
    pickup: pick(VERB_SYNONYMS.pickup ?? ['lift'], ['pick up']),
    drop: pick(VERB_SYNONYMS.drop ?? ['release'], []),
    'go to': pick(VERB_SYNONYMS['go to'] ?? ['walk to'], []),
    'go through': through,
    'toggle and go through': `${toggle} and ${through}`,
    toggle,
  }
}
