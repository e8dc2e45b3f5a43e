import { decodeMessage, encodeMessage, enumeration, MaxLengthError, message, streamMessage } from 'protons-runtime'
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface DmPayload {
  messages: TextMessage[]
  receipt?: Receipt
  grant?: DepositGrant
  sent: SentCopy[]
  read?: ReadSync
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

        if (obj.sent != null && obj.sent.length > 0) {
          for (const value of obj.sent) {
            w.uint32(34)
            SentCopy.codec().encode(value, w)
          }
        }

        if (obj.read != null) {
          w.uint32(42)
          ReadSync.codec().encode(obj.read, w)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          messages: [],
          sent: []
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
            case 4: {
              if (opts.limits?.sent != null && obj.sent.length === opts.limits.sent) {
                throw new MaxLengthError('Decode error - repeated field "sent" had too many elements')
              }

              obj.sent.push(SentCopy.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.sent$
              }))
              break
            }
            case 5: {
              obj.read = ReadSync.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.read
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
          messages: 0,
          sent: 0
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
            case 4: {
              if (opts.limits?.sent != null && obj.sent === opts.limits.sent) {
                throw new MaxLengthError('Streaming decode error - repeated field "sent" had too many elements')
              }

              for (const evt of SentCopy.codec().stream(reader, reader.uint32(), `${prefix}.sent[]`, {
                limits: opts.limits?.sent$
              })) {
                yield {
                  ...evt,
                  index: obj.sent
                }
              }

              obj.sent++

              break
            }
            case 5: {
              yield * ReadSync.codec().stream(reader, reader.uint32(), `${prefix}.read`, {
                limits: opts.limits?.read
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

  export interface DmPayloadSentMessageIdFieldEvent {
    field: '$.sent[].message.id'
    value: string
    index: number
  }

  export interface DmPayloadSentMessageTextFieldEvent {
    field: '$.sent[].message.text'
    value: string
    index: number
  }

  export interface DmPayloadSentMessageTimestampFieldEvent {
    field: '$.sent[].message.timestamp'
    value: bigint
    index: number
  }

  export interface DmPayloadSentMessageToFieldEvent {
    field: '$.sent[].message.to[]'
    index: number
    value: string
  }

  export interface DmPayloadSentRecipientsUsernameFieldEvent {
    field: '$.sent[].recipients[].username'
    value: string
    index: number
  }

  export interface DmPayloadSentRecipientsUserKeyFieldEvent {
    field: '$.sent[].recipients[].userKey'
    value: Uint8Array
    index: number
  }

  export interface DmPayloadSentRecipientsStatusFieldEvent {
    field: '$.sent[].recipients[].status'
    value: string
    index: number
  }

  export interface DmPayloadSentRecipientsStoredOnFieldEvent {
    field: '$.sent[].recipients[].storedOn'
    value: number
    index: number
  }

  export interface DmPayloadSentRecipientsPathFieldEvent {
    field: '$.sent[].recipients[].path'
    value: string
    index: number
  }

  export interface DmPayloadReadMessagesSenderKeyFieldEvent {
    field: '$.read.messages[].senderKey'
    value: Uint8Array
    index: number
  }

  export interface DmPayloadReadMessagesIdFieldEvent {
    field: '$.read.messages[].id'
    value: string
    index: number
  }

  export interface DmPayloadReadAtFieldEvent {
    field: '$.read.at'
    value: bigint
  }

  export function encode (obj: Partial<DmPayload>): Uint8Array {
    return encodeMessage(obj, DmPayload.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DmPayload>): DmPayload {
    return decodeMessage(buf, DmPayload.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DmPayload>): Generator<DmPayloadMessagesIdFieldEvent | DmPayloadMessagesTextFieldEvent | DmPayloadMessagesTimestampFieldEvent | DmPayloadMessagesToFieldEvent | DmPayloadReceiptKindFieldEvent | DmPayloadReceiptMessageIdsFieldEvent | DmPayloadReceiptAtFieldEvent | DmPayloadGrantDepositorSecretFieldEvent | DmPayloadGrantGrantFieldEvent | DmPayloadSentMessageIdFieldEvent | DmPayloadSentMessageTextFieldEvent | DmPayloadSentMessageTimestampFieldEvent | DmPayloadSentMessageToFieldEvent | DmPayloadSentRecipientsUsernameFieldEvent | DmPayloadSentRecipientsUserKeyFieldEvent | DmPayloadSentRecipientsStatusFieldEvent | DmPayloadSentRecipientsStoredOnFieldEvent | DmPayloadSentRecipientsPathFieldEvent | DmPayloadReadMessagesSenderKeyFieldEvent | DmPayloadReadMessagesIdFieldEvent | DmPayloadReadAtFieldEvent> {
    return streamMessage(buf, DmPayload.codec(), opts)
  }
}

export interface SentCopy {
  message?: TextMessage
  recipients: SentRecipient[]
}

export namespace SentCopy {
  let _codec: Codec<SentCopy>

  export const codec = (): Codec<SentCopy> => {
    if (_codec == null) {
      _codec = message<SentCopy>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.message != null) {
          w.uint32(10)
          TextMessage.codec().encode(obj.message, w)
        }

        if (obj.recipients != null && obj.recipients.length > 0) {
          for (const value of obj.recipients) {
            w.uint32(18)
            SentRecipient.codec().encode(value, w)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          recipients: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.message = TextMessage.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.message
              })
              break
            }
            case 2: {
              if (opts.limits?.recipients != null && obj.recipients.length === opts.limits.recipients) {
                throw new MaxLengthError('Decode error - repeated field "recipients" had too many elements')
              }

              obj.recipients.push(SentRecipient.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.recipients$
              }))
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
          recipients: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield * TextMessage.codec().stream(reader, reader.uint32(), `${prefix}.message`, {
                limits: opts.limits?.message
              })

              break
            }
            case 2: {
              if (opts.limits?.recipients != null && obj.recipients === opts.limits.recipients) {
                throw new MaxLengthError('Streaming decode error - repeated field "recipients" had too many elements')
              }

              for (const evt of SentRecipient.codec().stream(reader, reader.uint32(), `${prefix}.recipients[]`, {
                limits: opts.limits?.recipients$
              })) {
                yield {
                  ...evt,
                  index: obj.recipients
                }
              }

              obj.recipients++

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

  export interface SentCopyMessageIdFieldEvent {
    field: '$.message.id'
    value: string
  }

  export interface SentCopyMessageTextFieldEvent {
    field: '$.message.text'
    value: string
  }

  export interface SentCopyMessageTimestampFieldEvent {
    field: '$.message.timestamp'
    value: bigint
  }

  export interface SentCopyMessageToFieldEvent {
    field: '$.message.to[]'
    index: number
    value: string
  }

  export interface SentCopyRecipientsUsernameFieldEvent {
    field: '$.recipients[].username'
    value: string
    index: number
  }

  export interface SentCopyRecipientsUserKeyFieldEvent {
    field: '$.recipients[].userKey'
    value: Uint8Array
    index: number
  }

  export interface SentCopyRecipientsStatusFieldEvent {
    field: '$.recipients[].status'
    value: string
    index: number
  }

  export interface SentCopyRecipientsStoredOnFieldEvent {
    field: '$.recipients[].storedOn'
    value: number
    index: number
  }

  export interface SentCopyRecipientsPathFieldEvent {
    field: '$.recipients[].path'
    value: string
    index: number
  }

  export function encode (obj: Partial<SentCopy>): Uint8Array {
    return encodeMessage(obj, SentCopy.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SentCopy>): SentCopy {
    return decodeMessage(buf, SentCopy.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SentCopy>): Generator<SentCopyMessageIdFieldEvent | SentCopyMessageTextFieldEvent | SentCopyMessageTimestampFieldEvent | SentCopyMessageToFieldEvent | SentCopyRecipientsUsernameFieldEvent | SentCopyRecipientsUserKeyFieldEvent | SentCopyRecipientsStatusFieldEvent | SentCopyRecipientsStoredOnFieldEvent | SentCopyRecipientsPathFieldEvent> {
    return streamMessage(buf, SentCopy.codec(), opts)
  }
}

export interface SentRecipient {
  username: string
  userKey: Uint8Array
  status: string
  storedOn: number
  path: string
}

export namespace SentRecipient {
  let _codec: Codec<SentRecipient>

  export const codec = (): Codec<SentRecipient> => {
    if (_codec == null) {
      _codec = message<SentRecipient>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.username != null && obj.username !== '')) {
          w.uint32(10)
          w.string(obj.username)
        }

        if ((obj.userKey != null && obj.userKey.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.userKey)
        }

        if ((obj.status != null && obj.status !== '')) {
          w.uint32(26)
          w.string(obj.status)
        }

        if ((obj.storedOn != null && obj.storedOn !== 0)) {
          w.uint32(32)
          w.uint32(obj.storedOn)
        }

        if ((obj.path != null && obj.path !== '')) {
          w.uint32(42)
          w.string(obj.path)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          username: '',
          userKey: uint8ArrayAlloc(0),
          status: '',
          storedOn: 0,
          path: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.username = reader.string()
              break
            }
            case 2: {
              obj.userKey = reader.bytes()
              break
            }
            case 3: {
              obj.status = reader.string()
              break
            }
            case 4: {
              obj.storedOn = reader.uint32()
              break
            }
            case 5: {
              obj.path = reader.string()
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
                field: `${prefix}.username`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.userKey`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.status`,
                value: reader.string()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.storedOn`,
                value: reader.uint32()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.path`,
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

  export interface SentRecipientUsernameFieldEvent {
    field: '$.username'
    value: string
  }

  export interface SentRecipientUserKeyFieldEvent {
    field: '$.userKey'
    value: Uint8Array
  }

  export interface SentRecipientStatusFieldEvent {
    field: '$.status'
    value: string
  }

  export interface SentRecipientStoredOnFieldEvent {
    field: '$.storedOn'
    value: number
  }

  export interface SentRecipientPathFieldEvent {
    field: '$.path'
    value: string
  }

  export function encode (obj: Partial<SentRecipient>): Uint8Array {
    return encodeMessage(obj, SentRecipient.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SentRecipient>): SentRecipient {
    return decodeMessage(buf, SentRecipient.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SentRecipient>): Generator<SentRecipientUsernameFieldEvent | SentRecipientUserKeyFieldEvent | SentRecipientStatusFieldEvent | SentRecipientStoredOnFieldEvent | SentRecipientPathFieldEvent> {
    return streamMessage(buf, SentRecipient.codec(), opts)
  }
}

export interface ReadSync {
  messages: ReadMessage[]
  at: bigint
}

export namespace ReadSync {
  let _codec: Codec<ReadSync>

  export const codec = (): Codec<ReadSync> => {
    if (_codec == null) {
      _codec = message<ReadSync>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.messages != null && obj.messages.length > 0) {
          for (const value of obj.messages) {
            w.uint32(10)
            ReadMessage.codec().encode(value, w)
          }
        }

        if ((obj.at != null && obj.at !== 0n)) {
          w.uint32(16)
          w.uint64(obj.at)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          messages: [],
          at: 0n
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.messages != null && obj.messages.length === opts.limits.messages) {
                throw new MaxLengthError('Decode error - repeated field "messages" had too many elements')
              }

              obj.messages.push(ReadMessage.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.messages$
              }))
              break
            }
            case 2: {
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

              for (const evt of ReadMessage.codec().stream(reader, reader.uint32(), `${prefix}.messages[]`, {
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

  export interface ReadSyncMessagesSenderKeyFieldEvent {
    field: '$.messages[].senderKey'
    value: Uint8Array
    index: number
  }

  export interface ReadSyncMessagesIdFieldEvent {
    field: '$.messages[].id'
    value: string
    index: number
  }

  export interface ReadSyncAtFieldEvent {
    field: '$.at'
    value: bigint
  }

  export function encode (obj: Partial<ReadSync>): Uint8Array {
    return encodeMessage(obj, ReadSync.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ReadSync>): ReadSync {
    return decodeMessage(buf, ReadSync.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ReadSync>): Generator<ReadSyncMessagesSenderKeyFieldEvent | ReadSyncMessagesIdFieldEvent | ReadSyncAtFieldEvent> {
    return streamMessage(buf, ReadSync.codec(), opts)
  }
}

export interface ReadMessage {
  senderKey: Uint8Array
  id: string
}

export namespace ReadMessage {
  let _codec: Codec<ReadMessage>

  export const codec = (): Codec<ReadMessage> => {
    if (_codec == null) {
      _codec = message<ReadMessage>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.senderKey != null && obj.senderKey.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.senderKey)
        }

        if ((obj.id != null && obj.id !== '')) {
          w.uint32(18)
          w.string(obj.id)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          senderKey: uint8ArrayAlloc(0),
          id: ''
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
              obj.id = reader.string()
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
                field: `${prefix}.id`,
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

  export interface ReadMessageSenderKeyFieldEvent {
    field: '$.senderKey'
    value: Uint8Array
  }

  export interface ReadMessageIdFieldEvent {
    field: '$.id'
    value: string
  }

  export function encode (obj: Partial<ReadMessage>): Uint8Array {
    return encodeMessage(obj, ReadMessage.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ReadMessage>): ReadMessage {
    return decodeMessage(buf, ReadMessage.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ReadMessage>): Generator<ReadMessageSenderKeyFieldEvent | ReadMessageIdFieldEvent> {
    return streamMessage(buf, ReadMessage.codec(), opts)
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
