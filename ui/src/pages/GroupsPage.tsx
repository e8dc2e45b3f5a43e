import { useState } from 'react'
import { api } from '../api.ts'
import { EmptyState, ErrorNote, Loadable } from '../components/Notes.tsx'
import { useLiveEvent } from '../events.tsx'
import { useLoad } from '../hooks.ts'
import { Link, navigate } from '../router.tsx'
import { useSession } from '../session.tsx'
import type { Group } from '../types.ts'
import type { FormEvent, ReactNode } from 'react'

/** Splits "bob, carol dave" into usernames. */
export function parseUsernames (text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).map((n) => n.replace(/^@/, '')).filter((n) => n !== ''))]
}

/** Your groups (GET /api/groups, updated live as you are invited or they start) and a form to create one. */
export function GroupsPage (): ReactNode {
  const { token } = useSession()
  const groups = useLoad(async () => (await api<{ groups: Group[] }>('GET', '/api/groups', token)).groups, 'groups')
  useLiveEvent(['group'], (event) => { if (event.data?.kind !== 'message') groups.reload() })

  return (
    <main id="main" tabIndex={-1}>
      <h1>Groups</h1>
      <CreateGroup onCreated={(group) => { navigate(`/groups/${encodeURIComponent(group.id)}`) }} />
      <Loadable data={groups.data} error={groups.error} what="groups" feature="Groups">
        {(list) => list.length === 0
          ? <EmptyState title="No groups yet.">Create one above. One member's node hosts the chat and orders its messages; if it goes away, another member takes over.</EmptyState>
          : (
            <ul className="cards" aria-label="Your groups">
              {list.map((g) => (
                <li key={g.id} className="card row between" data-testid="group">
                  <Link to={`/groups/${encodeURIComponent(g.id)}`}>{g.name}</Link>
                  <span className="muted small">
                    {g.members.length} members · {g.started ? (g.host != null ? `host @${g.host}` : 'choosing a host') : 'not started'}
                  </span>
                </li>
              ))}
            </ul>
            )}
      </Loadable>
    </main>
  )
}

function CreateGroup ({ onCreated }: { onCreated: (group: Group) => void }): ReactNode {
  const { token } = useSession()
  const [name, setName] = useState('')
  const [members, setMembers] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault()
    setBusy(true)
    setError(null)
    try {
      onCreated(await api<Group>('POST', '/api/groups', token, { name: name.trim(), members: parseUsernames(members) }))
    } catch (err) {
      setError(err)
      setBusy(false)
    }
  }

  return (
    <form className="card stack" onSubmit={(event) => { void submit(event) }}>
      <h2>New group</h2>
      <label htmlFor="group-name">Name</label>
      <input id="group-name" required maxLength={64} value={name} onChange={(e) => { setName(e.target.value) }} />
      <label htmlFor="group-members">Members</label>
      <input id="group-members" autoCapitalize="none" spellCheck={false} placeholder="bob, carol" aria-describedby="group-members-help"
        value={members} onChange={(e) => { setMembers(e.target.value) }} />
      <small id="group-members-help" className="muted">Usernames, separated by commas or spaces. You are a member too.</small>
      <ErrorNote error={error} />
      <div className="row end"><button type="submit" disabled={busy}>{busy ? 'Creating…' : 'Create group'}</button></div>
    </form>
  )
}
