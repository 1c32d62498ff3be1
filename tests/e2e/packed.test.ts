import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { repoRoot } from './cli'

// What a user of npm gets: every package the CLI needs, packed as it would be published,
// installed with npm into folders outside the workspace. Runs the commands of
// docs/writing-an-environment.md on a copy of examples/env-template.

const registry = spawnSync('npm', ['ping'], { encoding: 'utf8', timeout: 20_000 })
const offline = registry.status !== 0
if (offline) console.warn('packed: skipped: the npm registry is unreachable (npm ping failed)')

/** Workspace packages by name, with their folders. */
function workspacePackages(): Map<string, string> {
  const found = new Map<string, string>()
  for (const parent of ['packages', 'packages/envs', 'apps']) {
    for (const entry of readdirSync(resolve(repoRoot, parent))) {
      const manifest = resolve(repoRoot, parent, entry, 'package.json')
      if (existsSync(manifest))
        found.set(JSON.parse(readFileSync(manifest, 'utf8')).name, resolve(repoRoot, parent, entry))
    }
  }
  return found
}

/** The CLI, core, world, parser and every workspace package they depend on, transitively. */
function packagesToPack(): Map<string, string> {
  const all = workspacePackages()
  const chosen = new Map<string, string>()
  const visit = (name: string) => {
    const dir = all.get(name)
    if (!dir || chosen.has(name)) return
    chosen.set(name, dir)
    const { dependencies = {} } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
    for (const dep of Object.keys(dependencies)) visit(dep)
  }
  for (const name of ['refinery', '@refinery/core', '@refinery/world', '@refinery/parser'])
    visit(name)
  return chosen
}

function sh(command: string, args: string[], cwd: string, timeout = 300_000) {
  const r = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    timeout,
    env: { ...process.env, INIT_CWD: '', REFINERY_FAMILIES: '' },
  })
  if (r.status !== 0)
    throw new Error(
      `${command} ${args.join(' ')} in ${cwd} exited ${r.status}:\n${r.stdout}\n${r.stderr}`,
    )
  return r.stdout
}

const pnpm = (args: string[], cwd: string) => sh('npx', ['-y', 'pnpm@10.34.9', ...args], cwd)
const npmInstall = (cwd: string, args: string[]) =>
  sh('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...args], cwd, 600_000)

describe.skipIf(offline)('the packages as npm installs them', () => {
  const root = mkdtempSync(join(tmpdir(), 'refinery-packed-'))
  const tarballs = join(root, 'tarballs')
  const app = join(root, 'app')
  const mine = join(root, 'mine')
  const tgz: Record<string, string> = {}

  beforeAll(() => {
    for (const [name, dir] of packagesToPack()) {
      if (!existsSync(join(dir, 'dist')))
        throw new Error(`${name} is not built: run pnpm turbo build first.`)
      const before = new Set(existsSync(tarballs) ? readdirSync(tarballs) : [])
      pnpm(['pack', '--pack-destination', tarballs], dir)
      const made = readdirSync(tarballs).find((f) => !before.has(f))!
      tgz[name] = join(tarballs, made)
    }
    // One install of everything, all at once, as a user would.
    sh('mkdir', ['-p', app], root)
    writeFileSync(
      join(app, 'package.json'),
      JSON.stringify({ name: 'app', private: true, type: 'module' }),
    )
    npmInstall(app, [...Object.values(tgz), 'typescript@5.9.3', '@types/node@^20.19.0'])
  }, 900_000)

  it('runs refinery envs', () => {
    const envs = JSON.parse(sh('npx', ['refinery', 'envs', '--json'], app))
    expect(envs.map((f: { id: string }) => f.id)).toEqual(
      expect.arrayContaining(['grid', 'household', 'lab', 'planning']),
    )
  })

  it('runs the conformance kit from a plain .mjs script', () => {
    writeFileSync(
      join(app, 'kit.mjs'),
      `import { checkFamilyConformance, createLockboxFamily } from '@refinery/core/testing'
import { household } from '@refinery/env-household'
const failures = [
  ...(await checkFamilyConformance(createLockboxFamily(), { tasks: 2 })),
  ...(await checkFamilyConformance(household, { tasks: 1 })),
]
console.log(JSON.stringify(failures))
`,
    )
    expect(JSON.parse(sh('node', ['kit.mjs'], app))).toEqual([])
  })

  it('type-checks a TypeScript consumer under module NodeNext', () => {
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          target: 'ES2022',
          strict: true,
          noEmit: true,
          types: ['node'],
        },
        include: ['consumer.ts'],
      }),
    )
    writeFileSync(
      join(app, 'consumer.ts'),
      `import { type EnvironmentFamily, FamilyRegistry, rngStream } from '@refinery/core'
import { checkFamilyConformance } from '@refinery/core/testing'
import { household } from '@refinery/env-household'
import { validateWorldSpec } from '@refinery/world'
import { main, type Settings } from 'refinery'
const registry: FamilyRegistry = new FamilyRegistry([household])
const family: EnvironmentFamily = registry.get('household')
const n: number = rngStream(1, 'x').int(0, 3)
export { checkFamilyConformance, family, main, n, validateWorldSpec }
export type { Settings }
`,
    )
    sh('npx', ['tsc', '-p', '.'], app)
  })

  it('builds, tests and synthesises a copy of the template, registered in refinery.config.json', () => {
    // docs/writing-an-environment.md, step by step.
    cpSync(resolve(repoRoot, 'examples/env-template'), mine, {
      recursive: true,
      filter: (src) => !/[/\\](node_modules|dist)$/.test(src),
    })
    npmInstall(mine, [tgz['@refinery/core']!, tgz['@refinery/world']!, tgz['@refinery/parser']!])
    sh('npm', ['test'], mine) // the copy as it is: every test passes
    // Renamed: the id seeds every task, so only the task-independent tests still hold.
    const rename = (file: string, from: RegExp, to: (match: string) => string) =>
      writeFileSync(join(mine, file), readFileSync(join(mine, file), 'utf8').replace(from, to))
    rename('src/family.ts', /FAMILY_ID = 'garden'/, () => "FAMILY_ID = 'mine'")
    rename('src/family.test.ts', /'garden'|garden\//g, (m) => m.replace('garden', 'mine'))
    rename('src/family.test.ts', /garden has no task/g, () => 'mine has no task')
    sh('npx', ['vitest', 'run', 'src/family.test.ts'], mine)
    sh('npm', ['run', 'typecheck'], mine)
    sh('npm', ['run', 'build'], mine)

    writeFileSync(join(app, 'refinery.config.json'), JSON.stringify({ families: ['../mine'] }))
    expect(
      JSON.parse(sh('npx', ['refinery', 'envs', '--json'], app)).map((f: { id: string }) => f.id),
    ).toContain('mine')
    const out = sh(
      'npx',
      ['refinery', 'synth', '--families', 'mine', '--count', '2', '--out', 'out/synth'],
      app,
    )
    expect(out).toMatch(/Wrote 2 verified trajectories/)
    expect(sh('npx', ['refinery', 'check', 'out/synth/trajectories.jsonl'], app)).toMatch(
      /2 of 2 records pass/,
    )
    // Eight commands in a row (an install, two test runs, a type check, a build, three CLI
    // runs) took 134 s on a loaded machine, past the file's 120 s per test; each command
    // keeps its own 300 s limit.
  }, 600_000)
})
