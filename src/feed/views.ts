import { CID } from 'multiformats/cid'
import { InvalidFeedRequestError } from './errors.js'
import type { FeedStore, StoredEntry } from './store.js'
import { userIdFromKey } from '../identity/index.js'

/** What the API shows of a post. */
export interface PostView {
  id: string
  author: string
  authorId: string
  seq: number
  text: string
  timestamp: number
  /**
   * own posts only: whether a finished remote-log publication of this process names the
   * post (false until then; it is in the local log and was handed to gossip either way)
   */
  published?: boolean
}

export interface NotificationView {
  kind: 'follow' | 'unfollow'
  from: string
  fromId: string
  at: number
}

export interface UserRef {
  username: string
  userId: string
}

export interface FeedEvents {
  /** a new post in the logged-in user's timeline (own or followed) */
  post: CustomEvent<PostView>
  /** someone followed or unfollowed the logged-in user */
  notification: CustomEvent<NotificationView>
}

/** A user by name (`username`, else the one this node knows, else the user id) and id. */
export function userRef (store: FeedStore, userKey: Uint8Array, username: string | null): UserRef {
  return { username: username ?? store.usernameOf(userKey) ?? userIdFromKey(userKey), userId: userIdFromKey(userKey) }
}

/** A stored post as the API shows it; `published` only for the own user's posts. */
export function postView (store: FeedStore, entry: StoredEntry, published?: boolean): PostView {
  const view: PostView = {
    id: entry.cid.toString(),
    author: store.usernameOf(entry.author) ?? userIdFromKey(entry.author),
    authorId: userIdFromKey(entry.author),
    seq: entry.seq,
    text: entry.text ?? '',
    timestamp: entry.wall
  }
  if (published != null) view.published = published
  return view
}

/** A post id (a CID) from a page cursor. */
export function parseId (id: string): CID {
  try {
    return CID.parse(id)
  } catch {
    throw new InvalidFeedRequestError('before must be a post id')
  }
}
