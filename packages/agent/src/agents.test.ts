import { RefineryError } from '@refinery/core'
import { createLockboxFamily } from '@refinery/core/testing'
import { describe, expect, it } from 'vitest'
import { spyLockbox } from './__fixtures__/spy-family'
import { oracleAgent, randomAgent, replayAgent } from './agents'
import { runEpisode } from './episode'

const source = { kind: 'eval' } as const

describe('built-in agents', () => {
  it('oracleAgent fails clearly on a family without an oracle', async () => {
    const family = spyLockbox({ oracle: false })
    const run = runEpisode({
      family,
      task: family.task('train', 0),
      agent: oracleAgent(),
      source,
      id: 'o',
    })
    await expect(run).rejects.toSatisfy(
      (error: unknown) => RefineryError.isInstance(error) && error.code === 'usage',
    )
  })

  it('randomAgent only plays valid actions', async () => {
    const family = createLockboxFamily()
    const { results } = await runEpisode({
      family,
      task: family.task('train', 4),
      agent: randomAgent(3),
      maxSteps: 20,
      source,
      id: 'r',
    })
    expect(results.every((r) => r.status === 'ok' || r.status === 'meta')).toBe(true)
  })

  it('randomAgent picks differently under different seeds', async () => {
    const family = createLockboxFamily()
    const actions = async (seed: number) => {
      const { trajectory } = await runEpisode({
        family,
        task: family.task('train', 4),
        agent: randomAgent(seed),
        maxSteps: 10,
        source,
        id: 'r',
      })
      return trajectory.messages.flatMap((m) => (m.role === 'assistant' ? [m.action] : []))
    }
    const runs = new Set<string>()
    for (const seed of [1, 2, 3, 4, 5]) runs.add(JSON.stringify(await actions(seed)))
    expect(runs.size).toBeGreaterThan(1)
  })

  it('replayAgent fails clearly when it runs out of recorded turns', async () => {
    const family = createLockboxFamily()
    const run = runEpisode({
      family,
      task: family.task('train', 0),
      agent: replayAgent(['Thought: look.\nAction: look']),
      maxSteps: 3,
      source,
      id: 'x',
    })
    await expect(run).rejects.toSatisfy(
      (error: unknown) => RefineryError.isInstance(error) && error.code === 'invalid_input',
    )
  })
})
