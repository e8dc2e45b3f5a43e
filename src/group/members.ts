import { crateSender } from '../crate/index.js'
import { userIdFromKey } from '../identity/index.js'
import { UnknownUserError } from '../kernel/index.js'
import type { CrateSender } from '../crate/index.js'
import type { AccountStore, Session, UserDirectory } from '../identity/index.js'
import type { AbortOptions } from '@libp2p/interface'

export interface ResolvedMember { username: string, userId: string, peerId: string, addrs: string[], encryptionKey: Uint8Array }

/** A user by name, through the DHT, with the device a group reaches them on (the active one, else the newest). */
export async function resolveMember (directory: Pick<UserDirectory, 'resolveUser'>, username: string, options?: AbortOptions): Promise<ResolvedMember> {
  const resolved = await directory.resolveUser(username, options)
  if (resolved == null) throw new UnknownUserError(`no user "${username}"`)
  const record = resolved.profile?.record
  const device = record?.devices.find((d) => d.peerId === record.activeDevice) ?? record?.devices.at(-1)
  if (record == null || device == null) throw new UnknownUserError(`user "${username}" has no device`)
  return { username, userId: userIdFromKey(resolved.claim.record.userKey), peerId: device.peerId, addrs: device.addrs, encryptionKey: record.encryptionKey }
}

/** The logged-in user as it signs the sealed crates of key entries. */
export function memberCrateSender (session: Session, accounts: AccountStore): CrateSender {
  return crateSender(session.username, session.keys, accounts.get(session.username)?.createdAt ?? 0)
}
