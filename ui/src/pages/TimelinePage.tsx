import { useState } from 'react'
import { api } from '../api.ts'
import { FindUser } from '../components/FindUser.tsx'
import { EmptyState, ErrorNote, Loadable } from '../components/Notes.tsx'
import { PostList } from '../components/PostList.tsx'
import { useLiveEvent } from '../events.tsx'
import { useLoad } from '../hooks.ts'
import { useSession } from '../session.tsx'
import type { Post } from '../types.ts'
import type { FormEvent, ReactNode } from 'react'

const PAGE = 50
const MAX_POST = 1000

/** Posts of the people you follow (and yours), newest first, with a compose box. */
export function TimelinePage (): ReactNode {
  const { token } = useSession()
  const [older, setOlder] = useState<Post[]>([])
  const [next, setNext] = useState<string | null>(null)
  const timeline = useLoad(async () => {
    const page = await api<{ posts: Post[], next?: string | null }>('GET', `/api/timeline?limit=${PAGE}`, token)
    setNext(page.next ?? null)
    setOlder([])
    return page.posts
  }, 'timeline')
  useLiveEvent(['post'], timeline.reload)

  const loadMore = async (): Promise<void> => {
    if (next == null) return
    const page = await api<{ posts: Post[], next?: string | null }>('GET', `/api/timeline?limit=${PAGE}&before=${encodeURIComponent(next)}`, token)
    setOlder((current) => [...current, ...page.posts])
    setNext(page.next ?? null)
  }

  return (
    <main id="main" tabIndex={-1}>
      <h1>Timeline</h1>
      <FindUser />
      <Compose onPosted={timeline.reload} />
      <Loadable data={timeline.data} error={timeline.error} what="your timeline" feature="Posts and timelines">
        {(posts) => posts.length === 0
          ? <EmptyState title="Nothing here yet.">Write your first post above, or find people to follow on their profile pages.</EmptyState>
          : <>
              <PostList posts={[...posts, ...older]} label="Timeline" />
              {next != null && <button type="button" className="secondary wide" onClick={() => { void loadMore() }}>Show older posts</button>}
            </>}
      </Loadable>
    </main>
  )
}

function Compose ({ onPosted }: { onPosted: () => void }): ReactNode {
  const { token } = useSession()
  const [text, setText] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault()
    if (text.trim() === '') return
    setBusy(true)
    setError(null)
    try {
      await api('POST', '/api/posts', token, { text })
      setText('')
      onPosted()
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }

  return (
    <form className="card stack compose" onSubmit={(event) => { void submit(event) }}>
      <label htmlFor="compose">New post</label>
      <textarea id="compose" rows={3} maxLength={MAX_POST} value={text} placeholder="What is happening?"
        onChange={(e) => { setText(e.target.value) }}
        onKeyDown={(e) => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void submit(e) }} />
      <ErrorNote error={error} />
      <div className="row end">
        <span className="muted small" aria-live="polite">{text.length}/{MAX_POST}</span>
        <button type="submit" disabled={busy || text.trim() === ''}>{busy ? 'Posting…' : 'Post'}</button>
      </div>
    </form>
  )
}
