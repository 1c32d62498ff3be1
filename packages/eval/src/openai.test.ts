import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FamilyRegistry } from '@refinery/core'
import { grid } from '@refinery/env-grid'
import { lab } from '@refinery/env-lab'
import { LlmClient } from '@refinery/llm'
import { type FakeRequest, startFakeServer } from '@refinery/llm/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runEval } from './run'

const registry = new FamilyRegistry([grid, lab])
const tmp = () => mkdtempSync(join(tmpdir(), 'refinery-eval-openai-'))

/** The scripted policy: task 0 of each family follows the oracle's plan, task 1 says `xyzzy`. */
const plans = new Map<string, string[]>()
async function planFor(familyId: 'grid' | 'lab', index: number): Promise<void> {
  const family = registry.get(familyId)
  const env = family.create(family.task('test', index))
  const first = await env.reset()
  plans.set(`${first.instruction}\n${first.observation}`, index === 0 ? await env.oracle!() : [])
}
function policy(request: FakeRequest) {
  const messages = request.body.messages ?? []
  const task = messages.find((m, i) => i > 0 && m.role === 'user')?.content as string
  const turn = messages.filter((m) => m.role === 'assistant').length
  const plan = plans.get(task)
  if (plan === undefined) throw new Error(`unknown task: ${task}`)
  const action = plan[turn] ?? 'xyzzy plugh'
  return {
    content: `Thought: step ${turn}.\nAction: ${action}`,
    usage: { prompt_tokens: 100, completion_tokens: 10 },
  }
}

let server: Awaited<ReturnType<typeof startFakeServer>>
beforeAll(async () => {
  for (const id of ['grid', 'lab'] as const) for (const i of [0, 1]) await planFor(id, i)
  server = await startFakeServer({ reply: policy })
})
afterAll(() => server.close())

const options = (outDir: string) => ({
  registry,
  suite: { limit: 2, maxSteps: 12 },
  agent: {
    kind: 'openai' as const,
    client: new LlmClient({ baseURL: server.url, model: 'fake', apiKey: 'x' }),
    model: 'fake',
  },
  outDir,
  concurrency: 2,
})

describe('the openai agent against a scripted fake server', () => {
  it('gets exactly the metrics the policy implies', async () => {
    const results = await runEval(options(tmp()))
    const [planned, , ,] = [...plans.values()]
    expect(planned!.length).toBeGreaterThan(0)
    for (const e of results.episodes) {
      const plan = e.task.endsWith('/0')
        ? plans.get([...plans.keys()][e.family === 'grid' ? 0 : 2]!)!
        : []
      if (plan.length > 0) {
        expect(e).toMatchObject({
          success: true,
          progress: 1,
          steps: plan.length,
          grounding: 1,
          outcome: 'success',
        })
        expect(e.statuses.ok).toBe(plan.length)
      } else {
        expect(e).toMatchObject({
          success: false,
          progress: 0,
          steps: 12,
          grounding: 0,
          outcome: 'stuck',
        })
      }
      expect(e.usage).toEqual({
        promptTokens: 100 * e.steps,
        completionTokens: 10 * e.steps,
        costUsd: 0,
      })
    }
    expect(results.aggregates.overall.success.mean).toBe(0.5)
    expect(results.aggregates.families.grid!.outcomes.stuck.mean).toBe(0.5)
    expect(results.complete).toBe(true)
  })

  it('a run stopped part-way and resumed is byte-identical to one never stopped', async () => {
    const whole = tmp()
    await runEval(options(whole))
    const cut = tmp()
    const controller = new AbortController()
    const stopped = await runEval({
      ...options(cut),
      signal: controller.signal,
      onProgress: (p) => {
        if (p.done === 2) controller.abort()
      },
    })
    expect(stopped.complete).toBe(false)
    const partial = readFileSync(join(cut, 'trajectories.jsonl'), 'utf8').trim().split('\n')
    expect(partial.length).toBeGreaterThanOrEqual(2)
    expect(partial.length).toBeLessThan(4)
    await runEval({ ...options(cut), resume: true })
    for (const file of ['trajectories.jsonl', 'results.json', 'results.md']) {
      expect(readFileSync(join(cut, file), 'utf8')).toBe(readFileSync(join(whole, file), 'utf8'))
    }
  })
})
