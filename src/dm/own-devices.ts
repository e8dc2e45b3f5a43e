import { ALONE_SYNC_DELAY_MS, MAX_DEVICE_SYNC_PER_PASS } from './constants.js'
import { sentCopyPayload } from './device-sync.js'
import type { Contact, Contacts } from './contacts.js'
import type { DeviceDelivery } from './delivery.js'
import type { MessageStore } from './message-store.js'
import type { DeviceSyncRow } from './sync-queue.js'
import type { Clock, Logger, TimerHandle } from '../kernel/index.js'
import type { CrateSender } from '../crate/index.js'
import type { Session } from '../identity/index.js'

export interface OwnDeviceSyncInit {
  store: MessageStore
  delivery: DeviceDelivery
  contacts: Contacts
  clock: Clock
  logger: Logger
  /** the logged-in session and its crate sender (throws when nobody is logged in) */
  sender: () => { session: Session, sender: CrateSender }
  /** this device's peer id */
  device: string
  /** whether a send of this node is delivering message `id` now (its copy waits for the outcome) */
  sending: (id: string) => boolean
  /** how long a send's or read's own pass waits before it starts, ms (default 0) */
  delayMs?: number
  /** how long that pass waits instead while the last pass found no other device, ms (default ALONE_SYNC_DELAY_MS, 1 000) */
  aloneDelayMs?: number
}

/**
 * Sends the queued sent copies and read marks (sync-queue.ts) to the account's other
 * devices: after each send or read, at login and on every poll; one pass at a time, at most
 * MAX_DEVICE_SYNC_PER_PASS rows each. A row goes once each other device acknowledged it or
 * its device mailbox took it; when no other device is left (the last one removed), the
 * account's rows are dropped.
 *
 * An account on one device queues a row with every message all the same (a device linked
 * meanwhile gets it once this node sees the device in the profile), but while the last pass
 * found no other device, a send's pass waits `aloneDelayMs` and takes every row queued
 * meanwhile: a burst costs one pass and one delete, not a lookup and a commit per message.
 */
export class OwnDeviceSync {
  readonly #init: OwnDeviceSyncInit
  #running?: Promise<number>
  #again = false
  #stopped = false
  readonly #timers = new Set<TimerHandle>()
  /** whether the last pass dropped the rows because the account has no other device */
  #alone = false
  /** the pending pass of a send or read while alone */
  #aloneTimer?: TimerHandle

  constructor (init: OwnDeviceSyncInit) {
    this.#init = init
  }

  /** A pass after what a send or read just queued (after `delayMs`); failures are logged. */
  schedule (): void {
    const run = (): void => { void this.pass().catch((err) => { this.#init.logger.warn(`dm: copies to other devices: ${err.message}`) }) }
    if (this.#alone) {
      if (this.#aloneTimer != null) return // that pass takes this row too
      const timer = this.#aloneTimer = this.#init.clock.after(Math.max(this.#init.delayMs ?? 0, this.#init.aloneDelayMs ?? ALONE_SYNC_DELAY_MS), () => {
        this.#timers.delete(timer)
        this.#aloneTimer = undefined
        run()
      })
      this.#timers.add(timer)
      return
    }
    if ((this.#init.delayMs ?? 0) <= 0) return run()
    const timer = this.#init.clock.after(this.#init.delayMs!, () => { this.#timers.delete(timer); run() })
    this.#timers.add(timer)
  }

  /** Cancels the scheduled passes and waits for a running one (the rows stay queued). */
  async stop (): Promise<void> {
    this.#stopped = true
    for (const timer of this.#timers) timer.cancel()
    this.#timers.clear()
    this.#aloneTimer = undefined
    await this.#running?.catch(() => {})
  }

  start (): void {
    this.#stopped = false
    this.#alone = false
  }

  /** Sends the oldest queued rows; a call during a pass makes it run once more. Resolves with the rows sent. */
  async pass (): Promise<number> {
    if (this.#stopped) return 0
    if (this.#running != null) {
      this.#again = true
      return this.#running
    }
    this.#running = (async () => {
      let sent = 0
      try {
        do {
          this.#again = false
          sent += await this.#passOnce()
        } while (this.#again && !this.#stopped)
      } finally {
        this.#running = undefined
      }
      return sent
    })()
    return this.#running
  }

  async #passOnce (): Promise<number> {
    const { session, sender } = this.#init.sender()
    const owner = session.username
    const queue = this.#init.store.deviceSync
    const rows = queue.oldest(owner, MAX_DEVICE_SYNC_PER_PASS)
    if (rows.length === 0) return 0
    const found = await this.#init.contacts.byKey(owner, session.keys.userKey)
    // a removal made here (or heard of) counts at once, whatever the cached profile says
    const removed = new Set(session.profile.removed.map((r) => r.peerId))
    const others = found.devices.filter((d) => !removed.has(d.peerId) && d.peerId !== this.#init.device)
    this.#alone = false
    if (others.length === 0) {
      if (session.profile.devices.some((d) => !removed.has(d.peerId) && d.peerId !== this.#init.device)) {
        // the profile as looked up (cached ≤ 30 s) is behind this device's own list (a device just linked): the next pass sends them
        this.#init.contacts.forget(owner)
        return 0
      }
      this.#alone = true
      const dropped = queue.clear(owner)
      if (dropped > 0) this.#init.logger.info(`dm: no other device of ${owner}: ${dropped} queued copies dropped`)
      return 0
    }
    let sent = 0
    for (const row of rows) {
      if (this.#stopped) break
      const payload = this.#payload(owner, row)
      if (payload === 'later') continue
      if (payload == null) {
        queue.remove(owner, row.seq)
        continue
      }
      const targets = others.filter((d) => !row.done.includes(d.peerId))
      const outcomes = await Promise.all(targets.map(async (device) => {
        const one: Contact = { ...found, devices: [device] }
        const delivery = await this.#init.delivery.deliver(one, payload, sender, undefined, this.#init.device)
        if (delivery.status === 'failed') this.#init.logger.warn(`dm: copy to ${owner}'s device ${device.peerId} failed: ${delivery.error.message}`)
        return delivery.status === 'failed' ? undefined : device.peerId
      }))
      const done = [...row.done, ...outcomes.filter((p): p is string => p != null)]
      if (others.every((d) => done.includes(d.peerId))) {
        queue.remove(owner, row.seq)
        sent++
      } else if (done.length > row.done.length) queue.progress(owner, row.seq, done)
    }
    return sent
  }

  /** The row's payload; undefined when there is nothing to send (the message is gone), 'later' while its send runs. */
  #payload (owner: string, row: DeviceSyncRow): Uint8Array | undefined | 'later' {
    if (row.kind === 'read') return row.payload ?? undefined
    if (row.ref == null) return undefined
    if (this.#init.sending(row.ref)) return 'later'
    const view = this.#init.store.message(owner, row.ref)
    if (view == null) return undefined
    return sentCopyPayload(view, this.#init.store.deviceSync.recipientKeys(owner, row.ref))
  }
}
