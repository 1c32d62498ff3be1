import http from 'node:http'
import https from 'node:https'

const NULL_BODY = new Set([101, 204, 205, 304])

/**
 * A `fetch` for the SDK on node:http with keep-alive agents. Node's built-in fetch spends
 * about 2 ms of CPU per request, which caps a client near 400 requests per second on one
 * core; node:http spends a fraction of that. Only JSON requests (string or no body) take
 * this path; uploads (FormData) go through the built-in fetch.
 */
export function createHttpFetch(): typeof fetch {
  const agents = {
    'http:': new http.Agent({ keepAlive: true }),
    'https:': new https.Agent({ keepAlive: true }),
  }
  return (async (input: string | URL | Request, init: RequestInit = {}) => {
    if (input instanceof Request || (init.body != null && typeof init.body !== 'string')) {
      return fetch(input, init)
    }
    const url = new URL(String(input))
    const agent = agents[url.protocol as keyof typeof agents]
    if (!agent) return fetch(input, init)
    const headers: Record<string, string> = {}
    new Headers(init.headers).forEach((value, key) => {
      headers[key] = value
    })
    const transport = url.protocol === 'https:' ? https : http
    return new Promise<Response>((resolve, reject) => {
      const request = transport.request(
        url,
        {
          method: init.method ?? 'GET',
          headers,
          agent,
          ...(init.signal ? { signal: init.signal } : {}),
        },
        (response) => {
          const chunks: Buffer[] = []
          response.on('data', (chunk: Buffer) => chunks.push(chunk))
          response.on('error', reject)
          response.on('end', () => {
            if (!response.complete) {
              reject(new Error('The connection closed before the whole answer arrived.'))
              return
            }
            const status = response.statusCode ?? 500
            const out = new Headers()
            for (let i = 0; i < response.rawHeaders.length; i += 2) {
              out.append(response.rawHeaders[i]!, response.rawHeaders[i + 1]!)
            }
            resolve(
              new Response(NULL_BODY.has(status) ? null : Buffer.concat(chunks), {
                status,
                statusText: response.statusMessage ?? '',
                headers: out,
              }),
            )
          })
        },
      )
      request.on('error', reject)
      request.end(init.body ?? undefined)
    })
  }) as typeof fetch
}
