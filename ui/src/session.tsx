import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react'
import { api, setUnauthorizedHandler } from './api.ts'
import type { User } from './types.ts'
import type { ReactNode } from 'react'

/** The logged-in user and their token, kept in sessionStorage (one tab, gone when it closes). */
export interface SessionState {
  token: string | null
  user: User | null
  /** why the last session ended, shown on the login page */
  endedBecause: string | null
  signedIn: (token: string, user: User) => void
  signOut: (reason?: string) => Promise<void>
  /** the session ended elsewhere (token revoked, another device took over) */
  ended: (reason: string) => void
}

const KEY = 'parley-session'
const SessionContext = createContext<SessionState | null>(null)

function load (): { token: string, user: User } | null {
  try {
    const saved = JSON.parse(sessionStorage.getItem(KEY) ?? 'null')
    return typeof saved?.token === 'string' && typeof saved?.user?.username === 'string' ? saved : null
  } catch {
    return null
  }
}

export function SessionProvider ({ children }: { children: ReactNode }): ReactNode {
  const [saved, setSaved] = useState(load)
  const [endedBecause, setEndedBecause] = useState<string | null>(null)

  const signedIn = useCallback((token: string, user: User) => {
    sessionStorage.setItem(KEY, JSON.stringify({ token, user }))
    setEndedBecause(null)
    setSaved({ token, user })
  }, [])

  const ended = useCallback((reason: string) => {
    sessionStorage.removeItem(KEY)
    setSaved((current) => {
      if (current != null) setEndedBecause(reason)
      return null
    })
  }, [])

  const signOut = useCallback(async (reason?: string) => {
    const token = saved?.token
    sessionStorage.removeItem(KEY)
    setSaved(null)
    setEndedBecause(reason ?? null)
    if (token != null) await api('POST', '/api/logout', token).catch(() => {}) // signed out here either way
  }, [saved])

  useEffect(() => {
    setUnauthorizedHandler(() => { ended('Your session has ended. Please log in again.') })
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
