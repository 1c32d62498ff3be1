import { access, constants, stat } from 'node:fs/promises'
import { resolve } from 'node:path'
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
