/**
 * What a web page (or anyone who can reach the API port) can send a node's API: requests
 * with the Host and Origin a browser would set, the events WebSocket, and bare logins.
 * Used by the API rebinding and login-memory tests and by the chaos suite.
 */
import { request } from 'node:http'
import { WebSocket } from 'ws'

/** One HTTP request with the Host and Origin headers a browser page would send. */
export async function sendWithHeaders (address: string, method: string, path: string, headers: Record<string, string>, body?: unknown): Promise<{ status: number, headers: Record<string, unknown>, body: any }> {
  const [hostname, port] = address.split(':')
  const data = body === undefined ? undefined : JSON.stringify(body)
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port: Number(port), method, path, headers: { ...(data != null ? { 'content-type': 'application/json' } : {}), ...headers } }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk) => { text += chunk })
      res.on('end', () => {
        let parsed: unknown = text
        try { parsed = JSON.parse(text) } catch {}
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: parsed })
      })
    })
    req.on('error', reject)
    req.end(data)
  })
}

/** Whether a WebSocket to the events endpoint opens (true) or is refused (the HTTP status). */
export async function openEventsSocket (address: string, headers: Record<string, string>): Promise<true | number> {
  return new Promise((resolve) => {
    const socket = new WebSocket(`ws://${address}/api/events`, { headers })
    socket.on('open', () => { socket.close(); resolve(true) })
    socket.on('unexpected-response', (_req, res) => { resolve(res.statusCode ?? 0) })
    socket.on('error', () => {})
  })
}

/** One POST /api/login; status 0 when the node did not answer (it was killed, or died). */
export async function tryLogin (api: string, username: string, password: string): Promise<{ status: number, code?: string, retryAfter: string | null }> {
  try {
    const response = await fetch(`http://${api}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) })
    const body: any = await response.json()
    return { status: response.status, code: body.error?.code, retryAfter: response.headers.get('retry-after') }
  } catch {
    return { status: 0, retryAfter: null }
  }
}
