import { RefineryError } from '@refinery/core'
import { describe, expect, it } from 'vitest'
import { sampleSpace } from './__fixtures__/sample-space'
import { perturbActionSpace } from './perturb'
import { groundAction } from './space'

const space = sampleSpace()
const patterns = (kind: string, seed = 1) =>
  perturbActionSpace(space, { kind, seed })
    .space.templates.slice(0, 4)
    .map((t) => t.pattern)

describe('perturbActionSpace', () => {
  it('renames verbs one to one, seeded', () => {
    const result = perturbActionSpace(space, { kind: 'verbs', seed: 1 })
    expect(patterns('verbs')).toMatchInlineSnapshot(`
      [
        "collect {obj} from {recep}",
        "deposit {obj} in/on {recep}",
        "walk to {recep}",
        "unclose {obj}",
      ]
    `)
    const renamed = Object.values(result.verbs)
    expect(new Set(renamed).size).toBe(renamed.length)
    expect(perturbActionSpace(space, { kind: 'verbs', seed: 1 })).toEqual(result)
  })

  it('moves the last phrase to the front', () => {
    expect(patterns('order')).toMatchInlineSnapshot(`
      [
        "from {recep}, take {obj}",
        "in/on {recep}, put {obj}",
        "go to {recep}",
        "open {obj}",
      ]
    `)
  })

  it('writes actions as calls or piped fields', () => {
    expect(patterns('syntax', 1)).toMatchInlineSnapshot(`
      [
        "take({obj}, {recep})",
        "put({obj}, {recep})",
        "go_to({recep})",
        "open({obj})",
      ]
    `)
    expect(patterns('syntax', 2)).toMatchInlineSnapshot(`
      [
        "take | {obj} | {recep}",
        "put | {obj} | {recep}",
        "go_to | {recep}",
        "open | {obj}",
      ]
    `)
  })

  it('changes the reply format and nothing else for `format`', () => {
    const result = perturbActionSpace(space, { kind: 'format', seed: 4 })
    expect(result.format).not.toBe('react')
    expect(result.space.templates.map((t) => t.pattern)).toEqual(
      space.templates.map((t) => t.pattern),
    )
  })

  it('keeps template ids, slots, entities and meta-actions', () => {
    const result = perturbActionSpace(space, { kind: 'all', seed: 9 })
    expect(result.space.templates.map((t) => [t.id, t.slots])).toEqual(
      space.templates.map((t) => [t.id, t.slots]),
    )
    expect(result.space.entities).toBe(space.entities)
    expect(result.space.meta).toEqual(space.meta)
  })

  it('grounds the perturbed words and refuses the original verb', () => {
    const { space: perturbed, verbs } = perturbActionSpace(space, { kind: 'verbs', seed: 1 })
    const take = verbs.take!
    expect(groundAction(`${take} apple 1 from cabinet 2`, perturbed)).toMatchObject({
      ok: true,
      action: { template: 'take', args: { obj: 'apple 1', recep: 'cabinet 2' } },
    })
    expect(groundAction('take apple 1 from cabinet 2', perturbed)).toMatchObject({
      ok: false,
      status: 'unknown_action',
    })
  })

  it('refuses an unknown kind with a RefineryError', () => {
    try {
      perturbActionSpace(space, { kind: 'shuffle', seed: 1 })
      expect.unreachable()
    } catch (error) {
      expect(RefineryError.isInstance(error) && error.code).toBe('invalid_input')
    }
  })
})
