import { useState } from 'react'
import { restoreBackup } from '../backup.ts'
import { useSession } from '../session.tsx'
import { ErrorNote } from './Notes.tsx'
import type { FormEvent, ReactNode } from 'react'

/** The login page's restore: a backup file and its recovery phrase; on success the user is logged in. */
export function RestoreForm (): ReactNode {
  const session = useSession()
  const [file, setFile] = useState<File | null>(null)
  const [phrase, setPhrase] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)

  const submit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault()
    if (file == null) return
    setBusy(true)
    setError(null)
    try {
      const answer = await restoreBackup(file, phrase)
      setPhrase('')
      session.signedIn(answer.token, answer.user)
    } catch (err) {
      setError(err)
      setBusy(false)
    }
  }

  return (
    <details className="card">
      <summary>Restore from a backup</summary>
      <form className="stack" onSubmit={(event) => { void submit(event) }} aria-describedby="restore-help">
        <label htmlFor="backup-file">Backup file</label>
        <input id="backup-file" type="file" required onChange={(e) => { setFile(e.target.files?.[0] ?? null) }} />
        <label htmlFor="backup-phrase">Recovery phrase</label>
        <textarea id="backup-phrase" required rows={3} autoComplete="off" autoCapitalize="none" spellCheck={false}
          value={phrase} onChange={(e) => { setPhrase(e.target.value) }} placeholder="the 24 words, in order" />
        <ErrorNote error={error} />
        <div className="row">
          <button type="submit" disabled={busy || file == null}>{busy ? 'Restoring…' : 'Restore and log in'}</button>
        </div>
        <p id="restore-help" className="muted small">Restores your account on this node, which must not have it yet. Your password stays the same.</p>
      </form>
    </details>
  )
}
