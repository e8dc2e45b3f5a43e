/* eslint-disable require-yield */

import { decodeMessage, encodeMessage, enumeration, MaxLengthError, message, streamMessage } from 'protons-runtime'
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface MailboxRequest {
  deposit?: Deposit
  open?: OpenMailbox
  proof?: Proof
  list?: ListCrates
  ack?: Ack
  offer?: Offer
  listIds?: ListIds
  get?: GetCrates
}

export namespace MailboxRequest {
  let _codec: Codec<MailboxRequest>

  export const codec = (): Codec<MailboxRequest> => {
    if (_codec == null) {
      _codec = message<MailboxRequest>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        obj = { ...obj }

        if (obj.get != null) {
          obj.listIds = undefined
          obj.offer = undefined
          obj.ack = undefined
          obj.list = undefined
          obj.proof = undefined
          obj.open = undefined
          obj.deposit = undefined
        }

        if (obj.listIds != null) {
          obj.get = undefined
          obj.offer = undefined
          obj.ack = undefined
          obj.list = undefined
          obj.proof = undefined
          obj.open = undefined
          obj.deposit = undefined
        }

        if (obj.offer != null) {
          obj.get = undefined
          obj.listIds = undefined
          obj.ack = undefined
          obj.list = undefined
          obj.proof = undefined
          obj.open = undefined
          obj.deposit = undefined
        }

        if (obj.ack != null) {
          obj.get = undefined
          obj.listIds = undefined
          obj.offer = undefined
          obj.list = undefined
          obj.proof = undefined
          obj.open = undefined
          obj.deposit = undefined
        }

        if (obj.list != null) {
          obj.get = undefined
          obj.listIds = undefined
          obj.offer = undefined
          obj.ack = undefined
          obj.proof = undefined
          obj.open = undefined
          obj.deposit = undefined
        }

        if (obj.proof != null) {
          obj.get = undefined
          obj.listIds = undefined
          obj.offer = undefined
          obj.ack = undefined
          obj.list = undefined
          obj.open = undefined
          obj.deposit = undefined
        }

        if (obj.open != null) {
          obj.get = undefined
          obj.listIds = undefined
          obj.offer = undefined
          obj.ack = undefined
          obj.list = undefined
          obj.proof = undefined
          obj.deposit = undefined
        }

        if (obj.deposit != null) {
          obj.get = undefined
          obj.listIds = undefined
          obj.offer = undefined
          obj.ack = undefined
          obj.list = undefined
          obj.proof = undefined
          obj.open = undefined
        }

        if (obj.deposit != null) {
          w.uint32(10)
          Deposit.codec().encode(obj.deposit, w)
        }

        if (obj.open != null) {
          w.uint32(18)
          OpenMailbox.codec().encode(obj.open, w)
        }

        if (obj.proof != null) {
          w.uint32(26)
          Proof.codec().encode(obj.proof, w)
        }

        if (obj.list != null) {
          w.uint32(34)
          ListCrates.codec().encode(obj.list, w)
        }

        if (obj.ack != null) {
          w.uint32(42)
          Ack.codec().encode(obj.ack, w)
        }

        if (obj.offer != null) {
          w.uint32(50)
          Offer.codec().encode(obj.offer, w)
        }

        if (obj.listIds != null) {
          w.uint32(58)
          ListIds.codec().encode(obj.listIds, w)
        }

        if (obj.get != null) {
          w.uint32(66)
          GetCrates.codec().encode(obj.get, w)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {}

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.deposit = Deposit.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.deposit
              })
              break
            }
            case 2: {
              obj.open = OpenMailbox.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.open
              })
              break
            }
            case 3: {
              obj.proof = Proof.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.proof
              })
              break
            }
            case 4: {
              obj.list = ListCrates.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.list
              })
              break
            }
            case 5: {
              obj.ack = Ack.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.ack
              })
              break
            }
            case 6: {
              obj.offer = Offer.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.offer
              })
              break
            }
            case 7: {
              obj.listIds = ListIds.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.listIds
              })
              break
            }
            case 8: {
              obj.get = GetCrates.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.get
              })
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        if (obj.get != null) {
          delete obj.listIds
          delete obj.offer
          delete obj.ack
          delete obj.list
          delete obj.proof
          delete obj.open
          delete obj.deposit
        }

        if (obj.listIds != null) {
          delete obj.get
          delete obj.offer
          delete obj.ack
          delete obj.list
          delete obj.proof
          delete obj.open
          delete obj.deposit
        }

        if (obj.offer != null) {
          delete obj.get
          delete obj.listIds
          delete obj.ack
          delete obj.list
          delete obj.proof
          delete obj.open
          delete obj.deposit
        }

        if (obj.ack != null) {
          delete obj.get
          delete obj.listIds
          delete obj.offer
          delete obj.list
          delete obj.proof
          delete obj.open
          delete obj.deposit
        }

        if (obj.list != null) {
          delete obj.get
          delete obj.listIds
          delete obj.offer
          delete obj.ack
          delete obj.proof
          delete obj.open
          delete obj.deposit
        }

        if (obj.proof != null) {
          delete obj.get
          delete obj.listIds
          delete obj.offer
          delete obj.ack
          delete obj.list
          delete obj.open
          delete obj.deposit
        }

        if (obj.open != null) {
          delete obj.get
          delete obj.listIds
          delete obj.offer
          delete obj.ack
          delete obj.list
          delete obj.proof
          delete obj.deposit
        }

        if (obj.deposit != null) {
          delete obj.get
          delete obj.listIds
          delete obj.offer
          delete obj.ack
          delete obj.list
          delete obj.proof
          delete obj.open
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield * Deposit.codec().stream(reader, reader.uint32(), `${prefix}.deposit`, {
                limits: opts.limits?.deposit
              })

              break
            }
            case 2: {
              yield * OpenMailbox.codec().stream(reader, reader.uint32(), `${prefix}.open`, {
                limits: opts.limits?.open
              })

              break
            }
            case 3: {
              yield * Proof.codec().stream(reader, reader.uint32(), `${prefix}.proof`, {
                limits: opts.limits?.proof
              })

              break
            }
            case 4: {
              yield * ListCrates.codec().stream(reader, reader.uint32(), `${prefix}.list`, {
                limits: opts.limits?.list
              })

              break
            }
            case 5: {
              yield * Ack.codec().stream(reader, reader.uint32(), `${prefix}.ack`, {
                limits: opts.limits?.ack
              })

              break
            }
            case 6: {
              yield * Offer.codec().stream(reader, reader.uint32(), `${prefix}.offer`, {
                limits: opts.limits?.offer
              })

              break
            }
            case 7: {
              yield * ListIds.codec().stream(reader, reader.uint32(), `${prefix}.listIds`, {
                limits: opts.limits?.listIds
              })

              break
            }
            case 8: {
              yield * GetCrates.codec().stream(reader, reader.uint32(), `${prefix}.get`, {
                limits: opts.limits?.get
              })

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface MailboxRequestDepositCratesFieldEvent {
    field: '$.deposit.crates[]'
    index: number
    value: Uint8Array
  }

  export interface MailboxRequestDepositCopyFieldEvent {
    field: '$.deposit.copy'
    value: boolean
  }

  export interface MailboxRequestOpenMailboxFieldEvent {
    field: '$.open.mailbox'
    value: Uint8Array
  }

  export interface MailboxRequestProofUserKeyFieldEvent {
    field: '$.proof.userKey'
    value: Uint8Array
  }

  export interface MailboxRequestProofSignatureFieldEvent {
    field: '$.proof.signature'
    value: Uint8Array
  }

  export interface MailboxRequestProofIdsOnlyFieldEvent {
    field: '$.proof.idsOnly'
    value: boolean
  }

  export interface MailboxRequestProofDeviceFieldEvent {
    field: '$.proof.device'
    value: string
  }

  export interface MailboxRequestAckCrateIdsFieldEvent {
    field: '$.ack.crateIds[]'
    index: number
    value: Uint8Array
  }

  export interface MailboxRequestAckSignatureFieldEvent {
    field: '$.ack.signature'
    value: Uint8Array
  }

  export interface MailboxRequestOfferMailboxFieldEvent {
    field: '$.offer.mailbox'
    value: Uint8Array
  }

  export interface MailboxRequestOfferCrateIdsFieldEvent {
    field: '$.offer.crateIds[]'
    index: number
    value: Uint8Array
  }

  export interface MailboxRequestListIdsOffsetFieldEvent {
    field: '$.listIds.offset'
    value: number
  }

  export interface MailboxRequestGetCrateIdsFieldEvent {
    field: '$.get.crateIds[]'
    index: number
    value: Uint8Array
  }

  export function encode (obj: Partial<MailboxRequest>): Uint8Array {
    return encodeMessage(obj, MailboxRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<MailboxRequest>): MailboxRequest {
    return decodeMessage(buf, MailboxRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<MailboxRequest>): Generator<MailboxRequestDepositCratesFieldEvent | MailboxRequestDepositCopyFieldEvent | MailboxRequestOpenMailboxFieldEvent | MailboxRequestProofUserKeyFieldEvent | MailboxRequestProofSignatureFieldEvent | MailboxRequestProofIdsOnlyFieldEvent | MailboxRequestProofDeviceFieldEvent | MailboxRequestAckCrateIdsFieldEvent | MailboxRequestAckSignatureFieldEvent | MailboxRequestOfferMailboxFieldEvent | MailboxRequestOfferCrateIdsFieldEvent | MailboxRequestListIdsOffsetFieldEvent | MailboxRequestGetCrateIdsFieldEvent> {
    return streamMessage(buf, MailboxRequest.codec(), opts)
  }
}

export interface Deposit {
  crates: Uint8Array[]
  copy: boolean
}

export namespace Deposit {
  let _codec: Codec<Deposit>

  export const codec = (): Codec<Deposit> => {
    if (_codec == null) {
      _codec = message<Deposit>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.crates != null && obj.crates.length > 0) {
          for (const value of obj.crates) {
            w.uint32(10)
            w.bytes(value)
          }
        }

        if ((obj.copy != null && obj.copy !== false)) {
          w.uint32(16)
          w.bool(obj.copy)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          crates: [],
          copy: false
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.crates != null && obj.crates.length === opts.limits.crates) {
                throw new MaxLengthError('Decode error - repeated field "crates" had too many elements')
              }

              obj.crates.push(reader.bytes())
              break
            }
            case 2: {
              obj.copy = reader.bool()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          crates: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.crates != null && obj.crates === opts.limits.crates) {
                throw new MaxLengthError('Streaming decode error - repeated field "crates" had too many elements')
              }

              yield {
                field: `${prefix}.crates[]`,
                index: obj.crates,
                value: reader.bytes()
              }

              obj.crates++

              break
            }
            case 2: {
              yield {
                field: `${prefix}.copy`,
                value: reader.bool()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface DepositCratesFieldEvent {
    field: '$.crates[]'
    index: number
    value: Uint8Array
  }

  export interface DepositCopyFieldEvent {
    field: '$.copy'
    value: boolean
  }

  export function encode (obj: Partial<Deposit>): Uint8Array {
    return encodeMessage(obj, Deposit.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Deposit>): Deposit {
    return decodeMessage(buf, Deposit.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Deposit>): Generator<DepositCratesFieldEvent | DepositCopyFieldEvent> {
    return streamMessage(buf, Deposit.codec(), opts)
  }
}

export interface OpenMailbox {
  mailbox: Uint8Array
}

export namespace OpenMailbox {
  let _codec: Codec<OpenMailbox>

  export const codec = (): Codec<OpenMailbox> => {
    if (_codec == null) {
      _codec = message<OpenMailbox>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.mailbox != null && obj.mailbox.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.mailbox)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          mailbox: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.mailbox = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.mailbox`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface OpenMailboxMailboxFieldEvent {
    field: '$.mailbox'
    value: Uint8Array
  }

  export function encode (obj: Partial<OpenMailbox>): Uint8Array {
    return encodeMessage(obj, OpenMailbox.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<OpenMailbox>): OpenMailbox {
    return decodeMessage(buf, OpenMailbox.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<OpenMailbox>): Generator<OpenMailboxMailboxFieldEvent> {
    return streamMessage(buf, OpenMailbox.codec(), opts)
  }
}

export interface Proof {
  userKey: Uint8Array
  signature: Uint8Array
  idsOnly?: boolean
  device?: string
}

export namespace Proof {
  let _codec: Codec<Proof>

  export const codec = (): Codec<Proof> => {
    if (_codec == null) {
      _codec = message<Proof>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.userKey != null && obj.userKey.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.userKey)
        }

        if ((obj.signature != null && obj.signature.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.signature)
        }

        if (obj.idsOnly != null) {
          w.uint32(24)
          w.bool(obj.idsOnly)
        }

        if (obj.device != null) {
          w.uint32(34)
          w.string(obj.device)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          userKey: uint8ArrayAlloc(0),
          signature: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.userKey = reader.bytes()
              break
            }
            case 2: {
              obj.signature = reader.bytes()
              break
            }
            case 3: {
              obj.idsOnly = reader.bool()
              break
            }
            case 4: {
              obj.device = reader.string()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.userKey`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.signature`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.idsOnly`,
                value: reader.bool()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.device`,
                value: reader.string()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface ProofUserKeyFieldEvent {
    field: '$.userKey'
    value: Uint8Array
  }

  export interface ProofSignatureFieldEvent {
    field: '$.signature'
    value: Uint8Array
  }

  export interface ProofIdsOnlyFieldEvent {
    field: '$.idsOnly'
    value: boolean
  }

  export interface ProofDeviceFieldEvent {
    field: '$.device'
    value: string
  }

  export function encode (obj: Partial<Proof>): Uint8Array {
    return encodeMessage(obj, Proof.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Proof>): Proof {
    return decodeMessage(buf, Proof.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Proof>): Generator<ProofUserKeyFieldEvent | ProofSignatureFieldEvent | ProofIdsOnlyFieldEvent | ProofDeviceFieldEvent> {
    return streamMessage(buf, Proof.codec(), opts)
  }
}

export interface ListCrates {}

export namespace ListCrates {
  let _codec: Codec<ListCrates>

  export const codec = (): Codec<ListCrates> => {
    if (_codec == null) {
      _codec = message<ListCrates>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {}

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export function encode (obj: Partial<ListCrates>): Uint8Array {
    return encodeMessage(obj, ListCrates.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ListCrates>): ListCrates {
    return decodeMessage(buf, ListCrates.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ListCrates>): Generator<{}> {
    return streamMessage(buf, ListCrates.codec(), opts)
  }
}

export interface ListIds {
  offset: number
}

export namespace ListIds {
  let _codec: Codec<ListIds>

  export const codec = (): Codec<ListIds> => {
    if (_codec == null) {
      _codec = message<ListIds>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.offset != null && obj.offset !== 0)) {
          w.uint32(8)
          w.uint32(obj.offset)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          offset: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.offset = reader.uint32()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.offset`,
                value: reader.uint32()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface ListIdsOffsetFieldEvent {
    field: '$.offset'
    value: number
  }

  export function encode (obj: Partial<ListIds>): Uint8Array {
    return encodeMessage(obj, ListIds.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ListIds>): ListIds {
    return decodeMessage(buf, ListIds.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ListIds>): Generator<ListIdsOffsetFieldEvent> {
    return streamMessage(buf, ListIds.codec(), opts)
  }
}

export interface GetCrates {
  crateIds: Uint8Array[]
}

export namespace GetCrates {
  let _codec: Codec<GetCrates>

  export const codec = (): Codec<GetCrates> => {
    if (_codec == null) {
      _codec = message<GetCrates>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.crateIds != null && obj.crateIds.length > 0) {
          for (const value of obj.crateIds) {
            w.uint32(10)
            w.bytes(value)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          crateIds: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.crateIds != null && obj.crateIds.length === opts.limits.crateIds) {
                throw new MaxLengthError('Decode error - repeated field "crateIds" had too many elements')
              }

              obj.crateIds.push(reader.bytes())
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          crateIds: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.crateIds != null && obj.crateIds === opts.limits.crateIds) {
                throw new MaxLengthError('Streaming decode error - repeated field "crateIds" had too many elements')
              }

              yield {
                field: `${prefix}.crateIds[]`,
                index: obj.crateIds,
                value: reader.bytes()
              }

              obj.crateIds++

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface GetCratesCrateIdsFieldEvent {
    field: '$.crateIds[]'
    index: number
    value: Uint8Array
  }

  export function encode (obj: Partial<GetCrates>): Uint8Array {
    return encodeMessage(obj, GetCrates.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GetCrates>): GetCrates {
    return decodeMessage(buf, GetCrates.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GetCrates>): Generator<GetCratesCrateIdsFieldEvent> {
    return streamMessage(buf, GetCrates.codec(), opts)
  }
}

export interface Ack {
  crateIds: Uint8Array[]
  signature: Uint8Array
}

export namespace Ack {
  let _codec: Codec<Ack>

  export const codec = (): Codec<Ack> => {
    if (_codec == null) {
      _codec = message<Ack>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.crateIds != null && obj.crateIds.length > 0) {
          for (const value of obj.crateIds) {
            w.uint32(10)
            w.bytes(value)
          }
        }

        if ((obj.signature != null && obj.signature.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.signature)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          crateIds: [],
          signature: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.crateIds != null && obj.crateIds.length === opts.limits.crateIds) {
                throw new MaxLengthError('Decode error - repeated field "crateIds" had too many elements')
              }

              obj.crateIds.push(reader.bytes())
              break
            }
            case 2: {
              obj.signature = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          crateIds: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.crateIds != null && obj.crateIds === opts.limits.crateIds) {
                throw new MaxLengthError('Streaming decode error - repeated field "crateIds" had too many elements')
              }

              yield {
                field: `${prefix}.crateIds[]`,
                index: obj.crateIds,
                value: reader.bytes()
              }

              obj.crateIds++

              break
            }
            case 2: {
              yield {
                field: `${prefix}.signature`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface AckCrateIdsFieldEvent {
    field: '$.crateIds[]'
    index: number
    value: Uint8Array
  }

  export interface AckSignatureFieldEvent {
    field: '$.signature'
    value: Uint8Array
  }

  export function encode (obj: Partial<Ack>): Uint8Array {
    return encodeMessage(obj, Ack.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Ack>): Ack {
    return decodeMessage(buf, Ack.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Ack>): Generator<AckCrateIdsFieldEvent | AckSignatureFieldEvent> {
    return streamMessage(buf, Ack.codec(), opts)
  }
}

export interface Offer {
  mailbox: Uint8Array
  crateIds: Uint8Array[]
}

export namespace Offer {
  let _codec: Codec<Offer>

  export const codec = (): Codec<Offer> => {
    if (_codec == null) {
      _codec = message<Offer>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.mailbox != null && obj.mailbox.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.mailbox)
        }

        if (obj.crateIds != null && obj.crateIds.length > 0) {
          for (const value of obj.crateIds) {
            w.uint32(18)
            w.bytes(value)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          mailbox: uint8ArrayAlloc(0),
          crateIds: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.mailbox = reader.bytes()
              break
            }
            case 2: {
              if (opts.limits?.crateIds != null && obj.crateIds.length === opts.limits.crateIds) {
                throw new MaxLengthError('Decode error - repeated field "crateIds" had too many elements')
              }

              obj.crateIds.push(reader.bytes())
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          crateIds: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.mailbox`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              if (opts.limits?.crateIds != null && obj.crateIds === opts.limits.crateIds) {
                throw new MaxLengthError('Streaming decode error - repeated field "crateIds" had too many elements')
              }

              yield {
                field: `${prefix}.crateIds[]`,
                index: obj.crateIds,
                value: reader.bytes()
              }

              obj.crateIds++

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface OfferMailboxFieldEvent {
    field: '$.mailbox'
    value: Uint8Array
  }

  export interface OfferCrateIdsFieldEvent {
    field: '$.crateIds[]'
    index: number
    value: Uint8Array
  }

  export function encode (obj: Partial<Offer>): Uint8Array {
    return encodeMessage(obj, Offer.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Offer>): Offer {
    return decodeMessage(buf, Offer.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Offer>): Generator<OfferMailboxFieldEvent | OfferCrateIdsFieldEvent> {
    return streamMessage(buf, Offer.codec(), opts)
  }
}

export enum MailboxStatus {
  OK = 'OK',
  INVALID = 'INVALID',
  TOO_LARGE = 'TOO_LARGE',
  QUOTA_EXCEEDED = 'QUOTA_EXCEEDED',
  RATE_LIMITED = 'RATE_LIMITED',
  UNAUTHORIZED = 'UNAUTHORIZED',
  EXPIRED = 'EXPIRED',
  INTERNAL = 'INTERNAL',
  ADMISSION_REQUIRED = 'ADMISSION_REQUIRED',
  DEPOSITOR_QUOTA = 'DEPOSITOR_QUOTA',
  HOLDER_FULL = 'HOLDER_FULL'
}

enum __MailboxStatusValues {
  OK = 0,
  INVALID = 1,
  TOO_LARGE = 2,
  QUOTA_EXCEEDED = 3,
  RATE_LIMITED = 4,
  UNAUTHORIZED = 5,
  EXPIRED = 6,
  INTERNAL = 7,
  ADMISSION_REQUIRED = 8,
  DEPOSITOR_QUOTA = 9,
  HOLDER_FULL = 10
}

export namespace MailboxStatus {
  export const codec = (): Codec<MailboxStatus> => {
    return enumeration<MailboxStatus>(__MailboxStatusValues)
  }
}

export interface DepositResult {
  status: MailboxStatus
}

export namespace DepositResult {
  let _codec: Codec<DepositResult>

  export const codec = (): Codec<DepositResult> => {
    if (_codec == null) {
      _codec = message<DepositResult>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.status != null && __MailboxStatusValues[obj.status] !== 0) {
          w.uint32(8)
          MailboxStatus.codec().encode(obj.status, w)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          status: MailboxStatus.OK
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.status = MailboxStatus.codec().decode(reader)
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.status`,
                value: MailboxStatus.codec().decode(reader)
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface DepositResultStatusFieldEvent {
    field: '$.status'
    value: MailboxStatus
  }

  export function encode (obj: Partial<DepositResult>): Uint8Array {
    return encodeMessage(obj, DepositResult.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DepositResult>): DepositResult {
    return decodeMessage(buf, DepositResult.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DepositResult>): Generator<DepositResultStatusFieldEvent> {
    return streamMessage(buf, DepositResult.codec(), opts)
  }
}

export interface MailboxResponse {
  status: MailboxStatus
  message: string
  results: DepositResult[]
  nonce: Uint8Array
  crates: Uint8Array[]
  more: boolean
  deleted: number
  missing: Uint8Array[]
  crateIds: Uint8Array[]
  digests: Uint8Array[]
}

export namespace MailboxResponse {
  let _codec: Codec<MailboxResponse>

  export const codec = (): Codec<MailboxResponse> => {
    if (_codec == null) {
      _codec = message<MailboxResponse>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.status != null && __MailboxStatusValues[obj.status] !== 0) {
          w.uint32(8)
          MailboxStatus.codec().encode(obj.status, w)
        }

        if ((obj.message != null && obj.message !== '')) {
          w.uint32(18)
          w.string(obj.message)
        }

        if (obj.results != null && obj.results.length > 0) {
          for (const value of obj.results) {
            w.uint32(26)
            DepositResult.codec().encode(value, w)
          }
        }

        if ((obj.nonce != null && obj.nonce.byteLength > 0)) {
          w.uint32(34)
          w.bytes(obj.nonce)
        }

        if (obj.crates != null && obj.crates.length > 0) {
          for (const value of obj.crates) {
            w.uint32(42)
            w.bytes(value)
          }
        }

        if ((obj.more != null && obj.more !== false)) {
          w.uint32(48)
          w.bool(obj.more)
        }

        if ((obj.deleted != null && obj.deleted !== 0)) {
          w.uint32(56)
          w.uint32(obj.deleted)
        }

        if (obj.missing != null && obj.missing.length > 0) {
          for (const value of obj.missing) {
            w.uint32(66)
            w.bytes(value)
          }
        }

        if (obj.crateIds != null && obj.crateIds.length > 0) {
          for (const value of obj.crateIds) {
            w.uint32(74)
            w.bytes(value)
          }
        }

        if (obj.digests != null && obj.digests.length > 0) {
          for (const value of obj.digests) {
            w.uint32(82)
            w.bytes(value)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          status: MailboxStatus.OK,
          message: '',
          results: [],
          nonce: uint8ArrayAlloc(0),
          crates: [],
          more: false,
          deleted: 0,
          missing: [],
          crateIds: [],
          digests: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.status = MailboxStatus.codec().decode(reader)
              break
            }
            case 2: {
              obj.message = reader.string()
              break
            }
            case 3: {
              if (opts.limits?.results != null && obj.results.length === opts.limits.results) {
                throw new MaxLengthError('Decode error - repeated field "results" had too many elements')
              }

              obj.results.push(DepositResult.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.results$
              }))
              break
            }
            case 4: {
              obj.nonce = reader.bytes()
              break
            }
            case 5: {
              if (opts.limits?.crates != null && obj.crates.length === opts.limits.crates) {
                throw new MaxLengthError('Decode error - repeated field "crates" had too many elements')
              }

              obj.crates.push(reader.bytes())
              break
            }
            case 6: {
              obj.more = reader.bool()
              break
            }
            case 7: {
              obj.deleted = reader.uint32()
              break
            }
            case 8: {
              if (opts.limits?.missing != null && obj.missing.length === opts.limits.missing) {
                throw new MaxLengthError('Decode error - repeated field "missing" had too many elements')
              }

              obj.missing.push(reader.bytes())
              break
            }
            case 9: {
              if (opts.limits?.crateIds != null && obj.crateIds.length === opts.limits.crateIds) {
                throw new MaxLengthError('Decode error - repeated field "crateIds" had too many elements')
              }

              obj.crateIds.push(reader.bytes())
              break
            }
            case 10: {
              if (opts.limits?.digests != null && obj.digests.length === opts.limits.digests) {
                throw new MaxLengthError('Decode error - repeated field "digests" had too many elements')
              }

              obj.digests.push(reader.bytes())
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          results: 0,
          crates: 0,
          missing: 0,
          crateIds: 0,
          digests: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.status`,
                value: MailboxStatus.codec().decode(reader)
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.message`,
                value: reader.string()
              }
              break
            }
            case 3: {
              if (opts.limits?.results != null && obj.results === opts.limits.results) {
                throw new MaxLengthError('Streaming decode error - repeated field "results" had too many elements')
              }

              for (const evt of DepositResult.codec().stream(reader, reader.uint32(), `${prefix}.results[]`, {
                limits: opts.limits?.results$
              })) {
                yield {
                  ...evt,
                  index: obj.results
                }
              }

              obj.results++

              break
            }
            case 4: {
              yield {
                field: `${prefix}.nonce`,
                value: reader.bytes()
              }
              break
            }
            case 5: {
              if (opts.limits?.crates != null && obj.crates === opts.limits.crates) {
                throw new MaxLengthError('Streaming decode error - repeated field "crates" had too many elements')
              }

              yield {
                field: `${prefix}.crates[]`,
                index: obj.crates,
                value: reader.bytes()
              }

              obj.crates++

              break
            }
            case 6: {
              yield {
                field: `${prefix}.more`,
                value: reader.bool()
              }
              break
            }
            case 7: {
              yield {
                field: `${prefix}.deleted`,
                value: reader.uint32()
              }
              break
            }
            case 8: {
              if (opts.limits?.missing != null && obj.missing === opts.limits.missing) {
                throw new MaxLengthError('Streaming decode error - repeated field "missing" had too many elements')
              }

              yield {
                field: `${prefix}.missing[]`,
                index: obj.missing,
                value: reader.bytes()
              }

              obj.missing++

              break
            }
            case 9: {
              if (opts.limits?.crateIds != null && obj.crateIds === opts.limits.crateIds) {
                throw new MaxLengthError('Streaming decode error - repeated field "crateIds" had too many elements')
              }

              yield {
                field: `${prefix}.crateIds[]`,
                index: obj.crateIds,
                value: reader.bytes()
              }

              obj.crateIds++

              break
            }
            case 10: {
              if (opts.limits?.digests != null && obj.digests === opts.limits.digests) {
                throw new MaxLengthError('Streaming decode error - repeated field "digests" had too many elements')
              }

              yield {
                field: `${prefix}.digests[]`,
                index: obj.digests,
                value: reader.bytes()
              }

              obj.digests++

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface MailboxResponseStatusFieldEvent {
    field: '$.status'
    value: MailboxStatus
  }

  export interface MailboxResponseMessageFieldEvent {
    field: '$.message'
    value: string
  }

  export interface MailboxResponseResultsStatusFieldEvent {
    field: '$.results[].status'
    value: MailboxStatus
    index: number
  }

  export interface MailboxResponseNonceFieldEvent {
    field: '$.nonce'
    value: Uint8Array
  }

  export interface MailboxResponseCratesFieldEvent {
    field: '$.crates[]'
    index: number
    value: Uint8Array
  }

  export interface MailboxResponseMoreFieldEvent {
    field: '$.more'
    value: boolean
  }

  export interface MailboxResponseDeletedFieldEvent {
    field: '$.deleted'
    value: number
  }

  export interface MailboxResponseMissingFieldEvent {
    field: '$.missing[]'
    index: number
    value: Uint8Array
  }

  export interface MailboxResponseCrateIdsFieldEvent {
    field: '$.crateIds[]'
    index: number
    value: Uint8Array
  }

  export interface MailboxResponseDigestsFieldEvent {
    field: '$.digests[]'
    index: number
    value: Uint8Array
  }

  export function encode (obj: Partial<MailboxResponse>): Uint8Array {
    return encodeMessage(obj, MailboxResponse.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<MailboxResponse>): MailboxResponse {
    return decodeMessage(buf, MailboxResponse.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<MailboxResponse>): Generator<MailboxResponseStatusFieldEvent | MailboxResponseMessageFieldEvent | MailboxResponseResultsStatusFieldEvent | MailboxResponseNonceFieldEvent | MailboxResponseCratesFieldEvent | MailboxResponseMoreFieldEvent | MailboxResponseDeletedFieldEvent | MailboxResponseMissingFieldEvent | MailboxResponseCrateIdsFieldEvent | MailboxResponseDigestsFieldEvent> {
    return streamMessage(buf, MailboxResponse.codec(), opts)
  }
}
