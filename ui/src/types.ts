/** The shapes of the HTTP API (docs/openapi.yaml, API.md) the UI reads. */

export interface User { username: string, userId: string }

/** Counts come from the whole graph; `countsPartial` says part of it was out of reach. */
export interface Counts { followers: number, following: number, countsPartial?: boolean, countsAsOf?: number }

export interface Me extends User, Counts { online: boolean }

export interface UserView extends User, Counts {
  online: boolean
  lastSeen: number
}

export interface Post {
  id: string
  author: string
  authorId: string
  seq: number
  text: string
  timestamp: number
  /** own posts only: whether the remote log (what followers sync from while the author is offline) names it yet */
  published?: boolean
}

export interface Notification { kind: 'follow' | 'unfollow' | string, from: string, fromId: string, at: number }

export type MessageStatus = 'sending' | 'stored' | 'delivered' | 'read' | 'failed'

export interface RecipientState {
  status: MessageStatus
  /** mailbox replicas that hold the crate (while `stored`) */
  storedOn: number
  /** in the answer to a send that failed: which mailbox holders refused and why */
  reason?: string
}

export interface DirectMessage {
  id: string
  from: string
  to: string[]
  text: string
  timestamp: number
  /** overall: `failed` if any recipient failed, else the least advanced recipient */
  status: MessageStatus
  /** outgoing messages: the state of each recipient */
  recipients?: Record<string, RecipientState>
}

/** GET /api/messages without `with`: one line per person written with. */
export interface Conversation { with: string, last: number, unread: number }

/** The `status` event: an outgoing message's state changed. */
export interface MessageStatusEvent { id: string, status: MessageStatus, recipients?: Record<string, RecipientState> }

export interface GroupMember { username: string, userId: string, peerId: string }

export interface Group {
  id: string
  name: string
  creator: string
  members: GroupMember[]
  started: boolean
  host: string | null
  term: number
  preferredHosts: string[]
  /** when the preferred hosts were measured (ms; 0 = not yet) */
  measuredAt: number
  commitIndex: number
  /** this device mirrors the group from the account's device the group names, and sends through it */
  companion: boolean
}

/** The `group` event. */
export type GroupEvent =
  | { kind: 'created' | 'started', groupId: string }
  | { kind: 'message', groupId: string, message: GroupMessage }
  | { kind: 'host', groupId: string, role: string, term: number, host: string | null }

export interface GroupMessage {
  id: string
  /** position in the agreed order; null while pending */
  seq: number | null
  from: string
  text: string
  timestamp: number
  status: 'pending' | 'committed'
}

export interface NetworkView {
  peerId: string
  addresses: string[]
  peers: Array<{ peerId: string, addresses: string[], relayed?: boolean }>
  dht: { routingTableSize: number, heldForOthers: { records: number, providers: number } }
  reachability?: 'public' | 'relayed' | 'unknown'
  relays?: string[]
  announce?: string[]
  clockSkewMs?: number | null
}

export interface HealthView {
  ok: boolean
  ready?: boolean
  reasons?: Array<{ code: string, message: string }>
  peerId: string
  version: string
}

/** One event of GET /api/events. */
export interface LiveEvent { type: string, at: number, data: any }

/** GET /api/sessions: one session (token) of the signed-in user on this node */
export interface SessionView { id: string, createdAt: number, lastUsedAt: number, current: boolean, staySignedIn: boolean }
