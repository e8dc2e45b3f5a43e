import { useState } from 'react'
import { api } from '../api.ts'
import { useSession } from '../session.tsx'
import { ErrorNote } from './Notes.tsx'
import type { User } from '../types.ts'
import type { FormEvent, ReactNode } from 'react'

/** The login page's link: this node joins an account with the code one of its devices shows (Devices, "Link a new device"). */
export function LinkForm (): ReactNode {
  const session = useSession()
  const [username, setUsername] = useState('')
  const [code, setCode] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)

  const submit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault()
    setBusy(true)
    setError(null)
    try {
      const answer = await api<{ token: string, user: User }>('POST', '/api/link', undefined, { username: username.trim(), code })
      session.signedIn(answer.token, answer.user, true)
    } catch (err) {
      setError(err)
      setBusy(false)
    }
  }

  return (
    <details className="card">
      <summary>Link this node to your account</summary>
      <form className="stack" onSubmit={(event) => { void submit(event) }} aria-describedby="link-help">
        <label htmlFor="link-username">Account to join (its name)</label>
        <input id="link-username" autoComplete="username" autoCapitalize="none" required value={username} onChange={(e) => { setUsername(e.target.value) }} />
        <label htmlFor="link-code">Link code</label>
        <input id="link-code" autoComplete="off" autoCapitalize="characters" spellCheck={false} required placeholder="ABCD-EFGH" value={code} onChange={(e) => { setCode(e.target.value) }} />
        <ErrorNote error={error} />
        <div className="row">
          <button type="submit" disabled={busy || username.trim() === '' || code.trim() === ''}>{busy ? 'Linking…' : 'Link and sign in'}</button>
        </div>
        <p id="link-help" className="muted small">On a device where you are signed in, open Devices and choose "Link a new device" to get a code. This node gets your follows, messages and groups from it, and stays signed in.</p>
      </form>
    </details>
  )
}
