import { access, constants, lstat, mkdir, realpath, stat } from 'node:fs/promises'
import { basename, dirname, join, resolve } from 'node:path'
import { RefineryError } from '@refinery/core'
import type { Io } from '../io'

/** Resolves a user-given path and fails with one clear line when it cannot be read. */
export async function assertReadable(io: Io, file: string): Promise<string> {
  const path = resolve(io.cwd, file)
  try {
    await access(path, constants.R_OK)
    if ((await stat(path)).isDirectory()) throw new Error('directory')
  } catch {
    throw new RefineryError('invalid_input', `Cannot read '${file}'.`, {
      hint: 'Check the path; it must be a readable file.',
    })
  }
  return path
}

/**
 * Makes sure `dir` is a directory that can be written, creating what is missing one level
 * at a time (Node's recursive mkdir spins on some special file systems). Fails with one line.
 */
export async function ensureOutputDir(io: Io, dir: string, flag = '--out'): Promise<string> {
  const path = resolve(io.cwd, dir)
  const missing: string[] = []
  let cursor = path
  for (;;) {
    try {
      if (!(await stat(cursor)).isDirectory()) {
        throw new RefineryError('invalid_input', `${flag} '${dir}': ${cursor} is a file.`, {
          hint: `Give ${flag} a directory.`,
        })
      }
      break
    } catch (error) {
      if (RefineryError.isInstance(error)) throw error
      const parent = dirname(cursor)
      if (parent === cursor) break
      missing.unshift(cursor)
      cursor = parent
    }
  }
  for (const part of missing) {
    try {
      await mkdir(part)
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      if (code === 'EEXIST') continue
      throw new RefineryError(
        'invalid_input',
        `${flag} '${dir}': cannot create ${part} (${code ?? 'error'}).`,
        {
          hint: 'Choose a directory you can write to.',
        },
      )
    }
  }
  try {
    await access(path, constants.W_OK)
  } catch {
    throw new RefineryError('invalid_input', `${flag} '${dir}' is not writable.`, {
      hint: 'Choose a directory you can write to.',
    })
  }
  return path
}

/**
 * Checks the outputs a command will write before it writes anything: an existing output is
 * refused unless `force`, an output that is one of the inputs (by real path) is refused
 * always, and each output's directory must exist. Returns the resolved output paths. The
 * writes themselves go through a temporary file and a rename (`writeJsonlAtomically`).
 */
export async function prepareOutputs(
  io: Io,
  outputs: readonly string[],
  inputs: readonly string[],
  force = false,
): Promise<string[]> {
  const inputReal = new Set<string>()
  for (const input of inputs)
    inputReal.add(await realpath(resolve(io.cwd, input)).catch(() => resolve(io.cwd, input)))
  const resolved: string[] = []
  for (const output of outputs) {
    const path = resolve(io.cwd, output)
    const dir = await realpath(dirname(path)).catch(() => null)
    if (dir === null || !(await stat(dir)).isDirectory()) {
      throw new RefineryError(
        'invalid_input',
        `Cannot write '${output}': its directory does not exist.`,
        {
          hint: 'Create the directory first, or choose another path.',
        },
      )
    }
    const real = join(dir, basename(path))
    const existing = await lstat(real).catch(() => null)
    const target = existing?.isSymbolicLink() ? await realpath(real).catch(() => real) : real
    if (inputReal.has(target)) {
      throw new RefineryError(
        'usage',
        `'${output}' is also an input; a command never writes over its input.`,
        {
          hint: 'Choose another output path.',
        },
      )
    }
    if (existing && !force) {
      throw new RefineryError('output_exists', `'${output}' already exists.`, {
        hint: 'Pass --force to replace it, or choose another path.',
      })
    }
    if (existing?.isDirectory()) {
      throw new RefineryError('invalid_input', `'${output}' is a directory.`, {
        hint: 'Give a file path.',
      })
    }
    resolved.push(path)
  }
  return resolved
}
