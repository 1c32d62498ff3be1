import { canonicalJson } from '../hash'
import { rngStream } from '../rng'
import {
  type Environment,
  type EnvironmentFamily,
  type PersonaTraits,
  SPECIFICATION_VERSION,
  type Split,
  StepResult,
  type TaskRef,
} from '../spec'
import { isErrorStatus, type StepStatus } from '../status'

export interface ConformanceOptions {
  /** The split whose first tasks are checked (default `test`). */
  split?: Split
  /** How many tasks to check (default 5, at most the split's size). */
  tasks?: number
  /** Length of the seeded random walks (default 25). */
  walkSteps?: number
  /** Seed of the random walks (default 0). */
  seed?: number
}

export interface ConformanceFailure {
  check: ConformanceCheck
  task: string
  message: string
}

export type ConformanceCheck =
  | 'spec'
  | 'deterministic tasks'
  | 'reset and step'
  | 'progress'
  | 'valid actions'
  | 'oracle'
  | 'snapshot and restore'
  | 'rejection probe'
  | 'fresh instances agree'
  | 'theming'

export const CONFORMANCE_CHECKS: readonly ConformanceCheck[] = [
  'spec',
  'deterministic tasks',
  'reset and step',
  'progress',
  'valid actions',
  'oracle',
  'snapshot and restore',
  'rejection probe',
  'fresh instances agree',
  'theming',
]

/** Inputs no environment may accept as an ordinary action. */
const GARBAGE = ['', 'xyzzy plugh frobnicate', '{"action": 42}', 'take take take take']
const REJECTED = new Set(['format_error', 'unknown_action', 'invalid_argument'])

type Failures = ConformanceFailure[]

/** Runs every check, or the given ones, and returns what failed (empty when the family conforms). */
export async function checkFamilyConformance(
  family: EnvironmentFamily,
  options: ConformanceOptions = {},
  checks: readonly ConformanceCheck[] = CONFORMANCE_CHECKS,
): Promise<ConformanceFailure[]> {
  const failures: Failures = []
  const fail = (check: ConformanceCheck, task: string, message: string) =>
    failures.push({ check, task, message })
  if (checks.includes('spec')) checkSpec(family, fail)
  if (failures.length > 0) return failures
  const split = options.split ?? 'test'
  const count = Math.min(options.tasks ?? 5, family.splits[split].size)
  const tasks: TaskRef[] = []
  for (let i = 0; i < count; i++) tasks.push(family.task(split, i))
  for (const [i, task] of tasks.entries()) {
    const run = async (check: ConformanceCheck, body: () => Promise<void>) => {
      if (!checks.includes(check)) return
      try {
        await body()
      } catch (error) {
        fail(check, task.id, `threw: ${error instanceof Error ? error.message : String(error)}`)
      }
    }
    const walk = walkActions(options.seed ?? 0, i, options.walkSteps ?? 25)
    await run('deterministic tasks', async () => checkTaskDeterminism(family, split, i, task, fail))
    await run('reset and step', async () => checkResetAndStep(family, task, fail))
    await run('progress', async () => checkProgress(family, task, walk, fail))
    await run('valid actions', async () => checkValidActions(family, task, walk, fail))
    await run('oracle', async () => checkOracle(family, task, fail))
    await run('snapshot and restore', async () => checkSnapshot(family, task, walk, fail))
    await run('rejection probe', async () => checkRejectionProbe(family, task, walk, fail))
    await run('fresh instances agree', async () => checkFreshInstances(family, task, walk, fail))
  }
  if (checks.includes('theming') && family.theming && family.splits.train.size > 0) {
    const train = family.task('train', 0)
    try {
      await checkTheming(family, train, fail)
    } catch (error) {
      fail('theming', train.id, `threw: ${error instanceof Error ? error.message : String(error)}`)
    }
  }
  return failures
}

type Fail = (check: ConformanceCheck, task: string, message: string) => void

function checkSpec(family: EnvironmentFamily, fail: Fail): void {
  if (family.specificationVersion !== SPECIFICATION_VERSION) {
    fail(
      'spec',
      '-',
      `specificationVersion is ${JSON.stringify(family.specificationVersion)}, expected '${SPECIFICATION_VERSION}'`,
    )
  }
  if (!/^[a-z][a-z0-9-]*$/.test(family.id ?? ''))
    fail('spec', '-', `id '${family.id}' must be lower-case kebab-case`)
  for (const split of ['train', 'dev', 'test'] as const) {
    const size = family.splits?.[split]?.size
    if (!Number.isInteger(size) || (size as number) < 0)
      fail('spec', '-', `splits.${split}.size must be a non-negative integer`)
  }
  if (!(family.splits?.test?.size > 0))
    fail('spec', '-', 'the test split must hold at least one task')
}

function checkTaskDeterminism(
  family: EnvironmentFamily,
  split: Split,
  index: number,
  task: TaskRef,
  fail: Fail,
): void {
  const again = family.task(split, index)
  if (canonicalJson(again) !== canonicalJson(task)) {
    fail(
      'deterministic tasks',
      task.id,
      `task() gave a different TaskRef the second time: ${firstDifference(task, again, '')}. Draw every random choice from rngStream(deriveSeed(…)) of @refinery/core, never Math.random or the clock`,
    )
  }
  if (task.id !== `${family.id}/${split}/${index}`)
    fail('deterministic tasks', task.id, `task id should be '${family.id}/${split}/${index}'`)
  if (task.family !== family.id || task.split !== split || task.index !== index) {
    fail(
      'deterministic tasks',
      task.id,
      'family, split and index of the TaskRef must match the call',
    )
  }
}

/** Where two JSON values first differ: `at params.plants[2], 0.81 then 0.22`. */
export function firstDifference(a: unknown, b: unknown, path: string): string {
  const shown = (v: unknown) => {
    const text = canonicalJson(v) ?? String(v)
    return text.length > 40 ? `${text.slice(0, 37)}...` : text
  }
  const where = path === '' ? 'the top' : path
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return `at ${where}, ${shown(a)} then ${shown(b)}`
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      if (canonicalJson(a[i]) !== canonicalJson(b[i]))
        return firstDifference(a[i], b[i], `${path}[${i}]`)
    }
  }
  const left = a as Record<string, unknown>
  const right = b as Record<string, unknown>
  for (const key of [...new Set([...Object.keys(left), ...Object.keys(right)])].sort()) {
    if (canonicalJson(left[key]) !== canonicalJson(right[key]))
      return firstDifference(left[key], right[key], path === '' ? key : `${path}.${key}`)
  }
  return `at ${where}, ${shown(a)} then ${shown(b)}`
}

async function checkResetAndStep(
  family: EnvironmentFamily,
  task: TaskRef,
  fail: Fail,
): Promise<void> {
  const env = family.create(task)
  const first = await env.reset()
  if (!first.instruction?.trim())
    fail('reset and step', task.id, 'reset() gave an empty instruction')
  if (!first.observation?.trim())
    fail('reset and step', task.id, 'reset() gave an empty observation')
  for (const garbage of GARBAGE) {
    const result = await env.step(garbage)
    const parsed = StepResult.safeParse(result)
    if (!parsed.success) {
      fail(
        'reset and step',
        task.id,
        `step(${JSON.stringify(garbage)}) returned a malformed StepResult: ${parsed.error.issues[0]?.message}`,
      )
      continue
    }
    if (result.status === 'ok')
      fail(
        'reset and step',
        task.id,
        `step(${JSON.stringify(garbage)}) was accepted as an ordinary action`,
      )
    if (!result.observation.trim())
      fail('reset and step', task.id, `step(${JSON.stringify(garbage)}) gave no feedback`)
  }
}

/** Indexes into the valid-action list: the walk is a function of the seed only. */
function walkActions(seed: number, index: number, steps: number): number[] {
  const rng = rngStream(seed, 'conformance-walk', index)
  return Array.from({ length: steps }, () => rng.int(0, 1_000_000))
}

async function walk(
  env: Environment,
  picks: readonly number[],
  onStep?: (action: string, result: StepResult) => void,
): Promise<string[]> {
  const taken: string[] = []
  for (const pick of picks) {
    const valid = await env.validActions()
    if (valid.length === 0) break
    const action = valid[pick % valid.length]!
    const result = await env.step(action)
    taken.push(action)
    onStep?.(action, result)
    if (result.done) break
  }
  return taken
}

async function checkProgress(
  family: EnvironmentFamily,
  task: TaskRef,
  picks: readonly number[],
  fail: Fail,
): Promise<void> {
  const env = family.create(task)
  await env.reset()
  let last = 0
  await walk(env, picks, (action, result) => {
    const parsed = StepResult.safeParse(result)
    if (!parsed.success)
      fail('progress', task.id, `step(${JSON.stringify(action)}) returned a malformed StepResult`)
    if (result.progress < 0 || result.progress > 1)
      fail('progress', task.id, `progress ${result.progress} is outside [0, 1]`)
    if (result.progress < last)
      fail(
        'progress',
        task.id,
        `progress fell from ${last} to ${result.progress} after '${action}'`,
      )
    if (result.success && (!result.done || result.progress !== 1))
      fail('progress', task.id, 'a successful step must be done with progress 1')
    last = Math.max(last, result.progress)
  })
}

async function checkValidActions(
  family: EnvironmentFamily,
  task: TaskRef,
  picks: readonly number[],
  fail: Fail,
): Promise<void> {
  const env = family.create(task)
  await env.reset()
  const probe = async (when: string) => {
    const valid = await env.validActions()
    const sorted = [...valid].sort()
    if (canonicalJson(valid) !== canonicalJson(sorted))
      fail('valid actions', task.id, `validActions() ${when} is not sorted`)
    if (new Set(valid).size !== valid.length)
      fail('valid actions', task.id, `validActions() ${when} has duplicates`)
    if (canonicalJson(await env.validActions()) !== canonicalJson(valid))
      fail('valid actions', task.id, `validActions() ${when} changed between two calls`)
    const before = env.snapshot()
    for (const action of valid) {
      const result = await env.step(action)
      if (REJECTED.has(result.status))
        fail(
          'valid actions',
          task.id,
          `valid action '${action}' ${when} was rejected as ${result.status}: ${result.observation}`,
        )
      env.restore(before)
    }
  }
  await probe('after reset')
  const picksHalf = picks.slice(0, Math.ceil(picks.length / 3))
  await walk(env, picksHalf)
  await probe(`after ${picksHalf.length} steps`)
}

async function checkOracle(family: EnvironmentFamily, task: TaskRef, fail: Fail): Promise<void> {
  const env = family.create(task)
  if (!env.oracle) return
  await env.reset()
  const plan = await env.oracle()
  let last: StepResult | undefined
  for (const action of plan) {
    last = await env.step(action)
    if (last.status !== 'ok' && last.status !== 'meta') {
      fail(
        'oracle',
        task.id,
        `oracle action '${action}' failed with ${last.status}: ${last.observation}`,
      )
      return
    }
  }
  if (!last?.success)
    fail('oracle', task.id, `the oracle's plan of ${plan.length} actions did not reach the goal`)
}

async function checkSnapshot(
  family: EnvironmentFamily,
  task: TaskRef,
  picks: readonly number[],
  fail: Fail,
): Promise<void> {
  const env = family.create(task)
  await env.reset()
  const head = picks.slice(0, Math.floor(picks.length / 2))
  const tail = picks.slice(head.length)
  await walk(env, head)
  const snap = env.snapshot()
  const snapJson = canonicalJson(snap)
  const first: string[] = []
  await walk(env, tail, (action, r) => first.push(`${action} => ${canonicalJson(r)}`))
  env.restore(snap)
  const second: string[] = []
  await walk(env, tail, (action, r) => second.push(`${action} => ${canonicalJson(r)}`))
  if (canonicalJson(first) !== canonicalJson(second))
    fail('snapshot and restore', task.id, 'after restore() the same actions gave different results')
  if (canonicalJson(JSON.parse(snapJson)) !== snapJson)
    fail('snapshot and restore', task.id, 'snapshot() is not JSON-serialisable')
}

/**
 * `stepIfRejected`, where an environment has it, answers as step → restore would (see
 * `compareRejectionProbes`), on every valid action, the garbage inputs and each valid action's
 * verb with no object, at the start and after part of the walk.
 */
async function checkRejectionProbe(
  family: EnvironmentFamily,
  task: TaskRef,
  picks: readonly number[],
  fail: Fail,
): Promise<void> {
  const probed = family.create(task)
  if (!probed.stepIfRejected) return
  const stepped = family.create(task)
  await probed.reset()
  await stepped.reset()
  const probeAll = async (when: string) => {
    const valid = await stepped.validActions()
    const verbs = [...new Set(valid.map((action) => action.split(' ')[0]!))].sort()
    const { problems } = await compareRejectionProbes(probed, stepped, [
      ...valid,
      ...GARBAGE,
      ...verbs,
    ])
    for (const problem of problems) fail('rejection probe', task.id, `${problem} (${when})`)
  }
  await probeAll('after reset')
  const head = picks.slice(0, Math.ceil(picks.length / 3))
  const walked = await walk(stepped, head)
  for (const action of walked) await probed.step(action)
  await probeAll(`after ${walked.length} steps`)
}

/**
 * Holds `stepIfRejected` to its contract on two environments of one task in the same state:
 * each action is stepped on `stepped` (then restored) and probed on `probed`. A rejected action
 * (an error status) must give the step's result and leave the state the step left (`probed` is
 * then restored to where it was); any other must answer null and leave `probed` untouched, and
 * the next action is probed on it as it is, with no restore between, so a probe that only works
 * right after a restore is caught. Returns the statuses the steps gave and what the probe got
 * wrong (empty when it agrees).
 */
export async function compareRejectionProbes(
  probed: Environment,
  stepped: Environment,
  actions: readonly string[],
): Promise<{ statuses: StepStatus[]; problems: string[] }> {
  if (!probed.stepIfRejected)
    throw new TypeError('compareRejectionProbes: the probed environment has no stepIfRejected')
  const statuses: StepStatus[] = []
  const problems: string[] = []
  for (const action of actions) {
    const before = stepped.snapshot()
    const expected = await stepped.step(action)
    const after = canonicalJson(stepped.snapshot())
    stepped.restore(before)
    statuses.push(expected.status)
    const kept = JSON.stringify(probed.snapshot())
    const got = probed.stepIfRejected(action)
    const now = canonicalJson(probed.snapshot())
    const said = `stepIfRejected(${JSON.stringify(action)})`
    if (isErrorStatus(expected.status)) {
      if (got === null)
        problems.push(`${said} answered null, but step() rejected it as ${expected.status}`)
      else if (canonicalJson(got) !== canonicalJson(expected))
        problems.push(`${said} gave another result than step()`)
      else if (now !== after) problems.push(`${said} left another state than step()`)
      probed.restore(JSON.parse(kept))
    } else if (got !== null) {
      problems.push(`${said} answered ${got.status}, but step() accepted it as ${expected.status}`)
      probed.restore(JSON.parse(kept))
    } else if (now !== canonicalJson(JSON.parse(kept))) {
      problems.push(`${said} answered null but changed the state`)
      probed.restore(JSON.parse(kept))
    }
  }
  return { statuses, problems }
}

async function checkFreshInstances(
  family: EnvironmentFamily,
  task: TaskRef,
  picks: readonly number[],
  fail: Fail,
): Promise<void> {
  const record = async () => {
    const env = family.create(family.task(task.split, task.index))
    const out = [canonicalJson(await env.reset())]
    await walk(env, picks, (action, r) => out.push(`${action} => ${r.observation}`))
    return out
  }
  const [a, b] = [await record(), await record()]
  if (canonicalJson(a) !== canonicalJson(b))
    fail(
      'fresh instances agree',
      task.id,
      'two fresh instances given the same actions printed different observations',
    )
}

/** Personas of several walks of life, so that a themable family finds a theme for some. */
const PERSONAS: readonly PersonaTraits[] = [
  {
    description: 'A baker who runs a small bakery.',
    occupation: 'baker',
    setting: 'bakery',
    interest: 'baking',
  },
  { description: 'A ship engineer.', occupation: 'engineer', setting: 'ship', interest: 'engines' },
  {
    description: 'A librarian who loves old maps.',
    occupation: 'librarian',
    setting: 'library',
    interest: 'history',
  },
  { description: 'A gardener.', occupation: 'gardener', setting: 'garden', interest: 'plants' },
  {
    description: 'A chef in a busy kitchen.',
    occupation: 'chef',
    setting: 'kitchen',
    interest: 'cooking',
  },
  {
    description: 'A mechanic in a garage.',
    occupation: 'mechanic',
    setting: 'garage',
    interest: 'cars',
  },
]

/**
 * `theming`: `choose` is deterministic; a chosen theme gives, deterministically, a task of the
 * same family and split that resets; a theme the family lacks is refused.
 */
async function checkTheming(family: EnvironmentFamily, task: TaskRef, fail: Fail): Promise<void> {
  const theming = family.theming!
  for (const persona of PERSONAS) {
    const theme = theming.choose(task, persona)
    if (theme !== theming.choose(task, persona)) {
      fail('theming', task.id, `choose() gave two themes for the persona '${persona.description}'`)
      return
    }
    if (theme === null) continue
    const themed = theming.apply(task, theme)
    if (canonicalJson(themed) !== canonicalJson(theming.apply(task, theme))) {
      fail('theming', task.id, `apply(task, '${theme}') gave two different tasks`)
      return
    }
    if (themed.family !== family.id || themed.split !== task.split) {
      fail('theming', task.id, `apply(task, '${theme}') left the family or the split`)
      return
    }
    await family.create(themed).reset()
  }
  let refused = false
  try {
    theming.apply(task, 'no-such-theme-at-all')
  } catch {
    refused = true
  }
  if (!refused) fail('theming', task.id, "apply() accepted the theme 'no-such-theme-at-all'")
}
