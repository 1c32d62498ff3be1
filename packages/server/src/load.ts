import type { EnvironmentFamily } from '@refinery/core'

export interface LoadOptions {
  /** The server under test. */
  url: string
  family: EnvironmentFamily
  /** Episodes in all; episode i plays test task i mod the split's size. */
  episodes: number
  /** Episodes in flight at once. */
  concurrency: number
  /** Give up on a request after this long (default 30 s): a hang counts as an error. */
  timeoutMs?: number
}

export interface LoadReport {
  episodes: number
  steps: number
  /** Requests that failed: a non-2xx status, a broken body or a time-out. */
  errors: number
  /** Answers that differ from an in-process run of the same actions: lost or crossed steps. */
  mismatches: number
  seconds: number
  episodesPerSecond: number
  stepsPerSecond: number
}

/** A script for one episode: its actions (the oracle's, with a mistake every third step). */
async function script(family: EnvironmentFamily, index: number) {
  const env = family.create(family.task('test', index))
  const first = await env.reset()
  const actions: string[] = []
  const observations: string[] = []
  for (let step = 0; step < 60; step++) {
    const plan = step % 3 === 2 ? ['frobnicate the quux'] : ((await env.oracle?.()) ?? [])
    const action = plan[0]
    if (action === undefined) break
    const result = await env.step(action)
    actions.push(action)
    observations.push(result.observation)
    if (result.done) break
  }
  await env.close?.()
  return { first: `${first.instruction}\n${first.observation}`, actions, observations }
}

/**
 * A bounded load test on loopback: many episodes at once through the server, each answer
 * compared with an in-process run of the same actions, so a lost, doubled or crossed step
 * shows as a mismatch. Every request has a time-out; the test ends by itself.
 */
export async function runLoad(options: LoadOptions): Promise<LoadReport> {
  const { url, family, episodes, concurrency } = options
  const timeoutMs = options.timeoutMs ?? 30_000
  const size = Math.min(family.splits.test.size, episodes)
  const scripts: Awaited<ReturnType<typeof script>>[] = []
  for (let i = 0; i < size; i++) scripts.push(await script(family, i))
  let errors = 0
  let mismatches = 0
  let steps = 0

  const call = async (method: string, path: string, body?: unknown): Promise<unknown> => {
    try {
      const response = await fetch(`${url}${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      })
      const value = await response.json()
      if (!response.ok) errors++
      return value
    } catch {
      errors++
      return null
    }
  }

  const episode = async (i: number): Promise<void> => {
    const expected = scripts[i % size]!
    const created = (await call('POST', '/create', { family: family.id })) as { id?: number }
    if (typeof created?.id !== 'number') return
    const id = created.id
    const reset = (await call('POST', '/reset', { id, data_idx: i % size })) as {
      observation?: string
    }
    if (reset?.observation !== expected.first) mismatches++
    for (let k = 0; k < expected.actions.length; k++) {
      const result = (await call('POST', '/step', { id, action: expected.actions[k] })) as {
        observation?: string
      }
      steps++
      if (result?.observation !== expected.observations[k]) mismatches++
    }
    await call('POST', '/close', { id })
  }

  const start = performance.now()
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < episodes) await episode(next++)
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, episodes) }, worker))
  const seconds = (performance.now() - start) / 1000
  return {
    episodes,
    steps,
    errors,
    mismatches,
    seconds: Number(seconds.toFixed(3)),
    episodesPerSecond: Number((episodes / seconds).toFixed(1)),
    stepsPerSecond: Math.round(steps / seconds),
  }
}
