import { rngStream } from '@refinery/core'
import { createLockboxFamily } from '@refinery/core/testing'
import { describe, expect, it } from 'vitest'
import { ERROR_KINDS, entityMentions, errorCandidates, errorKindOrder, typos } from './errors'

const family = createLockboxFamily()
const space = family.create(family.task('train', 0)).actionSpace

describe('error candidates', () => {
  it('finds entity names as whole words, aliases included', () => {
    expect(entityMentions('take coin from box', space).map((m) => m.name)).toEqual(['coin', 'box'])
    expect(
      entityMentions('open red box', {
        ...space,
        entities: [{ name: 'box', types: ['container'], aliases: ['red box'] }],
      }).map((m) => m.name),
    ).toEqual(['red box'])
    expect(entityMentions('take keys', space)).toEqual([])
  })

  it('makes near misses that are not real names', () => {
    const out = typos('apple 1', rngStream(0, 't'))
    expect(out).toHaveLength(3)
    for (const typo of out) {
      expect(typo).toMatch(/ 1$/)
      expect(typo).not.toBe('apple 1')
    }
    expect(typos('tv', rngStream(0, 't'))).toEqual([])
  })

  it('swaps the verb for one no template uses', () => {
    const out = errorCandidates(
      'unknown_verb',
      { next: 'take key', plan: ['take key'], accepted: [], space },
      rngStream(1, 'v'),
    )
    expect(out.length).toBeGreaterThan(0)
    for (const c of out) {
      expect(c.action).toMatch(/ key$/)
      expect(['take', 'open', 'unlock', 'look', 'inventory', 'check']).not.toContain(c.wrong)
      expect(c.right).toBe('take')
    }
  })

  it('plays later plan steps early and repeats accepted actions', () => {
    const input = {
      next: 'take key',
      plan: ['take key', 'unlock box with key', 'open box'],
      accepted: ['look', 'take key'],
      space,
    }
    expect(
      errorCandidates('skipped_prerequisite', input, rngStream(0, 's')).map((c) => c.action),
    ).toEqual(['unlock box with key', 'open box'])
    expect(
      errorCandidates('pointless_action', input, rngStream(0, 's')).map((c) => c.action),
    ).toEqual(['take key', 'look'])
  })

  it('swaps an argument for an entity of another type', () => {
    const out = errorCandidates(
      'wrong_type',
      { next: 'open box', plan: [], accepted: [], space },
      rngStream(0, 'w'),
    )
    expect(out.map((c) => c.action).sort()).toEqual(['open coin', 'open key'])
  })
})

describe('error kind order', () => {
  it('puts every kind once, and a category already made later on average', () => {
    let placeFirst = 0
    let placeFirstUsed = 0
    for (let i = 0; i < 2000; i++) {
      const fresh = errorKindOrder(rngStream(9, 'order', i))
      expect([...fresh].sort()).toEqual([...ERROR_KINDS].sort())
      if (fresh[0] === 'wrong_place') placeFirst++
      const used = errorKindOrder(rngStream(9, 'order', i), new Set(['place'] as const))
      if (used[0] === 'wrong_place') placeFirstUsed++
    }
    expect(placeFirst).toBeGreaterThan(600)
    expect(placeFirstUsed).toBeLessThan(placeFirst / 2)
  })
})
