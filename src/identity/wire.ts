import { decodeMessage, encodeMessage, enumeration, MaxLengthError, message, streamMessage } from 'protons-runtime'
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface SignedRecord {
  type: string
  payload: Uint8Array
  signature: Uint8Array
}

export namespace SignedRecord {
  let _codec: Codec<SignedRecord>

  export const codec = (): Codec<SignedRecord> => {
    if (_codec == null) {
      _codec = message<SignedRecord>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.type != null && obj.type !== '')) {
          w.uint32(10)
          w.string(obj.type)
        }

        if ((obj.payload != null && obj.payload.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.payload)
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
          type: '',
          payload: uint8ArrayAlloc(0),
          signature: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.type = reader.string()
              break
            }
            case 2: {
              obj.payload = reader.bytes()
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
                field: `${prefix}.type`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.payload`,
                value: reader.bytes()
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

  export interface SignedRecordTypeFieldEvent {
    field: '$.type'
    value: string
  }

  export interface SignedRecordPayloadFieldEvent {
    field: '$.payload'
    value: Uint8Array
  }

  export interface SignedRecordSignatureFieldEvent {
    field: '$.signature'
    value: Uint8Array
  }

  export function encode (obj: Partial<SignedRecord>): Uint8Array {
    return encodeMessage(obj, SignedRecord.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SignedRecord>): SignedRecord {
    return decodeMessage(buf, SignedRecord.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SignedRecord>): Generator<SignedRecordTypeFieldEvent | SignedRecordPayloadFieldEvent | SignedRecordSignatureFieldEvent> {
    return streamMessage(buf, SignedRecord.codec(), opts)
  }
}

export interface NameClaim {
  username: string
  userKey: Uint8Array
  createdAt: bigint
}

export namespace NameClaim {
  let _codec: Codec<NameClaim>

  export const codec = (): Codec<NameClaim> => {
    if (_codec == null) {
      _codec = message<NameClaim>((obj, w, opts = {}) => {
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

        if ((obj.createdAt != null && obj.createdAt !== 0n)) {
          w.uint32(24)
          w.uint64(obj.createdAt)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          username: '',
          userKey: uint8ArrayAlloc(0),
          createdAt: 0n
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
              obj.createdAt = reader.uint64()
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
                field: `${prefix}.createdAt`,
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

  export interface NameClaimUsernameFieldEvent {
    field: '$.username'
    value: string
  }

  export interface NameClaimUserKeyFieldEvent {
    field: '$.userKey'
    value: Uint8Array
  }

  export interface NameClaimCreatedAtFieldEvent {
    field: '$.createdAt'
    value: bigint
  }

  export function encode (obj: Partial<NameClaim>): Uint8Array {
    return encodeMessage(obj, NameClaim.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<NameClaim>): NameClaim {
    return decodeMessage(buf, NameClaim.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<NameClaim>): Generator<NameClaimUsernameFieldEvent | NameClaimUserKeyFieldEvent | NameClaimCreatedAtFieldEvent> {
    return streamMessage(buf, NameClaim.codec(), opts)
  }
}

export interface Device {
  peerId: string
  addrs: string[]
  addedAt: bigint
  name: string
  lastSeen: bigint
}

export namespace Device {
  let _codec: Codec<Device>

  export const codec = (): Codec<Device> => {
    if (_codec == null) {
      _codec = message<Device>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.peerId != null && obj.peerId !== '')) {
          w.uint32(10)
          w.string(obj.peerId)
        }

        if (obj.addrs != null && obj.addrs.length > 0) {
          for (const value of obj.addrs) {
            w.uint32(18)
            w.string(value)
          }
        }

        if ((obj.addedAt != null && obj.addedAt !== 0n)) {
          w.uint32(24)
          w.uint64(obj.addedAt)
        }

        if ((obj.name != null && obj.name !== '')) {
          w.uint32(34)
          w.string(obj.name)
        }

        if ((obj.lastSeen != null && obj.lastSeen !== 0n)) {
          w.uint32(40)
          w.uint64(obj.lastSeen)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          peerId: '',
          addrs: [],
          addedAt: 0n,
          name: '',
          lastSeen: 0n
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.peerId = reader.string()
              break
            }
            case 2: {
              if (opts.limits?.addrs != null && obj.addrs.length === opts.limits.addrs) {
                throw new MaxLengthError('Decode error - repeated field "addrs" had too many elements')
              }

              obj.addrs.push(reader.string())
              break
            }
            case 3: {
              obj.addedAt = reader.uint64()
              break
            }
            case 4: {
              obj.name = reader.string()
              break
            }
            case 5: {
              obj.lastSeen = reader.uint64()
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
          addrs: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.peerId`,
                value: reader.string()
              }
              break
            }
            case 2: {
              if (opts.limits?.addrs != null && obj.addrs === opts.limits.addrs) {
                throw new MaxLengthError('Streaming decode error - repeated field "addrs" had too many elements')
              }

              yield {
                field: `${prefix}.addrs[]`,
                index: obj.addrs,
                value: reader.string()
              }

              obj.addrs++

              break
            }
            case 3: {
              yield {
                field: `${prefix}.addedAt`,
                value: reader.uint64()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.name`,
                value: reader.string()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.lastSeen`,
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

  export interface DevicePeerIdFieldEvent {
    field: '$.peerId'
    value: string
  }

  export interface DeviceAddrsFieldEvent {
    field: '$.addrs[]'
    index: number
    value: string
  }

  export interface DeviceAddedAtFieldEvent {
    field: '$.addedAt'
    value: bigint
  }

  export interface DeviceNameFieldEvent {
    field: '$.name'
    value: string
  }

  export interface DeviceLastSeenFieldEvent {
    field: '$.lastSeen'
    value: bigint
  }

  export function encode (obj: Partial<Device>): Uint8Array {
    return encodeMessage(obj, Device.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Device>): Device {
    return decodeMessage(buf, Device.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Device>): Generator<DevicePeerIdFieldEvent | DeviceAddrsFieldEvent | DeviceAddedAtFieldEvent | DeviceNameFieldEvent | DeviceLastSeenFieldEvent> {
    return streamMessage(buf, Device.codec(), opts)
  }
}

export interface RemovedDevice {
  peerId: string
  removedAt: bigint
}

export namespace RemovedDevice {
  let _codec: Codec<RemovedDevice>

  export const codec = (): Codec<RemovedDevice> => {
    if (_codec == null) {
      _codec = message<RemovedDevice>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.peerId != null && obj.peerId !== '')) {
          w.uint32(10)
          w.string(obj.peerId)
        }

        if ((obj.removedAt != null && obj.removedAt !== 0n)) {
          w.uint32(16)
          w.uint64(obj.removedAt)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          peerId: '',
          removedAt: 0n
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.peerId = reader.string()
              break
            }
            case 2: {
              obj.removedAt = reader.uint64()
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
                field: `${prefix}.peerId`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.removedAt`,
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

  export interface RemovedDevicePeerIdFieldEvent {
    field: '$.peerId'
    value: string
  }

  export interface RemovedDeviceRemovedAtFieldEvent {
    field: '$.removedAt'
    value: bigint
  }

  export function encode (obj: Partial<RemovedDevice>): Uint8Array {
    return encodeMessage(obj, RemovedDevice.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RemovedDevice>): RemovedDevice {
    return decodeMessage(buf, RemovedDevice.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RemovedDevice>): Generator<RemovedDevicePeerIdFieldEvent | RemovedDeviceRemovedAtFieldEvent> {
    return streamMessage(buf, RemovedDevice.codec(), opts)
  }
}

export interface Profile {
  userKey: Uint8Array
  username: string
  encryptionKey: Uint8Array
  devices: Device[]
  activeDevice: string
  online: boolean
  lastSeen: bigint
  seq: bigint
  removed: RemovedDevice[]
}

export namespace Profile {
  let _codec: Codec<Profile>

  export const codec = (): Codec<Profile> => {
    if (_codec == null) {
      _codec = message<Profile>((obj, w, opts = {}) => {
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

        if ((obj.encryptionKey != null && obj.encryptionKey.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.encryptionKey)
        }

        if (obj.devices != null && obj.devices.length > 0) {
          for (const value of obj.devices) {
            w.uint32(34)
            Device.codec().encode(value, w)
          }
        }

        if ((obj.activeDevice != null && obj.activeDevice !== '')) {
          w.uint32(42)
          w.string(obj.activeDevice)
        }

        if ((obj.online != null && obj.online !== false)) {
          w.uint32(48)
          w.bool(obj.online)
        }

        if ((obj.lastSeen != null && obj.lastSeen !== 0n)) {
          w.uint32(56)
          w.uint64(obj.lastSeen)
        }

        if ((obj.seq != null && obj.seq !== 0n)) {
          w.uint32(64)
          w.uint64(obj.seq)
        }

        if (obj.removed != null && obj.removed.length > 0) {
          for (const value of obj.removed) {
            w.uint32(74)
            RemovedDevice.codec().encode(value, w)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          userKey: uint8ArrayAlloc(0),
          username: '',
          encryptionKey: uint8ArrayAlloc(0),
          devices: [],
          activeDevice: '',
          online: false,
          lastSeen: 0n,
          seq: 0n,
          removed: []
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
            case 3: {
              obj.encryptionKey = reader.bytes()
              break
            }
            case 4: {
              if (opts.limits?.devices != null && obj.devices.length === opts.limits.devices) {
                throw new MaxLengthError('Decode error - repeated field "devices" had too many elements')
              }

              obj.devices.push(Device.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.devices$
              }))
              break
            }
            case 5: {
              obj.activeDevice = reader.string()
              break
            }
            case 6: {
              obj.online = reader.bool()
              break
            }
            case 7: {
              obj.lastSeen = reader.uint64()
              break
            }
            case 8: {
              obj.seq = reader.uint64()
              break
            }
            case 9: {
              if (opts.limits?.removed != null && obj.removed.length === opts.limits.removed) {
                throw new MaxLengthError('Decode error - repeated field "removed" had too many elements')
              }

              obj.removed.push(RemovedDevice.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.removed$
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
          devices: 0,
          removed: 0
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
                field: `${prefix}.username`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.encryptionKey`,
                value: reader.bytes()
              }
              break
            }
            case 4: {
              if (opts.limits?.devices != null && obj.devices === opts.limits.devices) {
                throw new MaxLengthError('Streaming decode error - repeated field "devices" had too many elements')
              }

              for (const evt of Device.codec().stream(reader, reader.uint32(), `${prefix}.devices[]`, {
                limits: opts.limits?.devices$
              })) {
                yield {
                  ...evt,
                  index: obj.devices
                }
              }

              obj.devices++

              break
            }
            case 5: {
              yield {
                field: `${prefix}.activeDevice`,
                value: reader.string()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.online`,
                value: reader.bool()
              }
              break
            }
            case 7: {
              yield {
                field: `${prefix}.lastSeen`,
                value: reader.uint64()
              }
              break
            }
            case 8: {
              yield {
                field: `${prefix}.seq`,
                value: reader.uint64()
              }
              break
            }
            case 9: {
              if (opts.limits?.removed != null && obj.removed === opts.limits.removed) {
                throw new MaxLengthError('Streaming decode error - repeated field "removed" had too many elements')
              }

              for (const evt of RemovedDevice.codec().stream(reader, reader.uint32(), `${prefix}.removed[]`, {
                limits: opts.limits?.removed$
              })) {
                yield {
                  ...evt,
                  index: obj.removed
                }
              }

              obj.removed++

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

  export interface ProfileUserKeyFieldEvent {
    field: '$.userKey'
    value: Uint8Array
  }

  export interface ProfileUsernameFieldEvent {
    field: '$.username'
    value: string
  }

  export interface ProfileEncryptionKeyFieldEvent {
    field: '$.encryptionKey'
    value: Uint8Array
  }

  export interface ProfileDevicesPeerIdFieldEvent {
    field: '$.devices[].peerId'
    value: string
    index: number
  }

  export interface ProfileDevicesAddrsFieldEvent {
    field: '$.devices[].addrs[]'
    index: number
    value: string
  }

  export interface ProfileDevicesAddedAtFieldEvent {
    field: '$.devices[].addedAt'
    value: bigint
    index: number
  }

  export interface ProfileDevicesNameFieldEvent {
    field: '$.devices[].name'
    value: string
    index: number
  }

  export interface ProfileDevicesLastSeenFieldEvent {
    field: '$.devices[].lastSeen'
    value: bigint
    index: number
  }

  export interface ProfileActiveDeviceFieldEvent {
    field: '$.activeDevice'
    value: string
  }

  export interface ProfileOnlineFieldEvent {
    field: '$.online'
    value: boolean
  }

  export interface ProfileLastSeenFieldEvent {
    field: '$.lastSeen'
    value: bigint
  }

  export interface ProfileSeqFieldEvent {
    field: '$.seq'
    value: bigint
  }

  export interface ProfileRemovedPeerIdFieldEvent {
    field: '$.removed[].peerId'
    value: string
    index: number
  }

  export interface ProfileRemovedRemovedAtFieldEvent {
    field: '$.removed[].removedAt'
    value: bigint
    index: number
  }

  export function encode (obj: Partial<Profile>): Uint8Array {
    return encodeMessage(obj, Profile.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Profile>): Profile {
    return decodeMessage(buf, Profile.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Profile>): Generator<ProfileUserKeyFieldEvent | ProfileUsernameFieldEvent | ProfileEncryptionKeyFieldEvent | ProfileDevicesPeerIdFieldEvent | ProfileDevicesAddrsFieldEvent | ProfileDevicesAddedAtFieldEvent | ProfileDevicesNameFieldEvent | ProfileDevicesLastSeenFieldEvent | ProfileActiveDeviceFieldEvent | ProfileOnlineFieldEvent | ProfileLastSeenFieldEvent | ProfileSeqFieldEvent | ProfileRemovedPeerIdFieldEvent | ProfileRemovedRemovedAtFieldEvent> {
    return streamMessage(buf, Profile.codec(), opts)
  }
}

export interface Keystore {
  userKey: Uint8Array
  scryptLogN: number
  scryptR: number
  scryptP: number
  salt: Uint8Array
  nonce: Uint8Array
  ciphertext: Uint8Array
  seq: bigint
}

export namespace Keystore {
  let _codec: Codec<Keystore>

  export const codec = (): Codec<Keystore> => {
    if (_codec == null) {
      _codec = message<Keystore>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.userKey != null && obj.userKey.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.userKey)
        }

        if ((obj.scryptLogN != null && obj.scryptLogN !== 0)) {
          w.uint32(16)
          w.uint32(obj.scryptLogN)
        }

        if ((obj.scryptR != null && obj.scryptR !== 0)) {
          w.uint32(24)
          w.uint32(obj.scryptR)
        }

        if ((obj.scryptP != null && obj.scryptP !== 0)) {
          w.uint32(32)
          w.uint32(obj.scryptP)
        }

        if ((obj.salt != null && obj.salt.byteLength > 0)) {
          w.uint32(42)
          w.bytes(obj.salt)
        }

        if ((obj.nonce != null && obj.nonce.byteLength > 0)) {
          w.uint32(50)
          w.bytes(obj.nonce)
        }

        if ((obj.ciphertext != null && obj.ciphertext.byteLength > 0)) {
          w.uint32(58)
          w.bytes(obj.ciphertext)
        }

        if ((obj.seq != null && obj.seq !== 0n)) {
          w.uint32(64)
          w.uint64(obj.seq)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          userKey: uint8ArrayAlloc(0),
          scryptLogN: 0,
          scryptR: 0,
          scryptP: 0,
          salt: uint8ArrayAlloc(0),
          nonce: uint8ArrayAlloc(0),
          ciphertext: uint8ArrayAlloc(0),
          seq: 0n
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
              obj.scryptLogN = reader.uint32()
              break
            }
            case 3: {
              obj.scryptR = reader.uint32()
              break
            }
            case 4: {
              obj.scryptP = reader.uint32()
              break
            }
            case 5: {
              obj.salt = reader.bytes()
              break
            }
            case 6: {
              obj.nonce = reader.bytes()
              break
            }
            case 7: {
              obj.ciphertext = reader.bytes()
              break
            }
            case 8: {
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
                field: `${prefix}.userKey`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.scryptLogN`,
                value: reader.uint32()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.scryptR`,
                value: reader.uint32()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.scryptP`,
                value: reader.uint32()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.salt`,
                value: reader.bytes()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.nonce`,
                value: reader.bytes()
              }
              break
            }
            case 7: {
              yield {
                field: `${prefix}.ciphertext`,
                value: reader.bytes()
              }
              break
            }
            case 8: {
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

  export interface KeystoreUserKeyFieldEvent {
    field: '$.userKey'
    value: Uint8Array
  }

  export interface KeystoreScryptLogNFieldEvent {
    field: '$.scryptLogN'
    value: number
  }

  export interface KeystoreScryptRFieldEvent {
    field: '$.scryptR'
    value: number
  }

  export interface KeystoreScryptPFieldEvent {
    field: '$.scryptP'
    value: number
  }

  export interface KeystoreSaltFieldEvent {
    field: '$.salt'
    value: Uint8Array
  }

  export interface KeystoreNonceFieldEvent {
    field: '$.nonce'
    value: Uint8Array
  }

  export interface KeystoreCiphertextFieldEvent {
    field: '$.ciphertext'
    value: Uint8Array
  }

  export interface KeystoreSeqFieldEvent {
    field: '$.seq'
    value: bigint
  }

  export function encode (obj: Partial<Keystore>): Uint8Array {
    return encodeMessage(obj, Keystore.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Keystore>): Keystore {
    return decodeMessage(buf, Keystore.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Keystore>): Generator<KeystoreUserKeyFieldEvent | KeystoreScryptLogNFieldEvent | KeystoreScryptRFieldEvent | KeystoreScryptPFieldEvent | KeystoreSaltFieldEvent | KeystoreNonceFieldEvent | KeystoreCiphertextFieldEvent | KeystoreSeqFieldEvent> {
    return streamMessage(buf, Keystore.codec(), opts)
  }
}

export interface LinkRequest {
  code: string
  deviceName: string
}

export namespace LinkRequest {
  let _codec: Codec<LinkRequest>

  export const codec = (): Codec<LinkRequest> => {
    if (_codec == null) {
      _codec = message<LinkRequest>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.code != null && obj.code !== '')) {
          w.uint32(10)
          w.string(obj.code)
        }

        if ((obj.deviceName != null && obj.deviceName !== '')) {
          w.uint32(18)
          w.string(obj.deviceName)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          code: '',
          deviceName: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.code = reader.string()
              break
            }
            case 2: {
              obj.deviceName = reader.string()
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
                field: `${prefix}.code`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.deviceName`,
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

  export interface LinkRequestCodeFieldEvent {
    field: '$.code'
    value: string
  }

  export interface LinkRequestDeviceNameFieldEvent {
    field: '$.deviceName'
    value: string
  }

  export function encode (obj: Partial<LinkRequest>): Uint8Array {
    return encodeMessage(obj, LinkRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<LinkRequest>): LinkRequest {
    return decodeMessage(buf, LinkRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<LinkRequest>): Generator<LinkRequestCodeFieldEvent | LinkRequestDeviceNameFieldEvent> {
    return streamMessage(buf, LinkRequest.codec(), opts)
  }
}

export interface LinkAnswer {
  status: LinkAnswer.Status
  triesLeft: number
  username: string
  userKey: Uint8Array
  signingSecret: Uint8Array
  encryptionSecret: Uint8Array
  snapshotBytes: bigint
}

export namespace LinkAnswer {
  export enum Status {
    OK = 'OK',
    WRONG_CODE = 'WRONG_CODE',
    NO_CODE = 'NO_CODE'
  }

  enum __StatusValues {
    OK = 0,
    WRONG_CODE = 1,
    NO_CODE = 2
  }

  export namespace Status {
    export const codec = (): Codec<Status> => {
      return enumeration<Status>(__StatusValues)
    }
  }

  let _codec: Codec<LinkAnswer>

  export const codec = (): Codec<LinkAnswer> => {
    if (_codec == null) {
      _codec = message<LinkAnswer>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.status != null && __StatusValues[obj.status] !== 0) {
          w.uint32(8)
          LinkAnswer.Status.codec().encode(obj.status, w)
        }

        if ((obj.triesLeft != null && obj.triesLeft !== 0)) {
          w.uint32(16)
          w.uint32(obj.triesLeft)
        }

        if ((obj.username != null && obj.username !== '')) {
          w.uint32(26)
          w.string(obj.username)
        }

        if ((obj.userKey != null && obj.userKey.byteLength > 0)) {
          w.uint32(34)
          w.bytes(obj.userKey)
        }

        if ((obj.signingSecret != null && obj.signingSecret.byteLength > 0)) {
          w.uint32(42)
          w.bytes(obj.signingSecret)
        }

        if ((obj.encryptionSecret != null && obj.encryptionSecret.byteLength > 0)) {
          w.uint32(50)
          w.bytes(obj.encryptionSecret)
        }

        if ((obj.snapshotBytes != null && obj.snapshotBytes !== 0n)) {
          w.uint32(56)
          w.uint64(obj.snapshotBytes)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          status: Status.OK,
          triesLeft: 0,
          username: '',
          userKey: uint8ArrayAlloc(0),
          signingSecret: uint8ArrayAlloc(0),
          encryptionSecret: uint8ArrayAlloc(0),
          snapshotBytes: 0n
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.status = LinkAnswer.Status.codec().decode(reader)
              break
            }
            case 2: {
              obj.triesLeft = reader.uint32()
              break
            }
            case 3: {
              obj.username = reader.string()
              break
            }
            case 4: {
              obj.userKey = reader.bytes()
              break
            }
            case 5: {
              obj.signingSecret = reader.bytes()
              break
            }
            case 6: {
              obj.encryptionSecret = reader.bytes()
              break
            }
            case 7: {
              obj.snapshotBytes = reader.uint64()
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
                value: LinkAnswer.Status.codec().decode(reader)
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.triesLeft`,
                value: reader.uint32()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.username`,
                value: reader.string()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.userKey`,
                value: reader.bytes()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.signingSecret`,
                value: reader.bytes()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.encryptionSecret`,
                value: reader.bytes()
              }
              break
            }
            case 7: {
              yield {
                field: `${prefix}.snapshotBytes`,
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

  export interface LinkAnswerStatusFieldEvent {
    field: '$.status'
    value: LinkAnswer.Status
  }

  export interface LinkAnswerTriesLeftFieldEvent {
    field: '$.triesLeft'
    value: number
  }

  export interface LinkAnswerUsernameFieldEvent {
    field: '$.username'
    value: string
  }

  export interface LinkAnswerUserKeyFieldEvent {
    field: '$.userKey'
    value: Uint8Array
  }

  export interface LinkAnswerSigningSecretFieldEvent {
    field: '$.signingSecret'
    value: Uint8Array
  }

  export interface LinkAnswerEncryptionSecretFieldEvent {
    field: '$.encryptionSecret'
    value: Uint8Array
  }

  export interface LinkAnswerSnapshotBytesFieldEvent {
    field: '$.snapshotBytes'
    value: bigint
  }

  export function encode (obj: Partial<LinkAnswer>): Uint8Array {
    return encodeMessage(obj, LinkAnswer.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<LinkAnswer>): LinkAnswer {
    return decodeMessage(buf, LinkAnswer.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<LinkAnswer>): Generator<LinkAnswerStatusFieldEvent | LinkAnswerTriesLeftFieldEvent | LinkAnswerUsernameFieldEvent | LinkAnswerUserKeyFieldEvent | LinkAnswerSigningSecretFieldEvent | LinkAnswerEncryptionSecretFieldEvent | LinkAnswerSnapshotBytesFieldEvent> {
    return streamMessage(buf, LinkAnswer.codec(), opts)
  }
}
