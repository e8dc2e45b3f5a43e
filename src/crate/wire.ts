import { decodeMessage, encodeMessage, message, streamMessage } from 'protons-runtime'
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface Crate {
  mailbox: Uint8Array
  id: Uint8Array
  expiresAt: bigint
  enc: Uint8Array
  ciphertext: Uint8Array
  admission?: Admission
}

export namespace Crate {
  let _codec: Codec<Crate>

  export const codec = (): Codec<Crate> => {
    if (_codec == null) {
      _codec = message<Crate>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.mailbox != null && obj.mailbox.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.mailbox)
        }

        if ((obj.id != null && obj.id.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.id)
        }

        if ((obj.expiresAt != null && obj.expiresAt !== 0n)) {
          w.uint32(24)
          w.uint64(obj.expiresAt)
        }

        if ((obj.enc != null && obj.enc.byteLength > 0)) {
          w.uint32(34)
          w.bytes(obj.enc)
        }

        if ((obj.ciphertext != null && obj.ciphertext.byteLength > 0)) {
          w.uint32(42)
          w.bytes(obj.ciphertext)
        }

        if (obj.admission != null) {
          w.uint32(50)
          Admission.codec().encode(obj.admission, w)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          mailbox: uint8ArrayAlloc(0),
          id: uint8ArrayAlloc(0),
          expiresAt: 0n,
          enc: uint8ArrayAlloc(0),
          ciphertext: uint8ArrayAlloc(0)
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
              obj.id = reader.bytes()
              break
            }
            case 3: {
              obj.expiresAt = reader.uint64()
              break
            }
            case 4: {
              obj.enc = reader.bytes()
              break
            }
            case 5: {
              obj.ciphertext = reader.bytes()
              break
            }
            case 6: {
              obj.admission = Admission.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.admission
              })
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
            case 2: {
              yield {
                field: `${prefix}.id`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.expiresAt`,
                value: reader.uint64()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.enc`,
                value: reader.bytes()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.ciphertext`,
                value: reader.bytes()
              }
              break
            }
            case 6: {
              yield * Admission.codec().stream(reader, reader.uint32(), `${prefix}.admission`, {
                limits: opts.limits?.admission
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

  export interface CrateMailboxFieldEvent {
    field: '$.mailbox'
    value: Uint8Array
  }

  export interface CrateIdFieldEvent {
    field: '$.id'
    value: Uint8Array
  }

  export interface CrateExpiresAtFieldEvent {
    field: '$.expiresAt'
    value: bigint
  }

  export interface CrateEncFieldEvent {
    field: '$.enc'
    value: Uint8Array
  }

  export interface CrateCiphertextFieldEvent {
    field: '$.ciphertext'
    value: Uint8Array
  }

  export interface CrateAdmissionDepositorFieldEvent {
    field: '$.admission.depositor'
    value: Uint8Array
  }

  export interface CrateAdmissionSignatureFieldEvent {
    field: '$.admission.signature'
    value: Uint8Array
  }

  export interface CrateAdmissionStampFieldEvent {
    field: '$.admission.stamp'
    value: Uint8Array
  }

  export interface CrateAdmissionGrantOwnerKeyFieldEvent {
    field: '$.admission.grant.ownerKey'
    value: Uint8Array
  }

  export interface CrateAdmissionGrantExpiresAtFieldEvent {
    field: '$.admission.grant.expiresAt'
    value: bigint
  }

  export interface CrateAdmissionGrantSignatureFieldEvent {
    field: '$.admission.grant.signature'
    value: Uint8Array
  }

  export interface CrateAdmissionDeviceFieldEvent {
    field: '$.admission.device'
    value: string
  }

  export function encode (obj: Partial<Crate>): Uint8Array {
    return encodeMessage(obj, Crate.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Crate>): Crate {
    return decodeMessage(buf, Crate.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Crate>): Generator<CrateMailboxFieldEvent | CrateIdFieldEvent | CrateExpiresAtFieldEvent | CrateEncFieldEvent | CrateCiphertextFieldEvent | CrateAdmissionDepositorFieldEvent | CrateAdmissionSignatureFieldEvent | CrateAdmissionStampFieldEvent | CrateAdmissionGrantOwnerKeyFieldEvent | CrateAdmissionGrantExpiresAtFieldEvent | CrateAdmissionGrantSignatureFieldEvent | CrateAdmissionDeviceFieldEvent> {
    return streamMessage(buf, Crate.codec(), opts)
  }
}

export interface Admission {
  depositor: Uint8Array
  signature: Uint8Array
  stamp: Uint8Array
  grant?: MailboxGrant
  device?: string
}

export namespace Admission {
  let _codec: Codec<Admission>

  export const codec = (): Codec<Admission> => {
    if (_codec == null) {
      _codec = message<Admission>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.depositor != null && obj.depositor.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.depositor)
        }

        if ((obj.signature != null && obj.signature.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.signature)
        }

        if ((obj.stamp != null && obj.stamp.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.stamp)
        }

        if (obj.grant != null) {
          w.uint32(34)
          MailboxGrant.codec().encode(obj.grant, w)
        }

        if (obj.device != null) {
          w.uint32(42)
          w.string(obj.device)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          depositor: uint8ArrayAlloc(0),
          signature: uint8ArrayAlloc(0),
          stamp: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.depositor = reader.bytes()
              break
            }
            case 2: {
              obj.signature = reader.bytes()
              break
            }
            case 3: {
              obj.stamp = reader.bytes()
              break
            }
            case 4: {
              obj.grant = MailboxGrant.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.grant
              })
              break
            }
            case 5: {
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
                field: `${prefix}.depositor`,
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
                field: `${prefix}.stamp`,
                value: reader.bytes()
              }
              break
            }
            case 4: {
              yield * MailboxGrant.codec().stream(reader, reader.uint32(), `${prefix}.grant`, {
                limits: opts.limits?.grant
              })

              break
            }
            case 5: {
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

  export interface AdmissionDepositorFieldEvent {
    field: '$.depositor'
    value: Uint8Array
  }

  export interface AdmissionSignatureFieldEvent {
    field: '$.signature'
    value: Uint8Array
  }

  export interface AdmissionStampFieldEvent {
    field: '$.stamp'
    value: Uint8Array
  }

  export interface AdmissionGrantOwnerKeyFieldEvent {
    field: '$.grant.ownerKey'
    value: Uint8Array
  }

  export interface AdmissionGrantExpiresAtFieldEvent {
    field: '$.grant.expiresAt'
    value: bigint
  }

  export interface AdmissionGrantSignatureFieldEvent {
    field: '$.grant.signature'
    value: Uint8Array
  }

  export interface AdmissionDeviceFieldEvent {
    field: '$.device'
    value: string
  }

  export function encode (obj: Partial<Admission>): Uint8Array {
    return encodeMessage(obj, Admission.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Admission>): Admission {
    return decodeMessage(buf, Admission.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Admission>): Generator<AdmissionDepositorFieldEvent | AdmissionSignatureFieldEvent | AdmissionStampFieldEvent | AdmissionGrantOwnerKeyFieldEvent | AdmissionGrantExpiresAtFieldEvent | AdmissionGrantSignatureFieldEvent | AdmissionDeviceFieldEvent> {
    return streamMessage(buf, Admission.codec(), opts)
  }
}

export interface MailboxGrant {
  ownerKey: Uint8Array
  expiresAt: bigint
  signature: Uint8Array
}

export namespace MailboxGrant {
  let _codec: Codec<MailboxGrant>

  export const codec = (): Codec<MailboxGrant> => {
    if (_codec == null) {
      _codec = message<MailboxGrant>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.ownerKey != null && obj.ownerKey.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.ownerKey)
        }

        if ((obj.expiresAt != null && obj.expiresAt !== 0n)) {
          w.uint32(16)
          w.uint64(obj.expiresAt)
        }

        if ((obj.signature != null && obj.signature.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.signature)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          ownerKey: uint8ArrayAlloc(0),
          expiresAt: 0n,
          signature: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.ownerKey = reader.bytes()
              break
            }
            case 2: {
              obj.expiresAt = reader.uint64()
              break
            }
            case 3: {
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
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.ownerKey`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.expiresAt`,
                value: reader.uint64()
              }
              break
            }
            case 3: {
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

  export interface MailboxGrantOwnerKeyFieldEvent {
    field: '$.ownerKey'
    value: Uint8Array
  }

  export interface MailboxGrantExpiresAtFieldEvent {
    field: '$.expiresAt'
    value: bigint
  }

  export interface MailboxGrantSignatureFieldEvent {
    field: '$.signature'
    value: Uint8Array
  }

  export function encode (obj: Partial<MailboxGrant>): Uint8Array {
    return encodeMessage(obj, MailboxGrant.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<MailboxGrant>): MailboxGrant {
    return decodeMessage(buf, MailboxGrant.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<MailboxGrant>): Generator<MailboxGrantOwnerKeyFieldEvent | MailboxGrantExpiresAtFieldEvent | MailboxGrantSignatureFieldEvent> {
    return streamMessage(buf, MailboxGrant.codec(), opts)
  }
}

export interface Sealed {
  senderKey: Uint8Array
  senderClaim: Uint8Array
  payload: Uint8Array
  signature: Uint8Array
}

export namespace Sealed {
  let _codec: Codec<Sealed>

  export const codec = (): Codec<Sealed> => {
    if (_codec == null) {
      _codec = message<Sealed>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.senderKey != null && obj.senderKey.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.senderKey)
        }

        if ((obj.senderClaim != null && obj.senderClaim.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.senderClaim)
        }

        if ((obj.payload != null && obj.payload.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.payload)
        }

        if ((obj.signature != null && obj.signature.byteLength > 0)) {
          w.uint32(34)
          w.bytes(obj.signature)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          senderKey: uint8ArrayAlloc(0),
          senderClaim: uint8ArrayAlloc(0),
          payload: uint8ArrayAlloc(0),
          signature: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.senderKey = reader.bytes()
              break
            }
            case 2: {
              obj.senderClaim = reader.bytes()
              break
            }
            case 3: {
              obj.payload = reader.bytes()
              break
            }
            case 4: {
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
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.senderKey`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.senderClaim`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.payload`,
                value: reader.bytes()
              }
              break
            }
            case 4: {
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

  export interface SealedSenderKeyFieldEvent {
    field: '$.senderKey'
    value: Uint8Array
  }

  export interface SealedSenderClaimFieldEvent {
    field: '$.senderClaim'
    value: Uint8Array
  }

  export interface SealedPayloadFieldEvent {
    field: '$.payload'
    value: Uint8Array
  }

  export interface SealedSignatureFieldEvent {
    field: '$.signature'
    value: Uint8Array
  }

  export function encode (obj: Partial<Sealed>): Uint8Array {
    return encodeMessage(obj, Sealed.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Sealed>): Sealed {
    return decodeMessage(buf, Sealed.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Sealed>): Generator<SealedSenderKeyFieldEvent | SealedSenderClaimFieldEvent | SealedPayloadFieldEvent | SealedSignatureFieldEvent> {
    return streamMessage(buf, Sealed.codec(), opts)
  }
}
