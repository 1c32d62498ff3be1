import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { household, householdWorld } from '@refinery/env-household'
import { describe, expect, it } from 'vitest'
import { runCli } from './run-cli'

/** Runs the CLI in-process with buffered streams. */
const run = (argv: string[], stdin = '') => runCli(argv, { stdin })
const runWithEnv = (argv: string[], env: NodeJS.ProcessEnv, stdin = '', cwd = process.cwd()) =>
  runCli(argv, { env, stdin, cwd })

const GRIPPER_DOMAIN = `(define (domain mini-gripper)
  (:requirements :strips :typing)
  (:types room ball)
  (:predicates (at-robby ?r - room) (at ?b - ball ?r - room) (carry ?b - ball) (free))
  (:action move :parameters (?from ?to - room)
    :precondition (at-robby ?from)
    :effect (and (at-robby ?to) (not (at-robby ?from))))
  (:action pick :parameters (?b - ball ?r - room)
    :precondition (and (at ?b ?r) (at-robby ?r) (free))
    :effect (and (carry ?b) (not (at ?b ?r)) (not (free))))
  (:action drop :parameters (?b - ball ?r - room)
    :precondition (and (carry ?b) (at-robby ?r))
    :effect (and (at ?b ?r) (free) (not (carry ?b)))))`

const GRIPPER_PROBLEM = `(define (problem two-balls) (:domain mini-gripper)
  (:objects rooma roomb - room ball1 ball2 - ball)
  (:init (at-robby rooma) (at ball1 rooma) (at ball2 rooma) (free))
  (:goal (and (at ball1 roomb) (at ball2 roomb))))`

describe('refinery parse', () => {
  it('prints the thought and action of a ReAct reply', async () => {
    const r = await run([
      'parse',
      'Thought: the apple is here.\nAction: take apple 1 from countertop 1',
    ])
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject({
      ok: true,
      thought: 'the apple is here.',
      action: 'take apple 1 from countertop 1',
    })
  })

  it('reports a format error as data, not as a failure of the command', async () => {
    const r = await run(['parse', 'I am not sure what to do.\nAction: look\nAction: inventory'])
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, status: 'format_error' })
  })

  it('reads a tool call given as an OpenAI chat message', async () => {
    const message = JSON.stringify({
      content: 'The fridge may hold it.',
      tool_calls: [
        { type: 'function', function: { name: 'act', arguments: '{"action":"open fridge 1"}' } },
      ],
    })
    const r = await run(['parse', '--format', 'tool_call', message])
    expect(JSON.parse(r.stdout)).toEqual({
      ok: true,
      thought: 'The fridge may hold it.',
      action: 'open fridge 1',
      format: 'tool_call',
    })
  })

  it('grounds the action in a task with --family', async () => {
    const r = await run([
      'parse',
      '--family',
      'household',
      '--split',
      'test',
      '--task',
      '0',
      'Action: go to the Fridge 1.',
    ])
    expect(r.code).toBe(0)
    const out = JSON.parse(r.stdout)
    expect(out.grounded).toMatchObject({ ok: true, action: { text: 'go to fridge 1' } })
  })

  it('names the wrong entity when grounding fails', async () => {
    const r = await run(['parse', '--family', 'household', '--task', '0', 'Action: go to fridge 9'])
    const out = JSON.parse(r.stdout)
    expect(out.grounded.ok).toBe(false)
    expect(out.grounded.message).toMatch(/fridge 9/)
  })
})

describe('refinery pddl', () => {
  const dir = mkdtempSync(join(tmpdir(), 'refinery-pddl-'))
  const domain = join(dir, 'domain.pddl')
  const problem = join(dir, 'problem.pddl')
  writeFileSync(domain, GRIPPER_DOMAIN)
  writeFileSync(problem, GRIPPER_PROBLEM)

  it('validates a domain and problem', async () => {
    const r = await run(['pddl', domain, problem])
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject({ valid: true, objects: 4, actions: 3 })
  })

  it('prints a plan as lower-case PDDL ground actions that reaches the goal', async () => {
    const r = await run(['pddl', domain, problem, '--plan'])
    expect(r.code).toBe(0)
    const out = JSON.parse(r.stdout) as { solved: boolean; plan: string[] }
    expect(out.solved).toBe(true)
    expect(out.plan.length).toBe(7)
    for (const step of out.plan) expect(step).toMatch(/^\((move|pick|drop)( [a-z0-9-]+)+\)$/)
  })

  it('rejects files given in the wrong order with one line and exit 2', async () => {
    const r = await run(['pddl', problem, domain])
    expect(r.code).toBe(2)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
    expect(r.stderr).toMatch(/order of the files/)
  })

  it('refuses an unsupported requirement, naming it', async () => {
    const fluents = join(dir, 'fluents.pddl')
    writeFileSync(
      fluents,
      GRIPPER_DOMAIN.replace(':strips :typing', ':strips :typing :durative-actions'),
    )
    const r = await run(['pddl', fluents, problem])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/durative-actions/)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
  })
})

describe('usage errors', () => {
  it.each([
    [['frobnicate']],
    [['synth', '--count', '-3']],
    [['synth', '--max-steps', '0']],
    [['synth', '--max-steps', 'many']],
    [['synth', '--worker-heap-mb', '64']],
    [['synth', '--worker-heap-mb', 'lots']],
    [['play', 'household', '--split', 'holdout']],
    [['play', 'household', '--profile', 'terse']],
    [['parse']],
  ])('refinery %j exits 2 with one line', async (argv) => {
    const r = await run(argv)
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
    expect(r.stderr).toMatch(/^refinery: /)
  })
})

describe('refinery play', () => {
  it('plays a perturbed task: other surface, same seed same text', async () => {
    const plain = await run(['play', 'household', '--task', '3'], 'look\n')
    const perturbed = await run(
      ['play', 'household', '--task', '3', '--perturb', 'all', '--perturb-seed', '5'],
      'look\n',
    )
    const again = await run(
      ['play', 'household', '--task', '3', '--perturb', 'all', '--perturb-seed', '5'],
      'look\n',
    )
    expect(perturbed.code).toBe(0)
    expect(perturbed.stdout).not.toBe(plain.stdout)
    expect(again.stdout).toBe(perturbed.stdout)
    const bad = await run(['play', 'household', '--perturb', 'wobble'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/Unknown perturbation 'wobble'/)
  })

  it('reports an unknown action as feedback and keeps playing', async () => {
    const r = await run(['play', 'household', '--task', '0'], 'fly\nlook\n')
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/> fly\n.*not a known action/)
    expect(r.stdout).toMatch(/\[not finished: 2 steps/)
  })

  it('answers as AgentBoard does with --profile agentboard', async () => {
    const r = await run(['play', 'planning', '--task', '30', '--profile', 'agentboard'], 'fly\n')
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/> fly\nThe action is not valid and therefore takes no effect\./)
  })
})

describe('refinery world', () => {
  const dir = mkdtempSync(join(tmpdir(), 'refinery-world-'))
  const good = join(dir, 'good.json')
  const bad = join(dir, 'bad.json')
  const broken = join(dir, 'broken.json')
  // A real household task, written out as the JSON file a user or an LLM would give.
  const spec = householdWorld(household.task('test', 0))
  writeFileSync(good, JSON.stringify(spec))
  writeFileSync(
    bad,
    JSON.stringify({
      ...spec,
      entities: spec.entities.map((e: { type: string }, i: number) =>
        i === 0 ? { ...e, type: 'fruitz' } : e,
      ),
    }),
  )
  writeFileSync(broken, '{"spec": ')

  it('prints the JSON Schema of the language', async () => {
    const r = await run(['world', 'schema'])
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject({
      type: 'object',
      properties: { entities: { type: 'array' } },
    })
  })

  it('checks a usable world and prints the plan that reaches its goal', async () => {
    const r = await run(['world', 'check', good])
    expect(r.code).toBe(0)
    const out = JSON.parse(r.stdout)
    expect(out).toMatchObject({ valid: true, id: spec.id })
    expect(out.plan.length).toBeGreaterThan(0)
  })

  it('lists every problem with its JSON path and exits 1', async () => {
    const r = await run(['world', 'check', bad])
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(/^entities\[0\]\.type: Unknown type 'fruitz'\./)
    const json = await run(['world', 'check', bad, '--json'])
    expect(JSON.parse(json.stdout)).toMatchObject({
      valid: false,
      issues: [{ path: 'entities[0].type' }],
    })
  })

  it('refuses to play an unusable world, and a file that is not JSON, with one line', async () => {
    for (const file of [bad, broken]) {
      const r = await run(['world', 'play', file])
      expect(r.code).toBe(2)
      expect(r.stderr.trim().split('\n')).toHaveLength(1)
    }
  })

  it('plays a world file from standard input, to the goal', async () => {
    const plan = JSON.parse((await run(['world', 'check', good])).stdout).plan as string[]
    const r = await run(['world', 'play', good, '--json'], `${plan.join('\n')}\n`)
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line))
    expect(lines).toHaveLength(plan.length + 1)
    expect(lines.at(-1)).toMatchObject({ done: true, success: true, progress: 1 })
  })
})

describe('families from REFINERY_FAMILIES', () => {
  const dir = mkdtempSync(join(tmpdir(), 'refinery-families-'))
  // A family in a module of its own, as a third-party package would ship it.
  writeFileSync(
    join(dir, 'echo.mjs'),
    `export const family = {
  specificationVersion: 'v1',
  id: 'echo',
  description: 'Says back what you say; "stop" ends it.',
  splits: { train: { size: 1 }, dev: { size: 1 }, test: { size: 1 } },
  task: (split, index) => ({ id: 'echo/' + split + '/' + index, family: 'echo', split, index, seed: 0 }),
  create: () => {
    let done = false
    return {
      actionSpace: { templates: [{ id: 'say', pattern: 'say {text}', slots: [{ name: 'text', type: 'text' }] }], entities: [] },
      reset: async () => ({ instruction: 'Say something.', observation: 'Silence.' }),
      step: async (action) => {
        done = action === 'stop'
        return { observation: 'You said: ' + action, status: 'ok', done, success: done, progress: done ? 1 : 0, reward: done ? 1 : 0 }
      },
      validActions: async () => ['stop'],
      snapshot: () => ({ done }),
      restore: (s) => { done = s.done },
    }
  },
}
`,
  )
  writeFileSync(join(dir, 'empty.mjs'), 'export const nothing = 1\n')
  writeFileSync(join(dir, 'broken.mjs'), 'export const = \n')

  const withFamilies = (modules: string, argv: string[], stdin = '') =>
    runWithEnv(argv, { REFINERY_FAMILIES: modules }, stdin, dir)

  it('lists and plays a family loaded from a module path', async () => {
    const envs = await withFamilies('./echo.mjs', ['envs', '--json'])
    expect(JSON.parse(envs.stdout).map((f: { id: string }) => f.id)).toEqual([
      'adventure',
      'echo',
      'generated',
      'grid',
      'household',
      'lab',
      'planning',
    ])
    const play = await withFamilies('./echo.mjs', ['play', 'echo'], 'hello\nstop\n')
    expect(play.stdout).toMatch(/You said: hello\n> stop\nYou said: stop\n\[success: 2 steps/)
  })

  it.each([
    ['./empty.mjs', /exports no environment family/],
    ['./broken.mjs', /cannot be loaded/],
    ['./missing.mjs', /cannot be loaded/],
    ['./echo.mjs,./echo.mjs', /already registered/],
    ['no-such-package-anywhere', /cannot be loaded/],
  ])('refuses %s with one line and exit 2', async (modules, pattern) => {
    const r = await withFamilies(modules, ['envs'])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(pattern)
    expect(r.stderr).toMatch(/^refinery: REFINERY_FAMILIES: /)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
  })
})

describe('files a command cannot use', () => {
  const dir = mkdtempSync(join(tmpdir(), 'refinery-files-'))
  const aFile = join(dir, 'a-file')
  writeFileSync(aFile, 'x')

  it.each([[aFile], [join(aFile, 'below')]])(
    'synth --out %s (a file in the way) exits 2 with one line',
    async (out) => {
      const r = await run(['synth', '--count', '1', '--out', out])
      expect(r.code).toBe(2)
      expect(r.stderr).toMatch(/is a file\. Give --out a directory\./)
      expect(r.stderr.trim().split('\n')).toHaveLength(1)
    },
  )

  it('export keeps the good records, names the first bad line and exits 1', async () => {
    const out = join(dir, 'synth')
    expect((await run(['synth', '--count', '2', '--out', out])).code).toBe(0)
    const good = readFileSync(join(out, 'trajectories.jsonl'), 'utf8').trim().split('\n')
    const mixed = join(dir, 'mixed.jsonl')
    writeFileSync(mixed, `${good[0]}\n{"schema": "something else"}\n${good[1]}\n`)
    const exported = join(dir, 'openai.jsonl')
    const r = await run(['export', mixed, '--format', 'openai', '--out', exported])
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(
      /^Exported 2 records to .*openai\.jsonl \(openai\); \d+ trained assistant turns\.\n$/,
    )
    expect(r.stderr).toMatch(/^refinery: skipped line 2 of .*; line 2: not a trajectory record/)
    expect(readFileSync(exported, 'utf8').trim().split('\n')).toHaveLength(2)
  })
})

describe('synth at scale', () => {
  const dir = mkdtempSync(join(tmpdir(), 'refinery-synth-cli-'))

  it('skips tasks too long for --max-steps unplayed, and keeps them with a higher limit', async () => {
    let said = ''
    const summaryOf = async (maxSteps: string) => {
      const out = join(dir, `steps-${maxSteps}`)
      const args = ['synth', '--families', 'adventure', '--count', '8', '--out', out, '--quiet']
      const r = await run([...args, '--max-steps', maxSteps])
      expect(r.code).toBe(0)
      said = r.stdout
      return JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'))
    }
    // Adventure's train worlds fit the default 30 steps with two pairs; under a 16-step limit
    // two of its first draws need more than 14 steps by the oracle alone.
    const short = await summaryOf('16')
    expect(said).toMatch(/\n {2}rejected: task too long 2\n/)
    expect(short).toMatchObject({ kept: 8, attempted: 10, config: { maxSteps: 16 } })
    expect(short.rejected['task too long']).toBe(2)
    expect(short.rejected['too few error-refine pairs']).toBe(0)
    const long = await summaryOf('60')
    expect(long).toMatchObject({ kept: 8, attempted: 8, config: { maxSteps: 60 } })
    expect(long.meanSteps).toBeGreaterThan(short.meanSteps)
  }, 60_000)

  it('refuses existing output, resumes it, and takes personas and shards', async () => {
    const out = join(dir, 'run')
    const first = await run(['synth', '--count', '3', '--out', out, '--quiet'])
    expect(first.code).toBe(0)
    expect(first.stdout).toMatch(/^Wrote 3 verified trajectories .*\n {2}families: /)
    const whole = readFileSync(join(out, 'trajectories.jsonl'), 'utf8')
    const again = await run(['synth', '--count', '3', '--out', out, '--quiet'])
    expect(again.code).toBe(2)
    expect(again.stderr).toMatch(/already exists.*--force|--force/)
    expect((await run(['synth', '--count', '3', '--out', out, '--resume'])).code).toBe(0)
    expect(readFileSync(join(out, 'trajectories.jsonl'), 'utf8')).toBe(whole)
    const shards = []
    for (const i of [0, 1]) {
      const part = join(dir, `shard-${i}`)
      const r = await run(['synth', '--count', '3', '--shard', `${i}/2`, '--out', part])
      expect(r.code).toBe(0)
      // Plain progress lines at most (a run of a few seconds prints none).
      expect(r.stderr.replace(/^synth: \d+\/\d+ slots.*\n/gm, '')).toBe('')
      shards.push(readFileSync(join(part, 'trajectories.jsonl'), 'utf8'))
    }
    expect(shards.join('')).toBe(whole)
    const personas = join(dir, 'personas.jsonl')
    writeFileSync(personas, '{"persona": "a beekeeper who restores old radios"}\n')
    const themed = join(dir, 'themed')
    expect(
      (await run(['synth', '--count', '2', '--personas', personas, '--out', themed])).code,
    ).toBe(0)
    const record = JSON.parse(
      readFileSync(join(themed, 'trajectories.jsonl'), 'utf8').split('\n')[0]!,
    )
    expect(record.source.persona).toBe('a beekeeper who restores old radios')
    expect(
      (await run(['synth', '--count', '2', '--shard', '2/2', '--out', join(dir, 'x')])).code,
    ).toBe(2)
  }, 120_000)
})
