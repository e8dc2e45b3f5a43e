import { useEffect, useRef, useState } from 'react'
import { api } from '../api.ts'
import { EmptyState, ErrorNote, Loadable } from '../components/Notes.tsx'
import { StatusBadge } from '../components/Status.tsx'
import { Time } from '../components/Time.tsx'
import { useLiveEvent } from '../events.tsx'
import { isRouteMissing, useLoad } from '../hooks.ts'
import { Link } from '../router.tsx'
import { useSession } from '../session.tsx'
import type { DirectMessage } from '../types.ts'
import type { FormEvent, ReactNode } from 'react'

/** Messages per page: the newest page is shown first, older ones on request. */
const PAGE = 200

/** For a message still `stored`: the fewest replicas holding it among its waiting recipients. */
export function storedOn (message: DirectMessage): number | undefined {
  const counts = Object.values(message.recipients ?? {}).filter((r) => r.status === 'stored').map((r) => r.storedOn)
  return counts.length === 0 ? undefined : Math.min(...counts)
}

/** Why a send failed, from the answer to it (the mailbox holders' refusals); the node does not keep it. */
export function failureReason (message: DirectMessage): string | undefined {
  return Object.values(message.recipients ?? {}).find((r) => r.status === 'failed' && r.reason != null)?.reason
}

/**
 * Direct messages with one user, each with its delivery state; updated live. Reading the
 * conversation from the node marks its incoming messages read (the sender gets a receipt).
 */
export function ConversationPage ({ username }: { username: string }): ReactNode {
  const { token, user } = useSession()
  const page = async (before?: string): Promise<{ messages: DirectMessage[], next: string | null }> => {
    const cursor = before == null ? '' : `&before=${encodeURIComponent(before)}`
    return await api<{ messages: DirectMessage[], next: string | null }>('GET', `/api/messages?with=${encodeURIComponent(username)}&limit=${PAGE}${cursor}`, token)
  }
  // the newest page, reloaded live; older pages are added above it on request
  const messages = useLoad(async () => {
    const answer = await page()
    setOlderCursor((current) => current === undefined ? answer.next : current)
    return answer.messages
  }, `messages:${username}`)
  const [older, setOlder] = useState<DirectMessage[]>([])
  /** the cursor of the next older page: undefined until the first page came, null at the start of the conversation */
  const [olderCursor, setOlderCursor] = useState<string | null | undefined>(undefined)
  const loadOlder = async (): Promise<void> => {
    if (olderCursor == null) return
    try {
      const answer = await page(olderCursor)
      setOlder((current) => [...answer.messages, ...current])
      setOlderCursor(answer.next)
    } catch (err) {
      setError(err)
    }
  }
  useLiveEvent(['message', 'status'], messages.reload)
  const [sending, setSending] = useState<DirectMessage[]>([])
  /** failure reasons by message id, from the answers to this page's sends */
  const [reasons, setReasons] = useState<Record<string, string>>({})
  const [error, setError] = useState<unknown>(null)
  const [text, setText] = useState('')
  const end = useRef<HTMLLIElement>(null)

  const newest = messages.data ?? []
  const loaded = [...older.filter((o) => !newest.some((m) => m.id === o.id)), ...newest]
  const shown = [...loaded, ...sending.filter((s) => !loaded.some((m) => m.id === s.id))]
  // to the newest message when one arrives (not when older ones are added above)
  useEffect(() => { end.current?.scrollIntoView({ block: 'nearest' }) }, [shown.at(-1)?.id])
  useEffect(() => { setOlder([]); setOlderCursor(undefined) }, [username])

  const send = async (event: FormEvent): Promise<void> => {
    event.preventDefault()
    if (text.trim() === '' || user == null) return
    const draft: DirectMessage = { id: `local-${Date.now()}`, from: user.username, to: [username], text, timestamp: Date.now(), status: 'sending' }
    setSending((current) => [...current, draft])
    setText('')
    setError(null)
    try {
      const answer = await api<DirectMessage>('POST', '/api/messages', token, { to: [username], text: draft.text })
      setSending((current) => current.map((m) => m === draft ? answer : m))
      const reason = failureReason(answer)
      if (reason != null) setReasons((current) => ({ ...current, [answer.id]: reason }))
      messages.reload()
    } catch (err) {
      setError(err)
      setSending((current) => current.map((m) => m === draft ? { ...m, status: 'failed' } : m))
    }
  }

  return (
    <main id="main" tabIndex={-1} className="chat">
      <h1><Link to="/messages" aria-label="Back to all conversations" className="back">‹</Link> <Link to={`/users/${username}`}>@{username}</Link></h1>
      <Loadable data={messages.data} error={messages.error} what="messages" feature="Direct messages">
        {() => shown.length === 0
          ? <EmptyState title={`No messages with @${username} yet.`}>Say hello below. If they are offline, the message waits for them in the network.</EmptyState>
          : (
            <ol className="bubbles" aria-label={`Messages with @${username}`} aria-live="polite">
              {olderCursor != null && <li className="older"><button type="button" className="secondary" onClick={() => { void loadOlder() }}>Load older messages</button></li>}
              {shown.map((m) => {
                const mine = m.from === user?.username
                return (
                  <li key={m.id} className={`bubble ${mine ? 'mine' : 'theirs'}`} data-testid="message" data-status={m.status}>
                    <p className="text">{m.text}</p>
                    <p className="meta small">
                      <Time ms={m.timestamp} />
                      {mine && <> · <StatusBadge status={m.status} replicas={storedOn(m)} reason={reasons[m.id]} /></>}
                    </p>
                  </li>
                )
              })}
              <li ref={end} aria-hidden="true" className="end" />
            </ol>
            )}
      </Loadable>
      <ErrorNote error={error} />
      {!isRouteMissing(messages.error) && <form className="composer row" onSubmit={(event) => { void send(event) }}>
        <label htmlFor="dm-text" className="visually-hidden">Message to @{username}</label>
        <input id="dm-text" className="grow" autoComplete="off" placeholder={`Message @${username}`} value={text}
          onChange={(e) => { setText(e.target.value) }} />
        <button type="submit" disabled={text.trim() === ''}>Send</button>
      </form>}
    </main>
  )
}
