import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FamilyRegistry, Trajectory } from '@refinery/core'
import { checkTrajectoryFile, exportFile } from '@refinery/dataset'
import { LlmClient } from '@refinery/llm'
import { type FakeReplySource, startFakeServer } from '@refinery/llm/testing'
import { describe, expect, it } from 'vitest'
import { scriptTeacher } from './__fixtures__/script-teacher'
import { runSynthesis } from './run'
import { scriptMode } from './script'

/** A run of the script mode against a fresh fake server answering with `reply`. */
async function run(
  reply: FakeReplySource,
  extra: { count?: number; concurrency?: number; maxAttempts?: number } = {},
) {
  const server = await startFakeServer({ reply })
  try {
    const client = new LlmClient({ baseURL: server.url, apiKey: 'x', model: 'fake', env: {} })
    const dir = await mkdtemp(join(tmpdir(), 'refinery-synth-script-'))
    const summary = await runSynthesis({
      config: {
        mode: 'script',
        families: ['script'],
        count: extra.count ?? 2,
        seed: 0,
        ...(extra.maxAttempts ? { maxAttempts: extra.maxAttempts } : {}),
      },
      registry: new FamilyRegistry(),
      outDir: dir,
      mode: scriptMode({ client }),
      concurrency: extra.concurrency ?? 1,
    })
    const jsonl = await readFile(join(dir, 'trajectories.jsonl'), 'utf8')
    return { dir, summary, jsonl, requests: server.requests }
  } finally {
    await server.close()
  }
}

describe('script mode (AgentRefine pipeline)', () => {
  it('repairs a script, regenerates from the verified prefix, falls back to a new script, and counts the DM', async () => {
    const { summary, jsonl, requests } = await run(scriptTeacher())
    expect(summary.kept).toBe(2)
    expect(summary.attempted).toBe(3)
    expect(summary.rejected['too few error-refine pairs']).toBe(1)
    expect(summary.families).toEqual({ script: { kept: 2, attempted: 3 } })
    expect(summary.mode).toEqual({
      llmCalls: 11,
      promptTokens: expect.any(Number),
      completionTokens: expect.any(Number),
      scripts: 3,
      scriptRepairs: 1,
      scriptsRejected: 0,
      newScripts: 1,
      trajectories: 7,
      regenerations: 4,
      dmJudgedTurns: 18,
      dmDisagreements: 3,
      'dmDisagreements.missed_parameter_error': 1,
      'dmDisagreements.misnamed_error': 2,
      'dmDisagreements.invented_parameter_error': 0,
      dmUnverifiableFlags: 2,
      dmDisagreementRate: 0.1667,
      dmUnverifiableRate: 0.1111,
    })
    // The regeneration sent the verified prefix back as the model's own answer, and the problem.
    const continued = requests.find((r) => (r.body.messages ?? []).length === 4)!
    const [, , prefix, ask] = continued.body.messages!
    expect(prefix?.role).toBe('assistant')
    expect(JSON.parse(String(prefix?.content))).toHaveLength(5)
    expect(String(ask?.content)).toMatch(
      /^The interaction was checked: turn 6: the action "bake cake" breaks the script .*flagged logic_error\. The 5 turns above passed .*from turn 6/,
    )
    const records = jsonl
      .trim()
      .split('\n')
      .map((line) => Trajectory.parse(JSON.parse(line)))
    expect(records.map((r) => r.source.slot)).toEqual([0, 1])
    const first = records[0]!
    expect(first.env).toBe('script')
    expect(first.verified?.by).toBe('rules')
    expect(first.outcome).toEqual({ success: true, progress: 1, steps: 5, errorRefinePairs: 2 })
    expect(
      first.messages.flatMap((m) =>
        m.role === 'assistant' ? [[m.action, m.status, m.train]] : [],
      ),
    ).toEqual([
      ['take sugar', 'invalid_argument', false],
      ['take flour', 'ok', true],
      ['bake bread', 'precondition_failed', false],
      ['go to oven room', 'ok', true],
      ['bake bread', 'ok', true],
    ])
    expect(first.script?.flags).toEqual([['parameter_error'], [], ['place_error'], [], []])
    // The first user turn is the script's world, the goal, the actions and the DM's opening.
    expect(first.messages[1]?.content).toMatch(
      /^A small bakery.*\nYour task is to: Bake a loaf of bread\.\nAvailable actions: go to \{location\}; take \{item\}; bake \{item\}\nYou stand at the counter/,
    )
  })

  it('writes records that pass the check and export with erroneous turns out of the loss', async () => {
    const { dir } = await run(scriptTeacher())
    const file = join(dir, 'trajectories.jsonl')
    const report = await checkTrajectoryFile(file, new FamilyRegistry())
    expect(report).toEqual({ total: 2, passed: 2, failures: [] })
    const out = join(dir, 'openai.jsonl')
    const exported = await exportFile(file, out, 'openai')
    expect(exported.records).toBe(2)
    const line = JSON.parse((await readFile(out, 'utf8')).split('\n')[0]!)
    const weights = line.messages
      .filter((m: { role: string }) => m.role === 'assistant')
      .map((m: { weight: number }) => m.weight)
    expect(weights).toEqual([0, 1, 0, 1, 1])
  })

  it('gives the same bytes for the same seed and answers, at any concurrency', async () => {
    const a = await run(scriptTeacher())
    const b = await run(scriptTeacher(), { concurrency: 3 })
    expect(b.jsonl).toBe(a.jsonl)
    expect(b.summary.mode).toEqual(a.summary.mode)
  })

  it('stops cleanly at the spending cap, and a resume from the answer cache ends as an unstopped run', async () => {
    const whole = await run(scriptTeacher())
    const server = await startFakeServer({ reply: scriptTeacher() })
    const cacheDir = await mkdtemp(join(tmpdir(), 'refinery-synth-script-cache-'))
    const dir = await mkdtemp(join(tmpdir(), 'refinery-synth-script-cap-'))
    const synth = (budgetUsd: number) =>
      runSynthesis({
        config: { mode: 'script', families: ['script'], count: 2, seed: 0 },
        registry: new FamilyRegistry(),
        outDir: dir,
        existing: 'resume',
        // gpt-4o's price: each request reserves about $0.04 of worst case, and spends less
        // than a cent, so a $0.05 cap lets the first few through.
        mode: scriptMode({
          client: new LlmClient({
            baseURL: server.url,
            apiKey: 'x',
            model: 'gpt-4o',
            env: {},
            cacheDir,
            budgetUsd,
          }),
        }),
      })
    try {
      const stopped = await synth(0.05)
      expect(stopped.interrupted).toBe(true)
      expect(stopped.kept).toBe(0)
      expect(await readFile(join(dir, 'trajectories.jsonl'), 'utf8')).toBe('')
      const paid = server.requests.length
      expect(paid).toBeGreaterThan(0)
      expect(paid).toBeLessThan(11)
      const resumed = await synth(10)
      expect(resumed.interrupted).toBe(false)
      expect(resumed.resumed).toBe(1)
      expect(await readFile(join(dir, 'trajectories.jsonl'), 'utf8')).toBe(
        // The model name is the record's teacher; everything else is the same.
        whole.jsonl.replaceAll('"teacher":"fake"', '"teacher":"gpt-4o"'),
      )
      // What the stopped run paid for came from the cache.
      expect(server.requests.length - paid).toBe(11 - paid)
    } finally {
      await server.close()
    }
  })

  it('gives a slot up after its attempts when no script is valid, and keeps going', async () => {
    const { summary, jsonl } = await run(
      (request) =>
        String(request.body.messages?.[0]?.content).includes('design')
          ? '{"Goal": "no actions"}'
          : '[]',
      { count: 1, maxAttempts: 2 },
    )
    expect(jsonl).toBe('')
    expect(summary.failedSlots).toEqual([0])
    expect(summary.rejected['script invalid']).toBe(2)
    expect(summary.mode.scriptsRejected).toBe(2)
    // Each script: the first answer and two repairs.
    expect(summary.mode.llmCalls).toBe(6)
  })
})
