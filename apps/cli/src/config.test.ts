import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { loadSettings, modelSettings } from './config'
import type { Io } from './io'
import { defaultRegistry } from './registry'
import { runCli } from './run-cli'

const BUILT_IN = defaultRegistry().ids()

/** What `loadSettings` reads: the folder and the variables. */
const ioAt = (cwd: string, env: NodeJS.ProcessEnv): Io => ({
  stdout: () => {},
  stderr: () => {},
  stdin: Readable.from(['']),
  stderrIsTty: false,
  cwd,
  env,
})

const run = (argv: string[], cwd: string, env: NodeJS.ProcessEnv = {}, stdin = '') =>
  runCli(argv, { cwd, env, stdin })

/** A family module with the given id, as a third-party package would export it. */
function familyModule(id: string): string {
  return `export const family = {
  specificationVersion: 'v1',
  id: '${id}',
  description: 'Says back what you say; "stop" ends it.',
  splits: { train: { size: 1 }, dev: { size: 1 }, test: { size: 1 } },
  task: (split, index) => ({ id: '${id}/' + split + '/' + index, family: '${id}', split, index, seed: 0 }),
  create: () => {
    let done = false
    return {
      actionSpace: { templates: [], entities: [] },
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
`
}

/** root/refinery.config.json naming ./fams/one.mjs; root/sub/deeper is a folder below it. */
function project(config: unknown): { root: string; deeper: string } {
  const root = mkdtempSync(join(tmpdir(), 'refinery-config-'))
  mkdirSync(join(root, 'fams'))
  writeFileSync(join(root, 'fams', 'one.mjs'), familyModule('one'))
  writeFileSync(join(root, 'fams', 'two.mjs'), familyModule('two'))
  // A package folder, named by its directory.
  mkdirSync(join(root, 'pkg'))
  writeFileSync(
    join(root, 'pkg', 'package.json'),
    JSON.stringify({ name: 'pkg-three', type: 'module', exports: { '.': './main.js' } }),
  )
  writeFileSync(join(root, 'pkg', 'main.js'), familyModule('three'))
  writeFileSync(join(root, 'refinery.config.json'), JSON.stringify(config))
  const deeper = join(root, 'sub', 'deeper')
  mkdirSync(deeper, { recursive: true })
  return { root, deeper }
}

const ids = (stdout: string) => JSON.parse(stdout).map((f: { id: string }) => f.id)

describe('refinery.config.json', () => {
  it('registers the families it names, resolved from its own folder, found from a folder below', async () => {
    const { deeper } = project({ families: ['./fams/one.mjs', './pkg'] })
    const r = await run(['envs', '--json'], deeper)
    expect(r.stderr).toBe('')
    expect(ids(r.stdout)).toEqual([...BUILT_IN, 'one', 'three'].sort())
    const play = await run(['play', 'one'], deeper, {}, 'hi\nstop\n')
    expect(play.stdout).toMatch(/You said: stop\n\[success: 2 steps/)
  })

  it('is read from --config FILE, before or after the command', async () => {
    const { root } = project({ families: ['./fams/two.mjs'] })
    const elsewhere = mkdtempSync(join(tmpdir(), 'refinery-elsewhere-'))
    const config = join(root, 'refinery.config.json')
    for (const argv of [
      ['--config', config, 'envs', '--json'],
      ['envs', '--json', `--config=${config}`],
    ]) {
      const r = await run(argv, elsewhere)
      expect(r.code).toBe(0)
      expect(ids(r.stdout)).toContain('two')
    }
    const missing = await run(['--config', join(elsewhere, 'nope.json'), 'envs'], elsewhere)
    expect(missing.code).toBe(2)
    expect(missing.stderr).toMatch(/nope\.json: no such file\. Check the path given to --config/)
  })

  it.each([
    [
      { families: [], modle: 'x' },
      /unknown key 'modle'\. Known keys: families, model, baseUrl, apiKey\./,
    ],
    [{ families: './fams/one.mjs' }, /families: .*expected array/],
    [{ baseUrl: 'not a url' }, /baseUrl: /],
  ])('refuses %j with one line naming the key, exit 2', async (config, pattern) => {
    const { deeper } = project(config)
    const r = await run(['envs'], deeper)
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/^refinery: .*refinery\.config\.json: /)
    expect(r.stderr).toMatch(pattern)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
  })

  it('refuses a file that is not JSON with one line', async () => {
    const { root, deeper } = project({})
    writeFileSync(join(root, 'refinery.config.json'), '{ families: ')
    const r = await run(['envs'], deeper)
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/refinery\.config\.json: not valid JSON/)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
  })

  it('names the config file when a family it lists cannot be loaded', async () => {
    const { root, deeper } = project({ families: ['./fams/missing.mjs'] })
    const r = await run(['envs'], deeper)
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(
      `${join(root, 'refinery.config.json')}: './fams/missing.mjs': it cannot be loaded`,
    )
  })
})

describe('precedence: flags over environment variables over the config file', () => {
  it('REFINERY_FAMILIES replaces the config file’s families', async () => {
    const { root, deeper } = project({ families: ['./fams/one.mjs'] })
    const r = await run(['envs', '--json'], deeper, {
      REFINERY_FAMILIES: join(root, 'fams', 'two.mjs'),
    })
    expect(ids(r.stdout)).toContain('two')
    expect(ids(r.stdout)).not.toContain('one')
  })

  it('model settings: variables over the file, flags over both', () => {
    const { deeper } = project({
      model: 'file-model',
      baseUrl: 'http://127.0.0.1:1/v1',
      apiKey: 'file-key',
    })
    const fileOnly = loadSettings(ioAt(deeper, {}))
    expect(fileOnly.model).toEqual({
      model: 'file-model',
      baseUrl: 'http://127.0.0.1:1/v1',
      apiKey: 'file-key',
    })
    const env = { REFINERY_MODEL: 'env-model', OPENAI_BASE_URL: 'http://127.0.0.1:2/v1' }
    const settings = loadSettings(ioAt(deeper, env))
    expect(settings.model).toEqual({
      model: 'env-model',
      baseUrl: 'http://127.0.0.1:2/v1',
      apiKey: 'file-key',
    })
    expect(modelSettings(settings, { model: 'flag-model' })).toEqual({
      model: 'flag-model',
      baseUrl: 'http://127.0.0.1:2/v1',
      apiKey: 'file-key',
    })
  })
})

describe('REFINERY_FAMILIES paths', () => {
  it('resolve from INIT_CWD (where pnpm was run) when the command runs in a folder below it', async () => {
    const { root, deeper } = project({})
    const r = await run(['envs', '--json'], deeper, {
      REFINERY_FAMILIES: './fams/one.mjs',
      INIT_CWD: root,
    })
    expect(r.stderr).toBe('')
    expect(ids(r.stdout)).toContain('one')
  })

  it('ignore an INIT_CWD that does not hold the working folder', async () => {
    const { root } = project({})
    const other = mkdtempSync(join(tmpdir(), 'refinery-other-'))
    const r = await run(['envs'], root, { REFINERY_FAMILIES: './fams/one.mjs', INIT_CWD: other })
    expect(r.code).toBe(0)
  })
})

describe('an unknown family', () => {
  const hint = /REFINERY_FAMILIES=.*"families" list of refinery\.config\.json/
  it.each([
    [['play', 'mine']],
    [['synth', '--families', 'mine', '--count', '1', '--out', join(tmpdir(), 'never-written')]],
  ])('%j says how to register one, exit 2, one line', async (argv) => {
    const r = await run(argv, mkdtempSync(join(tmpdir(), 'refinery-unknown-')))
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(`Unknown family 'mine'. Known families: ${BUILT_IN.join(', ')}.`)
    expect(r.stderr).toMatch(hint)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
  })

  it('check says the same under its failures', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'refinery-unknown-'))
    const out = join(dir, 'synth')
    const { root } = project({ families: ['./fams/one.mjs'] })
    // A record made with a family only the config file knows, checked without it.
    expect(
      (await run(['synth', '--families', 'household', '--count', '1', '--out', out], root)).code,
    ).toBe(0)
    const { readFileSync } = await import('node:fs')
    const line = readFileSync(join(out, 'trajectories.jsonl'), 'utf8').replace(
      '"env":"household"',
      '"env":"mine"',
    )
    writeFileSync(join(dir, 'mine.jsonl'), line)
    const r = await run(['check', join(dir, 'mine.jsonl')], dir)
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(/unknown family 'mine'/)
    expect(r.stderr).toMatch(hint)
  })
})
