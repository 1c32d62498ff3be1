import { readdirSync, readFileSync } from 'node:fs'
import { type Environment, rngStream, type StepResult, type TaskRef } from '@refinery/core'
import { describeFamilyConformance } from '@refinery/core/testing/vitest'
import { agentboardImportOptions, compileWorld, importPddl, plan } from '@refinery/world'
import { describe, expect, it } from 'vitest'
import { AGENTBOARD_DATA } from './agentboard-data'
import { PLANNING_DOMAINS } from './domains'
import { AGENTBOARD_PDDL_REPLIES, createPlanningFamily, planning } from './family'
import { domainText, isTestProblem } from './problems'

describeFamilyConformance(planning, { tasks: 8 })
describeFamilyConformance(planning, { split: 'train', tasks: 8 })

const FIXTURES = new URL('../../../../fixtures/agentboard-pddl/', import.meta.url)
const TEST_TASKS = Array.from({ length: 60 }, (_, i) => planning.task('test', i))

async function replay(env: Environment, actions: readonly string[]): Promise<StepResult[]> {
  const out: StepResult[] = []
  for (const a of actions) out.push(await env.step(a))
  return out
}

describe('the test split', () => {
  it("is exactly AgentBoard's 60 problems: barman 20, blockworld 10, gripper 20, tyreworld 10", () => {
    expect(planning.splits.test.size).toBe(60)
    const count = (d: string) => TEST_TASKS.filter((t) => t.params?.domain === d).length
    expect(PLANNING_DOMAINS.map(count)).toEqual([20, 10, 20, 10])
    const files = new Set(TEST_TASKS.map((t) => `${t.params?.domain}/${t.params?.file}`))
    expect(files.size).toBe(60)
  })

  it('ships the fixtures byte for byte inside the package (regenerate with scripts/embed-agentboard.ts)', () => {
    for (const domain of PLANNING_DOMAINS) {
      const dir = new URL(`${domain}/`, FIXTURES)
      expect(AGENTBOARD_DATA[domain].domain).toBe(readFileSync(new URL('domain.pddl', dir), 'utf8'))
      const files = readdirSync(dir).filter((f) => f !== 'domain.pddl')
      expect(AGENTBOARD_DATA[domain].problems.map((p) => p.file).sort()).toEqual(files.sort())
      for (const p of AGENTBOARD_DATA[domain].problems)
        expect(p.text).toBe(readFileSync(new URL(p.file, dir), 'utf8'))
    }
  })

  it.each(['rich', 'agentboard'] as const)(
    'is solved by the oracle on every task, replayed under the %s profile',
    async (profile) => {
      for (const task of TEST_TASKS) {
        const plan = await planning.create(task).oracle!()
        const env = planning.create(task, { profile })
        await env.reset()
        const results = await replay(env, plan)
        expect(
          results.every((r) => r.status === 'ok'),
          task.id,
        ).toBe(true)
        expect(results.at(-1)?.success, task.id).toBe(true)
        expect(results.at(-1)?.progress).toBe(1)
      }
    },
    120_000,
  )
})

describe('the world of a task', () => {
  it('is importPddl of its domain and problem (the family parses each domain file once)', () => {
    const tasks = [
      TEST_TASKS[0]!,
      TEST_TASKS[59]!,
      ...[0, 1, 2, 3].map((i) => planning.task('train', i)),
    ]
    for (const task of tasks) {
      const { domain, text } = planning.problem(task)
      const imported = importPddl(domainText(domain), text, {
        ...agentboardImportOptions(domain),
        id: task.id,
      })
      // Twice: the second conversion reads the domain the first one parsed.
      for (let i = 0; i < 2; i++)
        expect(JSON.stringify(planning.world(task)), task.id).toBe(JSON.stringify(imported))
    }
  })
})

describe('train and dev', () => {
  it('are generated problems of the four domains in turn, none equal to a test problem', () => {
    for (const split of ['train', 'dev'] as const) {
      for (let i = 0; i < 200; i++) {
        const task = planning.task(split, i)
        expect(task.params?.domain).toBe(PLANNING_DOMAINS[i % 4])
        const { domain, text } = planning.problem(task)
        expect(isTestProblem(domain, text)).toBe(false)
      }
    }
  })

  it('redraws a generated problem that equals a test problem', () => {
    // Small blockworld and gripper draws do hit test problems now and then.
    const redrawn = Array.from({ length: 1500 }, (_, i) => planning.task('train', i)).filter(
      (t) => (t.params?.attempt as number) > 0,
    )
    expect(redrawn.length).toBeGreaterThan(0)
    for (const t of redrawn) {
      const { domain, text } = planning.problem(t)
      expect(isTestProblem(domain, text)).toBe(false)
    }
  })

  it('are solved by the oracle on a sample of every domain', async () => {
    for (const split of ['train', 'dev'] as const) {
      for (let i = 0; i < 12; i++) {
        const task = planning.task(split, i)
        const env = planning.create(task)
        await env.reset()
        const results = await replay(env, await env.oracle!())
        expect(results.at(-1)?.success, task.id).toBe(true)
      }
    }
  }, 60_000)

  it("gets first plans from the STRIPS search no longer than the world planner's in total, at most 2 steps longer each", async () => {
    let oracleSteps = 0
    let plannerSteps = 0
    let differ = 0
    for (let i = 0; i < 120; i++) {
      const task = planning.task('train', i)
      const env = planning.create(task)
      await env.reset()
      const mine = await env.oracle!()
      const searched = plan(compileWorld(planning.world(task)), { maxNodes: 200_000 })
      expect(searched.status, task.id).toBe('solved')
      if (searched.status !== 'solved') continue
      const results = await replay(env, mine)
      expect(results.at(-1)?.success, task.id).toBe(true)
      expect(mine.length, task.id).toBeLessThanOrEqual(searched.actions.length + 2)
      oracleSteps += mine.length
      plannerSteps += searched.actions.length
      if (mine.join('\n') !== searched.actions.join('\n')) differ++
    }
    expect(oracleSteps).toBeLessThanOrEqual(plannerSteps)
    expect(differ).toBeGreaterThan(0)
  }, 120_000)

  it('take a seed and sizes; test stays the 60', () => {
    const other = createPlanningFamily({ seed: 7, sizes: { train: 10, dev: 3 } })
    expect(other.splits).toEqual({ train: { size: 10 }, dev: { size: 3 }, test: { size: 60 } })
    expect(other.problem(other.task('train', 0)).text).not.toBe(
      planning.problem(planning.task('train', 0)).text,
    )
    expect(other.task('test', 5)).toEqual(planning.task('test', 5))
  })
})

describe('an episode', () => {
  const blocks = TEST_TASKS.find((t) => t.params?.file === 'problem1.pddl')!

  it("words goal, state and actions as AgentBoard's blocksworld does", async () => {
    const env = planning.create(blocks)
    const first = await env.reset()
    expect(first.instruction).toBe(
      'The goal is to satisfy the following conditions: b2 is on b1., b3 is on b2.',
    )
    expect(first.observation).toContain('Your arm is empty.')
    expect(first.observation).toContain('b1 is on the table.')
    expect(await env.validActions()).toContain('unstack b2 from b3')
    const step = await env.step('Unstack b2 from b3.')
    expect(step.status).toBe('ok')
    expect(step.observation).toContain('You are holding b2.')
  })

  it('counts progress as the share of goal facts true at once, never falling', async () => {
    const env = planning.create(blocks)
    await env.reset()
    const plan = await env.oracle!()
    const progress = (await replay(env, plan)).map((r) => r.progress)
    expect(progress.at(-1)).toBe(1)
    expect(progress.some((p) => p === 0.5)).toBe(true)
    expect(progress).toEqual([...progress].sort((a, b) => a - b))
  })

  it("answers failed actions with the reason (rich) or AgentBoard's PDDL reply (agentboard)", async () => {
    const rich = planning.create(blocks)
    await rich.reset()
    const richFail = await rich.step('stack b1 on b2')
    expect(richFail.status).toBe('precondition_failed')
    expect(richFail.observation).not.toMatch(/not valid/)

    const ab = planning.create(blocks, { profile: 'agentboard' })
    await ab.reset()
    expect((await ab.step('stack b1 on b2')).observation).toBe(AGENTBOARD_PDDL_REPLIES.inapplicable)
    expect((await ab.step('fly to the moon')).observation).toBe(AGENTBOARD_PDDL_REPLIES.invalid)
    expect((await ab.step('unstack b2 from b3')).status).toBe('ok')
  })

  it('reads the gripper carry fact the right way round', async () => {
    const task = TEST_TASKS.find((t) => t.params?.domain === 'gripper')!
    const env = planning.create(task)
    await env.reset()
    const step = await env.step('pick up ball1 at rooma with arm left')
    expect(step.status).toBe('ok')
    expect(step.observation).toContain('left is carrying ball1.')
  })
})

/** Seeded random walks over valid actions (no meta-actions), AgentBoard's 30 steps. */
async function randomAgent(task: TaskRef, seed: number) {
  const env = planning.create(task)
  await env.reset()
  const rng = rngStream(seed, 'random-agent', task.id)
  let last: StepResult | undefined
  for (let i = 0; i < 30 && !last?.done; i++) {
    const actions = (await env.validActions()).filter(
      (a) => !['check valid actions', 'help', 'look', 'inventory'].includes(a),
    )
    last = await env.step(rng.pick(actions))
  }
  return last!
}

describe('a random agent over valid actions', () => {
  it('rarely succeeds but makes some progress', async () => {
    const results = []
    for (const task of TEST_TASKS) results.push(await randomAgent(task, 0))
    const success = results.filter((r) => r.success).length / results.length
    const progress = results.reduce((s, r) => s + r.progress, 0) / results.length
    expect(success).toBeLessThan(0.2)
    expect(progress).toBeGreaterThan(0.05)
  }, 60_000)
})

describe('feedback', () => {
  it('never names an entity the agent has not observed', async () => {
    const probes = [
      'pickup b9',
      'stack b1 on b8',
      'pick up ball99 at roomz with arm left',
      'fetch crowbar from boot',
      'grasp shot42 with hand left',
      'look',
      'check valid actions',
    ]
    for (const task of TEST_TASKS.filter((_, i) => i % 3 === 0)) {
      const spec = planning.world(task)
      const names = spec.entities.map((e) => e.name)
      const env = planning.create(task)
      const first = await env.reset()
      const seen = new Set(
        names.filter((n) => mentions(`${first.instruction} ${first.observation}`, n)),
      )
      const valid = (await env.validActions()).slice(0, 6)
      for (const action of [...probes, ...valid]) {
        const reply = (await env.step(action)).observation
        const named = names.filter((n) => mentions(reply, n) && !mentions(action, n))
        expect(
          named.filter((n) => !seen.has(n)),
          `${task.id}: ${action} → ${reply}`,
        ).toEqual([])
        for (const n of named) seen.add(n)
      }
    }
  })
})

function mentions(text: string, name: string): boolean {
  return new RegExp(`(^|[^\\w-])${name.replace(/[-]/g, '\\-')}($|[^\\w-])`, 'i').test(text)
}
