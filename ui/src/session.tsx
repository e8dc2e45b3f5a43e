import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react'
import { api, setUnauthorizedHandler } from './api.ts'
import type { User } from './types.ts'
import type { ReactNode } from 'react'

/**
 * The logged-in user and their token, kept in sessionStorage (one tab, gone when it
 * closes), or in localStorage when the user chose "stay signed in" (every tab of this
 * browser, across restarts of the browser and of the node).
 */
export interface SessionState {
  token: string | null
  user: User | null
  /** why the last session ended, shown on the login page */
  endedBecause: string | null
  signedIn: (token: string, user: User, staySignedIn?: boolean) => void
  /** ends this session (with `everywhere`, every session of the user on this node) */
  signOut: (reason?: string, options?: { everywhere?: boolean }) => Promise<void>
  /** the session ended elsewhere (token revoked, another device took over) */
  ended: (reason: string) => void
}

const KEY = 'parley-session'
const SessionContext = createContext<SessionState | null>(null)

function forget (): void {
  sessionStorage.removeItem(KEY)
  localStorage.removeItem(KEY)
}

function load (): { token: string, user: User } | null {
  try {
    const saved = JSON.parse(sessionStorage.getItem(KEY) ?? localStorage.getItem(KEY) ?? 'null')
    return typeof saved?.token === 'string' && typeof saved?.user?.username === 'string' ? saved : null
  } catch {
    return null
  }
}

export function SessionProvider ({ children }: { children: ReactNode }): ReactNode {
  const [saved, setSaved] = useState(load)
  const [endedBecause, setEndedBecause] = useState<string | null>(null)

  const signedIn = useCallback((token: string, user: User, staySignedIn = false) => {
    forget()
    ;(staySignedIn ? localStorage : sessionStorage).setItem(KEY, JSON.stringify({ token, user }))
    setEndedBecause(null)
    setSaved({ token, user })
  }, [])

  const ended = useCallback((reason: string) => {
    forget()
    setSaved((current) => {
      if (current != null) setEndedBecause(reason)
      return null
    })
  }, [])

  const signOut = useCallback(async (reason?: string, options?: { everywhere?: boolean }) => {
    const token = saved?.token
    forget()
    setSaved(null)
    setEndedBecause(reason ?? null)
    // signed out here either way
    if (token != null) await api('POST', '/api/logout', token, options?.everywhere === true ? { everywhere: true } : undefined).catch(() => {})
  }, [saved])

  useEffect(() => {
    setUnauthorizedHandler((message) => { ended(sessionEndedText(message)) })
    return () => { setUnauthorizedHandler(undefined) }
  }, [ended])

  const value = useMemo<SessionState>(() => ({
    token: saved?.token ?? null, user: saved?.user ?? null, endedBecause, signedIn, signOut, ended
  }), [saved, endedBecause, signedIn, signOut, ended])
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>
}

export function useSession (): SessionState {
  const session = useContext(SessionContext)
  if (session == null) throw new Error('useSession outside SessionProvider')
  return session
}

/** The node's 401 in words for this page: why the session ended (its "parley login" hint is for the CLI). */
export function sessionEndedText (message?: string): string {
  const why = /^your session ended \((.+?)\)/.exec(message ?? '')?.[1]
  return why == null ? 'Your session has ended. Please log in again.' : `Your session ended (${why}). Please log in again.`
}
