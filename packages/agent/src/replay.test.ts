import type { TaskRef, Trajectory } from '@refinery/core'
import { createLockboxFamily } from '@refinery/core/testing'
import { describe, expect, it } from 'vitest'
import { reactReply } from './agent'
import { oracleAgent, replayAgent } from './agents'
import { runEpisode } from './episode'
import { replayTrajectory } from './replay'

const family = createLockboxFamily()

async function record(): Promise<{ trajectory: Trajectory; finalStateHash: string }> {
  return runEpisode({
    family,
    task: family.task('test', 2),
    agent: replayAgent([
      reactReply('I will grab the key.', 'grab key'),
      reactReply('That verb is unknown; I will take the key.', 'take key'),
      'Thought: I forgot the action line.',
      reactReply('I forgot the Action line; now I unlock the box.', 'unlock box with key'),
      reactReply('Open it.', 'open box'),
      reactReply('Take the coin.', 'take coin from box'),
    ]),
    source: { kind: 'synth' },
    id: 'replay-me',
  })
}

function clone(value: Trajectory): Trajectory {
  return structuredClone(value)
}

describe('replayTrajectory', () => {
  it('accepts a faithful record and reports the same final state', async () => {
    const { trajectory, finalStateHash } = await record()
    expect(trajectory.outcome).toEqual({
      success: true,
      progress: 1,
      steps: 6,
      errorRefinePairs: 2,
    })
    const report = await replayTrajectory(trajectory, family)
    expect(report).toEqual({ ok: true, problems: [], finalStateHash })
  })

  it('names the turn whose observation was tampered with', async () => {
    const { trajectory } = await record()
    const tampered = clone(trajectory)
    tampered.messages[5] = { role: 'user', content: 'You take the key. It glows.' }
    const report = await replayTrajectory(tampered, family)
    expect(report.ok).toBe(false)
    expect(report.problems).toEqual(['turn 5: observation differs'])
  })

  it('names a tampered status, action and train mask', async () => {
    const { trajectory } = await record()
    const tampered = clone(trajectory)
    const turn = tampered.messages[2]
    if (turn?.role !== 'assistant') throw new Error('expected an assistant turn')
    turn.status = 'ok'
    turn.train = true
    turn.action = 'take key'
    const report = await replayTrajectory(tampered, family)
    expect(report.problems).toEqual([
      'turn 2: status differs (record ok, replay unknown_action)',
      'turn 2: action differs (record "take key", replay "grab key")',
      'turn 2: train differs (record true, replay false)',
    ])
  })

  it('reports an outcome that does not match', async () => {
    const { trajectory } = await record()
    const tampered = clone(trajectory)
    tampered.outcome.errorRefinePairs = 3
    const report = await replayTrajectory(tampered, family)
    expect(report.problems).toEqual(['outcome.errorRefinePairs differs (record 3, replay 2)'])
  })

  it('reports a record that ends after the fresh environment is done', async () => {
    const { trajectory } = await runEpisode({
      family,
      task: family.task('test', 2),
      agent: oracleAgent(),
      source: { kind: 'eval' },
      id: 'o',
    })
    const longer = clone(trajectory)
    longer.messages.push(
      {
        role: 'assistant',
        content: reactReply('Look.', 'look'),
        thought: 'Look.',
        action: 'look',
        status: 'meta',
        train: true,
      },
      { role: 'user', content: 'You are in a small room.' },
    )
    longer.outcome.steps = 5
    const report = await replayTrajectory(longer, family)
    expect(report.ok).toBe(false)
    expect(report.problems[0]).toMatch(/^turn 10: the replay ended before this turn/)
  })

  it('reports a record of another family or a bad task id instead of throwing', async () => {
    const { trajectory } = await record()
    const other = clone(trajectory)
    other.task = 'household/test/2'
    expect((await replayTrajectory(other, family)).problems[0]).toMatch(/^task: /)
    const bad = clone(trajectory)
    bad.task = 'lockbox/test/99'
    const report = await replayTrajectory(bad, family)
    expect(report.ok).toBe(false)
    expect(report.problems[0]).toMatch(/^replay: lockbox has no task 99/)
  })

  it('rebuilds a themed record in its theme, and refuses a theme its family cannot apply', async () => {
    const { trajectory } = await record()
    const themed = clone(trajectory)
    themed.source.theme = 'attic'
    const plain = await replayTrajectory(themed, family)
    expect(plain.problems).toEqual(["source.theme: family 'lockbox' is not themable"])
    // A family whose theming keeps the task as it is: the replay matches again.
    const applied: string[] = []
    const themable = {
      ...family,
      theming: {
        choose: () => 'attic',
        apply: (task: TaskRef, theme: string) => {
          applied.push(theme)
          return task
        },
      },
    }
    expect((await replayTrajectory(themed, themable)).ok).toBe(true)
    expect(applied).toEqual(['attic'])
    const refusing = {
      ...themable,
      theming: {
        ...themable.theming,
        apply: () => {
          throw new Error('no such theme')
        },
      },
    }
    expect((await replayTrajectory(themed, refusing)).problems).toEqual([
      'source.theme: no such theme',
    ])
  })
})
