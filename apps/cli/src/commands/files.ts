import { createReadStream } from 'node:fs'
import { access, constants, mkdir, stat } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { RefineryError } from '@refinery/core'
import { checkOutput, writeOutput } from '@refinery/dataset'
import { type Io, usage } from '../io'

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
  if (dir.trim() === '') throw usage(`${flag} must name a folder, got ''.`)
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

/** The biggest text file (a spec, a PDDL file) read whole: 64 MiB. */
export const MAX_TEXT_FILE_BYTES = 64 * 1024 * 1024

/**
 * Reads a whole text file the user named, in bounded memory: `/dev/zero` or a huge file is
 * refused with one line past `maxBytes`. A UTF-8 byte-order mark at the start is skipped.
 */
export async function readTextFile(
  io: Io,
  file: string,
  maxBytes = MAX_TEXT_FILE_BYTES,
): Promise<string> {
  const path = await assertReadable(io, file)
  const chunks: Buffer[] = []
  let size = 0
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
      size += (chunk as Buffer).length
      if (size > maxBytes) {
        throw new RefineryError(
          'invalid_input',
          `${file} is larger than ${Math.round(maxBytes / (1 << 20))} MiB.`,
          { hint: 'Give a smaller file; is this the file you meant?' },
        )
      }
      chunks.push(chunk as Buffer)
    }
  } catch (error) {
    if (RefineryError.isInstance(error)) throw error
    throw new RefineryError('invalid_input', `Cannot read '${file}': ${String(error)}.`, {
      hint: 'Check the path; it must be a readable file.',
    })
  }
  const text = Buffer.concat(chunks).toString('utf8')
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
}

export interface SafeOutputOptions {
  /** The flag that named the output, for messages; default `--out`. */
  flag?: string
  /** `--force` was given: an existing non-empty output may be replaced. */
  force?: boolean
  /** Paths (already resolved) the command reads; the output may not be one of them. */
  inputs?: readonly string[]
  /** The command supports `--resume` on this output. */
  resumable?: boolean
}

/**
 * The one way a command writes a file: `write` fills a temporary file beside the output,
 * which is renamed into place only when complete (and when `keep` agrees), so a failure
 * leaves the earlier file as it was. An existing non-empty output is refused unless
 * `--force`; an output that is one of `inputs` (through `./F` or a symlink) is refused
 * always. See `writeOutput` in @refinery/dataset for the details.
 */
export async function writeSafeOutput<T>(
  io: Io,
  file: string,
  options: SafeOutputOptions,
  write: (path: string) => Promise<T>,
  keep?: (value: T) => boolean,
): Promise<T> {
  if (file.trim() === '') throw usage(`${options.flag ?? '--out'} must name a file, got ''.`)
  return writeOutput(
    resolve(io.cwd, file),
    {
      label: `${options.flag ?? '--out'} ${file}`,
      ...(options.force ? { force: true } : {}),
      ...(options.inputs ? { inputs: options.inputs } : {}),
      ...(options.resumable ? { resumable: true } : {}),
    },
    write,
    keep,
  )
}

/**
 * Checks every output a command will write before it writes any (the rules of
 * `writeSafeOutput`, through `checkOutput` of @refinery/dataset): an existing non-empty
 * output is refused unless `force`, an output that is one of the inputs is refused always.
 * Returns the paths to write; the writes go through a temporary file and a rename.
 */
export async function prepareOutputs(
  io: Io,
  outputs: readonly string[],
  inputs: readonly string[],
  force = false,
): Promise<string[]> {
  const inputPaths = inputs.map((input) => resolve(io.cwd, input))
  const paths: string[] = []
  for (const output of outputs) {
    if (output.trim() === '') throw usage(`--out must name a file, got ''.`)
    const target = await checkOutput(resolve(io.cwd, output), {
      label: output,
      inputs: inputPaths,
      ...(force ? { force: true } : {}),
    })
    paths.push(target.path)
  }
  return paths
}
