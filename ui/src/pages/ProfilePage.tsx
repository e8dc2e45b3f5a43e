import { useEffect, useState } from 'react'
import { api } from '../api.ts'
import { EmptyState, ErrorNote, Loadable } from '../components/Notes.tsx'
import { PostList } from '../components/PostList.tsx'
import { Presence } from '../components/Status.tsx'
import { Time } from '../components/Time.tsx'
import { useLiveEvent } from '../events.tsx'
import { isRouteMissing, useLoad } from '../hooks.ts'
import { Link } from '../router.tsx'
import { useSession } from '../session.tsx'
import type { Post, User, UserView } from '../types.ts'
import type { ReactNode } from 'react'

/** Profiles are republished every minute; look again this often for online / last seen. */
const PRESENCE_REFRESH_MS = 30_000

/** One user: presence, counts, follow / unfollow, their posts; your own followers and following. */
export function ProfilePage ({ username }: { username: string }): ReactNode {
  const { token, user: me } = useSession()
  const mine = me?.username === username
  const profile = useLoad(async () => api<UserView>('GET', `/api/users/${encodeURIComponent(username)}`, token), `user:${username}`)
  const posts = useLoad(async () => (await api<{ posts: Post[] }>('GET', `/api/users/${encodeURIComponent(username)}/posts`, token)).posts, `posts:${username}`)
  const following = useLoad(async () => api<User[]>('GET', '/api/following', token), 'following')
  const followers = useLoad(async () => mine ? api<User[]>('GET', '/api/followers', token) : [], `followers:${String(mine)}`)
  useLiveEvent(['post'], posts.reload)
  useLiveEvent(['notification', 'follow', 'unfollow'], () => { profile.reload(); followers.reload() })
  useEffect(() => {
    const timer = setInterval(profile.reload, PRESENCE_REFRESH_MS)
    return () => { clearInterval(timer) }
  }, [profile.reload])

  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const isFollowing = following.data?.some((u) => u.username === username) ?? false
  const toggleFollow = async (): Promise<void> => {
    setBusy(true)
    setError(null)
    try {
      await api('POST', isFollowing ? '/api/unfollow' : '/api/follow', token, { username })
      following.reload()
      profile.reload()
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }

  return (
    <main id="main" tabIndex={-1}>
      <Loadable data={profile.data} error={profile.error} what={`@${username}`} feature="Profiles">
        {(user) => (
          <section className="card profile" aria-labelledby="profile-name">
            <h1 id="profile-name">@{user.username} {mine && <span className="muted small">(you)</span>}</h1>
            <p><Presence online={user.online} />{!user.online && <span className="muted"> · last seen <Time ms={user.lastSeen} /></span>}</p>
            <p className="muted mono" title="user id (public key)">{user.userId}</p>
            <p className="counts"><strong>{user.followers}</strong> {user.followers === 1 ? 'follower' : 'followers'} · <strong>{user.following}</strong> following{user.countsPartial === true && (
              <span className="muted small" title="part of the network could not be reached: the counts may be low or out of date"> · partial counts</span>
            )}</p>
            {!mine && (
              <div className="row">
                {isRouteMissing(following.error)
                  ? <span className="muted small">Following is not available on this node yet.</span>
                  : <button type="button" onClick={() => { void toggleFollow() }} disabled={busy || following.data === undefined}
                      aria-pressed={isFollowing} className={isFollowing ? 'secondary' : ''}>
                      {isFollowing ? 'Unfollow' : 'Follow'}
                    </button>}
                <Link to={`/messages/${user.username}`} className="button secondary">Message</Link>
              </div>
            )}
            <ErrorNote error={error} />
          </section>
        )}
      </Loadable>
      {mine && (
        <div className="columns">
          <PeopleList title="Followers" people={followers} empty="No followers yet." />
          <PeopleList title="Following" people={following} empty="You do not follow anyone yet." />
        </div>
      )}
      {profile.error == null && (
        <>
          <h2>Posts</h2>
          <Loadable data={posts.data} error={posts.error} what="posts" feature="Posts">
            {(list) => list.length === 0
              ? <EmptyState title={mine ? 'You have not posted yet.' : `@${username} has not posted yet.`} />
              : <PostList posts={list} label={`Posts by @${username}`} />}
          </Loadable>
        </>
      )}
    </main>
  )
}

function PeopleList ({ title, people, empty }: { title: string, people: { data: User[] | undefined, error: unknown }, empty: string }): ReactNode {
  return (
    <section aria-label={title}>
      <h2>{title}</h2>
      <Loadable data={people.data} error={people.error} what={title.toLowerCase()} feature="Follows">
        {(list) => list.length === 0
          ? <p className="muted">{empty}</p>
          : <ul className="people">{list.map((u) => <li key={u.userId}><Link to={`/users/${u.username}`}>@{u.username}</Link></li>)}</ul>}
      </Loadable>
    </section>
  )
}
