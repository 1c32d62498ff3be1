import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FamilyRegistry, type Trajectory } from '@refinery/core'
import { checkTrajectoryFile } from '@refinery/dataset'
import { LlmClient, type LlmClientOptions } from '@refinery/llm'
import { type FakeRequest, type FakeServer, startFakeServer } from '@refinery/llm/testing'
import { afterEach, describe, expect, it } from 'vitest'
import { groundedMode, groundedRegistry } from './grounded'
import { EXAMPLE_WORLD } from './grounded-example'
import { runSynthesis, SUMMARY_FILE, TRAJECTORIES_FILE } from './run'
import type { SynthSummary } from './summary'

/** The example world with a goal that holds at the start: validation refuses it. */
const ALREADY_DONE = {
  ...EXAMPLE_WORLD,
  goal: { ...EXAMPLE_WORLD.goal, success: { fact: ['in', 'apple_1', 'countertop_1'] } },
}

interface ScriptOptions {
  /** The first answer to each world request: a world, or text. */
  firstWorld?: unknown
  /** The answer after a repair request (default: the example world). */
  repairedWorld?: unknown
  /** The model's own mistake on its first turn: an action the world does not know. */
  blunderFirst?: boolean
}

/**
 * A scripted teacher, answering from the request's content (so the order requests arrive in
 * does not matter): world requests get the scripted worlds, play requests follow the
 * planner's step in the teacher's note.
 */
function scriptedTeacher(script: ScriptOptions = {}) {
  return (request: FakeRequest): string => {
    const messages = request.body.messages ?? []
    const last = String(messages.at(-1)?.content ?? '')
    if (String(messages[0]?.content ?? '').startsWith('You write worlds')) {
      const repair = /does not (pass validation|match the schema)/.test(last)
      const world = repair
        ? (script.repairedWorld ?? EXAMPLE_WORLD)
        : (script.firstWorld ?? EXAMPLE_WORLD)
      return typeof world === 'string' ? world : JSON.stringify(world)
    }
    const turns = messages.filter((m) => m.role === 'assistant').length
    if (script.blunderFirst && turns === 0) {
      return 'Thought: I should start by summoning help.\nAction: summon the butler'
    }
    const next = /Planner's next step: (.*)/.exec(last)?.[1] ?? 'look'
    return `Thought: The last observation tells me where things stand; next I ${next}.\nAction: ${next}`
  }
}

let server: FakeServer | null = null
const dirs: string[] = []

afterEach(async () => {
  await server?.close()
  server = null
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true })
})

async function run(
  script: ScriptOptions,
  options: {
    count?: number
    seed?: number
    client?: Partial<LlmClientOptions>
    repairs?: number
    concurrency?: number
    /** Stop (as Ctrl-C does) once this many slots are written. */
    stopAfter?: number
    /** Resume the run in this directory. */
    resume?: string
  } = {},
): Promise<{ summary: SynthSummary; text: string; records: Trajectory[]; dir: string }> {
  await server?.close()
  server = await startFakeServer({ reply: scriptedTeacher(script) })
  const client = new LlmClient({
    baseURL: server.url,
    model: 'fake-model',
    env: {},
    ...options.client,
  })
  const dir = options.resume ?? (await mkdtemp(join(tmpdir(), 'refinery-grounded-')))
  dirs.push(dir)
  const controller = new AbortController()
  const summary = await runSynthesis({
    ...(options.resume ? { existing: 'resume' as const } : {}),
    signal: controller.signal,
    onProgress: (p) => {
      if (options.stopAfter !== undefined && p.done >= options.stopAfter) controller.abort()
    },
    config: {
      mode: 'grounded',
      count: options.count ?? 2,
      seed: options.seed ?? 7,
      families: ['grounded'],
    },
    registry: groundedRegistry(),
    outDir: dir,
    mode: groundedMode({
      client,
      ...(options.repairs === undefined ? {} : { repairs: options.repairs }),
    }),
    concurrency: options.concurrency ?? 1,
  })
  const text = await readFile(join(dir, TRAJECTORIES_FILE), 'utf8')
  const records = text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Trajectory)
  return { summary, text, records, dir }
}

describe('grounded mode', () => {
  it('repairs an invalid world with the validation errors fed back, plays it and keeps verified records', async () => {
    const { summary, records, dir } = await run({ firstWorld: ALREADY_DONE })
    expect(summary.kept).toBe(2)
    expect(records).toHaveLength(2)
    expect(summary.mode.worldsRequested).toBe(2)
    expect(summary.mode.worldsAccepted).toBe(2)
    expect(summary.mode.repairs).toBe(2)
    expect(summary.mode['repairs.goal_already_true']).toBe(2)
    // The repair request carried the validator's exact message.
    const repair = server!.requests.find((r) =>
      String(r.body.messages?.at(-1)?.content).startsWith('The world does not pass validation'),
    )
    expect(String(repair!.body.messages!.at(-1)!.content)).toContain(
      'goal.success: The goal already holds at the start',
    )
    expect(summary.mode.requests).toBe(server!.requests.length)
    expect(summary.mode.promptTokens).toBeGreaterThan(0)
    for (const record of records) {
      expect(record.env).toBe('grounded')
      expect(record.source.mode).toBe('grounded')
      expect(record.source.world).toBeTruthy()
      expect(record.outcome.success).toBe(true)
      expect(record.outcome.errorRefinePairs).toBeGreaterThanOrEqual(2)
      expect(record.verified?.ok).toBe(true)
      // The privileged note is in the requests, never in the record.
      expect(JSON.stringify(record.messages)).not.toContain("Teacher's note")
    }
    // `refinery check` replays each record in the world it carries: no registered family needed.
    const check = await checkTrajectoryFile(join(dir, TRAJECTORIES_FILE), new FamilyRegistry())
    expect(check.failures).toEqual([])
    expect(check.passed).toBe(2)
  })

  it("counts the model's own mistakes by the taxonomy and injects only what is missing", async () => {
    const { summary, records } = await run({ blunderFirst: true }, { count: 1 })
    expect(summary.kept).toBe(1)
    expect(summary.mode.ownMistakesKept).toBe(1)
    expect(summary.mode.injectedMistakesKept).toBe(1)
    expect(summary.errors.unknown_verb).toBeGreaterThanOrEqual(1)
    const first = records[0]!.messages.find((m) => m.role === 'assistant')!
    expect(first.role === 'assistant' && first.status).toBe('unknown_action')
    expect(first.content).toContain('summon the butler')
  })

  it('injects two errors when the model makes none', async () => {
    const { summary } = await run({}, { count: 1 })
    expect(summary.kept).toBe(1)
    expect(summary.mode.ownMistakesKept).toBe(0)
    expect(summary.mode.injectedMistakesKept).toBe(2)
    expect(summary.meanErrorRefinePairs).toBeGreaterThanOrEqual(2)
  })

  it('repairs an answer that is not a world through the schema, and counts it', async () => {
    const { summary } = await run({ firstWorld: 'Here is a nice world for you!' }, { count: 1 })
    expect(summary.kept).toBe(1)
    expect(summary.mode['repairs.schema']).toBe(1)
  })

  it('rejects a world still invalid after the repairs, by reason, and fails the slot', async () => {
    const { summary, records } = await run(
      { firstWorld: ALREADY_DONE, repairedWorld: ALREADY_DONE },
      { count: 1, repairs: 1 },
    )
    expect(records).toHaveLength(0)
    expect(summary.failedSlots).toEqual([0])
    expect(summary.rejected['attempt failed']).toBe(summary.config.maxAttempts)
    expect(summary.mode['worldsRejected.goal_already_true']).toBe(summary.config.maxAttempts)
    expect(summary.mode.repairs).toBe(summary.config.maxAttempts)
  })

  it('gives byte-identical output for the same seed and answers, whatever the concurrency', async () => {
    const a = await run({ firstWorld: ALREADY_DONE, blunderFirst: true }, { count: 3 })
    const b = await run(
      { firstWorld: ALREADY_DONE, blunderFirst: true },
      { count: 3, concurrency: 3 },
    )
    expect(a.records).toHaveLength(3)
    expect(b.text).toBe(a.text)
    const c = await run({ firstWorld: ALREADY_DONE, blunderFirst: true }, { count: 3, seed: 8 })
    expect(c.text).not.toBe(a.text)
  })

  it('keeps its figures over a resume: the same summary as an uninterrupted run, spend of both processes', async () => {
    const script = { firstWorld: ALREADY_DONE, blunderFirst: true }
    const whole = await run(script, { count: 4 })
    const stopped = await run(script, { count: 4, stopAfter: 2 })
    expect(stopped.summary.nextSlot).toBe(2)
    const firstRequests = server!.requests.length
    const resumed = await run(script, { count: 4, resume: stopped.dir })
    expect(resumed.summary.resumed).toBe(1)
    expect(resumed.text).toBe(whole.text)
    // Everything but the resume count and what was spent is the same, byte for byte.
    const SPEND = ['requests', 'cachedRequests', 'promptTokens', 'completionTokens', 'costUsd']
    const work = (summary: SynthSummary) =>
      JSON.stringify({
        ...summary,
        resumed: 0,
        mode: Object.fromEntries(Object.entries(summary.mode).filter(([k]) => !SPEND.includes(k))),
      })
    expect(work(resumed.summary)).toBe(work(whole.summary))
    expect(resumed.summary.mode.worldsRequested).toBe(4)
    expect(resumed.summary.mode['repairs.goal_already_true']).toBe(4)
    expect(resumed.summary.mode.ownMistakesKept).toBeGreaterThan(0)
    // The spend is the whole run's: every request either process sent.
    expect(resumed.summary.mode.requests).toBe(firstRequests + server!.requests.length)
    expect(resumed.summary.mode.requests).toBeGreaterThanOrEqual(whole.summary.mode.requests!)
  })

  it('stops cleanly at the spending cap, keeping whole verified records, and says so', async () => {
    // What one slot costs at gpt-4o-mini's prices, measured on the same answers.
    const one = await run({}, { count: 1, client: { model: 'gpt-4o-mini' } })
    const perSlot = one.summary.mode.costUsd!
    expect(perSlot).toBeGreaterThan(0)
    const capped = await run(
      {},
      { count: 4, client: { model: 'gpt-4o-mini', budgetUsd: perSlot * 2.5 } },
    )
    expect(capped.summary.interrupted).toBe(true)
    expect(capped.summary.stoppedBy).toBe('budget')
    expect(capped.summary.kept).toBeGreaterThanOrEqual(1)
    expect(capped.summary.kept).toBeLessThan(4)
    expect(capped.summary.mode.costUsd).toBeLessThanOrEqual(perSlot * 2.5)
    expect(capped.text.endsWith('\n')).toBe(true)
    const saved = JSON.parse(await readFile(join(capped.dir, SUMMARY_FILE), 'utf8')) as SynthSummary
    expect(saved.stoppedBy).toBe('budget')
    expect(saved.nextSlot).toBe(capped.summary.kept)
    const check = await checkTrajectoryFile(
      join(capped.dir, TRAJECTORIES_FILE),
      new FamilyRegistry(),
    )
    expect(check.failures).toEqual([])
    expect(check.passed).toBe(capped.summary.kept)
  })
})
