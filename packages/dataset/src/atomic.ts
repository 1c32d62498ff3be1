import { rm, stat, writeFile } from 'node:fs/promises'
import { type JsonlWriter, openJsonlWriter } from './jsonl'
import { commitTemporary, temporaryPathBeside } from './output'

/** True when `path` is a device or a pipe (`/dev/null`, `/dev/stdout`): written in place. */
async function isSpecial(path: string): Promise<boolean> {
  const existing = await stat(path).catch(() => null)
  return existing !== null && !existing.isFile() && !existing.isDirectory()
}

/**
 * Writes a JSONL file whole: records go to a temporary file beside `path`, synced and
 * renamed over it only when `fill` returns and `keep` agrees; otherwise the temporary file
 * is removed and `path` is as it was. A device or pipe is written in place: renaming over
 * `/dev/null` would replace the device with a file.
 */
export async function writeJsonlAtomically<T>(
  path: string,
  fill: (writer: JsonlWriter) => Promise<T>,
  keep: (value: T) => boolean = () => true,
): Promise<T> {
  if (await isSpecial(path)) {
    const writer = await openJsonlWriter(path)
    try {
      return await fill(writer)
    } finally {
      await writer.close()
    }
  }
  const temp = temporaryPathBeside(path)
  const writer = await openJsonlWriter(temp)
  try {
    const result = await fill(writer)
    await writer.close()
    if (keep(result)) await commitTemporary(temp, path)
    else await rm(temp, { force: true })
    return result
  } catch (error) {
    await writer.close().catch(() => {})
    await rm(temp, { force: true })
    throw error
  }
}

/** Writes a small text file whole (temporary file, then rename); a device or pipe in place. */
export async function writeTextAtomically(path: string, text: string): Promise<void> {
  if (await isSpecial(path)) return writeFile(path, text)
  const temp = temporaryPathBeside(path)
  try {
    await writeFile(temp, text)
    await commitTemporary(temp, path)
  } catch (error) {
    await rm(temp, { force: true })
    throw error
  }
}
