// The account service's types (account.ts): the session, its events, its options and what it takes from the node.
import type { AccountRecordsInit } from './account-records.js'
import type { UserDirectory } from './directory.js'
import type { UserKeys } from './keystore.js'
import type { LoginLimitsInit } from './login-throttle.js'
import type { SessionNoticesComponents } from './session-protocol.js'
import type { Profile } from './wire.js'
import type { AbortOptions, PeerId } from '@libp2p/interface'
import type { Clock } from '../kernel/index.js'
import type { AddressSource, Dialer, StreamLimitsInit } from '../net/index.js'
import type { ParleyDatabase } from '../store/index.js'

/** The logged-in user of this node. */
export interface Session {
  username: string
  userId: string
  keys: UserKeys
  profile: Profile
}

export interface AccountEvents {
  /** someone logged in or out here, or another device of the account removed this one */
  session: CustomEvent<{ kind: 'login' | 'logout' | 'removed', username: string }>
  /** a login's password checked out; the profile is being published (services may start their own lookups) */
  unlocked: CustomEvent<{ username: string, userKey: Uint8Array }>
}

/** `scrypt` and `kdf`: the keystores' cost and key derivations (account-records.ts) */
export interface AccountServiceInit extends AccountRecordsInit {
  /** limits of inbound removal-notice streams (default: SESSION_STREAM_LIMITS in session-protocol.ts) */
  streams?: StreamLimitsInit
  /** login attempts per client and per username (defaults in LOGIN_LIMITS: 5 free, then 1 s doubling to 15 min) */
  loginLimits?: LoginLimitsInit
  /** this device's name in the account's device list (default: the host name) */
  deviceName?: string
}

export interface LoginOptions extends AbortOptions {
  /** who is asking (the API's remote address), limited on its own besides the username (default: not limited by client) */
  client?: string
  /**
   * when another user is signed in here: 'replace' ends their session, 'refuse' throws
   * OtherUserSignedInError (checked after the password) (default 'replace'; the API asks
   * for 'refuse' unless its caller passes `replace`)
   */
  otherUser?: 'refuse' | 'replace'
}

/** What accounts take from the node: this device, its peers, the directory, storage and time. */
export interface AccountComponents extends SessionNoticesComponents {
  /** this device's peer id (the device key) */
  peerId: PeerId
  /** the addresses this device listens on, published in the profile */
  addresses: AddressSource
  /** the peers this node is connected to (registering needs at least one), and dials for removal notices */
  dialer: Pick<Dialer, 'getPeers' | 'dialProtocol'>
  directory: UserDirectory
  database: ParleyDatabase
  clock: Clock
  /**
   * the time on the peers' clocks (default: `clock`): a profile's last-seen time is read on
   * theirs, and a node whose clock is behind would otherwise look offline to everyone
   */
  peerTime?: () => number
}
