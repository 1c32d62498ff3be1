import { randomBytes } from 'node:crypto'
import { rename, stat, unlink, writeFile } from 'node:fs/promises'
import { basename, dirname, join, resolve } from 'node:path'
import { RefineryError } from '@refinery/core'
import { generateWorld } from '@refinery/env-generated'
import type { Command } from 'commander'
import { type Io, parseIntegerOption, usage } from '../io'
import { ensureOutputDir } from './files'

interface GenerateOptions {
  seed: string
  theme?: string
  split: string
  out: string
  force?: boolean
}

/**
 * `refinery world generate`: one generated world as a readable WorldSpec file, the kind
 * `world check` and `world play` take, for a person to read, edit and play.
 */
export function registerWorldGenerate(world: Command, io: Io): void {
  world
    .command('generate')
    .description('write a generated world (mechanics composed in a theme) as a WorldSpec file')
    .option('--seed <s>', 'seed of the world', '0')
    .option('--theme <id>', 'theme id (default: one drawn from the seed)')
    .option(
      '--split <split>',
      'train or test: which themes and verb phrasings to draw from',
      'train',
    )
    .requiredOption('--out <file>', 'where to write the WorldSpec JSON')
    .option('--force', 'replace --out if it exists')
    .action(async (options: GenerateOptions) => {
      if (options.split !== 'train' && options.split !== 'test')
        throw usage(`--split must be train or test, got '${options.split}'.`)
      const seed = parseIntegerOption('seed', options.seed)
      const path = resolve(io.cwd, options.out)
      if (!options.force && (await exists(path))) {
        throw new RefineryError('invalid_input', `--out '${options.out}' already exists.`, {
          hint: 'Choose another file, or pass --force to replace it.',
        })
      }
      await ensureOutputDir(io, dirname(options.out) || '.', '--out')
      const generated = generateWorld({
        seed,
        split: options.split,
        ...(options.theme === undefined ? {} : { theme: options.theme }),
        id: `generated/${options.theme ?? 'any'}/${seed}`,
      })
      await writeWhole(path, `${JSON.stringify(generated.spec, null, 2)}\n`)
      io.stdout(
        `Wrote ${options.out}: ${generated.theme} world with ${generated.mechanics.join(', ')}; the oracle solves it in ${generated.plan.length} steps.\n`,
      )
    })
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path)
    return true
  } catch {
    return false
  }
}

/** Writes to a temporary file beside `path`, then renames it into place. */
async function writeWhole(path: string, text: string): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.tmp`)
  try {
    await writeFile(temp, text)
    await rename(temp, path)
  } catch (error) {
    await unlink(temp).catch(() => {})
    throw error
  }
}
