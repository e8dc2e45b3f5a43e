import { decodeMessage, encodeMessage, enumeration, MaxLengthError, message, streamMessage } from 'protons-runtime'
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface DmPayload {
  messages: TextMessage[]
  receipt?: Receipt
  grant?: DepositGrant
}

export namespace DmPayload {
  let _codec: Codec<DmPayload>

  export const codec = (): Codec<DmPayload> => {
    if (_codec == null) {
      _codec = message<DmPayload>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.messages != null && obj.messages.length > 0) {
          for (const value of obj.messages) {
            w.uint32(10)
            TextMessage.codec().encode(value, w)
          }
        }

        if (obj.receipt != null) {
          w.uint32(18)
          Receipt.codec().encode(obj.receipt, w)
        }

        if (obj.grant != null) {
          w.uint32(26)
          DepositGrant.codec().encode(obj.grant, w)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          messages: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.messages != null && obj.messages.length === opts.limits.messages) {
                throw new MaxLengthError('Decode error - repeated field "messages" had too many elements')
              }

              obj.messages.push(TextMessage.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.messages$
              }))
              break
            }
            case 2: {
              obj.receipt = Receipt.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.receipt
              })
              break
            }
            case 3: {
              obj.grant = DepositGrant.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.grant
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
        const obj = {
          messages: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.messages != null && obj.messages === opts.limits.messages) {
                throw new MaxLengthError('Streaming decode error - repeated field "messages" had too many elements')
              }

              for (const evt of TextMessage.codec().stream(reader, reader.uint32(), `${prefix}.messages[]`, {
                limits: opts.limits?.messages$
              })) {
                yield {
                  ...evt,
                  index: obj.messages
                }
              }

              obj.messages++

              break
            }
            case 2: {
              yield * Receipt.codec().stream(reader, reader.uint32(), `${prefix}.receipt`, {
                limits: opts.limits?.receipt
              })

              break
            }
            case 3: {
              yield * DepositGrant.codec().stream(reader, reader.uint32(), `${prefix}.grant`, {
                limits: opts.limits?.grant
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

  export interface DmPayloadMessagesIdFieldEvent {
    field: '$.messages[].id'
    value: string
    index: number
  }

  export interface DmPayloadMessagesTextFieldEvent {
    field: '$.messages[].text'
    value: string
    index: number
  }

  export interface DmPayloadMessagesTimestampFieldEvent {
    field: '$.messages[].timestamp'
    value: bigint
    index: number
  }

  export interface DmPayloadMessagesToFieldEvent {
    field: '$.messages[].to[]'
    index: number
    value: string
  }

  export interface DmPayloadReceiptKindFieldEvent {
    field: '$.receipt.kind'
    value: Receipt.Kind
  }

  export interface DmPayloadReceiptMessageIdsFieldEvent {
    field: '$.receipt.messageIds[]'
    index: number
    value: string
  }

  export interface DmPayloadReceiptAtFieldEvent {
    field: '$.receipt.at'
    value: bigint
  }

  export interface DmPayloadGrantDepositorSecretFieldEvent {
    field: '$.grant.depositorSecret'
    value: Uint8Array
  }

  export interface DmPayloadGrantGrantFieldEvent {
    field: '$.grant.grant'
    value: Uint8Array
  }

  export function encode (obj: Partial<DmPayload>): Uint8Array {
    return encodeMessage(obj, DmPayload.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DmPayload>): DmPayload {
    return decodeMessage(buf, DmPayload.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DmPayload>): Generator<DmPayloadMessagesIdFieldEvent | DmPayloadMessagesTextFieldEvent | DmPayloadMessagesTimestampFieldEvent | DmPayloadMessagesToFieldEvent | DmPayloadReceiptKindFieldEvent | DmPayloadReceiptMessageIdsFieldEvent | DmPayloadReceiptAtFieldEvent | DmPayloadGrantDepositorSecretFieldEvent | DmPayloadGrantGrantFieldEvent> {
    return streamMessage(buf, DmPayload.codec(), opts)
  }
}

export interface DepositGrant {
  depositorSecret: Uint8Array
  grant: Uint8Array
}

export namespace DepositGrant {
  let _codec: Codec<DepositGrant>

  export const codec = (): Codec<DepositGrant> => {
    if (_codec == null) {
      _codec = message<DepositGrant>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.depositorSecret != null && obj.depositorSecret.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.depositorSecret)
        }

        if ((obj.grant != null && obj.grant.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.grant)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          depositorSecret: uint8ArrayAlloc(0),
          grant: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.depositorSecret = reader.bytes()
              break
            }
            case 2: {
              obj.grant = reader.bytes()
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
                field: `${prefix}.depositorSecret`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.grant`,
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

  export interface DepositGrantDepositorSecretFieldEvent {
    field: '$.depositorSecret'
    value: Uint8Array
  }

  export interface DepositGrantGrantFieldEvent {
    field: '$.grant'
    value: Uint8Array
  }

  export function encode (obj: Partial<DepositGrant>): Uint8Array {
    return encodeMessage(obj, DepositGrant.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DepositGrant>): DepositGrant {
    return decodeMessage(buf, DepositGrant.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DepositGrant>): Generator<DepositGrantDepositorSecretFieldEvent | DepositGrantGrantFieldEvent> {
    return streamMessage(buf, DepositGrant.codec(), opts)
  }
}

export interface TextMessage {
  id: string
  text: string
  timestamp: bigint
  to: string[]
}

export namespace TextMessage {
  let _codec: Codec<TextMessage>

  export const codec = (): Codec<TextMessage> => {
    if (_codec == null) {
      _codec = message<TextMessage>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.id != null && obj.id !== '')) {
          w.uint32(10)
          w.string(obj.id)
        }

        if ((obj.text != null && obj.text !== '')) {
          w.uint32(18)
          w.string(obj.text)
        }

        if ((obj.timestamp != null && obj.timestamp !== 0n)) {
          w.uint32(24)
          w.uint64(obj.timestamp)
        }

        if (obj.to != null && obj.to.length > 0) {
          for (const value of obj.to) {
            w.uint32(34)
            w.string(value)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          id: '',
          text: '',
          timestamp: 0n,
          to: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.id = reader.string()
              break
            }
            case 2: {
              obj.text = reader.string()
              break
            }
            case 3: {
              obj.timestamp = reader.uint64()
              break
            }
            case 4: {
              if (opts.limits?.to != null && obj.to.length === opts.limits.to) {
                throw new MaxLengthError('Decode error - repeated field "to" had too many elements')
              }

              obj.to.push(reader.string())
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
          to: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.id`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.text`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.timestamp`,
                value: reader.uint64()
              }
              break
            }
            case 4: {
              if (opts.limits?.to != null && obj.to === opts.limits.to) {
                throw new MaxLengthError('Streaming decode error - repeated field "to" had too many elements')
              }

              yield {
                field: `${prefix}.to[]`,
                index: obj.to,
                value: reader.string()
              }

              obj.to++

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

  export interface TextMessageIdFieldEvent {
    field: '$.id'
    value: string
  }

  export interface TextMessageTextFieldEvent {
    field: '$.text'
    value: string
  }

  export interface TextMessageTimestampFieldEvent {
    field: '$.timestamp'
    value: bigint
  }

  export interface TextMessageToFieldEvent {
    field: '$.to[]'
    index: number
    value: string
  }

  export function encode (obj: Partial<TextMessage>): Uint8Array {
    return encodeMessage(obj, TextMessage.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<TextMessage>): TextMessage {
    return decodeMessage(buf, TextMessage.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<TextMessage>): Generator<TextMessageIdFieldEvent | TextMessageTextFieldEvent | TextMessageTimestampFieldEvent | TextMessageToFieldEvent> {
    return streamMessage(buf, TextMessage.codec(), opts)
  }
}

export interface Receipt {
  kind: Receipt.Kind
  messageIds: string[]
  at: bigint
}

export namespace Receipt {
  export enum Kind {
    DELIVERED = 'DELIVERED',
    READ = 'READ'
  }

  enum __KindValues {
    DELIVERED = 0,
    READ = 1
  }

  export namespace Kind {
    export const codec = (): Codec<Kind> => {
      return enumeration<Kind>(__KindValues)
    }
  }

  let _codec: Codec<Receipt>

  export const codec = (): Codec<Receipt> => {
    if (_codec == null) {
      _codec = message<Receipt>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.kind != null && __KindValues[obj.kind] !== 0) {
          w.uint32(8)
          Receipt.Kind.codec().encode(obj.kind, w)
        }

        if (obj.messageIds != null && obj.messageIds.length > 0) {
          for (const value of obj.messageIds) {
            w.uint32(18)
            w.string(value)
          }
        }

        if ((obj.at != null && obj.at !== 0n)) {
          w.uint32(24)
          w.uint64(obj.at)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          kind: Kind.DELIVERED,
          messageIds: [],
          at: 0n
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.kind = Receipt.Kind.codec().decode(reader)
              break
            }
            case 2: {
              if (opts.limits?.messageIds != null && obj.messageIds.length === opts.limits.messageIds) {
                throw new MaxLengthError('Decode error - repeated field "messageIds" had too many elements')
              }

              obj.messageIds.push(reader.string())
              break
            }
            case 3: {
              obj.at = reader.uint64()
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
          messageIds: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.kind`,
                value: Receipt.Kind.codec().decode(reader)
              }
              break
            }
            case 2: {
              if (opts.limits?.messageIds != null && obj.messageIds === opts.limits.messageIds) {
                throw new MaxLengthError('Streaming decode error - repeated field "messageIds" had too many elements')
              }

              yield {
                field: `${prefix}.messageIds[]`,
                index: obj.messageIds,
                value: reader.string()
              }

              obj.messageIds++

              break
            }
            case 3: {
              yield {
                field: `${prefix}.at`,
                value: reader.uint64()
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

  export interface ReceiptKindFieldEvent {
    field: '$.kind'
    value: Receipt.Kind
  }

  export interface ReceiptMessageIdsFieldEvent {
    field: '$.messageIds[]'
    index: number
    value: string
  }

  export interface ReceiptAtFieldEvent {
    field: '$.at'
    value: bigint
  }

  export function encode (obj: Partial<Receipt>): Uint8Array {
    return encodeMessage(obj, Receipt.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Receipt>): Receipt {
    return decodeMessage(buf, Receipt.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Receipt>): Generator<ReceiptKindFieldEvent | ReceiptMessageIdsFieldEvent | ReceiptAtFieldEvent> {
    return streamMessage(buf, Receipt.codec(), opts)
  }
}

export interface DmFrame {
  crate?: Uint8Array
  ack?: DmAck
}

export namespace DmFrame {
  let _codec: Codec<DmFrame>

  export const codec = (): Codec<DmFrame> => {
    if (_codec == null) {
      _codec = message<DmFrame>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        obj = { ...obj }

        if (obj.ack != null) {
          obj.crate = undefined
        }

        if (obj.crate != null) {
          obj.ack = undefined
        }

        if (obj.crate != null) {
          w.uint32(10)
          w.bytes(obj.crate)
        }

        if (obj.ack != null) {
          w.uint32(18)
          DmAck.codec().encode(obj.ack, w)
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
              obj.crate = reader.bytes()
              break
            }
            case 2: {
              obj.ack = DmAck.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.ack
              })
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        if (obj.ack != null) {
          delete obj.crate
        }

        if (obj.crate != null) {
          delete obj.ack
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.crate`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield * DmAck.codec().stream(reader, reader.uint32(), `${prefix}.ack`, {
                limits: opts.limits?.ack
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

  export interface DmFrameCrateFieldEvent {
    field: '$.crate'
    value: Uint8Array
  }

  export interface DmFrameAckCrateIdFieldEvent {
    field: '$.ack.crateId'
    value: Uint8Array
  }

  export interface DmFrameAckStatusFieldEvent {
    field: '$.ack.status'
    value: DmAck.Status
  }

  export interface DmFrameAckMessageFieldEvent {
    field: '$.ack.message'
    value: string
  }

  export function encode (obj: Partial<DmFrame>): Uint8Array {
    return encodeMessage(obj, DmFrame.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DmFrame>): DmFrame {
    return decodeMessage(buf, DmFrame.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DmFrame>): Generator<DmFrameCrateFieldEvent | DmFrameAckCrateIdFieldEvent | DmFrameAckStatusFieldEvent | DmFrameAckMessageFieldEvent> {
    return streamMessage(buf, DmFrame.codec(), opts)
  }
}

export interface DmAck {
  crateId: Uint8Array
  status: DmAck.Status
  message: string
}

export namespace DmAck {
  export enum Status {
    OK = 'OK',
    NOT_HERE = 'NOT_HERE',
    INVALID = 'INVALID'
  }

  enum __StatusValues {
    OK = 0,
    NOT_HERE = 1,
    INVALID = 2
  }

  export namespace Status {
    export const codec = (): Codec<Status> => {
      return enumeration<Status>(__StatusValues)
    }
  }

  let _codec: Codec<DmAck>

  export const codec = (): Codec<DmAck> => {
    if (_codec == null) {
      _codec = message<DmAck>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.crateId != null && obj.crateId.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.crateId)
        }

        if (obj.status != null && __StatusValues[obj.status] !== 0) {
          w.uint32(16)
          DmAck.Status.codec().encode(obj.status, w)
        }

        if ((obj.message != null && obj.message !== '')) {
          w.uint32(26)
          w.string(obj.message)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          crateId: uint8ArrayAlloc(0),
          status: Status.OK,
          message: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.crateId = reader.bytes()
              break
            }
            case 2: {
              obj.status = DmAck.Status.codec().decode(reader)
              break
            }
            case 3: {
              obj.message = reader.string()
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
                field: `${prefix}.crateId`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.status`,
                value: DmAck.Status.codec().decode(reader)
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.message`,
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

  export interface DmAckCrateIdFieldEvent {
    field: '$.crateId'
    value: Uint8Array
  }

  export interface DmAckStatusFieldEvent {
    field: '$.status'
    value: DmAck.Status
  }

  export interface DmAckMessageFieldEvent {
    field: '$.message'
    value: string
  }

  export function encode (obj: Partial<DmAck>): Uint8Array {
    return encodeMessage(obj, DmAck.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DmAck>): DmAck {
    return decodeMessage(buf, DmAck.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DmAck>): Generator<DmAckCrateIdFieldEvent | DmAckStatusFieldEvent | DmAckMessageFieldEvent> {
    return streamMessage(buf, DmAck.codec(), opts)
  }
}
