import { constants } from 'node:fs'
import { access, lstat, open, realpath, rename, rm, stat } from 'node:fs/promises'
import { basename, dirname, join, resolve } from 'node:path'
import { RefineryError } from '@refinery/core'

/**
 * Safe outputs, for every command that writes a file: nothing a user already has is lost.
 *
 * - An existing non-empty output is refused (`output_exists`) unless `force`; the refusal
 *   names `--force` and, for a command that can continue its output, `--resume`.
 * - An output that is one of the command's own inputs is refused, whatever the spelling
 *   (`./F`, a symlink, a hard link): files are compared by device and inode.
 * - The output is written to a temporary file beside it and renamed into place only when
 *   complete and synced, so a failure or a kill leaves the earlier file as it was.
 * - A special file (`/dev/null`, a pipe) is written in place: there is nothing to lose.
 *
 * Use `writeOutput` for one file; for several (a folder of outputs), call `checkOutput` on
 * each first so that nothing is written unless every one may be.
 */
export interface OutputOptions {
  /** Replace an existing non-empty output. */
  force?: boolean
  /** Paths the command reads; the output may not be any of them. */
  inputs?: readonly string[]
  /** How the user named the output, for messages: `--out train.jsonl`. Default: the path. */
  label?: string
  /** The command can continue an existing output: the refusal names `--resume` too. */
  resumable?: boolean
}

/** Where and how an output will be written, once `checkOutput` allowed it. */
export interface OutputTarget {
  /** The file to end up with: the real path when the output is a symlink to a file. */
  path: string
  /** True for a device or pipe, written in place. */
  special: boolean
  /** Permission bits of the file being replaced, kept on the new one. */
  mode?: number
}

/**
 * Checks that `path` may be written under `options`; throws one-line RefineryErrors
 * (`output_exists` for an output in the way, `usage` for an input named as output,
 * `invalid_input` for a folder or a file that cannot be written). Writes nothing.
 */
export async function checkOutput(
  path: string,
  options: OutputOptions = {},
): Promise<OutputTarget> {
  const label = options.label ?? path
  const existing = await stat(path).catch(() => null)
  for (const input of options.inputs ?? []) {
    const other = await stat(input).catch(() => null)
    if (existing && other && existing.dev === other.dev && existing.ino === other.ino) {
      throw new RefineryError(
        'usage',
        `${label} is also an input of this command; writing it would destroy that input.`,
        { hint: 'Write the output to another file.' },
      )
    }
  }
  if (!existing) {
    await assertWritableFolder(dirname(resolve(path)), label)
    const link = await lstat(path).catch(() => null)
    if (link?.isSymbolicLink()) {
      throw new RefineryError('invalid_input', `${label} is a symlink to a missing file.`, {
        hint: 'Remove the link or write the output elsewhere.',
      })
    }
    return { path: resolve(path), special: false }
  }
  if (existing.isDirectory()) {
    throw new RefineryError('invalid_input', `${label} is a folder, not a file.`, {
      hint: 'Name a file for the output.',
    })
  }
  if (!existing.isFile()) return { path: resolve(path), special: true }
  if (existing.size > 0 && !options.force) {
    const resume = options.resumable ? ', --resume to continue it,' : ''
    throw new RefineryError('output_exists', `${label} already exists and is not empty.`, {
      hint: `Pass --force to replace it${resume} or choose another output.`,
    })
  }
  const real = await realpath(path)
  try {
    await access(real, constants.W_OK)
  } catch {
    throw new RefineryError('invalid_input', `${label} is read-only.`, {
      hint: 'Make it writable, or choose another output.',
    })
  }
  await assertWritableFolder(dirname(real), label)
  return { path: real, special: false, mode: existing.mode & 0o7777 }
}

async function assertWritableFolder(folder: string, label: string): Promise<void> {
  try {
    await access(folder, constants.W_OK | constants.X_OK)
  } catch (error) {
    const missing = (error as { code?: unknown }).code === 'ENOENT'
    throw new RefineryError(
      'invalid_input',
      `Cannot write ${label}: its folder ${missing ? 'does not exist' : 'is not writable'}.`,
      { hint: missing ? 'Create the folder first.' : 'Choose a folder you can write to.' },
    )
  }
}

let temporaries = 0

/** A fresh temporary path beside `path`, hidden, that no other writer uses. */
export function temporaryPathBeside(path: string): string {
  temporaries++
  return join(dirname(path), `.${basename(path)}.${process.pid}-${temporaries}.tmp`)
}

/**
 * Moves a complete temporary file into place: syncs it, keeps `mode`, renames it over
 * `path` and syncs the folder, so the new file is whole after a crash or not there at all.
 */
export async function commitTemporary(temp: string, path: string, mode?: number): Promise<void> {
  // The last guard: a rename over a device or pipe would replace it with a plain file.
  const there = await lstat(path).catch(() => null)
  if (there && !there.isFile() && !there.isSymbolicLink()) {
    await rm(temp, { force: true })
    throw new RefineryError('internal', `Refusing to replace ${path}, which is not a plain file.`, {
      hint: 'Writers must write devices and pipes in place; please report this.',
    })
  }
  const handle = await open(temp, 'r+')
  try {
    if (mode !== undefined) await handle.chmod(mode)
    await handle.sync()
  } finally {
    await handle.close()
  }
  await rename(temp, path)
  const folder = await open(dirname(path), 'r').catch(() => null)
  try {
    await folder?.sync().catch(() => {})
  } finally {
    await folder?.close()
  }
}

/**
 * Writes one output whole. `write` gets the path to write (a temporary file beside the
 * output) and resolves when it is complete; then the file is renamed into place. When
 * `write` throws, or `keep` says no (an export with no records), the temporary file is
 * removed and the earlier output, if any, is left as it was.
 */
export async function writeOutput<T>(
  path: string,
  options: OutputOptions,
  write: (path: string) => Promise<T>,
  keep: (value: T) => boolean = () => true,
): Promise<T> {
  const target = await checkOutput(path, options)
  if (target.special) return write(target.path)
  const temp = temporaryPathBeside(target.path)
  try {
    const value = await write(temp)
    if (keep(value)) await commitTemporary(temp, target.path, target.mode)
    return value
  } finally {
    await rm(temp, { force: true })
  }
}
