/** The shapes of the HTTP API (docs/openapi.yaml, API.md) the UI reads. */

export interface User { username: string, userId: string }

export interface Me extends User { online: boolean, followers: number, following: number }

export interface UserView extends User {
  online: boolean
  lastSeen: number
  followers: number
  following: number
}

export interface Post { id: string, author: string, seq: number, text: string, timestamp: number }

export interface Notification { kind: string, from: string, at: number, [more: string]: unknown }

export type MessageStatus = 'sending' | 'stored' | 'delivered' | 'read' | 'failed'

export interface DirectMessage {
  id: string
  from: string
  to: string[] | string
  text: string
  timestamp: number
  status: MessageStatus
  /** how many mailbox replicas hold it, when the node says */
  replicas?: number
}

export interface Group {
  id: string
  name: string
  members: string[]
  host?: string | null
  term?: number
  preferredHosts?: string[]
  commitIndex?: number
}

export interface GroupMessage {
  id: string
  seq?: number | null
  from: string
  text: string
  timestamp: number
  status: 'pending' | 'committed'
}

export interface NetworkView {
  peerId: string
  addresses: string[]
  peers: Array<{ peerId: string, addresses: string[] }>
  dht: { routingTableSize: number }
}

/** One event of GET /api/events. */
export interface LiveEvent { type: string, at: number, data: any }
