import { rm, writeFile } from 'node:fs/promises'
import { type JsonlWriter, openJsonlWriter } from './jsonl'
import { commitTemporary, temporaryPathBeside } from './output'

/**
 * Writes a JSONL file whole: records go to a temporary file beside `path`, synced and
 * renamed over it only when `fill` returns and `keep` agrees; otherwise the temporary file
 * is removed and `path` is as it was.
 */
export async function writeJsonlAtomically<T>(
  path: string,
  fill: (writer: JsonlWriter) => Promise<T>,
  keep: (value: T) => boolean = () => true,
): Promise<T> {
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

/** Writes a small text file whole (temporary file, then rename). */
export async function writeTextAtomically(path: string, text: string): Promise<void> {
  const temp = temporaryPathBeside(path)
  try {
    await writeFile(temp, text)
    await commitTemporary(temp, path)
  } catch (error) {
    await rm(temp, { force: true })
    throw error
  }
}
