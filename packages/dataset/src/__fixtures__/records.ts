import { reactReply, replayAgent, runEpisode } from '@refinery/agent'
import { FamilyRegistry, type Trajectory } from '@refinery/core'
import { createLockboxFamily } from '@refinery/core/testing'

export const lockbox = createLockboxFamily()
export const registry = new FamilyRegistry([lockbox])

/** A verified lockbox record with two error→refine pairs (tests only). */
export async function goodRecord(index = 1, id = `good-${index}`): Promise<Trajectory> {
  const { trajectory, finalStateHash } = await runEpisode({
    family: lockbox,
    task: lockbox.task('train', index),
    agent: replayAgent([
      reactReply('The box must open first.', 'open box'),
      reactReply('"The box is locked." I need the key first: take key.', 'take key'),
      reactReply('Now unlock it.', 'unlock box with key'),
      reactReply('I will grab the box.', 'grab box'),
      reactReply('"grab" is not a verb here. I open the box instead.', 'open box'),
      reactReply('Take the coin.', 'take coin from box'),
    ]),
    source: { kind: 'synth', mode: 'procedural', teacher: 'test', persona: 'a tester' },
    id,
  })
  return { ...trajectory, verified: { by: 'replay', ok: true, finalStateHash } }
}
