import { randomBytes } from 'node:crypto'
import { rename, rm, writeFile } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { type JsonlWriter, openJsonlWriter } from './jsonl'

/** A temporary name beside `path`, so the final rename stays on one file system. */
function tempPathFor(path: string): string {
  return join(
    dirname(path),
    `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  )
}

/**
 * Writes a JSONL file whole: records go to a temporary file beside `path`, renamed over it
 * only when `fill` returns; on an error the temporary file is removed and `path` is untouched.
 */
export async function writeJsonlAtomically<T>(
  path: string,
  fill: (writer: JsonlWriter) => Promise<T>,
): Promise<T> {
  const temp = tempPathFor(path)
  const writer = await openJsonlWriter(temp)
  try {
    const result = await fill(writer)
    await writer.close()
    await rename(temp, path)
    return result
  } catch (error) {
    await writer.close().catch(() => {})
    await rm(temp, { force: true })
    throw error
  }
}

/** Writes a small text file whole (temporary file, then rename). */
export async function writeTextAtomically(path: string, text: string): Promise<void> {
  const temp = tempPathFor(path)
  try {
    await writeFile(temp, text)
    await rename(temp, path)
  } catch (error) {
    await rm(temp, { force: true })
    throw error
  }
}
