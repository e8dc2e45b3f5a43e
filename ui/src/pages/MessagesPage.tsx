import { useState } from 'react'
import { EmptyState } from '../components/Notes.tsx'
import { useLiveEvent } from '../events.tsx'
import { useRememberedList } from '../hooks.ts'
import { Link, navigate } from '../router.tsx'
import { useSession } from '../session.tsx'
import type { FormEvent, ReactNode } from 'react'

/** The people you write with (remembered in this browser) and a box to start a conversation. */
export function MessagesPage (): ReactNode {
  const { user } = useSession()
  const [people, remember] = useRememberedList(`parley-conversations-${user?.username ?? ''}`)
  const [name, setName] = useState('')
  useLiveEvent(['message'], (event) => {
    const from = event.data?.from
    if (typeof from === 'string' && from !== user?.username) remember(from)
  })

  const open = (event: FormEvent): void => {
    event.preventDefault()
    const username = name.trim().replace(/^@/, '')
    if (username === '') return
    remember(username)
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
      {people.length === 0
        ? <EmptyState title="No conversations yet.">Messages are sealed for their reader and wait in the network while they are offline.</EmptyState>
        : (
          <ul className="cards" aria-label="Conversations">
            {people.map((p) => <li key={p} className="card"><Link to={`/messages/${encodeURIComponent(p)}`}>@{p}</Link></li>)}
          </ul>
          )}
    </main>
  )
}
