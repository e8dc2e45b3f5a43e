import { useEffect, useRef } from 'react'
import { HealthNotice } from './components/HealthNotice.tsx'
import { EmptyState } from './components/Notes.tsx'
import { LiveEventsProvider, useLiveState } from './events.tsx'
import { BackupPage } from './pages/BackupPage.tsx'
import { ConversationPage } from './pages/ConversationPage.tsx'
import { DevicesPage } from './pages/DevicesPage.tsx'
import { GroupPage } from './pages/GroupPage.tsx'
import { GroupsPage } from './pages/GroupsPage.tsx'
import { LoginPage } from './pages/LoginPage.tsx'
import { MessagesPage } from './pages/MessagesPage.tsx'
import { NetworkPage } from './pages/NetworkPage.tsx'
import { NotificationsPage } from './pages/NotificationsPage.tsx'
import { ProfilePage } from './pages/ProfilePage.tsx'
import { SessionsPage } from './pages/SessionsPage.tsx'
import { TimelinePage } from './pages/TimelinePage.tsx'
import { Link, match, navigate, usePath } from './router.tsx'
import { useSession } from './session.tsx'
import type { ReactNode } from 'react'

const TITLES: Array<[string, string]> = [
  ['/', 'Timeline'], ['/notifications', 'Notifications'], ['/messages', 'Messages'],
  ['/groups', 'Groups'], ['/devices', 'Devices'], ['/network', 'Network'], ['/sessions', 'Sessions'], ['/backup', 'Backup']
]

/** The page for a path; null when nothing matches. */
function page (path: string, me: string): { title: string, node: ReactNode } {
  let params: Record<string, string> | null
  if ((params = match('/users/:username', path)) != null) return { title: `@${params.username}`, node: <ProfilePage key={params.username} username={params.username} /> }
  if ((params = match('/messages/:username', path)) != null) return { title: `@${params.username} · Messages`, node: <ConversationPage key={params.username} username={params.username} /> }
  if ((params = match('/groups/:id', path)) != null) return { title: 'Group', node: <GroupPage key={params.id} id={params.id} /> }
  if (match('/me', path) != null) return { title: `@${me}`, node: <ProfilePage key={me} username={me} /> }
  if (match('/', path) != null) return { title: 'Timeline', node: <TimelinePage /> }
  if (match('/notifications', path) != null) return { title: 'Notifications', node: <NotificationsPage /> }
  if (match('/messages', path) != null) return { title: 'Messages', node: <MessagesPage /> }
  if (match('/groups', path) != null) return { title: 'Groups', node: <GroupsPage /> }
  if (match('/network', path) != null) return { title: 'Network', node: <NetworkPage /> }
  if (match('/backup', path) != null) return { title: 'Backup', node: <BackupPage /> }
  if (match('/sessions', path) != null) return { title: 'Sessions', node: <SessionsPage /> }
  if (match('/devices', path) != null) return { title: 'Devices', node: <DevicesPage /> }
  return { title: 'Not found', node: <main id="main" tabIndex={-1}><EmptyState title="There is no such page.">Pick one from the menu.</EmptyState></main> }
}

export function App (): ReactNode {
  const session = useSession()
  const path = usePath()
  const signedIn = session.token != null && session.user != null

  useEffect(() => {
    if (!signedIn) document.title = 'Parley · Log in'
  }, [signedIn])
  if (!signedIn) return <LoginPage />
  return (
    <LiveEventsProvider token={session.token!} onSessionEnded={session.ended}>
      <Shell path={path} me={session.user!.username} />
    </LiveEventsProvider>
  )
}

function Shell ({ path, me }: { path: string, me: string }): ReactNode {
  const session = useSession()
  const live = useLiveState()
  const current = page(path, me)
  useEffect(() => { document.title = `${current.title} · Parley` }, [current.title])
  // after moving to another page, keyboard and screen-reader users start at its content
  const mounted = useRef(false)
  useEffect(() => {
    if (mounted.current) document.getElementById('main')?.focus({ preventScroll: true })
    mounted.current = true
  }, [path])
  const active = (to: string): boolean => to === '/' ? path === '/' : path === to || path.startsWith(to + '/')

  return (
    <>
      <a href="#main" className="skip">Skip to content</a>
      <header className="top">
        <div className="bar">
          <Link to="/" className="brand">Parley</Link>
          <span className={`live ${live}`} role="status" title="live updates">{live === 'live' ? 'live' : live === 'connecting' ? 'connecting…' : 'reconnecting…'}</span>
          <Link to="/me" className="me" aria-current={active(`/users/${me}`) || path === '/me' ? 'page' : undefined}>@{me}</Link>
          <button type="button" className="secondary small" onClick={() => { navigate('/', { replace: true }); void session.signOut() }}>Log out</button>
        </div>
        <nav aria-label="Main">
          <ul>
            {TITLES.map(([to, title]) => (
              <li key={to}><Link to={to} aria-current={active(to) ? 'page' : undefined}>{title}</Link></li>
            ))}
          </ul>
        </nav>
      </header>
      <HealthNotice />
      {current.node}
    </>
  )
}
