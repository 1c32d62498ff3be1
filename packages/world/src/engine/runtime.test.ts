import { rngStream } from '@refinery/core'
import { describe, expect, it } from 'vitest'
import { Grounder, groundActions, holds } from '../planner/ground'
import type { WorldSpecInput } from '../spec'
import { coinWorld } from './__fixtures__/worlds'
import { compileWorld } from './compile'
import { Changes } from './effects'
import { applyAction, initialState, recomputeDerived, refreshDerivedChanged } from './runtime'
import type { State } from './state'
import type { CompiledWorld } from './world'

const item = { name: 'i', type: 'item' }
const place = { name: 'p', type: 'place' }

/** Derived facts in layers: `loose` reads `in` and `locked`, `free` reads `loose`. */
const layered: WorldSpecInput['derived'] = [
  {
    predicate: 'loose',
    params: [item],
    when: {
      exists: {
        vars: [place],
        where: { all: [{ fact: ['in', '?i', '?p'] }, { not: { fact: ['locked', '?p'] } }] },
      },
    },
  },
  { predicate: 'spare', params: [], when: { fact: ['holding', 'coin_1'] } },
  {
    predicate: 'free',
    params: [item],
    when: { any: [{ fact: ['loose', '?i'] }, { fact: ['holding', '?i'] }] },
  },
]

function world(derived: WorldSpecInput['derived']): CompiledWorld {
  const base = coinWorld()
  return compileWorld({
    ...base,
    predicates: [
      ...base.predicates!,
      { name: 'loose', params: [item], hidden: true },
      { name: 'spare', params: [], hidden: true },
      { name: 'free', params: [item], hidden: true },
    ],
    actions: [
      ...base.actions,
      {
        name: 'lock',
        params: [place],
        pattern: 'lock {p}',
        checks: [],
        effects: [{ add: ['locked', '?p'] }],
        message: 'Locked.',
      },
      {
        name: 'unlock',
        params: [place],
        pattern: 'unlock {p}',
        checks: [],
        effects: [{ del: ['locked', '?p'] }],
        message: 'Unlocked.',
      },
    ],
    derived,
  })
}

const DERIVED = (w: CompiledWorld, st: State) =>
  [...w.derivedPreds].flatMap((p) => st.table.byPred[p]!.map((id) => `${id}:${st.facts[id] ?? 0}`))

describe('refreshDerivedChanged', () => {
  for (const [name, derived] of [
    ['layered rules', layered],
    ['rules out of order (a full recomputation instead)', [layered![2]!, layered![0]!]],
  ] as const) {
    it(`leaves the same facts as a full recomputation along random walks: ${name}`, () => {
      const w = world(derived as WorldSpecInput['derived'])
      const root = initialState(w)
      const ground = groundActions(new Grounder(w, root))
      const rng = rngStream(7, 'refresh-walk')
      const env = new Int32Array(w.envSize)
      const dirty = new Uint8Array(w.predicates.length + 2)
      const ch = new Changes()
      for (let walk = 0; walk < 40; walk++) {
        let st = root
        for (let step = 0; step < 12; step++) {
          const options = ground.filter((g) => holds(g.pre, st))
          if (options.length === 0) break
          const g = rng.pick(options)
          const next = st.clone()
          env.set(g.args)
          dirty.fill(0)
          const applied = applyAction(w, w.actions[g.schema]!, next, env, ch, dirty)
          const full = next.clone()
          recomputeDerived(w, full, new Int32Array(w.envSize))
          refreshDerivedChanged(w, next, new Int32Array(w.envSize), dirty, applied)
          expect(DERIVED(w, next)).toEqual(DERIVED(w, full))
          expect(dirty.every((d) => d === 0)).toBe(true)
          st = next
        }
      }
    })
  }
})
