/**
 * Hostile input, command by command: the built CLI runs in a temp folder under a memory
 * limit and a time limit, and each case checks the promises of the README: the exit code
 * (0, 1 or 2), at most one line on standard error for a user's mistake, never a stack
 * trace, and every file that was in the folder before is byte-identical afterwards (unless
 * the case replaces it on purpose, with --force).
 */
import { spawn } from 'node:child_process'
import {
  chmodSync,
  closeSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import {
  deepTypeChainSpec,
  type ExplosiveCase,
  manyBlocksPddl,
  manyEntitiesSpec,
  manyParametersPddl,
  manyParametersSpec,
  wideForallSpec,
} from '@refinery/world'
import { beforeAll, describe, expect, it } from 'vitest'
import { cliBin, refinery, repoRoot } from './cli'

/** Heap of every run: far below what an explosion would take. */
const HEAP_MB = 384
/** Wall-clock limit of one run; the slowest case answers well within it. */
const TIME_LIMIT_MS = 45_000
/** Runs at once: CI machines have two cores. */
const PARALLEL = 3

type Stdin = string | { file: string } | 'zero' | 'folder'

interface Case {
  name: string
  args: string[]
  /** Exit status promised. */
  code: 0 | 1 | 2
  /** Files to create in the working folder first (contents, or a path to copy). */
  files?: Record<string, string | Buffer | { copy: string } | { link: string }>
  stdin?: Stdin
  env?: NodeJS.ProcessEnv
  stdout?: RegExp
  stderr?: RegExp
  /** Pre-existing files the case replaces on purpose. */
  changes?: string[]
  /** Files that must not exist afterwards. */
  absent?: string[]
  /** Read this many lines of output, then close the pipe (EPIPE). */
  headLines?: number
}

// ---- fixtures, built once -------------------------------------------------------------

const shared = mkdtempSync(join(tmpdir(), 'refinery-hostile-shared-'))
const good = join(shared, 'good.jsonl')
const bigLine = join(shared, 'big-line.txt')
const miniWorld = join(repoRoot, 'packages/world/src/__fixtures__/mini-household.json')
const explosive: Record<string, string> = {}

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
const UNDECLARED_PROBLEM = GRIPPER_PROBLEM.replace('(at ball2 rooma)', '(at ball3 rooma)')

const NO_SPLITS_FAMILY = `export const family = {
  specificationVersion: 'v1', id: 'hollow', description: 'No splits.', splits: {},
  task: () => ({}), create: () => ({}),
}
`

function writeExplosive(c: ExplosiveCase, key: string): void {
  if (c.kind === 'spec') {
    explosive[key] = join(shared, `${key}.json`)
    writeFileSync(explosive[key]!, JSON.stringify(c.spec))
  } else {
    explosive[`${key}.domain`] = join(shared, `${key}.domain.pddl`)
    explosive[`${key}.problem`] = join(shared, `${key}.problem.pddl`)
    writeFileSync(explosive[`${key}.domain`]!, c.domain)
    writeFileSync(explosive[`${key}.problem`]!, c.problem)
  }
}

beforeAll(() => {
  const run = refinery(['synth', '--count', '2', '--seed', '5', '--out', join(shared, 'synth')])
  expect(run.status).toBe(0)
  copyFileSync(join(shared, 'synth', 'trajectories.jsonl'), good)
  // 65 MiB without a newline: past the 64 MiB line cap.
  writeFileSync(bigLine, Buffer.alloc(65 * 1024 * 1024, 0x78))
  writeExplosive(manyEntitiesSpec(16_000, 2), 'entities')
  writeExplosive(manyEntitiesSpec(1_000, 3), 'entities3')
  writeExplosive(manyParametersSpec(300), 'params')
  writeExplosive(deepTypeChainSpec(100_000), 'types')
  writeExplosive(wideForallSpec(6, 1_000), 'forall')
  writeExplosive(manyBlocksPddl(2_000), 'blocks')
  writeExplosive(manyBlocksPddl(300), 'blocks300')
  writeExplosive(manyParametersPddl(10_000), 'wide')
}, 300_000)

// ---- the cases ------------------------------------------------------------------------

const cp = (path: () => string) => ({
  get copy() {
    return path()
  },
})
const goodCopy = cp(() => good)
const trajectories = { 'out/trajectories.jsonl': goodCopy, 'out/summary.json': '{"kept":2}\n' }
const garbage = Buffer.from([0, 1, 2, 0xff, 0xfe, 10, 0x80, 0x81, 10, 0x7b, 0x22, 10])
const root = process.getuid?.() === 0

const cases: Case[] = [
  // the command line itself
  { name: 'no command', args: [], code: 2, stderr: /^refinery: no command given; use one of/ },
  {
    name: 'world without a subcommand',
    args: ['world'],
    code: 2,
    stderr: /refinery world: no command given; use one of schema, check, play/,
  },
  { name: 'an unknown command', args: ['frobnicate'], code: 2 },
  { name: 'an unknown option', args: ['--frobnicate'], code: 2 },
  { name: 'help', args: ['--help'], code: 0, stdout: /Usage: refinery/ },
  {
    name: 'envs with a plugin family without splits',
    args: ['envs'],
    code: 2,
    env: { REFINERY_FAMILIES: './hollow.mjs' },
    files: { 'hollow.mjs': NO_SPLITS_FAMILY },
    stderr: /no size for its train split/,
  },
  {
    name: 'a plugin module that does not exist',
    args: ['envs'],
    code: 2,
    env: { REFINERY_FAMILIES: './nope.mjs' },
  },

  // synth
  {
    name: 'synth --families ,',
    args: ['synth', '--families', ',', '--out', 's'],
    code: 2,
    stderr: /--families/,
  },
  {
    name: 'synth --seed past 2^53',
    args: ['synth', '--seed', '99999999999999999999', '--out', 's'],
    code: 2,
    stderr: /--seed/,
  },
  {
    name: 'synth --count 0',
    args: ['synth', '--count', '0', '--out', 's'],
    code: 2,
    stderr: /--count/,
  },
  {
    name: 'synth --count 1e3',
    args: ['synth', '--count', '1e3', '--out', 's'],
    code: 2,
    stderr: /--count/,
  },
  {
    name: 'synth --count huge',
    args: ['synth', '--count', '99999999999', '--out', 's'],
    code: 2,
    stderr: /--count must be at most/,
  },
  {
    name: 'synth --out empty',
    args: ['synth', '--count', '1', '--out', ''],
    code: 2,
    stderr: /--out must name a folder/,
    absent: ['trajectories.jsonl', 'summary.json'],
  },
  { name: 'synth --mode grounded', args: ['synth', '--mode', 'grounded', '--out', 's'], code: 2 },
  {
    name: 'synth --families unknown',
    args: ['synth', '--families', 'nope', '--out', 's'],
    code: 2,
  },
  {
    name: 'synth --out a file',
    args: ['synth', '--count', '1', '--out', 'f'],
    code: 2,
    files: { f: 'x' },
  },
  {
    name: 'synth into a folder holding trajectories',
    args: ['synth', '--count', '1', '--out', 'out'],
    code: 2,
    files: trajectories,
    stderr: /--force/,
  },
  {
    name: 'synth into a folder with only a summary',
    args: ['synth', '--count', '1', '--out', 'out'],
    code: 2,
    files: { 'out/summary.json': '{}\n' },
    stderr: /summary\.json already exists/,
  },
  {
    name: 'synth --force replaces whole files',
    args: ['synth', '--count', '1', '--seed', '2', '--force', '--out', 'out'],
    code: 0,
    files: trajectories,
    changes: ['out/trajectories.jsonl', 'out/summary.json'],
  },
  {
    name: 'synth with a plugin family without splits',
    args: ['synth', '--count', '1', '--out', 's'],
    code: 2,
    env: { REFINERY_FAMILIES: './hollow.mjs' },
    files: { 'hollow.mjs': NO_SPLITS_FAMILY },
  },

  // export
  {
    name: 'export F --out F',
    args: ['export', 'F', '--format', 'openai', '--out', 'F'],
    code: 2,
    files: { F: goodCopy },
    stderr: /also an input/,
  },
  {
    name: 'export F --out ./F',
    args: ['export', 'F', '--format', 'openai', '--out', './F'],
    code: 2,
    files: { F: goodCopy },
  },
  {
    name: 'export F --out a symlink to F',
    args: ['export', 'F', '--format', 'openai', '--out', 'L'],
    code: 2,
    files: { F: goodCopy, L: { link: 'F' } },
  },
  {
    name: 'export F --force --out F',
    args: ['export', 'F', '--format', 'openai', '--force', '--out', 'F'],
    code: 2,
    files: { F: goodCopy },
  },
  {
    name: 'export over an existing output',
    args: ['export', 'F', '--format', 'openai', '--out', 'prev.jsonl'],
    code: 2,
    files: { F: goodCopy, 'prev.jsonl': '{"old":1}\n' },
    stderr: /--force/,
  },
  {
    name: 'export of a binary file with --force keeps the earlier output',
    args: ['export', 'bad.bin', '--format', 'openai', '--force', '--out', 'prev.jsonl'],
    code: 1,
    files: { 'bad.bin': garbage, 'prev.jsonl': '{"old":1}\n' },
  },
  {
    name: 'export of an empty file',
    args: ['export', 'empty.jsonl', '--format', 'openai', '--out', 'new.jsonl'],
    code: 1,
    files: { 'empty.jsonl': '' },
    absent: ['new.jsonl'],
    stderr: /no valid records/,
  },
  {
    name: 'export of good records',
    args: ['export', 'F', '--format', 'openai', '--out', 'new.jsonl'],
    code: 0,
    files: { F: goodCopy },
  },
  {
    name: 'export --force over a good output',
    args: ['export', 'F', '--format', 'openai', '--force', '--out', 'prev.jsonl'],
    code: 0,
    files: { F: goodCopy, 'prev.jsonl': 'x\n' },
    changes: ['prev.jsonl'],
  },
  {
    name: 'export to a folder',
    args: ['export', 'F', '--format', 'openai', '--out', 'd'],
    code: 2,
    files: { F: goodCopy, 'd/keep': 'k' },
  },
  {
    name: 'export into a missing folder',
    args: ['export', 'F', '--format', 'openai', '--out', 'no/such/x.jsonl'],
    code: 2,
    files: { F: goodCopy },
  },
  {
    name: 'export --format csv',
    args: ['export', 'F', '--format', 'csv', '--out', 'x'],
    code: 2,
    files: { F: goodCopy },
  },
  {
    name: 'export of a missing file',
    args: ['export', 'missing.jsonl', '--format', 'openai', '--out', 'x'],
    code: 2,
  },
  {
    name: 'export of /dev/zero',
    args: ['export', '/dev/zero', '--format', 'openai', '--out', 'x'],
    code: 2,
    stderr: /line longer than 64 MiB/,
    absent: ['x'],
  },
  {
    name: 'export of a line with no newline past the cap',
    args: ['export', 'BIG', '--format', 'openai', '--out', 'x'],
    code: 2,
    files: { BIG: cp(() => bigLine) },
    absent: ['x'],
  },
  {
    name: 'export --out /dev/null',
    args: ['export', 'F', '--format', 'openai', '--out', '/dev/null'],
    code: 0,
    files: { F: goodCopy },
  },
  {
    name: 'export --out empty',
    args: ['export', 'F', '--format', 'openai', '--out', ''],
    code: 2,
    files: { F: goodCopy },
  },

  // check
  {
    name: 'check /dev/zero',
    args: ['check', '/dev/zero'],
    code: 2,
    stderr: /\/dev\/zero:1: line longer than/,
  },
  {
    name: 'check of an empty file',
    args: ['check', 'empty.jsonl'],
    code: 1,
    files: { 'empty.jsonl': '' },
  },
  {
    name: 'check of a binary file',
    args: ['check', 'bad.bin'],
    code: 1,
    files: { 'bad.bin': garbage },
  },
  { name: 'check of a folder', args: ['check', 'd'], code: 2, files: { 'd/x': 'x' } },
  { name: 'check of a missing file', args: ['check', 'nope.jsonl'], code: 2 },
  {
    name: 'check of good records behind a byte-order mark',
    args: ['check', 'bom.jsonl'],
    code: 0,
    files: {
      get 'bom.jsonl'() {
        return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), readFileSync(good)])
      },
    },
  },
  {
    name: 'check of a line with no newline past the cap',
    args: ['check', 'BIG'],
    code: 2,
    files: { BIG: cp(() => bigLine) },
    stderr: /BIG:1: line longer than 64 MiB/,
  },

  // play
  {
    name: 'play < /dev/zero',
    args: ['play', 'household'],
    code: 2,
    stdin: 'zero',
    stderr: /standard input:1: line longer than/,
  },
  {
    name: 'play < a folder',
    args: ['play', 'household'],
    code: 2,
    stdin: 'folder',
    stderr: /Standard input is a folder/,
  },
  {
    name: 'play --seed past 2^53',
    args: ['play', 'household', '--seed', '9007199254740993'],
    code: 2,
    stderr: /--seed/,
  },
  { name: 'play --task -1', args: ['play', 'household', '--task', '-1'], code: 2 },
  { name: 'play --task past the split', args: ['play', 'household', '--task', '999999'], code: 2 },
  { name: 'play --split nope', args: ['play', 'household', '--split', 'nope'], code: 2 },
  { name: 'play of an unknown family', args: ['play', 'nope'], code: 2 },
  {
    name: 'play --perturb-seed abc',
    args: ['play', 'household', '--perturb', 'paraphrase', '--perturb-seed', 'abc'],
    code: 2,
  },
  {
    name: 'play | head -3 ends quietly',
    args: ['play', 'household'],
    code: 0,
    stdin: 'look\n'.repeat(20_000),
    headLines: 3,
  },
  {
    name: 'play with binary garbage on standard input',
    args: ['play', 'household'],
    code: 0,
    stdin: garbage.toString('latin1').repeat(50),
  },

  // parse
  {
    name: "parse '-Action: look'",
    args: ['parse', '-Action: look'],
    code: 2,
    stderr: /put '--' before it/,
  },
  { name: 'parse -- -Action: look', args: ['parse', '--', '-Action: look'], code: 0 },
  {
    name: 'parse --task abc without --family',
    args: ['parse', '--task', 'abc', 'Action: look'],
    code: 2,
    stderr: /--family/,
  },
  {
    name: 'parse --family household --task abc',
    args: ['parse', '--family', 'household', '--task', 'abc', 'Action: look'],
    code: 2,
    stderr: /--task/,
  },
  {
    name: 'parse of a tool call with malformed arguments',
    args: [
      'parse',
      '{"tool_calls":[{"type":"function","function":{"name":"act","arguments":"{bad"}}]}',
    ],
    code: 0,
    stdout: /format_error/,
  },
  { name: 'parse --format nope', args: ['parse', '--format', 'nope', 'x'], code: 2 },

  // world
  {
    name: 'world check /dev/zero',
    args: ['world', 'check', '/dev/zero'],
    code: 2,
    stderr: /larger than 64 MiB/,
  },
  {
    name: 'world check behind a byte-order mark',
    args: ['world', 'check', 'w.json'],
    code: 0,
    files: {
      get 'w.json'() {
        return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), readFileSync(miniWorld)])
      },
    },
  },
  {
    name: 'world check of text that is not JSON',
    args: ['world', 'check', 'w.json'],
    code: 2,
    files: { 'w.json': '{"id": ' },
  },
  {
    name: 'world check of JSON nested 100,000 deep',
    args: ['world', 'check', 'w.json'],
    code: 1,
    files: { 'w.json': `${'['.repeat(100_000)}${']'.repeat(100_000)}` },
  },
  {
    name: 'world check with 16,000 entities',
    args: ['world', 'check', 'w.json'],
    code: 1,
    files: { 'w.json': cp(() => explosive.entities!) },
  },
  {
    name: 'world check with 1,000 entities under a 3-parameter action',
    args: ['world', 'check', 'w.json'],
    code: 1,
    files: { 'w.json': cp(() => explosive.entities3!) },
  },
  {
    name: 'world check of an action with 300 parameters',
    args: ['world', 'check', 'w.json'],
    code: 1,
    files: { 'w.json': cp(() => explosive.params!) },
    stdout: /at most 12/,
  },
  {
    name: 'world check of a type chain 100,000 deep',
    args: ['world', 'check', 'w.json'],
    code: 1,
    files: { 'w.json': cp(() => explosive.types!) },
    stdout: /levels under 'object'/,
  },
  {
    name: 'world check of a forall over 6 variables × 1,000 things',
    args: ['world', 'check', 'w.json'],
    code: 1,
    files: { 'w.json': cp(() => explosive.forall!) },
  },
  {
    name: 'world play with 300 parameters',
    args: ['world', 'play', 'w.json'],
    code: 2,
    files: { 'w.json': cp(() => explosive.params!) },
  },
  {
    name: 'world play < /dev/zero',
    args: ['world', 'play', 'w.json'],
    code: 2,
    stdin: 'zero',
    files: { 'w.json': { copy: miniWorld } },
  },
  {
    name: 'world check --plan-budget 0',
    args: ['world', 'check', 'w.json', '--plan-budget', '0'],
    code: 2,
    files: { 'w.json': { copy: miniWorld } },
  },

  // pddl
  {
    name: 'pddl of an action with 10,000 parameters',
    args: ['pddl', 'd.pddl', 'p.pddl', '--plan'],
    code: 2,
    files: {
      'd.pddl': cp(() => explosive['wide.domain']!),
      'p.pddl': cp(() => explosive['wide.problem']!),
    },
    stderr: /at most 12/,
  },
  {
    name: 'pddl blocksworld with 2,000 blocks',
    args: ['pddl', 'd.pddl', 'p.pddl', '--plan'],
    code: 2,
    files: {
      'd.pddl': cp(() => explosive['blocks.domain']!),
      'p.pddl': cp(() => explosive['blocks.problem']!),
    },
    stderr: /^refinery: p\.pddl: this problem cannot be played/,
  },
  {
    name: 'pddl blocksworld with 300 blocks under a time budget',
    args: ['pddl', 'd.pddl', 'p.pddl', '--plan', '--max-seconds', '2'],
    code: 1,
    files: {
      'd.pddl': cp(() => explosive['blocks300.domain']!),
      'p.pddl': cp(() => explosive['blocks300.problem']!),
    },
    stdout: /"solved":false/,
  },
  {
    name: 'pddl of an undeclared object',
    args: ['pddl', 'd.pddl', 'p.pddl'],
    code: 2,
    files: { 'd.pddl': GRIPPER_DOMAIN, 'p.pddl': UNDECLARED_PROBLEM },
    stderr: /\(:objects/,
  },
  {
    name: 'pddl of /dev/zero',
    args: ['pddl', 'd.pddl', '/dev/zero'],
    code: 2,
    files: { 'd.pddl': GRIPPER_DOMAIN },
  },
  {
    name: 'pddl nested 100,000 deep',
    args: ['pddl', 'd.pddl', 'p.pddl'],
    code: 2,
    files: { 'd.pddl': GRIPPER_DOMAIN, 'p.pddl': '('.repeat(100_000) },
  },
  {
    name: 'pddl --plan of a good problem',
    args: ['pddl', 'd.pddl', 'p.pddl', '--plan'],
    code: 0,
    files: { 'd.pddl': GRIPPER_DOMAIN, 'p.pddl': GRIPPER_PROBLEM },
    stdout: /"solved":true/,
  },
  {
    name: 'pddl --max-nodes 0',
    args: ['pddl', 'd.pddl', 'p.pddl', '--plan', '--max-nodes', '0'],
    code: 2,
    files: { 'd.pddl': GRIPPER_DOMAIN, 'p.pddl': GRIPPER_PROBLEM },
  },
]

if (root) {
  // As root a read-only file is still writable; the case means nothing there.
} else {
  cases.push({
    name: 'synth --force with a read-only summary changes nothing',
    args: ['synth', '--count', '1', '--force', '--out', 'out'],
    code: 2,
    files: trajectories,
    stderr: /read-only/,
  })
}

// ---- running them -----------------------------------------------------------------------

let running = 0
const waiting: (() => void)[] = []
async function slot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= PARALLEL) await new Promise<void>((go) => waiting.push(go))
  running++
  try {
    return await work()
  } finally {
    running--
    waiting.shift()?.()
  }
}

function setUp(c: Case): string {
  const dir = mkdtempSync(join(tmpdir(), 'refinery-hostile-'))
  for (const [name, content] of Object.entries(c.files ?? {})) {
    const path = join(dir, name)
    mkdirSync(join(path, '..'), { recursive: true })
    if (typeof content === 'string' || Buffer.isBuffer(content)) writeFileSync(path, content)
    else if ('link' in content) symlinkSync(content.link, path)
    else copyFileSync(content.copy, path)
  }
  if (!root && c.name.includes('read-only')) chmodSync(join(dir, 'out/summary.json'), 0o444)
  return dir
}

/** Every file under `dir` (links as their target text), path → bytes. */
function snapshot(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>()
  const walk = (at: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, entry.name)
      if (entry.isDirectory()) walk(path)
      else if (entry.isFile()) out.set(relative(dir, path), readFileSync(path))
    }
  }
  walk(dir)
  return out
}

interface Outcome {
  status: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

function runCase(c: Case, cwd: string): Promise<Outcome> {
  let stdinFd: number | undefined
  if (c.stdin === 'zero') stdinFd = openSync('/dev/zero', 'r')
  else if (c.stdin === 'folder') stdinFd = openSync(cwd, 'r')
  const child = spawn(process.execPath, [`--max-old-space-size=${HEAP_MB}`, cliBin, ...c.args], {
    cwd,
    env: { ...process.env, REFINERY_DEBUG: '', ...c.env },
    stdio: [stdinFd ?? 'pipe', 'pipe', 'pipe'],
    timeout: TIME_LIMIT_MS,
  })
  if (stdinFd !== undefined) closeSync(stdinFd)
  else {
    child.stdin?.on('error', () => {})
    child.stdin?.end(typeof c.stdin === 'string' ? c.stdin : '')
  }
  let stdout = ''
  let stderr = ''
  child.stdout?.setEncoding('utf8')
  child.stderr?.setEncoding('utf8')
  child.stdout?.on('data', (text: string) => {
    stdout += text
    if (c.headLines !== undefined && stdout.split('\n').length > c.headLines) {
      child.stdout?.destroy()
    }
  })
  child.stderr?.on('data', (text: string) => {
    stderr += text
  })
  return new Promise((done) => {
    child.on('close', (status, signal) => done({ status, signal, stdout, stderr }))
  })
}

describe('refinery on hostile input', () => {
  it('has at least 60 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(60)
  })

  it.concurrent.each(cases)(
    '$name',
    async (c) => {
      expect(existsSync(cliBin)).toBe(true)
      const dir = setUp(c)
      const before = snapshot(dir)
      const result = await slot(() => runCase(c, dir))
      const where = `refinery ${c.args.join(' ').slice(0, 80)}\nstderr: ${result.stderr.slice(0, 2000)}`
      expect(result.signal, where).toBeNull()
      expect(result.status, where).toBe(c.code)
      expect(result.stderr, where).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m)
      expect(result.stderr, where).not.toMatch(/FATAL ERROR|heap out of memory|internal error/)
      if (c.code === 2) expect(result.stderr.trimEnd().split('\n'), where).toHaveLength(1)
      if (c.headLines !== undefined) expect(result.stderr, where).toBe('')
      if (c.stdout) expect(result.stdout, where).toMatch(c.stdout)
      if (c.stderr) expect(result.stderr, where).toMatch(c.stderr)
      const after = snapshot(dir)
      for (const [path, bytes] of before) {
        if (c.changes?.includes(path)) continue
        expect(after.get(path)?.equals(bytes), `${path} changed: ${where}`).toBe(true)
      }
      for (const path of c.changes ?? [])
        expect(after.get(path)?.equals(before.get(path)!)).toBe(false)
      // No temporary or staging file is left behind.
      for (const path of after.keys()) expect(path, where).not.toMatch(/\.tmp$|synth-staging/)
      for (const path of c.absent ?? []) expect(existsSync(join(dir, path)), path).toBe(false)
      expect(statSync('/dev/null').isCharacterDevice(), `/dev/null replaced: ${where}`).toBe(true)
    },
    TIME_LIMIT_MS + 15_000,
  )
})
