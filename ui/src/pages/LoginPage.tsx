import { useState } from 'react'
import { ApiFailure, api } from '../api.ts'
import { ErrorNote } from '../components/Notes.tsx'
import { LinkForm } from '../components/LinkForm.tsx'
import { RestoreForm } from '../components/RestoreForm.tsx'
import { useSession } from '../session.tsx'
import type { User } from '../types.ts'
import type { FormEvent, ReactNode } from 'react'

type Action = 'login' | 'register'

/** Log in to an account (from any node) or register a new name. */
export function LoginPage (): ReactNode {
  const session = useSession()
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const [staySignedIn, setStaySignedIn] = useState(false)
  const [busy, setBusy] = useState<Action | null>(null)
  const [error, setError] = useState<unknown>(null)
  // the action another user's sessions on this node refused (409), to run again ending them
  const [refused, setRefused] = useState<Action | null>(null)

  const enter = async (action: Action, replace: boolean): Promise<void> => {
    setBusy(action)
    setError(null)
    setRefused(null)
    try {
      const body = { username: username.trim(), password, ...(staySignedIn ? { staySignedIn } : {}), ...(replace ? { replace } : {}) }
      const answer = await api<{ token: string, user: User }>('POST', `/api/${action}`, null, body)
      session.signedIn(answer.token, answer.user, staySignedIn)
    } catch (err) {
      setError(err)
      if (err instanceof ApiFailure && err.code === 'other_user_signed_in') setRefused(action)
      setBusy(null)
    }
  }

  const submit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault()
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null
    await enter(submitter?.value === 'register' ? 'register' : 'login', false)
  }

  return (
    <main className="login" id="main" tabIndex={-1}>
      <h1 className="brand">Parley</h1>
      <p className="muted">Your posts, messages and groups, held by the people in the network, not by a server.</p>
      {session.endedBecause != null && <p className="note info" role="status">{session.endedBecause}</p>}
      <form className="card stack" onSubmit={(event) => { void submit(event) }} aria-describedby="login-help">
        <label htmlFor="username">Username</label>
        <input id="username" name="username" autoComplete="username" autoCapitalize="none" spellCheck={false}
          required minLength={3} maxLength={32} pattern="[a-z0-9_]{3,32}" value={username}
          onChange={(e) => { setUsername(e.target.value) }} aria-describedby="username-help" />
        <small id="username-help" className="muted">3 to 32 of a-z, 0-9 and _</small>
        <label htmlFor="password">Password</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required minLength={8}
          value={password} onChange={(e) => { setPassword(e.target.value) }} />
        <label className="check" htmlFor="stay-signed-in">
          <input id="stay-signed-in" type="checkbox" checked={staySignedIn} onChange={(e) => { setStaySignedIn(e.target.checked) }} aria-describedby="stay-help" />
          Stay signed in
        </label>
        <small id="stay-help" className="muted">Keeps you signed in on this node when it restarts. Anyone who can read the node's data folder can then use your account.</small>
        <ErrorNote error={error} />
        {refused != null && <button type="button" className="secondary" disabled={busy != null} onClick={() => { void enter(refused, true) }}>End their sessions and continue</button>}
        <div className="row">
          <button type="submit" value="login" disabled={busy != null}>{busy === 'login' ? 'Logging in…' : 'Log in'}</button>
          <button type="submit" value="register" className="secondary" disabled={busy != null}>{busy === 'register' ? 'Registering…' : 'Register'}</button>
        </div>
        <p id="login-help" className="muted small">Registering publishes your name to the network. Logging in here adds this node to your devices; your other devices, tabs and the command line stay signed in.</p>
      </form>
      <LinkForm />
      <RestoreForm />
    </main>
  )
}
