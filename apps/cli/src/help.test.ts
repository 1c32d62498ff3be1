import { describe, expect, it } from 'vitest'
import { runCli } from './run-cli'

const run = (argv: string[]) => runCli(argv)

/** The command line of DESIGN.md; a command added later must join this list and get help. */
const DESIGNED = [
  'check',
  'dedup',
  'envs',
  'eval',
  'export',
  'llm probe',
  'mix',
  'parse',
  'pddl',
  'play',
  'report',
  'select',
  'serve',
  'stats',
  'synth',
  'world check',
  'world generate',
  'world play',
  'world schema',
]

/** The subcommands a help page lists under `Commands:`, without `help`. */
function subcommands(help: string): string[] {
  const block = help.split(/^Commands:\n/m)[1]
  if (!block) return []
  return block
    .split('\n')
    .map((line) => /^ {2}([a-z][a-z-]*)\b/.exec(line)?.[1])
    .filter((name): name is string => name !== undefined && name !== 'help')
}

/** Every leaf command, found by walking the help pages from the top. */
async function leaves(path: string[] = []): Promise<string[]> {
  const { stdout } = await run([...path, '--help'])
  const children = subcommands(stdout)
  if (children.length === 0) return [path.join(' ')]
  const found: string[] = []
  for (const child of children) found.push(...(await leaves([...path, child])))
  return found
}

describe('--help', () => {
  it('every command of DESIGN.md exists, and no command exists that is not listed', async () => {
    expect((await leaves()).sort()).toEqual(DESIGNED)
  })

  it.each(DESIGNED)(
    'refinery %s --help: usage, a description, every option explained',
    async (name) => {
      const { code, stdout, stderr } = await run([...name.split(' '), '--help'])
      expect(stderr).toBe('')
      expect(code).toBe(0)
      expect(stdout).toMatch(new RegExp(`^Usage: refinery ${name}\\b`))
      const lines = stdout.split('\n')
      // A description follows the usage line.
      expect(lines[1]).toBe('')
      expect(lines[2]?.trim().length).toBeGreaterThan(10)
      // Every option has words after it, on its line or the next (commander wraps long ones).
      const options = stdout.split(/^Options:\n/m)[1]?.split(/^\S/m)[0] ?? ''
      const rows = options.split('\n').filter((l) => /^ {2}-/.test(l))
      expect(rows.length).toBeGreaterThan(0)
      for (const row of rows) expect(row.trim(), row).toMatch(/^-\S.*\S\s{2,}\S/)
    },
  )
})
