import { useState } from 'react'
import { api } from '../api.ts'
import { EmptyState, ErrorNote, Loadable } from '../components/Notes.tsx'
import { useLiveEvent } from '../events.tsx'
import { useLoad, useRememberedList } from '../hooks.ts'
import { Link, navigate } from '../router.tsx'
import { useSession } from '../session.tsx'
import type { Group } from '../types.ts'
import type { FormEvent, ReactNode } from 'react'

/** Splits "bob, carol dave" into usernames. */
export function parseUsernames (text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).map((n) => n.replace(/^@/, '')).filter((n) => n !== ''))]
}

export function useKnownGroups (): [string[], (id: string) => void] {
  const { user } = useSession()
  return useRememberedList(`parley-groups-${user?.username ?? ''}`)
}

/** Your groups (the ones this browser has seen) and a form to create one. */
export function GroupsPage (): ReactNode {
  const { token } = useSession()
  const [ids, remember] = useKnownGroups()
  useLiveEvent(['group'], (event) => {
    const id = event.data?.id ?? event.data?.groupId
    if (typeof id === 'string') remember(id)
  })
  const groups = useLoad(async () => Promise.all(ids.map(async (id) => api<Group>('GET', `/api/groups/${encodeURIComponent(id)}`, token).catch(() => null))), ids.join(','))

  return (
    <main id="main" tabIndex={-1}>
      <h1>Groups</h1>
      <CreateGroup onCreated={(group) => { remember(group.id); navigate(`/groups/${encodeURIComponent(group.id)}`) }} />
      {ids.length === 0
        ? <EmptyState title="No groups yet.">Create one above. One member's node hosts the chat and orders its messages; if it goes away, another member takes over.</EmptyState>
        : (
          <Loadable data={groups.data} error={groups.error} what="groups" feature="Groups">
            {(list) => (
              <ul className="cards" aria-label="Your groups">
                {list.map((g, i) => g == null
                  ? null
                  : (
                    <li key={g.id ?? i} className="card row between">
                      <Link to={`/groups/${encodeURIComponent(g.id)}`}>{g.name}</Link>
                      <span className="muted small">{g.members.length} members</span>
                    </li>
                    ))}
              </ul>
            )}
          </Loadable>
          )}
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
