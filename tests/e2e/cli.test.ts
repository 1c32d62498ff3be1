import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { isErrorStatus, Trajectory } from '@refinery/core'
import { beforeAll, describe, expect, it } from 'vitest'
import { cliBin, refinery, repoRoot } from './cli'

const work = mkdtempSync(join(tmpdir(), 'refinery-e2e-'))
const outA = join(work, 'a')
const outB = join(work, 'b')
const file = join(outA, 'trajectories.jsonl')

function records(path: string): Trajectory[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => Trajectory.parse(JSON.parse(line)))
}

describe('refinery synth → check → export', () => {
  beforeAll(() => {
    for (const out of [outA, outB]) {
      const run = refinery(['synth', '--count', '6', '--seed', '3', '--out', out])
      expect(withoutProgress(run.stderr)).toBe('')
      expect(run.status).toBe(0)
    }
  })

  it('writes verified refinement trajectories that reached their goal with at least two error→refine pairs', () => {
    const all = records(file)
    expect(all).toHaveLength(6)
    for (const record of all) {
      expect(record.outcome.success).toBe(true)
      expect(record.outcome.errorRefinePairs).toBeGreaterThanOrEqual(2)
      expect(record.verified?.ok).toBe(true)
      for (const message of record.messages) {
        if (message.role === 'assistant') expect(message.train).toBe(!isErrorStatus(message.status))
      }
    }
    const summary = JSON.parse(readFileSync(join(outA, 'summary.json'), 'utf8'))
    expect(summary.kept).toBe(6)
  })

  it('is byte-identical for the same settings', () => {
    expect(readFileSync(join(outB, 'trajectories.jsonl'))).toEqual(readFileSync(file))
    expect(readFileSync(join(outB, 'summary.json'))).toEqual(
      readFileSync(join(outA, 'summary.json')),
    )
  })

  it('passes refinery check', () => {
    const run = refinery(['check', file])
    expect(run.status).toBe(0)
    expect(run.stdout).toContain('6 of 6 records pass.')
  })

  it('fails refinery check on a tampered observation, naming the line', () => {
    const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean)
    const record = JSON.parse(lines[2]!) as Trajectory
    const user = record.messages.findLastIndex((m) => m.role === 'user')
    record.messages[user]!.content += ' The apple glows.'
    lines[2] = JSON.stringify(record)
    const tampered = join(work, 'tampered-observation.jsonl')
    writeFileSync(tampered, `${lines.join('\n')}\n`)
    const run = refinery(['check', tampered])
    expect(run.status).toBe(1)
    expect(run.stdout).toMatch(/^line 3\b/m)
    expect(run.stderr).toMatch(/1 of 6 records fail, on line 3\./)
  })

  it('fails refinery check on a tampered loss mask', () => {
    const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean)
    const record = JSON.parse(lines[0]!) as Trajectory
    const error = record.messages.find((m) => m.role === 'assistant' && !m.train)
    if (error?.role !== 'assistant') throw new Error('expected an erroneous turn')
    error.train = true
    lines[0] = JSON.stringify(record)
    const tampered = join(work, 'tampered-mask.jsonl')
    writeFileSync(tampered, `${lines.join('\n')}\n`)
    const run = refinery(['check', tampered])
    expect(run.status).toBe(1)
    expect(run.stdout).toMatch(/^line 1\b/m)
  })

  it('exports OpenAI fine-tuning JSONL with weight 0 on exactly the erroneous assistant messages', () => {
    const out = join(work, 'openai.jsonl')
    const run = refinery(['export', file, '--format', 'openai', '--out', out])
    expect(run.status).toBe(0)
    const exported = readFileSync(out, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line))
    const source = records(file)
    expect(exported).toHaveLength(source.length)
    exported.forEach(
      (row: { messages: { role: string; content: string; weight?: number }[] }, i) => {
        const original = source[i]!.messages
        // The observation after the last action is dropped: every example ends on an assistant turn.
        expect(original.at(-1)!.role).toBe('user')
        expect(row.messages).toHaveLength(original.length - 1)
        expect(row.messages.at(-1)!.role).toBe('assistant')
        row.messages.forEach((message, j) => {
          const from = original[j]!
          expect(message.content).toBe(from.content)
          if (from.role === 'assistant')
            expect(message.weight).toBe(isErrorStatus(from.status) ? 0 : 1)
          else expect(message).not.toHaveProperty('weight')
        })
      },
    )
  })
})

describe('refinery play', () => {
  it('plays a scripted episode from standard input', () => {
    const run = refinery(['play', 'household', '--split', 'test', '--task', '0'], {
      input: 'look\ninventory\n',
    })
    expect(run.status).toBe(0)
    expect(run.stdout).toMatch(/^Your task is to: /)
    expect(run.stdout).toContain('> look\n')
    expect(run.stdout).toContain('> inventory\n')
  })

  it('prints one StepResult per line with --json', () => {
    const run = refinery(['play', 'household', '--task', '1', '--json'], {
      input: 'look\nfly to the moon\n',
    })
    expect(run.status).toBe(0)
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line))
    expect(lines).toHaveLength(3)
    expect(lines[0]).toHaveProperty('instruction')
    expect(lines[1].status).toBe('meta')
    expect(lines[2].status).toBe('unknown_action')
  })

  it('plays the oracle plan to success', async () => {
    const { household } = await import('@refinery/env-household')
    const env = household.create(household.task('test', 5))
    await env.reset()
    const plan = (await env.oracle?.()) ?? []
    const run = refinery(['play', 'household', '--task', '5', '--json'], {
      input: `${plan.join('\n')}\n`,
    })
    const last = JSON.parse(run.stdout.trim().split('\n').at(-1)!)
    expect(last.success).toBe(true)
    expect(last.progress).toBe(1)
  })
})

describe('bad input gets one line and exit 2', () => {
  it.each([
    [['frobnicate'], /unknown command 'frobnicate'/],
    [['synth', '--cuont', '3'], /unknown option '--cuont'/],
    [['synth', '--count', 'many'], /--count must be an integer/],
    [['synth', '--mode', 'magic'], /--mode 'magic' is not available/],
    [['play', 'kitchen'], /Unknown family 'kitchen'.*Known families: .*household/],
    [['play', 'household', '--task', '99999'], /--task must be below/],
    [['check', 'no-such-file.jsonl'], /Cannot read 'no-such-file.jsonl'/],
    [['export', 'x.jsonl', '--format', 'csv', '--out', 'y'], /--format must be one of/],
  ])('refinery %j', (args, message) => {
    const run = refinery(args)
    expect(run.status).toBe(2)
    expect(run.stderr).toMatch(message)
    expect(run.stderr.trim().split('\n')).toHaveLength(1)
    expect(run.stderr).not.toMatch(/\n\s+at /)
  })
})

describe('help and listings', () => {
  it('prints --version and --help', () => {
    expect(refinery(['--version']).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/)
    const help = refinery(['--help'])
    expect(help.status).toBe(0)
    for (const command of ['envs', 'play', 'synth', 'check', 'export', 'parse', 'pddl'])
      expect(help.stdout).toContain(command)
  })

  it('lists families as JSON', () => {
    const run = refinery(['envs', '--json'])
    const families = JSON.parse(run.stdout)
    expect(families.map((f: { id: string }) => f.id)).toContain('household')
    expect(families.find((f: { id: string }) => f.id === 'household').splits.test).toBe(134)
  })
})

describe('a family from another package (examples/env-template)', () => {
  const env = { REFINERY_FAMILIES: '@refinery/env-template' }
  const out = join(work, 'garden')

  it('is listed, synthesised and checked without changes to the CLI', () => {
    const envs = refinery(['envs', '--json'], { env })
    expect(envs.status).toBe(0)
    expect(JSON.parse(envs.stdout).map((f: { id: string }) => f.id)).toContain('garden')

    const synth = refinery(['synth', '--families', 'garden', '--count', '3', '--out', out], { env })
    expect(withoutProgress(synth.stderr)).toBe('')
    expect(synth.status).toBe(0)
    const all = records(join(out, 'trajectories.jsonl'))
    expect(all.map((r) => r.env)).toEqual(['garden', 'garden', 'garden'])

    const check = refinery(['check', join(out, 'trajectories.jsonl')], { env })
    expect(check.status).toBe(0)
    // without the module the family is unknown, and check says so for every record
    expect(refinery(['check', join(out, 'trajectories.jsonl')]).status).not.toBe(0)
  })

  it('plays a garden task from standard input', () => {
    const r = refinery(['play', 'garden', '--task', '0'], { env, input: 'look\ninventory\n' })
    expect(r.status).toBe(0)
    expect(r.stdout).toMatch(/> inventory\n/)
  })
})

describe('refinery synth, interrupted', () => {
  it('keeps whole, verified lines and a summary that says so, exit 130', async () => {
    const out = join(work, 'interrupted')
    const child = spawn(process.execPath, [cliBin, 'synth', '--count', '500', '--out', out], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stderr = ''
    child.stderr.on('data', (chunk) => {
      stderr += chunk
    })
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)))
    // the output directory appears just before the signal handlers are set
    while (!existsSync(out)) await new Promise((r) => setTimeout(r, 50))
    await new Promise((r) => setTimeout(r, 500))
    child.kill('SIGINT')
    expect(await exited).toBe(130)
    expect(stderr).toMatch(/^refinery: interrupted; kept \d+ of 500 verified trajectories/)
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'))
    expect(summary.interrupted).toBe(true)
    expect(records(join(out, 'trajectories.jsonl'))).toHaveLength(summary.kept)
    expect(refinery(['check', join(out, 'trajectories.jsonl')]).status).toBe(
      summary.kept > 0 ? 0 : 1,
    )
  })
})

/** Stderr less synth's plain progress lines (a run that lasts a few seconds prints them). */
function withoutProgress(stderr: string): string {
  return stderr.replace(/^synth: \d+\/\d+ slots.*\n/gm, '')
}
