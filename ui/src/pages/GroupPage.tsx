import { useState } from 'react'
import { api } from '../api.ts'
import { EmptyState, ErrorNote, Loadable } from '../components/Notes.tsx'
import { StatusBadge } from '../components/Status.tsx'
import { Time } from '../components/Time.tsx'
import { useLiveEvent } from '../events.tsx'
import { useLoad } from '../hooks.ts'
import { Link } from '../router.tsx'
import { useSession } from '../session.tsx'
import type { Group, GroupMessage } from '../types.ts'
import type { FormEvent, ReactNode } from 'react'

/** One group chat: host and term, members, preferred hosts, committed then pending messages. */
export function GroupPage ({ id }: { id: string }): ReactNode {
  const { token, user } = useSession()
  const path = `/api/groups/${encodeURIComponent(id)}`
  const group = useLoad(async () => api<Group>('GET', path, token), `group:${id}`)
  const messages = useLoad(async () => (await api<{ messages: GroupMessage[] }>('GET', `${path}/messages`, token)).messages, `group-messages:${id}`)
  useLiveEvent(['group'], (event) => {
    if (event.data != null && event.data.groupId !== id) return // another group (resyncs have no data)
    group.reload()
    messages.reload()
  })

  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState<string | null>(null)
  const act = async (what: string, run: () => Promise<unknown>): Promise<boolean> => {
    setBusy(what)
    setError(null)
    try {
      await run()
      group.reload()
      messages.reload()
      return true
    } catch (err) {
      setError(err)
      return false
    } finally {
      setBusy(null)
    }
  }

  return (
    <main id="main" tabIndex={-1} className="chat">
      <Loadable data={group.data} error={group.error} what="the group" feature="Groups">
        {(g) => (
          <>
            <h1><Link to="/groups" aria-label="Back to all groups" className="back">‹</Link> {g.name}</h1>
            <section className="card group-facts" aria-label="Group details">
              <p data-testid="group-host" data-host={g.host ?? ''} data-term={g.term}>
                {!g.started
                  ? <span className="muted">Not started: no host yet.</span>
                  : g.companion
                    ? <span className="muted">Mirrored from your other device (the one this group names), which sends for you.</span>
                  : g.host != null
                    ? <>Host <strong>@{g.host}</strong> · term {g.term}</>
                    : <span className="muted">Choosing a new host… (term {g.term})</span>}
                {g.started && <span className="muted"> · {g.commitIndex} committed</span>}
              </p>
              <p>Members: {g.members.map((m, i) => (
                <span key={m.userId}>{i > 0 && ', '}<Link to={`/users/${m.username}`}>@{m.username}</Link>{m.username === g.creator && <span className="muted small"> (creator)</span>}</span>
              ))}</p>
              {g.preferredHosts.length > 0 && (
                <div>
                  <span id="preferred-label">Preferred hosts:</span>
                  <ol className="inline" aria-labelledby="preferred-label" data-testid="preferred-hosts">
                    {g.preferredHosts.map((h) => <li key={h}>@{h}</li>)}
                  </ol>
                </div>
              )}
              {g.creator === user?.username && !g.companion && (
                <div className="row">
                  <button type="button" disabled={busy != null} onClick={() => { void act('start', async () => api('POST', `${path}/start`, token)) }}>
                    {busy === 'start' ? 'Measuring latencies…' : (g.started ? 'Measure again' : 'Start')}
                  </button>
                  <AddMember disabled={busy != null} onAdd={async (username) => act('add', async () => api('POST', `${path}/members`, token, { username }))} />
                </div>
              )}
              <ErrorNote error={error} />
            </section>
          </>
        )}
      </Loadable>
      {group.data != null && (
        <>
          <Loadable data={messages.data} error={messages.error} what="messages" feature="Group messages">
            {(list) => <GroupMessages messages={list} />}
          </Loadable>
          {group.data.started && <GroupComposer onSend={async (text) => act('send', async () => api('POST', `${path}/messages`, token, { text }))} />}
        </>
      )}
    </main>
  )
}

function GroupMessages ({ messages }: { messages: GroupMessage[] }): ReactNode {
  const { user } = useSession()
  if (messages.length === 0) return <EmptyState title="No messages yet.">Once the creator starts the group, say hello.</EmptyState>
  const committed = messages.filter((m) => m.status === 'committed')
  const pending = messages.filter((m) => m.status !== 'committed')
  const item = (m: GroupMessage): ReactNode => (
    <li key={m.id} className={`bubble ${m.from === user?.username ? 'mine' : 'theirs'} ${m.status}`} data-testid="group-message" data-status={m.status}>
      <p className="meta small"><strong>@{m.from}</strong> {m.seq != null && <span className="muted">#{m.seq}</span>}</p>
      <p className="text">{m.text}</p>
      <p className="meta small"><Time ms={m.timestamp} /> · <StatusBadge status={m.status} /></p>
    </li>
  )
  return (
    <>
      <ol className="bubbles" aria-label="Committed messages">{committed.map(item)}</ol>
      {pending.length > 0 && (
        <>
          <h2 className="small muted">Waiting for the host to order them</h2>
          <ol className="bubbles" aria-label="Pending messages">{pending.map(item)}</ol>
        </>
      )}
    </>
  )
}

function AddMember ({ disabled, onAdd }: { disabled: boolean, onAdd: (username: string) => Promise<boolean> }): ReactNode {
  const [name, setName] = useState('')
  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault()
    if (await onAdd(name.trim().replace(/^@/, ''))) setName('')
  }
  return (
    <form className="row add-member" onSubmit={(event) => { void submit(event) }}>
      <label htmlFor="add-member" className="visually-hidden">Username to add</label>
      <input id="add-member" placeholder="username" autoCapitalize="none" spellCheck={false} required value={name} onChange={(e) => { setName(e.target.value) }} />
      <button type="submit" className="secondary" disabled={disabled}>Add member</button>
    </form>
  )
}

function GroupComposer ({ onSend }: { onSend: (text: string) => Promise<boolean> }): ReactNode {
  const [text, setText] = useState('')
  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault()
    if (text.trim() === '') return
    const sent = text
    setText('')
    if (!await onSend(sent)) setText(sent)
  }
  return (
    <form className="composer row" onSubmit={(event) => { void submit(event) }}>
      <label htmlFor="group-text" className="visually-hidden">Message to the group</label>
      <input id="group-text" className="grow" autoComplete="off" placeholder="Message the group" value={text} onChange={(e) => { setText(e.target.value) }} />
      <button type="submit" disabled={text.trim() === ''}>Send</button>
    </form>
  )
}
