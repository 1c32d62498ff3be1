import { reactReply, replayAgent, runEpisode } from '@refinery/agent'
import type { Trajectory } from '@refinery/core'
import { WorldSpec, type WorldSpecInput, worldFamily } from '@refinery/world'
import { describe, expect, it } from 'vitest'
import { registry } from './__fixtures__/records'
import { verifyTrajectory } from './verify'

/** A shed with a locked chest: enough for two error→refine pairs. */
const SHED: WorldSpecInput = {
  id: 'shed',
  types: [{ name: 'thing' }],
  entities: [
    { id: 'key', type: 'thing', name: 'key' },
    { id: 'chest', type: 'thing', name: 'chest' },
  ],
  predicates: [
    { name: 'holding', params: [{ name: 'o', type: 'thing' }], text: 'You hold {the o}.' },
    { name: 'open', params: [{ name: 'o', type: 'thing' }], text: '{The o} is open.' },
  ],
  facts: [],
  actions: [
    {
      name: 'take',
      params: [{ name: 'o', type: 'thing' }],
      pattern: 'take {o}',
      checks: [
        {
          require: { not: { fact: ['holding', '?o'] } },
          fail: 'You already hold {the o}.',
          status: 'no_effect',
        },
      ],
      effects: [{ add: ['holding', '?o'] }],
      message: 'You take {the o}.',
    },
    {
      name: 'open',
      params: [{ name: 'o', type: 'thing' }],
      pattern: 'open {o}',
      checks: [{ require: { fact: ['holding', 'key'] }, fail: 'The {o} is locked.' }],
      effects: [{ add: ['open', '?o'] }],
      message: 'You open {the o}.',
    },
  ],
  observations: { look: 'You are in a shed with a key and a chest.' },
  goal: { instruction: 'Your task is to: open the chest.', success: { fact: ['open', 'chest'] } },
}

/** A record of the shed world that carries it in `source.world`, as grounded records do. */
async function carried(world: unknown = WorldSpec.parse(SHED)): Promise<Trajectory> {
  const family = worldFamily(WorldSpec.parse(SHED), { id: 'written', split: 'train', index: 4 })
  const { trajectory, finalStateHash } = await runEpisode({
    family,
    task: family.task('train', 4),
    agent: replayAgent([
      reactReply('Open it.', 'open chest'),
      reactReply('"Locked": the key first.', 'take key'),
      reactReply('Take it again to be sure.', 'take key'),
      reactReply('Now open it.', 'open chest'),
    ]),
    source: { kind: 'synth', mode: 'grounded', world },
    id: 'carried',
  })
  return { ...trajectory, verified: { by: 'replay', ok: true, finalStateHash } }
}

describe('verifyTrajectory of a record that carries its world', () => {
  it('replays it in the world it carries when no registered family has its id', async () => {
    const record = await carried()
    expect(record.task).toBe('written/train/4')
    const report = await verifyTrajectory(record, registry)
    expect(report.problems).toEqual([])
    expect(report.finalStateHash).toBe(record.verified?.finalStateHash)
  })

  it('fails a record whose carried world was changed, or is not a world', async () => {
    const record = await carried()
    const world = WorldSpec.parse(SHED)
    world.actions[1]!.message = 'The chest creaks open.'
    const changed = await verifyTrajectory(
      { ...record, source: { ...record.source, world } },
      registry,
    )
    expect(changed.problems.map((p) => p.kind)).toContain('replay mismatch')
    const broken = await verifyTrajectory(
      { ...record, source: { ...record.source, world: { id: 'x' } } },
      registry,
    )
    expect(broken.problems.map((p) => p.kind)).toEqual(['schema'])
    expect(broken.problems[0]!.message).toMatch(/^source\.world: /)
  })

  it('never lets a carried world stand in for a registered family', async () => {
    const record = await carried()
    const report = await verifyTrajectory({ ...record, env: 'lockbox' }, registry)
    expect(report.problems.map((p) => p.kind)).toContain('replay mismatch')
  })
})
