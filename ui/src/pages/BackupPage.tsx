import { useEffect, useState } from 'react'
import { makeBackup } from '../backup.ts'
import { ErrorNote } from '../components/Notes.tsx'
import { useSession } from '../session.tsx'
import type { ReactNode } from 'react'

/** Saves `file` as a download named `name`. */
function download (file: Blob, name: string): void {
  const url = URL.createObjectURL(file)
  const link = document.createElement('a')
  link.href = url
  link.download = name
  document.body.append(link)
  link.click()
  link.remove()
  setTimeout(() => { URL.revokeObjectURL(url) }, 10_000)
}

/**
 * A backup of the account: the encrypted file is downloaded, and the recovery phrase that
 * opens it is shown here once, until the user says it is written down. It is kept nowhere.
 */
export function BackupPage (): ReactNode {
  const { token } = useSession()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const [phrase, setPhrase] = useState<string | null>(null)
  const [saved, setSaved] = useState<string | null>(null)
  // leaving the page forgets the phrase
  useEffect(() => () => { setPhrase(null) }, [])

  const create = async (): Promise<void> => {
    setBusy(true)
    setError(null)
    try {
      const made = await makeBackup(token!)
      download(made.file, made.name)
      setSaved(made.name)
      setPhrase(made.phrase)
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }

  return (
    <main id="main" tabIndex={-1}>
      <h1>Backup</h1>
      <section className="card stack">
        <p>
          A backup holds your keys, follows, posts, direct messages (read and unread), groups and
          their messages, encrypted under a new 24-word recovery phrase. Restore it on a new node
          from its login page.
        </p>
        <div className="row">
          <button type="button" onClick={() => { void create() }} disabled={busy}>{busy ? 'Making the backup…' : 'Download a backup'}</button>
        </div>
        <ErrorNote error={error} />
      </section>
      {phrase != null && (
        <section className="card stack" aria-labelledby="phrase-title">
          <h2 id="phrase-title">Your recovery phrase</h2>
          <p className="note warning" role="alert">
            Write these 24 words down now, in order, and keep them apart from the file{saved != null ? ` (${saved})` : ''}.
            They are shown only this once: without them the backup cannot be opened, and whoever
            has both has your account.
          </p>
          <ol className="phrase mono" data-testid="recovery-phrase">
            {phrase.split(' ').map((word, i) => <li key={i}>{word}</li>)}
          </ol>
          <div className="row end">
            <button type="button" className="secondary" onClick={() => { setPhrase(null) }}>I have written it down</button>
          </div>
        </section>
      )}
    </main>
  )
}
