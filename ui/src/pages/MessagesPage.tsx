import { useState } from 'react'
import { api } from '../api.ts'
import { EmptyState, Loadable } from '../components/Notes.tsx'
import { Time } from '../components/Time.tsx'
import { useLiveEvent } from '../events.tsx'
import { useLoad } from '../hooks.ts'
import { Link, navigate } from '../router.tsx'
import { useSession } from '../session.tsx'
import type { Conversation } from '../types.ts'
import type { FormEvent, ReactNode } from 'react'

/** The people you write with (from the node, newest first, with unread counts) and a box to start a conversation. */
export function MessagesPage (): ReactNode {
  const { token } = useSession()
  const conversations = useLoad(async () => {
    const answer = await api<{ conversations: Conversation[] }>('GET', '/api/messages', token)
    return [...answer.conversations].sort((a, b) => b.last - a.last)
  }, 'conversations')
  useLiveEvent(['message'], conversations.reload)
  const [name, setName] = useState('')

  const open = (event: FormEvent): void => {
    event.preventDefault()
    const username = name.trim().replace(/^@/, '')
    if (username === '') return
    navigate(`/messages/${encodeURIComponent(username)}`)
  }

  return (
    <main id="main" tabIndex={-1}>
      <h1>Messages</h1>
      <form className="card row" onSubmit={open}>
        <label htmlFor="message-to" className="grow">Write to
          <input id="message-to" autoCapitalize="none" spellCheck={false} placeholder="username" required
            pattern="@?[a-z0-9_]{3,32}" value={name} onChange={(e) => { setName(e.target.value) }} />
        </label>
        <button type="submit">Open conversation</button>
      </form>
      <Loadable data={conversations.data} error={conversations.error} what="conversations" feature="Direct messages">
        {(list) => list.length === 0
          ? <EmptyState title="No conversations yet.">Messages are sealed for their reader and wait in the network while they are offline.</EmptyState>
          : (
            <ul className="cards" aria-label="Conversations">
              {list.map((c) => (
                <li key={c.with} className="card row between" data-testid="conversation">
                  <Link to={`/messages/${encodeURIComponent(c.with)}`}>@{c.with}</Link>
                  <span className="muted small">
                    {c.unread > 0 && <strong className="badge unread">{c.unread} unread</strong>} <Time ms={c.last} />
                  </span>
                </li>
              ))}
            </ul>
            )}
      </Loadable>
    </main>
  )
}
