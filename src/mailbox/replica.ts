import { randomBytes } from 'node:crypto'
import { equals as equalBytes } from 'uint8arrays/equals'
import {
  DEFAULT_RATE_LIMIT, DEFAULT_STAMP_BITS, MAILBOX_PROTOCOL, MAILBOX_STREAM_LIMITS, MAX_CRATES_PER_FRAME, MAX_FRAME_BYTES,
  MAX_IDS_PER_FRAME, MAX_REQUESTS_PER_STREAM
} from './constants.js'
import { ackProofBytes, fetchProofBytes } from './proofs.js'
import { PeerRateLimit } from './rate-limit.js'
import { errorForStatus } from './errors.js'
import type { MailboxError } from './errors.js'
import { MailboxRequest, MailboxResponse, MailboxStatus } from './wire.js'
import type { HoldResult, ReplicaStore } from './replica-store.js'
import type { HolderSession } from './client.js'
import type { PeerId } from '@libp2p/interface'
import { AdmissionError, MAX_CRATE_BYTES, decodeCrate, deviceMailboxKeyOf, mailboxKeyOf, verifyAdmission } from '../crate/index.js'
import { MAX_DEVICE_ID_LENGTH, verifyEd25519 } from '../identity/index.js'
import { RunState } from '../kernel/index.js'
import type { Clock, Logger } from '../kernel/index.js'
import { handleFramed, streamLimits } from '../net/index.js'
import type { FramedStream, ProtocolRegistrar, StreamLimits, StreamLimitsInit } from '../net/index.js'

export interface MailboxReplicaInit {
  /** deposits per remote peer (default burst 3 000 crates, 500 per second) */
  rateLimit?: { burst: number, perSecond: number }
  /** limits of inbound mailbox streams (default: MAILBOX_STREAM_LIMITS in constants.ts) */
  streams?: StreamLimitsInit
  /** leading zero bits a crate's stamp needs when no grant admits it (default 22) */
  stampBits?: number
}

export interface MailboxReplicaComponents {
  peerId: PeerId
  registrar: ProtocolRegistrar
  clock: Clock
  /** where refused streams are reported (default: standard error) */
  logger?: Logger
}

export interface ReplicaEvents {
  /** crates newly held for `mailbox` (hex) */
  onStored?: (mailbox: string, count: number) => void
}

/** What one stream has proven so far. */
interface StreamState {
  remote: string
  mailbox?: Uint8Array
  nonce?: Uint8Array
  userKey?: Uint8Array
  proven: boolean
}

const HOLD_STATUS: Record<HoldResult, MailboxStatus> = {
  stored: MailboxStatus.OK,
  duplicate: MailboxStatus.OK,
  acked: MailboxStatus.OK,
  expired: MailboxStatus.EXPIRED,
  quota: MailboxStatus.QUOTA_EXCEEDED,
  'depositor-quota': MailboxStatus.DEPOSITOR_QUOTA,
  'holder-full': MailboxStatus.HOLDER_FULL
}

/** One crate's answer: its status and, when refused, why. */
interface HoldAnswer {
  status: MailboxStatus
  message: string
}

function fail (status: MailboxStatus, message: string): MailboxResponse {
  return { status, message, results: [], nonce: new Uint8Array(), crates: [], more: false, deleted: 0, missing: [], crateIds: [], digests: [] }
}

function ok (fields: Partial<MailboxResponse> = {}): MailboxResponse {
  return { ...fail(MailboxStatus.OK, ''), ...fields }
}

/**
 * The holder side of /parley/mailbox/1.0.0: keeps crates deposited for other people's
 * mailboxes, hands them only to whoever proves the mailbox's user key, deletes them on
 * that owner's signed acknowledgement, and answers upkeep offers.
 */
export class MailboxReplica {
  readonly #components: MailboxReplicaComponents
  readonly #store: ReplicaStore
  readonly #limit: PeerRateLimit
  readonly #stampBits: number
  readonly #now: () => number
  readonly #events: ReplicaEvents
  readonly #run = new RunState()
  readonly #limits: StreamLimits

  constructor (components: MailboxReplicaComponents, store: ReplicaStore, init: MailboxReplicaInit = {}, events: ReplicaEvents = {}) {
    this.#components = components
    this.#limits = streamLimits(MAILBOX_PROTOCOL, MAILBOX_STREAM_LIMITS, init.streams)
    this.#store = store
    this.#limit = new PeerRateLimit(init.rateLimit ?? DEFAULT_RATE_LIMIT)
    this.#stampBits = init.stampBits ?? DEFAULT_STAMP_BITS
    this.#now = () => components.clock.now()
    this.#events = events
  }

  get store (): ReplicaStore {
    return this.#store
  }

  async start (): Promise<void> {
    if (!this.#run.begin()) return
    await handleFramed(this.#components, MAILBOX_PROTOCOL, this.#limits, async (framed) => { await this.#serve(framed) })
  }

  async stop (): Promise<void> {
    if (!this.#run.end()) return
    await this.#components.registrar.unhandle(MAILBOX_PROTOCOL)
  }

  /** One conversation; the stream limits end it when the caller goes silent or oversteps. */
  async #serve (framed: FramedStream): Promise<void> {
    const state: StreamState = { remote: framed.remotePeer.toString(), proven: false }
    for (let i = 0; i < MAX_REQUESTS_PER_STREAM; i++) {
      const frame = await framed.read()
      if (frame == null) break
      let response: MailboxResponse
      try {
        const request = MailboxRequest.decode(frame, { limits: { deposit: { crates: MAX_CRATES_PER_FRAME }, ack: { crateIds: MAX_IDS_PER_FRAME }, offer: { crateIds: MAX_IDS_PER_FRAME }, get: { crateIds: MAX_CRATES_PER_FRAME } } })
        response = this.#handle(request, state)
      } catch (err: any) {
        response = fail(MailboxStatus.INVALID, `malformed request: ${err.message}`)
      }
      await framed.write(MailboxResponse.encode(response))
    }
    await framed.close()
  }

  #handle (request: MailboxRequest, state: StreamState): MailboxResponse {
    if (request.deposit != null) return this.#deposit(request.deposit.crates, state)
    if (request.open != null) {
      if (request.open.mailbox.byteLength !== 32) return fail(MailboxStatus.INVALID, 'mailbox key must be 32 bytes')
      state.mailbox = request.open.mailbox
      state.nonce = new Uint8Array(randomBytes(32))
      state.proven = false
      return ok({ nonce: state.nonce })
    }
    if (request.proof != null) {
      const { userKey, signature, device } = request.proof
      if (state.mailbox == null || state.nonce == null) return fail(MailboxStatus.UNAUTHORIZED, 'open a mailbox first')
      if (device != null && (device.length === 0 || device.length > MAX_DEVICE_ID_LENGTH)) return fail(MailboxStatus.INVALID, `device must be 1 to ${MAX_DEVICE_ID_LENGTH} characters`)
      if (userKey.byteLength !== 32) return fail(MailboxStatus.UNAUTHORIZED, 'that user key does not own this mailbox')
      const owned = device == null ? mailboxKeyOf(userKey) : deviceMailboxKeyOf(userKey, device)
      if (!equalBytes(owned, state.mailbox)) return fail(MailboxStatus.UNAUTHORIZED, 'that user key does not own this mailbox')
      if (!verifyEd25519(signature, fetchProofBytes(this.#components.peerId.toString(), state.nonce), userKey)) {
        return fail(MailboxStatus.UNAUTHORIZED, 'challenge signature does not verify')
      }
      state.proven = true
      state.userKey = userKey
      return request.proof.idsOnly === true ? this.#idPage(state, 0) : this.#page(state)
    }
    if (request.listIds != null) {
      if (!state.proven) return fail(MailboxStatus.UNAUTHORIZED, 'prove ownership of the mailbox first')
      return this.#idPage(state, request.listIds.offset)
    }
    if (request.get != null) {
      if (!state.proven) return fail(MailboxStatus.UNAUTHORIZED, 'prove ownership of the mailbox first')
      return this.#get(state, request.get.crateIds)
    }
    if (request.list != null) {
      if (!state.proven) return fail(MailboxStatus.UNAUTHORIZED, 'prove ownership of the mailbox first')
      return this.#page(state)
    }
    if (request.ack != null) {
      if (!state.proven || state.mailbox == null || state.nonce == null) return fail(MailboxStatus.UNAUTHORIZED, 'prove ownership of the mailbox first')
      const ids = request.ack.crateIds
      if (!verifyEd25519(request.ack.signature, ackProofBytes(state.nonce, ids), state.userKey!)) {
        return fail(MailboxStatus.UNAUTHORIZED, 'acknowledgement signature does not verify')
      }
      return ok({ deleted: this.#store.acknowledge(state.mailbox, ids, this.#now()) })
    }
    if (request.offer != null) {
      if (request.offer.mailbox.byteLength !== 32) return fail(MailboxStatus.INVALID, 'mailbox key must be 32 bytes')
      return ok({ missing: this.#store.missing(request.offer.mailbox, request.offer.crateIds) })
    }
    return fail(MailboxStatus.INVALID, 'empty request')
  }

  #deposit (crates: Uint8Array[], state: StreamState): MailboxResponse {
    if (!this.#limit.take(state.remote, Math.max(crates.length, 1), this.#now())) {
      return fail(MailboxStatus.RATE_LIMITED, 'too many deposits from this peer; try again later')
    }
    const answers = this.#holdAll(crates)
    const results = answers.map(({ status }) => ({ status }))
    const firstFailure = answers.find((a) => a.status !== MailboxStatus.OK)
    return firstFailure == null
      ? ok({ results })
      : { ...fail(firstFailure.status, firstFailure.message), results }
  }

  /** Holds crates, each checked for size, shape, admission and quotas; one answer per crate. */
  #holdAll (crates: Uint8Array[]): HoldAnswer[] {
    const now = this.#now()
    let stored = 0
    let mailboxHex = ''
    const answers = crates.map((bytes): HoldAnswer => {
      if (bytes.byteLength > MAX_CRATE_BYTES) return refused(MailboxStatus.TOO_LARGE)
      let crate
      try {
        crate = decodeCrate(bytes)
      } catch {
        return refused(MailboxStatus.INVALID)
      }
      if (crate.expiresAt <= BigInt(now)) return refused(MailboxStatus.EXPIRED)
      let admission
      try {
        admission = verifyAdmission(crate, this.#stampBits, now)
      } catch (err) {
        if (!(err instanceof AdmissionError)) throw err
        return { status: MailboxStatus.ADMISSION_REQUIRED, message: err.message }
      }
      const result = this.#store.hold(crate.mailbox, crate.id, bytes, Number(crate.expiresAt), now, { key: admission.depositor, granted: admission.granted })
      if (result === 'stored') {
        stored++
        mailboxHex = Buffer.from(crate.mailbox).toString('hex')
      }
      return result === 'stored' || result === 'duplicate' || result === 'acked' ? { status: MailboxStatus.OK, message: '' } : refused(HOLD_STATUS[result], admission.granted)
    })
    if (stored > 0) this.#events.onStored?.(mailboxHex, stored)
    return answers
  }

  /** A deposit by this node itself (it is among the K closest): no stream, no rate limit, the same admission. */
  holdLocal (crates: Uint8Array[]): Array<{ ok: true } | { ok: false, error: MailboxError }> {
    return this.#holdAll(crates).map(({ status, message }) => status === MailboxStatus.OK
      ? { ok: true as const }
      : { ok: false as const, error: errorForStatus(status, message) })
  }

  /** The logged-in user fetching crates this node holds for them: no proof needed. */
  localFetch (mailbox: Uint8Array): HolderSession {
    const { ids, digests } = this.#store.ids(mailbox, this.#now(), 0, Number.MAX_SAFE_INTEGER)
    return {
      ids,
      digests,
      get: async (ids) => {
        const found = this.#store.cratesOrMissing(mailbox, ids, this.#now())
        return { crates: found.flatMap((f) => f.crate == null ? [] : [f.crate]), missing: found.flatMap((f) => f.crate == null ? [f.id] : []), more: false }
      },
      ack: async (ids) => { this.#store.acknowledge(mailbox, ids, this.#now()) },
      close: async () => {},
      abort: () => {}
    }
  }

  #idPage (state: StreamState, offset: number): MailboxResponse {
    const { ids, digests, more } = this.#store.ids(state.mailbox!, this.#now(), offset, MAX_IDS_PER_FRAME)
    return ok({ crateIds: ids, digests, more })
  }

  /** The requested crates in request order, as many as fit one frame; ids not held come back as `missing`. */
  #get (state: StreamState, ids: Uint8Array[]): MailboxResponse {
    const crates: Uint8Array[] = []
    const missing: Uint8Array[] = []
    let bytes = 0
    for (const { id, crate } of this.#store.cratesOrMissing(state.mailbox!, ids, this.#now())) {
      if (crate == null) {
        missing.push(id)
        continue
      }
      if (crates.length > 0 && bytes + crate.byteLength > MAX_FRAME_BYTES - MAX_CRATE_BYTES) return ok({ crates, missing, more: true })
      crates.push(crate)
      bytes += crate.byteLength
    }
    return ok({ crates, missing })
  }

  #page (state: StreamState): MailboxResponse {
    const { crates, more } = this.#store.page(state.mailbox!, this.#now(), MAX_CRATES_PER_FRAME, MAX_FRAME_BYTES - MAX_CRATE_BYTES)
    return ok({ crates: crates.map((c) => c.crate), more })
  }
}

function refused (status: MailboxStatus, granted = false): HoldAnswer {
  return { status, message: describe(status, granted) }
}

function describe (status: MailboxStatus, granted: boolean): string {
  const kind = granted ? 'granted' : 'stamped'
  switch (status) {
    case MailboxStatus.TOO_LARGE: return `crate exceeds ${MAX_CRATE_BYTES} bytes`
    case MailboxStatus.QUOTA_EXCEEDED: return granted ? 'the mailbox is full at this holder' : 'the mailbox has no room left for stamped crates at this holder (crates the owner granted still fit)'
    case MailboxStatus.DEPOSITOR_QUOTA: return `this depositor's ${kind} share of the mailbox is full at this holder`
    case MailboxStatus.HOLDER_FULL: return granted ? 'this holder keeps no more crates for others' : 'this holder keeps no more stamped crates for others'
    case MailboxStatus.EXPIRED: return 'crate has expired'
    default: return 'crate is malformed'
  }
}
