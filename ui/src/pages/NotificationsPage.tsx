import { EmptyState, Loadable } from '../components/Notes.tsx'
import { Time } from '../components/Time.tsx'
import { useLiveEvent } from '../events.tsx'
import { useLoad } from '../hooks.ts'
import { Link } from '../router.tsx'
import { api } from '../api.ts'
import { useSession } from '../session.tsx'
import type { Notification } from '../types.ts'
import type { ReactNode } from 'react'

const SENTENCES: Record<string, string> = {
  follow: 'followed you',
  unfollow: 'unfollowed you'
}

/** Follows, unfollows and the rest, newest first; updated live. */
export function NotificationsPage (): ReactNode {
  const { token } = useSession()
  const notifications = useLoad(async () => api<Notification[]>('GET', '/api/notifications', token), 'notifications')
  useLiveEvent(['notification'], notifications.reload)
  return (
    <main id="main" tabIndex={-1}>
      <h1>Notifications</h1>
      <Loadable data={notifications.data} error={notifications.error} what="notifications" feature="Notifications">
        {(list) => list.length === 0
          ? <EmptyState title="No notifications yet.">When someone follows you or writes to you, it shows up here.</EmptyState>
          : (
            <ol className="cards" aria-label="Notifications">
              {[...list].sort((a, b) => b.at - a.at).map((n, i) => (
                <li key={`${n.kind}-${n.from}-${n.at}-${i}`} className="card row between">
                  <span><Link to={`/users/${n.from}`}>@{n.from}</Link> {SENTENCES[n.kind] ?? n.kind}</span>
                  <span className="muted small"><Time ms={n.at} /></span>
                </li>
              ))}
            </ol>
            )}
      </Loadable>
    </main>
  )
}
