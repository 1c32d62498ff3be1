import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { oracleAgent, runEpisode } from '@refinery/agent'
import { household } from '@refinery/env-household'
import { beforeAll, describe, expect, it } from 'vitest'
import { runCli } from './run-cli'

const run = (argv: string[]) => runCli(argv)

const dir = mkdtempSync(join(tmpdir(), 'refinery-dataset-cli-'))
const synthFile = join(dir, 'synth', 'trajectories.jsonl')
let synthLines: string[] = []

/** An episode of the evaluation split, played by the oracle, as a record line. */
async function evalLine(index: number): Promise<string> {
  const task = household.task('test', index)
  const { trajectory } = await runEpisode({
    family: household,
    task,
    agent: oracleAgent(),
    source: { kind: 'eval', agent: 'oracle' },
    id: `eval-${index}`,
  })
  return JSON.stringify(trajectory)
}

beforeAll(async () => {
  const r = await run([
    'synth',
    '--count',
    '12',
    '--families',
    'household',
    '--out',
    join(dir, 'synth'),
  ])
  expect(r.code).toBe(0)
  synthLines = readFileSync(synthFile, 'utf8').trim().split('\n')
}, 300_000)

describe('refinery check --against test', () => {
  it('flags exactly the records made from evaluation-split episodes; synthesis records are all clean', async () => {
    const mixed = join(dir, 'leaky.jsonl')
    const lines = [
      ...synthLines.slice(0, 4),
      await evalLine(3),
      ...synthLines.slice(4, 8),
      await evalLine(120),
      ...synthLines.slice(8),
    ]
    writeFileSync(mixed, `${lines.join('\n')}\n`)
    const r = await run([
      'check',
      mixed,
      '--against',
      'test',
      '--families',
      'household',
      '--json',
      '--quiet',
    ])
    expect(r.code).toBe(1)
    const report = JSON.parse(r.stdout)
    expect(
      report.flagged.map((f: { line: number; verdict: string }) => [f.line, f.verdict]),
    ).toEqual([
      [5, 'dirty'],
      [10, 'dirty'],
    ])
    expect(report.families.household).toMatchObject({ records: 14, clean: 12, mixed: 0, dirty: 2 })
    for (const f of report.flagged) expect(f.exactHits).toBeGreaterThan(0)
    expect(r.stderr).toMatch(
      /2 of 14 records .* are dirty against the test split, on lines 5 and 10\.$/m,
    )

    const clean = await run([
      'check',
      synthFile,
      '--against',
      'test',
      '--families',
      'household',
      '--quiet',
    ])
    expect(clean.code).toBe(0)
    expect(clean.stdout).toMatch(/^12 of 12 records are clean against the test split\.$/m)
    expect(clean.stdout).toMatch(/^family\s+records\s+clean\s+mixed\s+dirty/)
  }, 600_000)

  it('refuses a split that does not exist', async () => {
    const r = await run(['check', synthFile, '--against', 'exam'])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/--against must be a split/)
  })
})

describe('refinery export, dedup, select, mix, stats', () => {
  it('exports every format with the trained turns kept, and configs beside LLaMA-Factory and axolotl exports', async () => {
    for (const format of ['openai', 'sharegpt', 'axolotl', 'trl', 'trl-completion', 'adp']) {
      const r = await run([
        'export',
        synthFile,
        '--format',
        format,
        '--out',
        join(dir, `${format}.jsonl`),
        '--force',
      ])
      expect(r.code, r.stderr).toBe(0)
      expect(r.stdout).toMatch(/ trained assistant turns\.\n/)
    }
    expect(readFileSync(join(dir, 'llamafactory_sft.yaml'), 'utf8')).toMatch(/mask_history: true/)
    expect(readFileSync(join(dir, 'axolotl_sft.yaml'), 'utf8')).toMatch(
      /message_field_training: training/,
    )
  })

  it('refuses an existing output without --force and an output that is the input', async () => {
    const target = join(dir, 'exists.jsonl')
    writeFileSync(target, 'keep me\n')
    const refused = await run(['export', synthFile, '--format', 'openai', '--out', target])
    expect(refused.code).toBe(2)
    expect(refused.stderr).toMatch(/already exists and is not empty\. Pass --force to replace it/)
    expect(readFileSync(target, 'utf8')).toBe('keep me\n')
    const self = await run(['dedup', synthFile, '--out', synthFile, '--force'])
    expect(self.code).toBe(2)
    expect(self.stderr).toMatch(/is also an input/)
  })

  it('dedup removes a copied record, select keeps --count, mix writes η, stats prints JSON', async () => {
    const doubled = join(dir, 'doubled.jsonl')
    writeFileSync(doubled, `${synthLines.join('\n')}\n${synthLines[0]}\n`)
    const dedup = await run(['dedup', doubled, '--out', join(dir, 'dedup.jsonl'), '--json'])
    expect(dedup.code).toBe(0)
    expect(JSON.parse(dedup.stdout).removed).toContainEqual(
      expect.objectContaining({ line: 13, duplicateOf: 1 }),
    )

    const select = await run([
      'select',
      synthFile,
      '--count',
      '5',
      '--out',
      join(dir, 'select.jsonl'),
    ])
    expect(select.code).toBe(0)
    expect(readFileSync(join(dir, 'select.jsonl'), 'utf8').trim().split('\n')).toHaveLength(5)

    const general = join(dir, 'general.jsonl')
    const chats = Array.from({ length: 100 }, (_, i) =>
      JSON.stringify({
        conversations: [
          { from: 'human', value: `q${i}` },
          { from: 'gpt', value: `a${i}` },
        ],
      }),
    )
    writeFileSync(general, `${chats.join('\n')}\n`)
    const mix = await run([
      'mix',
      synthFile,
      '--with',
      general,
      '--ratio',
      '0.2',
      '--seed',
      '1',
      '--out',
      join(dir, 'mix.jsonl'),
    ])
    expect(mix.stdout).toBe(
      `Wrote 60 examples to ${join(dir, 'mix.jsonl')}: 12 agent, 48 general (η = 0.2).\n`,
    )

    const stats = await run(['stats', synthFile, '--json'])
    const s = JSON.parse(stats.stdout)
    expect(s.records).toBe(12)
    expect(Object.keys(s.verbs).length).toBeGreaterThan(1)
    const table = await run(['stats', synthFile])
    expect(table.stdout).toMatch(/^records\s+12$/m)
  })

  it('names the file and line of a bad input line', async () => {
    const bad = join(dir, 'bad.jsonl')
    writeFileSync(bad, `${synthLines[0]}\n{oops\n`)
    const r = await run(['dedup', bad, '--out', join(dir, 'bad-out.jsonl')])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/skipped line 2 of .*bad\.jsonl; line 2: not valid JSON/)
  })

  it('reports progress on a long input in plain lines when stderr is no terminal, and not with --quiet', async () => {
    const long = join(dir, 'long.jsonl')
    writeFileSync(long, `${JSON.stringify({ pad: 'x'.repeat(100) })}\n`.repeat(12_000))
    const r = await run(['stats', long, '--json'])
    expect(r.stderr).toMatch(/^refinery: stats: 10,000 lines, [\d,]+ lines\/s$/m)
    expect(JSON.parse(r.stdout).invalidLines).toBe(12_000)
    const quiet = await run(['stats', long, '--json', '--quiet'])
    expect(quiet.stderr).toBe('')
  })
})
