import { networkInterfaces } from 'node:os'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'

/**
 * The local API acts for the user logged in on this node, so it must only answer requests
 * meant for it (DNS rebinding: a web page whose name resolves to 127.0.0.1 would otherwise
 * drive the node) and must not be framed or sniffed. Requests whose `Host` is not one of
 * this server's names, and state changes or WebSockets whose `Origin` is a foreign page,
 * are refused with 403; every answer carries headers that keep pages from framing or
 * sniffing it, and the UI a content security policy.
 */

/** What the UI may load and connect to: its own origin only (the favicon is a data: URL). */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'", "connect-src 'self'", "img-src 'self' data:", "style-src 'self'",
  "script-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'"
].join('; ')

const WILDCARDS = new Set(['0.0.0.0', '::', '[::]'])
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * The `host:port` names this server answers to: the address it is bound to, the loopback
 * names, the machine's own addresses when it is bound to all of them, and `extra`.
 */
export function allowedHostNames (bound: string, port: number, extra: string[] = []): Set<string> {
  const hosts = new Set(['127.0.0.1', 'localhost', '[::1]'])
  if (WILDCARDS.has(bound)) {
    for (const list of Object.values(networkInterfaces())) {
      for (const a of list ?? []) hosts.add(a.family === 'IPv6' ? `[${a.address}]` : a.address)
    }
  } else {
    hosts.add(bound.includes(':') && !bound.startsWith('[') ? `[${bound}]` : bound)
  }
  const names = new Set([...hosts].map((h) => `${h.toLowerCase()}:${port}`))
  for (const name of extra) names.add(name.toLowerCase().includes(':') ? name.toLowerCase() : `${name.toLowerCase()}:${port}`)
  return names
}

/** Registers the Host and Origin checks and the security headers on `app`. */
export function guardApi (app: FastifyInstance, names: () => Set<string>): void {
  app.addHook('onRequest', async (request, reply) => {
    const allowed = names()
    const host = request.headers.host?.toLowerCase()
    const websocket = request.headers.upgrade?.toLowerCase() === 'websocket'
    if (host == null || !allowed.has(host)) {
      return refuse(request, reply, websocket, 'forbidden_host', `this node's API does not answer to the host name ${JSON.stringify(host ?? '')}`)
    }
    const origin = request.headers.origin
    if (origin != null && (websocket || !SAFE_METHODS.has(request.method)) && !allowed.has(originHost(origin))) {
      return refuse(request, reply, websocket, 'forbidden_origin', `requests from ${JSON.stringify(origin)} may not act on this node`)
    }
  })
  app.addHook('onSend', async (_request, reply, payload) => {
    void reply.header('x-content-type-options', 'nosniff')
    void reply.header('x-frame-options', 'DENY')
    void reply.header('referrer-policy', 'no-referrer')
    if (String(reply.getHeader('content-type') ?? '').startsWith('text/html')) void reply.header('content-security-policy', CONTENT_SECURITY_POLICY)
    return payload
  })
}

/**
 * Answers 403 with a JSON error. A refused WebSocket upgrade has no HTTP response object
 * behind it that would end the connection, so the answer is written to its socket, which
 * is then closed.
 */
function refuse (request: FastifyRequest, reply: FastifyReply, websocket: boolean, code: string, message: string): FastifyReply {
  const body = JSON.stringify({ error: { code, message } })
  if (!websocket) return reply.code(403).type('application/json').send(body)
  reply.hijack()
  request.raw.socket.end(`HTTP/1.1 403 Forbidden\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`)
  return reply
}

/** `host:port` of an Origin header (the scheme's default port when none is given); '' when it is not a URL. */
function originHost (origin: string): string {
  try {
    const url = new URL(origin)
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return ''
    return `${url.hostname.toLowerCase()}:${url.port === '' ? (url.protocol === 'https:' ? '443' : '80') : url.port}`
  } catch {
    return ''
  }
}
