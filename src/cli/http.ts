import { request } from 'node:http'

/** A node's API address: `HOST:PORT`, or `unix:PATH` for an API on a Unix socket. */
export type ApiAddress = string

export interface HttpAnswer {
  status: number
  text: string
  /** the body as received (a backup file is bytes, not text) */
  bytes: Uint8Array
  headers: Record<string, string | string[] | undefined>
}

/**
 * One HTTP request to a node's API, over TCP or over its Unix socket (`unix:PATH`, where
 * the socket's file mode decides who may talk to the node); Host is the API's own name.
 */
export async function requestApi (api: ApiAddress, method: string, path: string, init: { headers?: Record<string, string>, body?: string | Uint8Array, signal?: AbortSignal } = {}): Promise<HttpAnswer> {
  const socketPath = api.startsWith('unix:') ? api.slice(5) : undefined
  const [host, port] = socketPath != null ? ['localhost', undefined] : splitHostPort(api)
  return new Promise<HttpAnswer>((resolve, reject) => {
    const req = request({
      method,
      path,
      ...(socketPath != null ? { socketPath } : { host, port }),
      headers: { host: socketPath != null ? 'localhost' : api, ...init.headers },
      signal: init.signal
    }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => { chunks.push(chunk) })
      res.on('end', () => {
        const bytes = Buffer.concat(chunks)
        resolve({ status: res.statusCode ?? 0, text: bytes.toString('utf8'), bytes, headers: res.headers })
      })
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(init.body)
  })
}

function splitHostPort (api: string): [string, number] {
  const colon = api.lastIndexOf(':')
  const host = api.slice(0, colon)
  return [host.startsWith('[') ? host.slice(1, -1) : host, Number(api.slice(colon + 1))]
}
