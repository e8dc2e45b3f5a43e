import { useState } from 'react'
import { api } from '../api.ts'
import { ErrorNote, Loadable } from '../components/Notes.tsx'
import { Time } from '../components/Time.tsx'
import { useLiveEvent } from '../events.tsx'
import { useLoad } from '../hooks.ts'
import { navigate } from '../router.tsx'
import { useSession } from '../session.tsx'
import type { SessionView } from '../types.ts'
import type { ReactNode } from 'react'

/** The signed-in user's sessions on this node (tabs, the CLI), each with a button that ends it. */
export function SessionsPage (): ReactNode {
  const session = useSession()
  const sessions = useLoad(async () => api<SessionView[]>('GET', '/api/sessions', session.token), 'sessions')
  const [error, setError] = useState<unknown>(null)
  useLiveEvent(['session'], sessions.reload)

  const end = async (s: SessionView): Promise<void> => {
    setError(null)
    if (s.current) {
      navigate('/', { replace: true })
      await session.signOut()
      return
    }
    try {
      await api('DELETE', `/api/sessions/${encodeURIComponent(s.id)}`, session.token)
      sessions.reload()
    } catch (err) {
      setError(err)
    }
  }

  const everywhere = async (): Promise<void> => {
    navigate('/', { replace: true })
    await session.signOut(undefined, { everywhere: true })
  }

  return (
    <main id="main" tabIndex={-1}>
      <h1>Sessions</h1>
      <p className="muted">Where you are signed in on this node: browser tabs and the command line. Ending a session signs it out; ending the last one locks your keys.</p>
      <ErrorNote error={error} />
      <Loadable data={sessions.data} error={sessions.error} what="your sessions" feature="Sessions">
        {(list) => (
          <>
            <ul className="plain stack" aria-label="Sessions">
              {list.map((s) => (
                <li key={s.id} className="card row" data-testid="session" data-current={s.current ? 'true' : 'false'}>
                  <span className="grow">
                    <strong>{s.current ? 'This session' : 'Session'}</strong> <span className="mono small">{s.id}</span>
                    <br /><span className="muted small">started <Time ms={s.createdAt} />, last used <Time ms={s.lastUsedAt} />{s.staySignedIn ? ', stays signed in across restarts' : ''}</span>
                  </span>
                  <button type="button" className="secondary small" onClick={() => { void end(s) }} aria-label={s.current ? 'End this session (log out)' : `End session ${s.id}`}>End</button>
                </li>
              ))}
            </ul>
            <button type="button" className="secondary" onClick={() => { void everywhere() }}>Log out everywhere on this node</button>
          </>
        )}
      </Loadable>
    </main>
  )
}
