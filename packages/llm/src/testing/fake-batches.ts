import type { IncomingMessage, ServerResponse } from 'node:http'
import type { ChatBody, FakeServerOptions } from './fake-server'
import { send } from './http'

interface StoredFile {
  id: string
  filename: string
  purpose: string
  content: string
}

interface StoredBatch {
  number: number
  polls: number
  object: Record<string, unknown>
}

/** The files and batches a fake server holds, for tests to look at. */
export interface BatchStore {
  readonly files: Map<string, StoredFile>
  readonly batches: Map<string, StoredBatch>
  /** How many uploads and batch creations the server has seen. */
  readonly counts: { uploads: number; batchesCreated: number; polls: number }
}

interface Store extends BatchStore {
  options: FakeServerOptions
  answer: (body: ChatBody, raw: string) => { status: number; body: unknown }
}

export function newBatchStore(
  options: FakeServerOptions,
  answer: (body: ChatBody, raw: string) => { status: number; body: unknown },
): Store {
  return {
    files: new Map(),
    batches: new Map(),
    counts: { uploads: 0, batchesCreated: 0, polls: 0 },
    options,
    answer,
  }
}

export function handleFiles(
  store: Store,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  raw: Buffer,
): void {
  if (req.method === 'POST' && path === '/files') {
    const parts = multipart(raw, String(req.headers['content-type'] ?? ''))
    const file = parts.get('file')
    if (!file) {
      send(res, 400, { error: { message: 'No file in the upload.' } })
      return
    }
    store.counts.uploads++
    const id = `file-${store.files.size + 1}`
    const stored = {
      id,
      filename: file.filename ?? 'upload.jsonl',
      purpose: parts.get('purpose')?.value ?? 'batch',
      content: file.value,
    }
    store.files.set(id, stored)
    send(res, 200, fileObject(stored))
    return
  }
  const content = /^\/files\/([^/]+)\/content$/.exec(path)
  if (req.method === 'GET' && content) {
    const file = store.files.get(content[1]!)
    if (!file) {
      send(res, 404, { error: { message: `No file ${content[1]}.` } })
      return
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream' })
    res.end(file.content)
    return
  }
  const one = /^\/files\/([^/]+)$/.exec(path)
  const file = one ? store.files.get(one[1]!) : undefined
  if (req.method === 'GET' && file) {
    send(res, 200, fileObject(file))
    return
  }
  send(res, 404, { error: { message: `Unknown path ${req.method} ${path}` } })
}

export function handleBatches(
  store: Store,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  raw: Buffer,
): void {
  if (req.method === 'POST' && path === '/batches') {
    const body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>
    const input = store.files.get(String(body.input_file_id))
    if (!input) {
      send(res, 400, { error: { message: `No input file ${String(body.input_file_id)}.` } })
      return
    }
    const number = store.counts.batchesCreated++
    const id = `batch-${number + 1}`
    const object = {
      id,
      object: 'batch',
      endpoint: body.endpoint,
      input_file_id: input.id,
      completion_window: body.completion_window ?? '24h',
      status: 'in_progress',
      output_file_id: null,
      error_file_id: null,
      created_at: 0,
      metadata: body.metadata ?? null,
      request_counts: { total: 0, completed: 0, failed: 0 },
    }
    store.batches.set(id, { number, polls: 0, object })
    send(res, 200, object)
    return
  }
  const one = /^\/batches\/([^/]+)$/.exec(path)
  const batch = one ? store.batches.get(one[1]!) : undefined
  if (req.method === 'GET' && batch) {
    store.counts.polls++
    batch.polls++
    if (batch.object.status === 'in_progress' && batch.polls >= (store.options.batchPolls ?? 1))
      finish(store, batch)
    send(res, 200, batch.object)
    return
  }
  send(res, 404, { error: { message: `Unknown path ${req.method} ${path}` } })
}

/** Runs every line of the batch's input file and writes the output and error files. */
function finish(store: Store, batch: StoredBatch): void {
  const input = store.files.get(String(batch.object.input_file_id))!
  const expire = store.options.batchExpire?.(batch.number) ?? false
  const output: string[] = []
  const errors: string[] = []
  const lines = input.content.split('\n').filter((line) => line.trim() !== '')
  lines.forEach((line, i) => {
    const item = JSON.parse(line) as { custom_id: string; body: ChatBody }
    const id = `batch_req_${batch.number}_${i}`
    // An expired batch answers only its first half; the rest is reported expired.
    if (expire && i >= Math.floor(lines.length / 2)) {
      errors.push(
        JSON.stringify({
          id,
          custom_id: item.custom_id,
          response: null,
          error: {
            code: 'batch_expired',
            message: 'This request could not be executed before the completion window expired.',
          },
        }),
      )
      return
    }
    if (store.options.batchFail?.(item.custom_id, batch.number)) {
      errors.push(
        JSON.stringify({
          id,
          custom_id: item.custom_id,
          response: { status_code: 500, request_id: id, body: { error: { message: 'fault 500' } } },
          error: null,
        }),
      )
      return
    }
    const result = store.answer(item.body, JSON.stringify(item.body))
    const target = result.status === 200 ? output : errors
    target.push(
      JSON.stringify({
        id,
        custom_id: item.custom_id,
        response: { status_code: result.status, request_id: id, body: result.body },
        error: null,
      }),
    )
  })
  const save = (name: string, rows: string[]): string | null => {
    if (rows.length === 0) return null
    const id = `file-${store.files.size + 1}`
    store.files.set(id, {
      id,
      filename: name,
      purpose: 'batch_output',
      content: `${rows.join('\n')}\n`,
    })
    return id
  }
  batch.object.status = expire ? 'expired' : 'completed'
  batch.object.output_file_id = save(`${batch.object.id}_output.jsonl`, output)
  batch.object.error_file_id = save(`${batch.object.id}_error.jsonl`, errors)
  batch.object.request_counts = {
    total: lines.length,
    completed: output.length,
    failed: errors.length,
  }
}

function fileObject(file: StoredFile): Record<string, unknown> {
  return {
    id: file.id,
    object: 'file',
    bytes: Buffer.byteLength(file.content),
    created_at: 0,
    filename: file.filename,
    purpose: file.purpose,
    status: 'processed',
  }
}

/** The fields of a multipart/form-data body, by name. */
function multipart(
  raw: Buffer,
  contentType: string,
): Map<string, { value: string; filename?: string }> {
  const fields = new Map<string, { value: string; filename?: string }>()
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType)
  if (!boundary) return fields
  const marker = `--${boundary[1] ?? boundary[2]}`
  for (const part of raw.toString('utf8').split(marker)) {
    const split = part.indexOf('\r\n\r\n')
    if (split < 0) continue
    const head = part.slice(0, split)
    const name = /name="([^"]*)"/.exec(head)?.[1]
    if (!name) continue
    const filename = /filename="([^"]*)"/.exec(head)?.[1]
    const value = part.slice(split + 4).replace(/\r\n$/, '')
    fields.set(name, filename === undefined ? { value } : { value, filename })
  }
  return fields
}
