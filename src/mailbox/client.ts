import { lpStream } from '@libp2p/utils'
import { MAILBOX_CALL_TIMEOUT_MS, MAILBOX_PROTOCOL, MAX_CRATES_PER_FRAME, MAX_FRAME_BYTES, MAX_IDS_PER_FRAME } from './constants.js'
import { errorForStatus } from './errors.js'
import type { MailboxError } from './errors.js'
import { ackProofBytes, fetchProofBytes } from './proofs.js'
import { MailboxRequest, MailboxResponse, MailboxStatus } from './wire.js'
import type { AbortOptions, PeerId } from '@libp2p/interface'
import type { Dialer } from '../net/index.js'
import { timeoutSignal } from '../kernel/index.js'

/** The mailbox owner as it proves itself to holders. */
export interface MailboxOwner {
  userKey: Uint8Array
  mailbox: Uint8Array
  sign: (message: Uint8Array) => Uint8Array
  /** the device whose own mailbox `mailbox` is (its peer id; default: the account mailbox) */
  device?: string
}

/** One holder's side of a fetch by id (a remote stream, or this node's own store). */
export interface HolderSession {
  /** every crate id the holder has for the mailbox, oldest first */
  ids: Uint8Array[]
  /** the SHA-256 of each listed crate as the holder has it (an altered copy shows here without a transfer) */
  digests: Uint8Array[]
  /** crates among `ids` (at most 256), in order, as many as fit one frame (`more` when cut short); `missing`: not held */
  get: (ids: Uint8Array[]) => Promise<{ crates: Uint8Array[], missing: Uint8Array[], more: boolean }>
  /** deletes these crates (any number; sent in frames of at most 4 096 ids) */
  ack: (ids: Uint8Array[]) => Promise<void>
  close: () => Promise<void>
  abort: (err: Error) => void
}

/** The result of one deposit: per crate, OK or the error the holder gave. */
export type DepositOutcome = Array<{ ok: true } | { ok: false, error: MailboxError }>

type Exchange = (request: Partial<MailboxRequest>) => Promise<MailboxResponse>

/** The caller side of /parley/mailbox/1.0.0. Every call has a timeout and takes a signal. */
export class MailboxClient {
  readonly #dialer: Pick<Dialer, 'dialProtocol'>

  constructor (dialer: Pick<Dialer, 'dialProtocol'>) {
    this.#dialer = dialer
  }

  /**
   * Opens one stream to `peer` and runs `conversation` over it. The timeout applies to the
   * dial and to each exchange, so a long fetch of many pages is not cut off halfway.
   */
  async #withStream<T> (peer: PeerId, options: AbortOptions | undefined, conversation: (exchange: Exchange) => Promise<T>): Promise<T> {
    const { exchange, close, abort } = await this.#open(peer, options)
    try {
      const result = await conversation(exchange)
      await close()
      return result
    } catch (err) {
      abort(err as Error)
      throw err
    }
  }

  async #open (peer: PeerId, options: AbortOptions | undefined): Promise<{ exchange: Exchange, close: () => Promise<void>, abort: (err: Error) => void }> {
    const stream = await this.#dialer.dialProtocol(peer, MAILBOX_PROTOCOL, { signal: timeoutSignal(MAILBOX_CALL_TIMEOUT_MS, options), runOnLimitedConnection: true })
    const lp = lpStream(stream, { maxDataLength: MAX_FRAME_BYTES })
    const exchange: Exchange = async (request) => {
      const signal = timeoutSignal(MAILBOX_CALL_TIMEOUT_MS, options)
      await lp.write(MailboxRequest.encode(request), { signal })
      return MailboxResponse.decode(await lp.read({ signal }), { limits: { crates: MAX_CRATES_PER_FRAME, results: MAX_CRATES_PER_FRAME, missing: MAX_IDS_PER_FRAME, crateIds: MAX_IDS_PER_FRAME, digests: MAX_IDS_PER_FRAME } })
    }
    return { exchange, close: async () => { await stream.close({ signal: timeoutSignal(MAILBOX_CALL_TIMEOUT_MS, options) }) }, abort: (err) => { stream.abort(err) } }
  }

  /**
   * Opens `owner`'s mailbox at `peer` for a fetch by id: proves ownership and lists every
   * crate id held; the session then gets crates by id and acknowledges them, on one stream.
   */
  async openFetch (peer: PeerId, owner: MailboxOwner, options?: AbortOptions): Promise<HolderSession> {
    const { exchange, close, abort } = await this.#open(peer, options)
    const checked = async (request: Partial<MailboxRequest>): Promise<MailboxResponse> => {
      const response = await exchange(request)
      if (response.status !== MailboxStatus.OK) throw errorForStatus(response.status, response.message)
      return response
    }
    try {
      const { nonce } = await checked({ open: { mailbox: owner.mailbox } })
      let page = await checked({ proof: { userKey: owner.userKey, signature: owner.sign(fetchProofBytes(peer.toString(), nonce)), idsOnly: true, device: owner.device } })
      const ids = [...page.crateIds]
      const digests = [...page.digests]
      while (page.more && page.crateIds.length > 0) {
        page = await checked({ listIds: { offset: ids.length } })
        ids.push(...page.crateIds)
        digests.push(...page.digests)
      }
      if (digests.length !== ids.length) throw errorForStatus(MailboxStatus.INVALID, 'holder listed ids without their digests')
      return {
        ids,
        digests,
        get: async (wanted) => {
          const { crates, missing, more } = await checked({ get: { crateIds: wanted } })
          return { crates, missing, more }
        },
        ack: async (acked) => {
          for (let i = 0; i < acked.length; i += MAX_IDS_PER_FRAME) {
            const chunk = acked.slice(i, i + MAX_IDS_PER_FRAME)
            await checked({ ack: { crateIds: chunk, signature: owner.sign(ackProofBytes(nonce, chunk)) } })
          }
        },
        close,
        abort
      }
    } catch (err) {
      abort(err as Error)
      throw err
    }
  }

  /** Asks `peer` to hold `crates` (sent in frames that fit the limits); per-crate outcomes. */
  async deposit (peer: PeerId, crates: Uint8Array[], options?: AbortOptions & { copy?: boolean }): Promise<DepositOutcome> {
    return this.#withStream(peer, options, async (exchange) => {
      const outcome: DepositOutcome = []
      for (const chunk of frames(crates)) {
        const response = await exchange({ deposit: { crates: chunk, copy: options?.copy ?? false } })
        if (response.results.length !== chunk.length) throw errorForStatus(response.status, response.message || 'holder answered without per-crate results')
        for (const r of response.results) {
          // the frame's message explains its first refusal; other statuses are named by their class
          outcome.push(r.status === MailboxStatus.OK ? { ok: true } : { ok: false, error: errorForStatus(r.status, r.status === response.status ? response.message : String(r.status).toLowerCase()) })
        }
      }
      return outcome
    })
  }

  /**
   * Fetches every crate of `owner`'s mailbox from `peer`, proving ownership, and
   * acknowledges what `take` returns (ids of crates safely stored) so the holder deletes
   * them. Resolves to how many crates the holder handed over.
   */
  async fetch (peer: PeerId, owner: MailboxOwner, take: (crates: Uint8Array[]) => Promise<Uint8Array[]>, options?: AbortOptions): Promise<number> {
    return this.#withStream(peer, options, async (exchange) => {
      const opened = await exchange({ open: { mailbox: owner.mailbox } })
      if (opened.status !== MailboxStatus.OK) throw errorForStatus(opened.status, opened.message)
      const nonce = opened.nonce
      let page = await exchange({ proof: { userKey: owner.userKey, signature: owner.sign(fetchProofBytes(peer.toString(), nonce)), device: owner.device } })
      let total = 0
      for (;;) {
        if (page.status !== MailboxStatus.OK) throw errorForStatus(page.status, page.message)
        total += page.crates.length
        const ids = page.crates.length === 0 ? [] : await take(page.crates)
        if (ids.length > 0) {
          const acked = await exchange({ ack: { crateIds: ids, signature: owner.sign(ackProofBytes(nonce, ids)) } })
          if (acked.status !== MailboxStatus.OK) throw errorForStatus(acked.status, acked.message)
        }
        // unacknowledged crates stay first in line: stop instead of reading them again
        if (!page.more || ids.length < page.crates.length) return total
        page = await exchange({ list: {} })
      }
    })
  }

  /** Upkeep: which of `ids` of `mailbox` does `peer` lack? */
  async offer (peer: PeerId, mailbox: Uint8Array, ids: Uint8Array[], options?: AbortOptions): Promise<Uint8Array[]> {
    return this.#withStream(peer, options, async (exchange) => {
      const response = await exchange({ offer: { mailbox, crateIds: ids } })
      if (response.status !== MailboxStatus.OK) throw errorForStatus(response.status, response.message)
      return response.missing
    })
  }

  /** Raw exchange for tests and tools: one request, one response, on a fresh stream. */
  async request (peer: PeerId, requests: Array<Partial<MailboxRequest>>, options?: AbortOptions): Promise<MailboxResponse[]> {
    return this.#withStream(peer, options, async (exchange) => {
      const out: MailboxResponse[] = []
      for (const request of requests) out.push(await exchange(request))
      return out
    })
  }
}

/** Splits crates into deposit frames within the crate-count and byte limits. */
function frames (crates: Uint8Array[]): Uint8Array[][] {
  const out: Uint8Array[][] = []
  let current: Uint8Array[] = []
  let size = 0
  for (const crate of crates) {
    if (current.length > 0 && (current.length === MAX_CRATES_PER_FRAME || size + crate.byteLength + 16 > MAX_FRAME_BYTES - 1024)) {
      out.push(current)
      current = []
      size = 0
    }
    current.push(crate)
    size += crate.byteLength + 16
  }
  if (current.length > 0) out.push(current)
  return out
}
