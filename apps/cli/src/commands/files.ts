import { access, constants, mkdir, stat } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
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
