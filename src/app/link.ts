/**
 * Linking a new device to an account by code (docs/protocols/devices.md): the logged-in
 * device makes the code and, when the new node redeems it over /parley/link/1.0.0, hands
 * over the account's keys and the same rows a backup holds; the new node writes them in one
 * transaction (as a restore does) and logs in with the keys, which adds it to the
 * account's devices.
 */
import { equals as equalBytes } from 'uint8arrays/equals'
import { collectBackup, encodeContent, restoreContent } from './backup-content.js'
import { DeviceLink } from '../identity/index.js'
import type { AccountService, DeviceLinkComponents, Session, UserDirectory } from '../identity/index.js'
import { InvalidInputError, UnknownUserError } from '../kernel/index.js'
import type { Clock } from '../kernel/index.js'
import type { StreamLimitsInit } from '../net/index.js'
import type { ParleyDatabase } from '../store/index.js'
import type { AbortOptions, PeerId } from '@libp2p/interface'

export interface DeviceLinkingComponents extends DeviceLinkComponents {
  database: ParleyDatabase
  accounts: AccountService
  directory: Pick<UserDirectory, 'resolveUser'>
  clock: Clock
  peerId: PeerId
}

/** What one link took: for the log, the bench and the API's answer. */
export interface LinkReport {
  session: Session
  /** bytes of state the device sent */
  snapshotBytes: number
  /** rows written */
  rows: number
  /** ms each step took: finding the account, the exchange with its device, decoding, writing, logging in */
  steps: { resolveMs: number, exchangeMs: number, decodeMs: number, writeMs: number, loginMs: number }
}

export class DeviceLinking {
  readonly #components: DeviceLinkingComponents
  readonly link: DeviceLink

  constructor (components: DeviceLinkingComponents, streams?: StreamLimitsInit) {
    this.#components = components
    const { accounts, database, clock } = components
    this.link = new DeviceLink(components, {
      get linkable () {
        const session = accounts.session
        return session == null ? undefined : { username: session.username, keys: session.keys }
      },
      // the link protocol logs the redeemed code and the device
      grant: async () => encodeContent(collectBackup(database, accounts.requireSession(), clock.now()))
    }, streams)
  }

  async start (): Promise<void> {
    await this.link.start()
    // a code is for the session that made it
    this.#components.accounts.addEventListener('session', this.#onSession)
  }

  async stop (): Promise<void> {
    this.#components.accounts.removeEventListener('session', this.#onSession)
    await this.link.stop()
  }

  readonly #onSession = (): void => { this.link.cancel() }

  /** A code for a new device of the logged-in user. */
  createCode (): { code: string, expiresAt: number } {
    this.#components.accounts.requireSession()
    return this.link.createCode()
  }

  /**
   * This node joins `username`'s account with the code one of its devices shows: it must
   * not hold that account yet. The devices listed in the account's signed profile are asked,
   * online ones first.
   */
  async redeem (username: string, code: string, deviceName: string, options: AbortOptions & { otherUser?: 'refuse' | 'replace' } = {}): Promise<LinkReport> {
    // before the code is spent: another user signed in here is not ended without being asked
    this.#components.accounts.checkOtherUser(username, options.otherUser)
    let mark = performance.now()
    const lap = (): number => { const now = performance.now(); const ms = now - mark; mark = now; return Math.round(ms) }
    const resolved = await this.#components.directory.resolveUser(username, options)
    if (resolved == null) throw new UnknownUserError(`no user "${username}"`)
    const profile = resolved.profile?.record
    const me = this.#components.peerId.toString()
    const devices = (profile?.devices ?? [])
      .filter((d) => d.peerId !== me)
      .sort((a, b) => (a.peerId === profile?.activeDevice ? -1 : b.peerId === profile?.activeDevice ? 1 : 0))
    const resolveMs = lap()
    const grant = await this.link.redeem(devices, code, deviceName, options)
    const exchangeMs = lap()
    if (grant.username !== username) throw new InvalidInputError(`the device answered for "${grant.username}", not "${username}"`)
    const userKey = resolved.claim.record.userKey
    if (!equalBytes(grant.keys.userKey, userKey)) throw new InvalidInputError('the device sent the state of another account')
    const laps: Partial<Record<'decode' | 'write' | 'login', number>> = {}
    const { session, content } = await restoreContent(this.#components, grant.snapshot, {
      ...options,
      expect: { username, userKey },
      onStep: (step) => { laps[step] = lap() }
    })
    const steps = { resolveMs, exchangeMs, decodeMs: laps.decode ?? 0, writeMs: laps.write ?? 0, loginMs: laps.login ?? 0 }
    const rows = Object.values(content.tables).reduce((sum, table) => sum + table.rows.length, 0)
    // the bench reads this line to say where a link's time went
    this.#components.logger?.info(`link: joined ${username}'s account, ${grant.snapshot.byteLength} bytes, ${rows} rows; steps ${JSON.stringify(steps)}`)
    return { session, snapshotBytes: grant.snapshot.byteLength, rows, steps }
  }
}
