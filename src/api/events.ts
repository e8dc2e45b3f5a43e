import type { TokenRegistry } from './tokens.js'
import type { Parley } from '../app/index.js'
import type { FastifyInstance } from 'fastify'

/**
 * GET /api/events: a WebSocket that sends one JSON event per change,
 * `{ type, at, data }`. Browsers cannot set headers on WebSockets, so the token may
 * also come as `?token=`.
 */
export function registerEvents (app: FastifyInstance, parley: Parley, tokens: TokenRegistry): void {
  app.get('/api/events', { websocket: true }, (socket, request) => {
    try {
      tokens.check(request.headers.authorization, (request.query as Record<string, string> | undefined)?.token)
    } catch {
      socket.close(4401, 'unauthorized')
      return
    }
    const forward = (type: string) => (event: CustomEvent<unknown>) => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify({ type, at: Date.now(), data: event.detail }))
    }
    const onSession = forward('session')
    const onPeer = forward('presence')
    const endOnLogout = (event: CustomEvent<{ kind: string }>): void => {
      if (event.detail.kind !== 'login') socket.close(4401, 'session ended')
    }
    parley.addEventListener('session', onSession)
    parley.addEventListener('session', endOnLogout)
    parley.addEventListener('peer', onPeer)
    socket.on('close', () => {
      parley.removeEventListener('session', onSession)
      parley.removeEventListener('session', endOnLogout)
      parley.removeEventListener('peer', onPeer)
    })
    socket.send(JSON.stringify({ type: 'hello', at: Date.now(), data: { peerId: parley.peerId } }))
  })
}
