import { request as httpRequest } from 'node:http'
import { FamilyRegistry } from '@refinery/core'
import { createLockboxFamily } from '@refinery/core/testing'
import { household } from '@refinery/env-household'
import { afterEach, describe, expect, it } from 'vitest'
import { runLoad } from './load'
import { createEnvServer, type EnvServer } from './server'

const lockbox = createLockboxFamily()
let server: EnvServer | null = null

afterEach(async () => {
  await server?.close()
  server = null
})

async function start(options: Partial<Parameters<typeof createEnvServer>[0]> = {}) {
  server = createEnvServer({ registry: new FamilyRegistry([household, lockbox]), ...options })
  const { url } = await server.listen()
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    })
    return { status: response.status, body: (await response.json()) as Record<string, unknown> }
  }
  return { url, call }
}

describe('env server (AgentGym protocol)', () => {
  it('plays an episode: create, reset, step, observation, available_actions, close', async () => {
    const { call } = await start({ defaultFamily: 'household' })
    const created = await call('POST', '/create')
    expect(created).toEqual({ status: 200, body: { id: 0 } })
    const reset = await call('POST', '/reset', { id: 0, data_idx: 3 })
    const env = household.create(household.task('test', 3))
    const first = await env.reset()
    expect(reset.body).toMatchObject({
      id: 0,
      task: 'household/test/3',
      observation: `${first.instruction}\n${first.observation}`,
      available_actions: await env.validActions(),
    })
    const [action] = (await env.oracle!()) as [string]
    const expected = await env.step(action)
    const step = await call('POST', '/step', { id: 0, action })
    expect(step.body).toEqual({
      observation: expected.observation,
      reward: expected.reward,
      done: expected.done,
      success: expected.success,
      progress: expected.progress,
      status: expected.status,
      available_actions: await env.validActions(),
    })
    expect((await call('GET', '/observation?id=0')).body).toBe(expected.observation)
    expect((await call('GET', '/available_actions?id=0')).body).toEqual(await env.validActions())
    expect((await call('GET', '/detail?id=0')).body).toMatchObject({ task: 'household/test/3' })
    expect(await call('POST', '/close', { id: 0 })).toEqual({
      status: 200,
      body: { id: 0, closed: true },
    })
    expect((await call('GET', '/observation?id=0')).status).toBe(404)
  })

  it('creates environments of a named family under a feedback profile', async () => {
    const { call } = await start()
    const { body } = await call('POST', '/create', { family: 'household', profile: 'agentboard' })
    await call('POST', '/reset', { id: body.id, data_idx: 0 })
    const step = await call('POST', '/step', { id: body.id, action: 'take unicorn 9 from moon 1' })
    expect(step.body.observation).toBe('Nothing happens.')
  })

  it('answers malformed and unknown requests with a 4xx JSON error and stays up', async () => {
    const { call, url } = await start()
    const cases: [string, string, unknown, number][] = [
      ['POST', '/create', {}, 400], // no family and no default
      ['POST', '/create', { family: 'nope' }, 400],
      ['POST', '/create', { family: 'household', extra: 1 }, 400],
      ['POST', '/create', '{not json', 400],
      ['POST', '/reset', { id: 99 }, 404],
      ['POST', '/reset', { id: 'x' }, 400],
      ['POST', '/step', { id: 0 }, 400],
      ['GET', '/observation', undefined, 400],
      ['GET', '/observation?id=-1', undefined, 400],
      ['GET', '/nowhere', undefined, 404],
      ['GET', '/step', undefined, 405],
      ['DELETE', '/create', undefined, 405],
    ]
    for (const [method, path, body, status] of cases) {
      const answer = await call(method, path, body)
      expect([method, path, answer.status]).toEqual([method, path, status])
      expect(typeof answer.body.error).toBe('string')
    }
    const { body } = await call('POST', '/create', { family: 'lockbox' })
    expect((await call('POST', '/step', { id: body.id, action: 'look' })).status).toBe(409)
    expect((await call('POST', '/reset', { id: body.id, data_idx: 10 ** 9 })).status).toBe(400)
    const big = await fetch(`${url}/create`, { method: 'POST', body: 'x'.repeat(100_000) })
    expect(big.status).toBe(413)
    expect((await call('GET', '/')).status).toBe(200)
  })

  it('refuses a step after the episode is over', async () => {
    const { call } = await start()
    const { body } = await call('POST', '/create', { family: 'lockbox' })
    await call('POST', '/reset', { id: body.id, data_idx: 0 })
    const env = lockbox.create(lockbox.task('test', 0))
    await env.reset()
    for (const action of await env.oracle!()) await call('POST', '/step', { id: body.id, action })
    expect((await call('POST', '/step', { id: body.id, action: 'look' })).status).toBe(409)
  })

  it('caps live environments and lets idle ones expire', async () => {
    const { call } = await start({ maxEnvironments: 2, idleMs: 50 })
    await call('POST', '/create', { family: 'lockbox' })
    await call('POST', '/create', { family: 'lockbox' })
    expect((await call('POST', '/create', { family: 'lockbox' })).status).toBe(503)
    await new Promise((resolve) => setTimeout(resolve, 80))
    expect((await call('POST', '/create', { family: 'lockbox' })).status).toBe(200)
    expect(server!.size).toBe(1)
  })

  it('survives a client that hangs up mid-request', async () => {
    const { call, url } = await start()
    await new Promise<void>((resolve) => {
      const req = httpRequest(`${url}/create`, { method: 'POST' })
      req.on('error', () => resolve())
      req.write('{"family": "hou')
      setTimeout(() => {
        req.destroy()
        resolve()
      }, 20)
    })
    expect((await call('GET', '/')).status).toBe(200)
  })

  it('holds many concurrent episodes without a lost or crossed step', async () => {
    const { url } = await start()
    const report = await runLoad({ url, family: lockbox, episodes: 64, concurrency: 32 })
    expect(report.steps).toBeGreaterThan(64 * 2)
    expect({ errors: report.errors, mismatches: report.mismatches }).toEqual({
      errors: 0,
      mismatches: 0,
    })
  }, 120_000)
})
