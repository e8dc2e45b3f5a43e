import { Link } from '../router.tsx'
import { Time } from './Time.tsx'
import type { Post } from '../types.ts'
import type { ReactNode } from 'react'

export function PostList ({ posts, label }: { posts: Post[], label: string }): ReactNode {
  return (
    <ol className="cards" aria-label={label}>
      {posts.map((post) => (
        <li key={post.id} className="card post" data-testid="post">
          <p className="meta">
            <Link to={`/users/${post.author}`} className="author">@{post.author}</Link>
            <span className="muted"> · <Time ms={post.timestamp} /></span>
            {post.published === false && <span className="muted" title="Followers online have it; the copy that others sync from while you are offline is on its way"> · publishing…</span>}
          </p>
          <p className="text">{post.text}</p>
        </li>
      ))}
    </ol>
  )
}
