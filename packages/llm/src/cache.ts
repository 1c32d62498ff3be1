import { createHash } from 'node:crypto'
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { canonicalJson } from '@refinery/core'

/** The key of a request: sha256 of its canonical JSON (base URL, model, messages, parameters). */
let written = 0

export function requestKey(baseURL: string, body: Record<string, unknown>): string {
  return createHash('sha256').update(canonicalJson({ baseURL, body })).digest('hex')
}

/**
 * Content-addressed answers on disk, one file a request (`<dir>/ab/abcdef….json`). A file is
 * written to a temporary name and renamed, so a reader sees the whole answer or none.
 */
export class ResponseCache {
  constructor(readonly dir: string) {}

  private path(key: string): string {
    return join(this.dir, key.slice(0, 2), `${key}.json`)
  }

  async get(key: string): Promise<unknown> {
    try {
      return JSON.parse(await readFile(this.path(key), 'utf8'))
    } catch {
      return undefined
    }
  }

  async set(key: string, value: unknown): Promise<void> {
    const file = this.path(key)
    await mkdir(join(this.dir, key.slice(0, 2)), { recursive: true })
    const temp = `${file}.${process.pid}.${++written}.tmp`
    await writeFile(temp, `${JSON.stringify(value)}\n`)
    await rename(temp, file)
  }
}
