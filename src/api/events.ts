import type { RouteModule } from './auth.js'
import { endedWhy } from './tokens.js'
import type { SessionChange, SessionRecord } from './tokens.js'
import type { RouteInputs } from './schemas.js'
import type { ParleyEvents } from '../app/index.js'

/** Which node events go out on the socket, and the `type` they carry there. */
const FORWARDED: Record<keyof ParleyEvents, string> = {
  session: 'session',
  peer: 'presence',
  post: 'post',
  notification: 'notification',
  message: 'message',
  'message-status': 'status',
  group: 'group'
}

/** `?token=` is checked as a token, not validated by a schema: the document writes it by hand. */
export const EVENTS_INPUTS: RouteInputs = { 'GET /api/events': {} }

/**
 * GET /api/events: a WebSocket that sends one JSON event per change,
 * `{ type, at, data }`. Browsers cannot set headers on WebSockets, so the token may
 * also come as `?token=`.
 */
export const registerEvents: RouteModule = (app, { parley, tokens }) => {
  app.get('/api/events', { websocket: true }, (socket, request) => {
    let mine: SessionRecord
    try {
      mine = tokens.check(request.headers.authorization, (request.query as Record<string, string> | undefined)?.token)
    } catch {
      socket.close(4401, 'unauthorized')
      return
    }
    // the events raised together (a crate of many messages, a batch of states) leave in one
    // write: the TCP socket is corked at the first and uncorked in a microtask, which runs as
    // soon as the code that raised them returns. Not later (process.nextTick waited for the
    // whole microtask queue: a received DM's acknowledgement was encoded and written to the
    // sender before the event left, about 0.15 ms of the paced DM in bench path)
    const raw = (socket as unknown as { _socket?: { cork: () => void, uncork: () => void } })._socket
    let corked = false
    const uncork = (): void => { corked = false; raw?.uncork() }
    const send = (data: string): void => {
      if (!corked && raw != null) {
        corked = true
        raw.cork()
        queueMicrotask(uncork)
      }
      socket.send(data)
    }
    const listeners = Object.entries(FORWARDED).map(([name, type]) => {
      const listener = (event: CustomEvent<unknown>): void => {
        if (socket.readyState === socket.OPEN) send(JSON.stringify({ type, at: Date.now(), data: event.detail }))
      }
      parley.addEventListener(name as keyof ParleyEvents, listener as any)
      return [name, listener] as const
    })
    // a change of the user's API sessions goes out as a `session` event; the socket of a
    // session that ended is closed
    const onSessions = (event: Event): void => {
      const change = (event as CustomEvent<SessionChange>).detail
      if (change.username !== mine.username) return
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify({ type: 'session', at: Date.now(), data: { kind: `session-${change.kind}`, username: change.username, id: change.id, reason: change.reason } }))
      if (change.kind === 'ended' && change.id === mine.id) socket.close(4401, `your session ended (${endedWhy(change.reason)})`)
    }
    tokens.addEventListener('change', onSessions)
    socket.on('close', () => {
      tokens.removeEventListener('change', onSessions)
      for (const [name, listener] of listeners) parley.removeEventListener(name as keyof ParleyEvents, listener as any)
    })
    socket.send(JSON.stringify({ type: 'hello', at: Date.now(), data: { peerId: parley.peerId } }))
  })
}
