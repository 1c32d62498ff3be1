import type { ActionSpace } from '@refinery/core'

const OBJECTS = ['apple', 'bread', 'butter knife', 'cellphone', 'credit card', 'dish sponge', 'egg', 'fork', 'kettle', 'lettuce']
const RECEPTACLES = ['cabinet', 'countertop', 'drawer', 'fridge', 'garbage can', 'microwave', 'shelf', 'sink basin', 'stove burner', 'toaster']
const VERBS = [
  'take', 'put', 'go to', 'open', 'close', 'heat', 'cool', 'clean', 'slice', 'use', 'examine', 'pick up', 'drop',
  'toggle', 'push', 'pull', 'read', 'eat', 'fill', 'empty', 'wash', 'dry', 'fold', 'hang', 'lift', 'lower',
  'move', 'place', 'shake', 'smell', 'squeeze', 'stir', 'taste', 'throw', 'turn on', 'turn off', 'unlock', 'lock', 'wipe', 'pour',
]

/**
 * A household-like space of 40 templates and 100 entities (ten objects and ten receptacles,
 * five numbered copies of each), used by the benchmark and the property tests.
 */
export function sampleSpace(): ActionSpace {
  const entities = [
    ...OBJECTS.flatMap((base) => [1, 2, 3, 4, 5].map((n) => ({ name: `${base} ${n}`, types: [base.replace(/ /g, ''), 'object'] }))),
    ...RECEPTACLES.flatMap((base) => [1, 2, 3, 4, 5].map((n) => ({ name: `${base} ${n}`, types: [base.replace(/ /g, ''), 'receptacle'] }))),
  ]
  const templates = VERBS.map((verb, i) => {
    const id = verb.replace(/ /g, '-')
    if (i % 4 === 0) {
      return {
        id,
        pattern: `${verb} {obj} ${i % 8 === 0 ? 'from' : 'with'} {recep}`,
        slots: [
          { name: 'obj', type: 'object' },
          { name: 'recep', type: 'receptacle' },
        ],
      }
    }
    if (i % 4 === 1) {
      return {
        id,
        pattern: `${verb} {obj} in/on {recep}`,
        slots: [
          { name: 'obj', type: 'object' },
          { name: 'recep', type: 'receptacle' },
        ],
      }
    }
    if (i % 4 === 2) return { id, pattern: `${verb} {recep}`, slots: [{ name: 'recep', type: 'receptacle' }] }
    return { id, pattern: `${verb} {obj}`, slots: [{ name: 'obj', type: 'object' }] }
  })
  templates.push({ id: 'search', pattern: 'search[{query}]', slots: [{ name: 'query', type: 'text' }] })
  return { templates: templates.slice(0, 39).concat(templates.slice(-1)), entities, meta: ['look', 'inventory', 'check valid actions', 'help'] }
}
