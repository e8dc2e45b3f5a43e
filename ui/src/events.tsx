import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react'
import { sessionEndedText } from './session.tsx'
import type { LiveEvent } from './types.ts'
import type { ReactNode } from 'react'

/**
 * One WebSocket to /api/events per signed-in tab. Pages subscribe to event types and
 * reload what they show; the connection state is shown in the header.
 */
type Listener = (event: LiveEvent) => void
export type LiveState = 'connecting' | 'live' | 'reconnecting'

interface LiveContextValue { subscribe: (listener: Listener) => () => void, state: LiveState }
const LiveContext = createContext<LiveContextValue | null>(null)

const RETRY_MS = [500, 1000, 2000, 5000]
/** a made-up event type every subscriber gets after a reconnect */
const RESYNC = 'resync'
/** close code the node uses when the token is not (or no longer) valid */
const UNAUTHORIZED = 4401

export interface LiveEventsProps {
  token: string
  /** the session ended (logout elsewhere, another device took over, token revoked) */
  onSessionEnded: (reason: string) => void
  children: ReactNode
}

export function LiveEventsProvider ({ token, onSessionEnded, children }: LiveEventsProps): ReactNode {
  const listeners = useRef(new Set<Listener>())
  const [state, setState] = useState<LiveState>('connecting')
  const endedRef = useRef(onSessionEnded)
  endedRef.current = onSessionEnded

  useEffect(() => {
    let socket: WebSocket | undefined
    let retry: ReturnType<typeof setTimeout> | undefined
    let attempts = 0
    let stopped = false
    let endReason: string | undefined
    let connectedBefore = false

    const connect = (): void => {
      const scheme = location.protocol === 'https:' ? 'wss' : 'ws'
      socket = new WebSocket(`${scheme}://${location.host}/api/events?token=${encodeURIComponent(token)}`)
      socket.onmessage = (message) => {
        let event: LiveEvent
        try { event = JSON.parse(String(message.data)) } catch { return }
        if (event.type === 'hello') {
          attempts = 0
          setState('live')
          // events sent while the socket was down are gone: every page reloads what it shows
          if (connectedBefore) for (const listener of listeners.current) listener({ type: RESYNC, at: event.at, data: null })
          connectedBefore = true
        }
        if (event.type === 'session' && event.data?.kind === 'removed') endReason = 'This device was removed from your account on another device, so it was signed out.'
        if (event.type === 'session' && event.data?.kind === 'logout') endReason = 'You were logged out.'
        for (const listener of listeners.current) listener(event)
      }
      socket.onclose = (close) => {
        if (stopped) return
        if (close.code === UNAUTHORIZED) {
          // the node names why in the close reason ("your session ended (...)")
          endedRef.current(endReason ?? sessionEndedText(close.reason))
          return
        }
        setState('reconnecting')
        retry = setTimeout(connect, RETRY_MS[Math.min(attempts++, RETRY_MS.length - 1)])
      }
    }
    connect()
    return () => {
      stopped = true
      clearTimeout(retry)
      socket?.close()
    }
  }, [token])

  const subscribe = useCallback((listener: Listener) => {
    listeners.current.add(listener)
    return () => { listeners.current.delete(listener) }
  }, [])
  const value = useMemo(() => ({ state, subscribe }), [state, subscribe])
  return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>
}

export function useLiveState (): LiveState {
  return useContext(LiveContext)?.state ?? 'connecting'
}

/** Calls `handler` for every live event whose type is in `types`, and after a reconnect. */
export function useLiveEvent (types: string[], handler: Listener): void {
  const subscribe = useContext(LiveContext)?.subscribe
  const handlerRef = useRef(handler)
  handlerRef.current = handler
  const key = types.join(',')
  useEffect(() => {
    if (subscribe == null) return
    const wanted = new Set([...key.split(','), RESYNC])
    return subscribe((event) => { if (wanted.has(event.type)) handlerRef.current(event) })
  }, [subscribe, key])
}
