import { decodeMessage, encodeMessage, enumeration, MaxLengthError, message, streamMessage } from 'protons-runtime'
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export enum EntryKind {
  POST = 'POST',
  FOLLOW = 'FOLLOW',
  UNFOLLOW = 'UNFOLLOW'
}

enum __EntryKindValues {
  POST = 0,
  FOLLOW = 1,
  UNFOLLOW = 2
}

export namespace EntryKind {
  export const codec = (): Codec<EntryKind> => {
    return enumeration<EntryKind>(__EntryKindValues)
  }
}

export interface FeedEntry {
  author: Uint8Array
  seq: bigint
  prev: Uint8Array
  timestamp: bigint
  kind: EntryKind
  body: Uint8Array
  device: string
}

export namespace FeedEntry {
  let _codec: Codec<FeedEntry>

  export const codec = (): Codec<FeedEntry> => {
    if (_codec == null) {
      _codec = message<FeedEntry>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.author != null && obj.author.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.author)
        }

        if ((obj.seq != null && obj.seq !== 0n)) {
          w.uint32(16)
          w.uint64(obj.seq)
        }

        if ((obj.prev != null && obj.prev.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.prev)
        }

        if ((obj.timestamp != null && obj.timestamp !== 0n)) {
          w.uint32(32)
          w.uint64(obj.timestamp)
        }

        if (obj.kind != null && __EntryKindValues[obj.kind] !== 0) {
          w.uint32(40)
          EntryKind.codec().encode(obj.kind, w)
        }

        if ((obj.body != null && obj.body.byteLength > 0)) {
          w.uint32(50)
          w.bytes(obj.body)
        }

        if ((obj.device != null && obj.device !== '')) {
          w.uint32(58)
          w.string(obj.device)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          author: uint8ArrayAlloc(0),
          seq: 0n,
          prev: uint8ArrayAlloc(0),
          timestamp: 0n,
          kind: EntryKind.POST,
          body: uint8ArrayAlloc(0),
          device: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.author = reader.bytes()
              break
            }
            case 2: {
              obj.seq = reader.uint64()
              break
            }
            case 3: {
              obj.prev = reader.bytes()
              break
            }
            case 4: {
              obj.timestamp = reader.uint64()
              break
            }
            case 5: {
              obj.kind = EntryKind.codec().decode(reader)
              break
            }
            case 6: {
              obj.body = reader.bytes()
              break
            }
            case 7: {
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
                field: `${prefix}.author`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.seq`,
                value: reader.uint64()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.prev`,
                value: reader.bytes()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.timestamp`,
                value: reader.uint64()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.kind`,
                value: EntryKind.codec().decode(reader)
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.body`,
                value: reader.bytes()
              }
              break
            }
            case 7: {
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

  export interface FeedEntryAuthorFieldEvent {
    field: '$.author'
    value: Uint8Array
  }

  export interface FeedEntrySeqFieldEvent {
    field: '$.seq'
    value: bigint
  }

  export interface FeedEntryPrevFieldEvent {
    field: '$.prev'
    value: Uint8Array
  }

  export interface FeedEntryTimestampFieldEvent {
    field: '$.timestamp'
    value: bigint
  }

  export interface FeedEntryKindFieldEvent {
    field: '$.kind'
    value: EntryKind
  }

  export interface FeedEntryBodyFieldEvent {
    field: '$.body'
    value: Uint8Array
  }

  export interface FeedEntryDeviceFieldEvent {
    field: '$.device'
    value: string
  }

  export function encode (obj: Partial<FeedEntry>): Uint8Array {
    return encodeMessage(obj, FeedEntry.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<FeedEntry>): FeedEntry {
    return decodeMessage(buf, FeedEntry.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<FeedEntry>): Generator<FeedEntryAuthorFieldEvent | FeedEntrySeqFieldEvent | FeedEntryPrevFieldEvent | FeedEntryTimestampFieldEvent | FeedEntryKindFieldEvent | FeedEntryBodyFieldEvent | FeedEntryDeviceFieldEvent> {
    return streamMessage(buf, FeedEntry.codec(), opts)
  }
}

export interface FollowTarget {
  userKey: Uint8Array
  username: string
}

export namespace FollowTarget {
  let _codec: Codec<FollowTarget>

  export const codec = (): Codec<FollowTarget> => {
    if (_codec == null) {
      _codec = message<FollowTarget>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.userKey != null && obj.userKey.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.userKey)
        }

        if ((obj.username != null && obj.username !== '')) {
          w.uint32(18)
          w.string(obj.username)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          userKey: uint8ArrayAlloc(0),
          username: ''
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
              obj.username = reader.string()
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
                field: `${prefix}.username`,
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

  export interface FollowTargetUserKeyFieldEvent {
    field: '$.userKey'
    value: Uint8Array
  }

  export interface FollowTargetUsernameFieldEvent {
    field: '$.username'
    value: string
  }

  export function encode (obj: Partial<FollowTarget>): Uint8Array {
    return encodeMessage(obj, FollowTarget.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<FollowTarget>): FollowTarget {
    return decodeMessage(buf, FollowTarget.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<FollowTarget>): Generator<FollowTargetUserKeyFieldEvent | FollowTargetUsernameFieldEvent> {
    return streamMessage(buf, FollowTarget.codec(), opts)
  }
}

export interface SignedEntry {
  payload: Uint8Array
  signature: Uint8Array
}

export namespace SignedEntry {
  let _codec: Codec<SignedEntry>

  export const codec = (): Codec<SignedEntry> => {
    if (_codec == null) {
      _codec = message<SignedEntry>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.payload != null && obj.payload.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.payload)
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
          payload: uint8ArrayAlloc(0),
          signature: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.payload = reader.bytes()
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
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.payload`,
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

  export interface SignedEntryPayloadFieldEvent {
    field: '$.payload'
    value: Uint8Array
  }

  export interface SignedEntrySignatureFieldEvent {
    field: '$.signature'
    value: Uint8Array
  }

  export function encode (obj: Partial<SignedEntry>): Uint8Array {
    return encodeMessage(obj, SignedEntry.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SignedEntry>): SignedEntry {
    return decodeMessage(buf, SignedEntry.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SignedEntry>): Generator<SignedEntryPayloadFieldEvent | SignedEntrySignatureFieldEvent> {
    return streamMessage(buf, SignedEntry.codec(), opts)
  }
}

export interface FeedRequest {
  type: FeedRequest.Type
  author: Uint8Array
  afterSeq: bigint
  limit: number
  entry: Uint8Array
  username: string
  device: string
  allDevices: boolean
  heads: ChainHead[]
}

export namespace FeedRequest {
  export enum Type {
    GET_LOG = 'GET_LOG',
    NOTIFY = 'NOTIFY'
  }

  enum __TypeValues {
    GET_LOG = 0,
    NOTIFY = 1
  }

  export namespace Type {
    export const codec = (): Codec<Type> => {
      return enumeration<Type>(__TypeValues)
    }
  }

  let _codec: Codec<FeedRequest>

  export const codec = (): Codec<FeedRequest> => {
    if (_codec == null) {
      _codec = message<FeedRequest>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.type != null && __TypeValues[obj.type] !== 0) {
          w.uint32(8)
          FeedRequest.Type.codec().encode(obj.type, w)
        }

        if ((obj.author != null && obj.author.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.author)
        }

        if ((obj.afterSeq != null && obj.afterSeq !== 0n)) {
          w.uint32(24)
          w.uint64(obj.afterSeq)
        }

        if ((obj.limit != null && obj.limit !== 0)) {
          w.uint32(32)
          w.uint32(obj.limit)
        }

        if ((obj.entry != null && obj.entry.byteLength > 0)) {
          w.uint32(42)
          w.bytes(obj.entry)
        }

        if ((obj.username != null && obj.username !== '')) {
          w.uint32(50)
          w.string(obj.username)
        }

        if ((obj.device != null && obj.device !== '')) {
          w.uint32(58)
          w.string(obj.device)
        }

        if ((obj.allDevices != null && obj.allDevices !== false)) {
          w.uint32(64)
          w.bool(obj.allDevices)
        }

        if (obj.heads != null && obj.heads.length > 0) {
          for (const value of obj.heads) {
            w.uint32(74)
            ChainHead.codec().encode(value, w)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          type: Type.GET_LOG,
          author: uint8ArrayAlloc(0),
          afterSeq: 0n,
          limit: 0,
          entry: uint8ArrayAlloc(0),
          username: '',
          device: '',
          allDevices: false,
          heads: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.type = FeedRequest.Type.codec().decode(reader)
              break
            }
            case 2: {
              obj.author = reader.bytes()
              break
            }
            case 3: {
              obj.afterSeq = reader.uint64()
              break
            }
            case 4: {
              obj.limit = reader.uint32()
              break
            }
            case 5: {
              obj.entry = reader.bytes()
              break
            }
            case 6: {
              obj.username = reader.string()
              break
            }
            case 7: {
              obj.device = reader.string()
              break
            }
            case 8: {
              obj.allDevices = reader.bool()
              break
            }
            case 9: {
              if (opts.limits?.heads != null && obj.heads.length === opts.limits.heads) {
                throw new MaxLengthError('Decode error - repeated field "heads" had too many elements')
              }

              obj.heads.push(ChainHead.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.heads$
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
          heads: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.type`,
                value: FeedRequest.Type.codec().decode(reader)
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.author`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.afterSeq`,
                value: reader.uint64()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.limit`,
                value: reader.uint32()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.entry`,
                value: reader.bytes()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.username`,
                value: reader.string()
              }
              break
            }
            case 7: {
              yield {
                field: `${prefix}.device`,
                value: reader.string()
              }
              break
            }
            case 8: {
              yield {
                field: `${prefix}.allDevices`,
                value: reader.bool()
              }
              break
            }
            case 9: {
              if (opts.limits?.heads != null && obj.heads === opts.limits.heads) {
                throw new MaxLengthError('Streaming decode error - repeated field "heads" had too many elements')
              }

              for (const evt of ChainHead.codec().stream(reader, reader.uint32(), `${prefix}.heads[]`, {
                limits: opts.limits?.heads$
              })) {
                yield {
                  ...evt,
                  index: obj.heads
                }
              }

              obj.heads++

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

  export interface FeedRequestTypeFieldEvent {
    field: '$.type'
    value: FeedRequest.Type
  }

  export interface FeedRequestAuthorFieldEvent {
    field: '$.author'
    value: Uint8Array
  }

  export interface FeedRequestAfterSeqFieldEvent {
    field: '$.afterSeq'
    value: bigint
  }

  export interface FeedRequestLimitFieldEvent {
    field: '$.limit'
    value: number
  }

  export interface FeedRequestEntryFieldEvent {
    field: '$.entry'
    value: Uint8Array
  }

  export interface FeedRequestUsernameFieldEvent {
    field: '$.username'
    value: string
  }

  export interface FeedRequestDeviceFieldEvent {
    field: '$.device'
    value: string
  }

  export interface FeedRequestAllDevicesFieldEvent {
    field: '$.allDevices'
    value: boolean
  }

  export interface FeedRequestHeadsDeviceFieldEvent {
    field: '$.heads[].device'
    value: string
    index: number
  }

  export interface FeedRequestHeadsSeqFieldEvent {
    field: '$.heads[].seq'
    value: bigint
    index: number
  }

  export function encode (obj: Partial<FeedRequest>): Uint8Array {
    return encodeMessage(obj, FeedRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<FeedRequest>): FeedRequest {
    return decodeMessage(buf, FeedRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<FeedRequest>): Generator<FeedRequestTypeFieldEvent | FeedRequestAuthorFieldEvent | FeedRequestAfterSeqFieldEvent | FeedRequestLimitFieldEvent | FeedRequestEntryFieldEvent | FeedRequestUsernameFieldEvent | FeedRequestDeviceFieldEvent | FeedRequestAllDevicesFieldEvent | FeedRequestHeadsDeviceFieldEvent | FeedRequestHeadsSeqFieldEvent> {
    return streamMessage(buf, FeedRequest.codec(), opts)
  }
}

export interface ChainHead {
  device: string
  seq: bigint
}

export namespace ChainHead {
  let _codec: Codec<ChainHead>

  export const codec = (): Codec<ChainHead> => {
    if (_codec == null) {
      _codec = message<ChainHead>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.device != null && obj.device !== '')) {
          w.uint32(10)
          w.string(obj.device)
        }

        if ((obj.seq != null && obj.seq !== 0n)) {
          w.uint32(16)
          w.uint64(obj.seq)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          device: '',
          seq: 0n
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.device = reader.string()
              break
            }
            case 2: {
              obj.seq = reader.uint64()
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
                field: `${prefix}.device`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.seq`,
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

  export interface ChainHeadDeviceFieldEvent {
    field: '$.device'
    value: string
  }

  export interface ChainHeadSeqFieldEvent {
    field: '$.seq'
    value: bigint
  }

  export function encode (obj: Partial<ChainHead>): Uint8Array {
    return encodeMessage(obj, ChainHead.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ChainHead>): ChainHead {
    return decodeMessage(buf, ChainHead.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ChainHead>): Generator<ChainHeadDeviceFieldEvent | ChainHeadSeqFieldEvent> {
    return streamMessage(buf, ChainHead.codec(), opts)
  }
}

export interface FeedResponse {
  status: FeedResponse.Status
  entry: Uint8Array
  message: string
}

export namespace FeedResponse {
  export enum Status {
    OK = 'OK',
    ENTRY = 'ENTRY',
    BAD_REQUEST = 'BAD_REQUEST',
    ERROR = 'ERROR'
  }

  enum __StatusValues {
    OK = 0,
    ENTRY = 1,
    BAD_REQUEST = 2,
    ERROR = 3
  }

  export namespace Status {
    export const codec = (): Codec<Status> => {
      return enumeration<Status>(__StatusValues)
    }
  }

  let _codec: Codec<FeedResponse>

  export const codec = (): Codec<FeedResponse> => {
    if (_codec == null) {
      _codec = message<FeedResponse>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.status != null && __StatusValues[obj.status] !== 0) {
          w.uint32(8)
          FeedResponse.Status.codec().encode(obj.status, w)
        }

        if ((obj.entry != null && obj.entry.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.entry)
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
          status: Status.OK,
          entry: uint8ArrayAlloc(0),
          message: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.status = FeedResponse.Status.codec().decode(reader)
              break
            }
            case 2: {
              obj.entry = reader.bytes()
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
                field: `${prefix}.status`,
                value: FeedResponse.Status.codec().decode(reader)
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.entry`,
                value: reader.bytes()
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

  export interface FeedResponseStatusFieldEvent {
    field: '$.status'
    value: FeedResponse.Status
  }

  export interface FeedResponseEntryFieldEvent {
    field: '$.entry'
    value: Uint8Array
  }

  export interface FeedResponseMessageFieldEvent {
    field: '$.message'
    value: string
  }

  export function encode (obj: Partial<FeedResponse>): Uint8Array {
    return encodeMessage(obj, FeedResponse.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<FeedResponse>): FeedResponse {
    return decodeMessage(buf, FeedResponse.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<FeedResponse>): Generator<FeedResponseStatusFieldEvent | FeedResponseEntryFieldEvent | FeedResponseMessageFieldEvent> {
    return streamMessage(buf, FeedResponse.codec(), opts)
  }
}

export interface BlockRequest {
  type: BlockRequest.Type
  cids: Uint8Array[]
  follow: boolean
  maxBlocks: number
  blocks: Block[]
  batch: boolean
}

export namespace BlockRequest {
  export enum Type {
    GET = 'GET',
    PUT = 'PUT'
  }

  enum __TypeValues {
    GET = 0,
    PUT = 1
  }

  export namespace Type {
    export const codec = (): Codec<Type> => {
      return enumeration<Type>(__TypeValues)
    }
  }

  let _codec: Codec<BlockRequest>

  export const codec = (): Codec<BlockRequest> => {
    if (_codec == null) {
      _codec = message<BlockRequest>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.type != null && __TypeValues[obj.type] !== 0) {
          w.uint32(8)
          BlockRequest.Type.codec().encode(obj.type, w)
        }

        if (obj.cids != null && obj.cids.length > 0) {
          for (const value of obj.cids) {
            w.uint32(18)
            w.bytes(value)
          }
        }

        if ((obj.follow != null && obj.follow !== false)) {
          w.uint32(24)
          w.bool(obj.follow)
        }

        if ((obj.maxBlocks != null && obj.maxBlocks !== 0)) {
          w.uint32(32)
          w.uint32(obj.maxBlocks)
        }

        if (obj.blocks != null && obj.blocks.length > 0) {
          for (const value of obj.blocks) {
            w.uint32(42)
            Block.codec().encode(value, w)
          }
        }

        if ((obj.batch != null && obj.batch !== false)) {
          w.uint32(48)
          w.bool(obj.batch)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          type: Type.GET,
          cids: [],
          follow: false,
          maxBlocks: 0,
          blocks: [],
          batch: false
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.type = BlockRequest.Type.codec().decode(reader)
              break
            }
            case 2: {
              if (opts.limits?.cids != null && obj.cids.length === opts.limits.cids) {
                throw new MaxLengthError('Decode error - repeated field "cids" had too many elements')
              }

              obj.cids.push(reader.bytes())
              break
            }
            case 3: {
              obj.follow = reader.bool()
              break
            }
            case 4: {
              obj.maxBlocks = reader.uint32()
              break
            }
            case 5: {
              if (opts.limits?.blocks != null && obj.blocks.length === opts.limits.blocks) {
                throw new MaxLengthError('Decode error - repeated field "blocks" had too many elements')
              }

              obj.blocks.push(Block.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.blocks$
              }))
              break
            }
            case 6: {
              obj.batch = reader.bool()
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
          cids: 0,
          blocks: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.type`,
                value: BlockRequest.Type.codec().decode(reader)
              }
              break
            }
            case 2: {
              if (opts.limits?.cids != null && obj.cids === opts.limits.cids) {
                throw new MaxLengthError('Streaming decode error - repeated field "cids" had too many elements')
              }

              yield {
                field: `${prefix}.cids[]`,
                index: obj.cids,
                value: reader.bytes()
              }

              obj.cids++

              break
            }
            case 3: {
              yield {
                field: `${prefix}.follow`,
                value: reader.bool()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.maxBlocks`,
                value: reader.uint32()
              }
              break
            }
            case 5: {
              if (opts.limits?.blocks != null && obj.blocks === opts.limits.blocks) {
                throw new MaxLengthError('Streaming decode error - repeated field "blocks" had too many elements')
              }

              for (const evt of Block.codec().stream(reader, reader.uint32(), `${prefix}.blocks[]`, {
                limits: opts.limits?.blocks$
              })) {
                yield {
                  ...evt,
                  index: obj.blocks
                }
              }

              obj.blocks++

              break
            }
            case 6: {
              yield {
                field: `${prefix}.batch`,
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

  export interface BlockRequestTypeFieldEvent {
    field: '$.type'
    value: BlockRequest.Type
  }

  export interface BlockRequestCidsFieldEvent {
    field: '$.cids[]'
    index: number
    value: Uint8Array
  }

  export interface BlockRequestFollowFieldEvent {
    field: '$.follow'
    value: boolean
  }

  export interface BlockRequestMaxBlocksFieldEvent {
    field: '$.maxBlocks'
    value: number
  }

  export interface BlockRequestBlocksCidFieldEvent {
    field: '$.blocks[].cid'
    value: Uint8Array
    index: number
  }

  export interface BlockRequestBlocksDataFieldEvent {
    field: '$.blocks[].data'
    value: Uint8Array
    index: number
  }

  export interface BlockRequestBatchFieldEvent {
    field: '$.batch'
    value: boolean
  }

  export function encode (obj: Partial<BlockRequest>): Uint8Array {
    return encodeMessage(obj, BlockRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<BlockRequest>): BlockRequest {
    return decodeMessage(buf, BlockRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<BlockRequest>): Generator<BlockRequestTypeFieldEvent | BlockRequestCidsFieldEvent | BlockRequestFollowFieldEvent | BlockRequestMaxBlocksFieldEvent | BlockRequestBlocksCidFieldEvent | BlockRequestBlocksDataFieldEvent | BlockRequestBatchFieldEvent> {
    return streamMessage(buf, BlockRequest.codec(), opts)
  }
}

export interface Block {
  cid: Uint8Array
  data: Uint8Array
}

export namespace Block {
  let _codec: Codec<Block>

  export const codec = (): Codec<Block> => {
    if (_codec == null) {
      _codec = message<Block>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.cid != null && obj.cid.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.cid)
        }

        if ((obj.data != null && obj.data.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.data)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          cid: uint8ArrayAlloc(0),
          data: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.cid = reader.bytes()
              break
            }
            case 2: {
              obj.data = reader.bytes()
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
                field: `${prefix}.cid`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.data`,
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

  export interface BlockCidFieldEvent {
    field: '$.cid'
    value: Uint8Array
  }

  export interface BlockDataFieldEvent {
    field: '$.data'
    value: Uint8Array
  }

  export function encode (obj: Partial<Block>): Uint8Array {
    return encodeMessage(obj, Block.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Block>): Block {
    return decodeMessage(buf, Block.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Block>): Generator<BlockCidFieldEvent | BlockDataFieldEvent> {
    return streamMessage(buf, Block.codec(), opts)
  }
}

export interface BlockResponse {
  status: BlockResponse.Status
  block?: Block
  message: string
  blocks: Block[]
}

export namespace BlockResponse {
  export enum Status {
    BLOCK = 'BLOCK',
    DONE = 'DONE',
    BAD_REQUEST = 'BAD_REQUEST',
    BLOCKS = 'BLOCKS'
  }

  enum __StatusValues {
    BLOCK = 0,
    DONE = 1,
    BAD_REQUEST = 2,
    BLOCKS = 3
  }

  export namespace Status {
    export const codec = (): Codec<Status> => {
      return enumeration<Status>(__StatusValues)
    }
  }

  let _codec: Codec<BlockResponse>

  export const codec = (): Codec<BlockResponse> => {
    if (_codec == null) {
      _codec = message<BlockResponse>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.status != null && __StatusValues[obj.status] !== 0) {
          w.uint32(8)
          BlockResponse.Status.codec().encode(obj.status, w)
        }

        if (obj.block != null) {
          w.uint32(18)
          Block.codec().encode(obj.block, w)
        }

        if ((obj.message != null && obj.message !== '')) {
          w.uint32(26)
          w.string(obj.message)
        }

        if (obj.blocks != null && obj.blocks.length > 0) {
          for (const value of obj.blocks) {
            w.uint32(34)
            Block.codec().encode(value, w)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          status: Status.BLOCK,
          message: '',
          blocks: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.status = BlockResponse.Status.codec().decode(reader)
              break
            }
            case 2: {
              obj.block = Block.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.block
              })
              break
            }
            case 3: {
              obj.message = reader.string()
              break
            }
            case 4: {
              if (opts.limits?.blocks != null && obj.blocks.length === opts.limits.blocks) {
                throw new MaxLengthError('Decode error - repeated field "blocks" had too many elements')
              }

              obj.blocks.push(Block.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.blocks$
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
          blocks: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.status`,
                value: BlockResponse.Status.codec().decode(reader)
              }
              break
            }
            case 2: {
              yield * Block.codec().stream(reader, reader.uint32(), `${prefix}.block`, {
                limits: opts.limits?.block
              })

              break
            }
            case 3: {
              yield {
                field: `${prefix}.message`,
                value: reader.string()
              }
              break
            }
            case 4: {
              if (opts.limits?.blocks != null && obj.blocks === opts.limits.blocks) {
                throw new MaxLengthError('Streaming decode error - repeated field "blocks" had too many elements')
              }

              for (const evt of Block.codec().stream(reader, reader.uint32(), `${prefix}.blocks[]`, {
                limits: opts.limits?.blocks$
              })) {
                yield {
                  ...evt,
                  index: obj.blocks
                }
              }

              obj.blocks++

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

  export interface BlockResponseStatusFieldEvent {
    field: '$.status'
    value: BlockResponse.Status
  }

  export interface BlockResponseBlockCidFieldEvent {
    field: '$.block.cid'
    value: Uint8Array
  }

  export interface BlockResponseBlockDataFieldEvent {
    field: '$.block.data'
    value: Uint8Array
  }

  export interface BlockResponseMessageFieldEvent {
    field: '$.message'
    value: string
  }

  export interface BlockResponseBlocksCidFieldEvent {
    field: '$.blocks[].cid'
    value: Uint8Array
    index: number
  }

  export interface BlockResponseBlocksDataFieldEvent {
    field: '$.blocks[].data'
    value: Uint8Array
    index: number
  }

  export function encode (obj: Partial<BlockResponse>): Uint8Array {
    return encodeMessage(obj, BlockResponse.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<BlockResponse>): BlockResponse {
    return decodeMessage(buf, BlockResponse.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<BlockResponse>): Generator<BlockResponseStatusFieldEvent | BlockResponseBlockCidFieldEvent | BlockResponseBlockDataFieldEvent | BlockResponseMessageFieldEvent | BlockResponseBlocksCidFieldEvent | BlockResponseBlocksDataFieldEvent> {
    return streamMessage(buf, BlockResponse.codec(), opts)
  }
}

export interface FollowerSummary {
  userKey: Uint8Array
  signedAt: bigint
  follows: Uint8Array[]
  total: number
}

export namespace FollowerSummary {
  let _codec: Codec<FollowerSummary>

  export const codec = (): Codec<FollowerSummary> => {
    if (_codec == null) {
      _codec = message<FollowerSummary>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.userKey != null && obj.userKey.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.userKey)
        }

        if ((obj.signedAt != null && obj.signedAt !== 0n)) {
          w.uint32(16)
          w.uint64(obj.signedAt)
        }

        if (obj.follows != null && obj.follows.length > 0) {
          for (const value of obj.follows) {
            w.uint32(26)
            w.bytes(value)
          }
        }

        if ((obj.total != null && obj.total !== 0)) {
          w.uint32(32)
          w.uint32(obj.total)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          userKey: uint8ArrayAlloc(0),
          signedAt: 0n,
          follows: [],
          total: 0
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
              obj.signedAt = reader.uint64()
              break
            }
            case 3: {
              if (opts.limits?.follows != null && obj.follows.length === opts.limits.follows) {
                throw new MaxLengthError('Decode error - repeated field "follows" had too many elements')
              }

              obj.follows.push(reader.bytes())
              break
            }
            case 4: {
              obj.total = reader.uint32()
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
          follows: 0
        }

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
                field: `${prefix}.signedAt`,
                value: reader.uint64()
              }
              break
            }
            case 3: {
              if (opts.limits?.follows != null && obj.follows === opts.limits.follows) {
                throw new MaxLengthError('Streaming decode error - repeated field "follows" had too many elements')
              }

              yield {
                field: `${prefix}.follows[]`,
                index: obj.follows,
                value: reader.bytes()
              }

              obj.follows++

              break
            }
            case 4: {
              yield {
                field: `${prefix}.total`,
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

  export interface FollowerSummaryUserKeyFieldEvent {
    field: '$.userKey'
    value: Uint8Array
  }

  export interface FollowerSummarySignedAtFieldEvent {
    field: '$.signedAt'
    value: bigint
  }

  export interface FollowerSummaryFollowsFieldEvent {
    field: '$.follows[]'
    index: number
    value: Uint8Array
  }

  export interface FollowerSummaryTotalFieldEvent {
    field: '$.total'
    value: number
  }

  export function encode (obj: Partial<FollowerSummary>): Uint8Array {
    return encodeMessage(obj, FollowerSummary.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<FollowerSummary>): FollowerSummary {
    return decodeMessage(buf, FollowerSummary.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<FollowerSummary>): Generator<FollowerSummaryUserKeyFieldEvent | FollowerSummarySignedAtFieldEvent | FollowerSummaryFollowsFieldEvent | FollowerSummaryTotalFieldEvent> {
    return streamMessage(buf, FollowerSummary.codec(), opts)
  }
}

export interface SignedFollowerSummary {
  payload: Uint8Array
  signature: Uint8Array
}

export namespace SignedFollowerSummary {
  let _codec: Codec<SignedFollowerSummary>

  export const codec = (): Codec<SignedFollowerSummary> => {
    if (_codec == null) {
      _codec = message<SignedFollowerSummary>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.payload != null && obj.payload.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.payload)
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
          payload: uint8ArrayAlloc(0),
          signature: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.payload = reader.bytes()
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
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.payload`,
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

  export interface SignedFollowerSummaryPayloadFieldEvent {
    field: '$.payload'
    value: Uint8Array
  }

  export interface SignedFollowerSummarySignatureFieldEvent {
    field: '$.signature'
    value: Uint8Array
  }

  export function encode (obj: Partial<SignedFollowerSummary>): Uint8Array {
    return encodeMessage(obj, SignedFollowerSummary.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SignedFollowerSummary>): SignedFollowerSummary {
    return decodeMessage(buf, SignedFollowerSummary.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SignedFollowerSummary>): Generator<SignedFollowerSummaryPayloadFieldEvent | SignedFollowerSummarySignatureFieldEvent> {
    return streamMessage(buf, SignedFollowerSummary.codec(), opts)
  }
}
