import { decodeMessage, encodeMessage, MaxLengthError, message, streamMessage } from 'protons-runtime'
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface GroupMember {
  userId: string
  username: string
  peerId: string
  addrs: string[]
  encryptionKey: Uint8Array
}

export namespace GroupMember {
  let _codec: Codec<GroupMember>

  export const codec = (): Codec<GroupMember> => {
    if (_codec == null) {
      _codec = message<GroupMember>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.userId != null && obj.userId !== '')) {
          w.uint32(10)
          w.string(obj.userId)
        }

        if ((obj.username != null && obj.username !== '')) {
          w.uint32(18)
          w.string(obj.username)
        }

        if ((obj.peerId != null && obj.peerId !== '')) {
          w.uint32(26)
          w.string(obj.peerId)
        }

        if (obj.addrs != null && obj.addrs.length > 0) {
          for (const value of obj.addrs) {
            w.uint32(34)
            w.string(value)
          }
        }

        if ((obj.encryptionKey != null && obj.encryptionKey.byteLength > 0)) {
          w.uint32(42)
          w.bytes(obj.encryptionKey)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          userId: '',
          username: '',
          peerId: '',
          addrs: [],
          encryptionKey: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.userId = reader.string()
              break
            }
            case 2: {
              obj.username = reader.string()
              break
            }
            case 3: {
              obj.peerId = reader.string()
              break
            }
            case 4: {
              if (opts.limits?.addrs != null && obj.addrs.length === opts.limits.addrs) {
                throw new MaxLengthError('Decode error - repeated field "addrs" had too many elements')
              }

              obj.addrs.push(reader.string())
              break
            }
            case 5: {
              obj.encryptionKey = reader.bytes()
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
                field: `${prefix}.userId`,
                value: reader.string()
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
                field: `${prefix}.peerId`,
                value: reader.string()
              }
              break
            }
            case 4: {
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
            case 5: {
              yield {
                field: `${prefix}.encryptionKey`,
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

  export interface GroupMemberUserIdFieldEvent {
    field: '$.userId'
    value: string
  }

  export interface GroupMemberUsernameFieldEvent {
    field: '$.username'
    value: string
  }

  export interface GroupMemberPeerIdFieldEvent {
    field: '$.peerId'
    value: string
  }

  export interface GroupMemberAddrsFieldEvent {
    field: '$.addrs[]'
    index: number
    value: string
  }

  export interface GroupMemberEncryptionKeyFieldEvent {
    field: '$.encryptionKey'
    value: Uint8Array
  }

  export function encode (obj: Partial<GroupMember>): Uint8Array {
    return encodeMessage(obj, GroupMember.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupMember>): GroupMember {
    return decodeMessage(buf, GroupMember.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupMember>): Generator<GroupMemberUserIdFieldEvent | GroupMemberUsernameFieldEvent | GroupMemberPeerIdFieldEvent | GroupMemberAddrsFieldEvent | GroupMemberEncryptionKeyFieldEvent> {
    return streamMessage(buf, GroupMember.codec(), opts)
  }
}

export interface GroupConfig {
  groupId: string
  name: string
  creator: string
  members: GroupMember[]
  version: bigint
  createdAt: bigint
}

export namespace GroupConfig {
  let _codec: Codec<GroupConfig>

  export const codec = (): Codec<GroupConfig> => {
    if (_codec == null) {
      _codec = message<GroupConfig>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.groupId != null && obj.groupId !== '')) {
          w.uint32(10)
          w.string(obj.groupId)
        }

        if ((obj.name != null && obj.name !== '')) {
          w.uint32(18)
          w.string(obj.name)
        }

        if ((obj.creator != null && obj.creator !== '')) {
          w.uint32(26)
          w.string(obj.creator)
        }

        if (obj.members != null && obj.members.length > 0) {
          for (const value of obj.members) {
            w.uint32(34)
            GroupMember.codec().encode(value, w)
          }
        }

        if ((obj.version != null && obj.version !== 0n)) {
          w.uint32(40)
          w.uint64(obj.version)
        }

        if ((obj.createdAt != null && obj.createdAt !== 0n)) {
          w.uint32(48)
          w.uint64(obj.createdAt)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          groupId: '',
          name: '',
          creator: '',
          members: [],
          version: 0n,
          createdAt: 0n
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.groupId = reader.string()
              break
            }
            case 2: {
              obj.name = reader.string()
              break
            }
            case 3: {
              obj.creator = reader.string()
              break
            }
            case 4: {
              if (opts.limits?.members != null && obj.members.length === opts.limits.members) {
                throw new MaxLengthError('Decode error - repeated field "members" had too many elements')
              }

              obj.members.push(GroupMember.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.members$
              }))
              break
            }
            case 5: {
              obj.version = reader.uint64()
              break
            }
            case 6: {
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
        const obj = {
          members: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.groupId`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.name`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.creator`,
                value: reader.string()
              }
              break
            }
            case 4: {
              if (opts.limits?.members != null && obj.members === opts.limits.members) {
                throw new MaxLengthError('Streaming decode error - repeated field "members" had too many elements')
              }

              for (const evt of GroupMember.codec().stream(reader, reader.uint32(), `${prefix}.members[]`, {
                limits: opts.limits?.members$
              })) {
                yield {
                  ...evt,
                  index: obj.members
                }
              }

              obj.members++

              break
            }
            case 5: {
              yield {
                field: `${prefix}.version`,
                value: reader.uint64()
              }
              break
            }
            case 6: {
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

  export interface GroupConfigGroupIdFieldEvent {
    field: '$.groupId'
    value: string
  }

  export interface GroupConfigNameFieldEvent {
    field: '$.name'
    value: string
  }

  export interface GroupConfigCreatorFieldEvent {
    field: '$.creator'
    value: string
  }

  export interface GroupConfigMembersUserIdFieldEvent {
    field: '$.members[].userId'
    value: string
    index: number
  }

  export interface GroupConfigMembersUsernameFieldEvent {
    field: '$.members[].username'
    value: string
    index: number
  }

  export interface GroupConfigMembersPeerIdFieldEvent {
    field: '$.members[].peerId'
    value: string
    index: number
  }

  export interface GroupConfigMembersAddrsFieldEvent {
    field: '$.members[].addrs[]'
    index: number
    value: string
  }

  export interface GroupConfigMembersEncryptionKeyFieldEvent {
    field: '$.members[].encryptionKey'
    value: Uint8Array
    index: number
  }

  export interface GroupConfigVersionFieldEvent {
    field: '$.version'
    value: bigint
  }

  export interface GroupConfigCreatedAtFieldEvent {
    field: '$.createdAt'
    value: bigint
  }

  export function encode (obj: Partial<GroupConfig>): Uint8Array {
    return encodeMessage(obj, GroupConfig.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupConfig>): GroupConfig {
    return decodeMessage(buf, GroupConfig.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupConfig>): Generator<GroupConfigGroupIdFieldEvent | GroupConfigNameFieldEvent | GroupConfigCreatorFieldEvent | GroupConfigMembersUserIdFieldEvent | GroupConfigMembersUsernameFieldEvent | GroupConfigMembersPeerIdFieldEvent | GroupConfigMembersAddrsFieldEvent | GroupConfigMembersEncryptionKeyFieldEvent | GroupConfigVersionFieldEvent | GroupConfigCreatedAtFieldEvent> {
    return streamMessage(buf, GroupConfig.codec(), opts)
  }
}

export interface PreferredHosts {
  groupId: string
  configVersion: bigint
  hosts: string[]
  round: bigint
  initialMembers: string[]
}

export namespace PreferredHosts {
  let _codec: Codec<PreferredHosts>

  export const codec = (): Codec<PreferredHosts> => {
    if (_codec == null) {
      _codec = message<PreferredHosts>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.groupId != null && obj.groupId !== '')) {
          w.uint32(10)
          w.string(obj.groupId)
        }

        if ((obj.configVersion != null && obj.configVersion !== 0n)) {
          w.uint32(16)
          w.uint64(obj.configVersion)
        }

        if (obj.hosts != null && obj.hosts.length > 0) {
          for (const value of obj.hosts) {
            w.uint32(26)
            w.string(value)
          }
        }

        if ((obj.round != null && obj.round !== 0n)) {
          w.uint32(32)
          w.uint64(obj.round)
        }

        if (obj.initialMembers != null && obj.initialMembers.length > 0) {
          for (const value of obj.initialMembers) {
            w.uint32(42)
            w.string(value)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          groupId: '',
          configVersion: 0n,
          hosts: [],
          round: 0n,
          initialMembers: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.groupId = reader.string()
              break
            }
            case 2: {
              obj.configVersion = reader.uint64()
              break
            }
            case 3: {
              if (opts.limits?.hosts != null && obj.hosts.length === opts.limits.hosts) {
                throw new MaxLengthError('Decode error - repeated field "hosts" had too many elements')
              }

              obj.hosts.push(reader.string())
              break
            }
            case 4: {
              obj.round = reader.uint64()
              break
            }
            case 5: {
              if (opts.limits?.initialMembers != null && obj.initialMembers.length === opts.limits.initialMembers) {
                throw new MaxLengthError('Decode error - repeated field "initialMembers" had too many elements')
              }

              obj.initialMembers.push(reader.string())
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
          hosts: 0,
          initialMembers: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.groupId`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.configVersion`,
                value: reader.uint64()
              }
              break
            }
            case 3: {
              if (opts.limits?.hosts != null && obj.hosts === opts.limits.hosts) {
                throw new MaxLengthError('Streaming decode error - repeated field "hosts" had too many elements')
              }

              yield {
                field: `${prefix}.hosts[]`,
                index: obj.hosts,
                value: reader.string()
              }

              obj.hosts++

              break
            }
            case 4: {
              yield {
                field: `${prefix}.round`,
                value: reader.uint64()
              }
              break
            }
            case 5: {
              if (opts.limits?.initialMembers != null && obj.initialMembers === opts.limits.initialMembers) {
                throw new MaxLengthError('Streaming decode error - repeated field "initialMembers" had too many elements')
              }

              yield {
                field: `${prefix}.initialMembers[]`,
                index: obj.initialMembers,
                value: reader.string()
              }

              obj.initialMembers++

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

  export interface PreferredHostsGroupIdFieldEvent {
    field: '$.groupId'
    value: string
  }

  export interface PreferredHostsConfigVersionFieldEvent {
    field: '$.configVersion'
    value: bigint
  }

  export interface PreferredHostsHostsFieldEvent {
    field: '$.hosts[]'
    index: number
    value: string
  }

  export interface PreferredHostsRoundFieldEvent {
    field: '$.round'
    value: bigint
  }

  export interface PreferredHostsInitialMembersFieldEvent {
    field: '$.initialMembers[]'
    index: number
    value: string
  }

  export function encode (obj: Partial<PreferredHosts>): Uint8Array {
    return encodeMessage(obj, PreferredHosts.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PreferredHosts>): PreferredHosts {
    return decodeMessage(buf, PreferredHosts.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PreferredHosts>): Generator<PreferredHostsGroupIdFieldEvent | PreferredHostsConfigVersionFieldEvent | PreferredHostsHostsFieldEvent | PreferredHostsRoundFieldEvent | PreferredHostsInitialMembersFieldEvent> {
    return streamMessage(buf, PreferredHosts.codec(), opts)
  }
}

export interface EntryContent {
  groupId: string
  id: string
  seq: bigint
  text: string
  timestamp: bigint
  nonce: Uint8Array
  ciphertext: Uint8Array
  keyEpoch: bigint
  keyCrates: KeyCrate[]
}

export namespace EntryContent {
  let _codec: Codec<EntryContent>

  export const codec = (): Codec<EntryContent> => {
    if (_codec == null) {
      _codec = message<EntryContent>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.groupId != null && obj.groupId !== '')) {
          w.uint32(10)
          w.string(obj.groupId)
        }

        if ((obj.id != null && obj.id !== '')) {
          w.uint32(18)
          w.string(obj.id)
        }

        if ((obj.seq != null && obj.seq !== 0n)) {
          w.uint32(24)
          w.uint64(obj.seq)
        }

        if ((obj.text != null && obj.text !== '')) {
          w.uint32(34)
          w.string(obj.text)
        }

        if ((obj.timestamp != null && obj.timestamp !== 0n)) {
          w.uint32(40)
          w.uint64(obj.timestamp)
        }

        if ((obj.nonce != null && obj.nonce.byteLength > 0)) {
          w.uint32(50)
          w.bytes(obj.nonce)
        }

        if ((obj.ciphertext != null && obj.ciphertext.byteLength > 0)) {
          w.uint32(58)
          w.bytes(obj.ciphertext)
        }

        if ((obj.keyEpoch != null && obj.keyEpoch !== 0n)) {
          w.uint32(64)
          w.uint64(obj.keyEpoch)
        }

        if (obj.keyCrates != null && obj.keyCrates.length > 0) {
          for (const value of obj.keyCrates) {
            w.uint32(74)
            KeyCrate.codec().encode(value, w)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          groupId: '',
          id: '',
          seq: 0n,
          text: '',
          timestamp: 0n,
          nonce: uint8ArrayAlloc(0),
          ciphertext: uint8ArrayAlloc(0),
          keyEpoch: 0n,
          keyCrates: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.groupId = reader.string()
              break
            }
            case 2: {
              obj.id = reader.string()
              break
            }
            case 3: {
              obj.seq = reader.uint64()
              break
            }
            case 4: {
              obj.text = reader.string()
              break
            }
            case 5: {
              obj.timestamp = reader.uint64()
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
              obj.keyEpoch = reader.uint64()
              break
            }
            case 9: {
              if (opts.limits?.keyCrates != null && obj.keyCrates.length === opts.limits.keyCrates) {
                throw new MaxLengthError('Decode error - repeated field "keyCrates" had too many elements')
              }

              obj.keyCrates.push(KeyCrate.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.keyCrates$
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
          keyCrates: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.groupId`,
                value: reader.string()
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
            case 3: {
              yield {
                field: `${prefix}.seq`,
                value: reader.uint64()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.text`,
                value: reader.string()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.timestamp`,
                value: reader.uint64()
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
                field: `${prefix}.keyEpoch`,
                value: reader.uint64()
              }
              break
            }
            case 9: {
              if (opts.limits?.keyCrates != null && obj.keyCrates === opts.limits.keyCrates) {
                throw new MaxLengthError('Streaming decode error - repeated field "keyCrates" had too many elements')
              }

              for (const evt of KeyCrate.codec().stream(reader, reader.uint32(), `${prefix}.keyCrates[]`, {
                limits: opts.limits?.keyCrates$
              })) {
                yield {
                  ...evt,
                  index: obj.keyCrates
                }
              }

              obj.keyCrates++

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

  export interface EntryContentGroupIdFieldEvent {
    field: '$.groupId'
    value: string
  }

  export interface EntryContentIdFieldEvent {
    field: '$.id'
    value: string
  }

  export interface EntryContentSeqFieldEvent {
    field: '$.seq'
    value: bigint
  }

  export interface EntryContentTextFieldEvent {
    field: '$.text'
    value: string
  }

  export interface EntryContentTimestampFieldEvent {
    field: '$.timestamp'
    value: bigint
  }

  export interface EntryContentNonceFieldEvent {
    field: '$.nonce'
    value: Uint8Array
  }

  export interface EntryContentCiphertextFieldEvent {
    field: '$.ciphertext'
    value: Uint8Array
  }

  export interface EntryContentKeyEpochFieldEvent {
    field: '$.keyEpoch'
    value: bigint
  }

  export interface EntryContentKeyCratesUserIdFieldEvent {
    field: '$.keyCrates[].userId'
    value: string
    index: number
  }

  export interface EntryContentKeyCratesCrateFieldEvent {
    field: '$.keyCrates[].crate'
    value: Uint8Array
    index: number
  }

  export function encode (obj: Partial<EntryContent>): Uint8Array {
    return encodeMessage(obj, EntryContent.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<EntryContent>): EntryContent {
    return decodeMessage(buf, EntryContent.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<EntryContent>): Generator<EntryContentGroupIdFieldEvent | EntryContentIdFieldEvent | EntryContentSeqFieldEvent | EntryContentTextFieldEvent | EntryContentTimestampFieldEvent | EntryContentNonceFieldEvent | EntryContentCiphertextFieldEvent | EntryContentKeyEpochFieldEvent | EntryContentKeyCratesUserIdFieldEvent | EntryContentKeyCratesCrateFieldEvent> {
    return streamMessage(buf, EntryContent.codec(), opts)
  }
}

export interface KeyCrate {
  userId: string
  crate: Uint8Array
}

export namespace KeyCrate {
  let _codec: Codec<KeyCrate>

  export const codec = (): Codec<KeyCrate> => {
    if (_codec == null) {
      _codec = message<KeyCrate>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.userId != null && obj.userId !== '')) {
          w.uint32(10)
          w.string(obj.userId)
        }

        if ((obj.crate != null && obj.crate.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.crate)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          userId: '',
          crate: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.userId = reader.string()
              break
            }
            case 2: {
              obj.crate = reader.bytes()
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
                field: `${prefix}.userId`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.crate`,
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

  export interface KeyCrateUserIdFieldEvent {
    field: '$.userId'
    value: string
  }

  export interface KeyCrateCrateFieldEvent {
    field: '$.crate'
    value: Uint8Array
  }

  export function encode (obj: Partial<KeyCrate>): Uint8Array {
    return encodeMessage(obj, KeyCrate.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<KeyCrate>): KeyCrate {
    return decodeMessage(buf, KeyCrate.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<KeyCrate>): Generator<KeyCrateUserIdFieldEvent | KeyCrateCrateFieldEvent> {
    return streamMessage(buf, KeyCrate.codec(), opts)
  }
}

export interface SignedBlob {
  payload: Uint8Array
  signature: Uint8Array
  batch?: BatchProof
}

export namespace SignedBlob {
  let _codec: Codec<SignedBlob>

  export const codec = (): Codec<SignedBlob> => {
    if (_codec == null) {
      _codec = message<SignedBlob>((obj, w, opts = {}) => {
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

        if (obj.batch != null) {
          w.uint32(26)
          BatchProof.codec().encode(obj.batch, w)
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
            case 3: {
              obj.batch = BatchProof.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.batch
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
            case 3: {
              yield * BatchProof.codec().stream(reader, reader.uint32(), `${prefix}.batch`, {
                limits: opts.limits?.batch
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

  export interface SignedBlobPayloadFieldEvent {
    field: '$.payload'
    value: Uint8Array
  }

  export interface SignedBlobSignatureFieldEvent {
    field: '$.signature'
    value: Uint8Array
  }

  export interface SignedBlobBatchIndexFieldEvent {
    field: '$.batch.index'
    value: number
  }

  export interface SignedBlobBatchCountFieldEvent {
    field: '$.batch.count'
    value: number
  }

  export interface SignedBlobBatchPathFieldEvent {
    field: '$.batch.path[]'
    index: number
    value: Uint8Array
  }

  export function encode (obj: Partial<SignedBlob>): Uint8Array {
    return encodeMessage(obj, SignedBlob.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SignedBlob>): SignedBlob {
    return decodeMessage(buf, SignedBlob.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SignedBlob>): Generator<SignedBlobPayloadFieldEvent | SignedBlobSignatureFieldEvent | SignedBlobBatchIndexFieldEvent | SignedBlobBatchCountFieldEvent | SignedBlobBatchPathFieldEvent> {
    return streamMessage(buf, SignedBlob.codec(), opts)
  }
}

export interface BatchProof {
  index: number
  count: number
  path: Uint8Array[]
}

export namespace BatchProof {
  let _codec: Codec<BatchProof>

  export const codec = (): Codec<BatchProof> => {
    if (_codec == null) {
      _codec = message<BatchProof>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.index != null && obj.index !== 0)) {
          w.uint32(8)
          w.uint32(obj.index)
        }

        if ((obj.count != null && obj.count !== 0)) {
          w.uint32(16)
          w.uint32(obj.count)
        }

        if (obj.path != null && obj.path.length > 0) {
          for (const value of obj.path) {
            w.uint32(26)
            w.bytes(value)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          index: 0,
          count: 0,
          path: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.index = reader.uint32()
              break
            }
            case 2: {
              obj.count = reader.uint32()
              break
            }
            case 3: {
              if (opts.limits?.path != null && obj.path.length === opts.limits.path) {
                throw new MaxLengthError('Decode error - repeated field "path" had too many elements')
              }

              obj.path.push(reader.bytes())
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
          path: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.index`,
                value: reader.uint32()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.count`,
                value: reader.uint32()
              }
              break
            }
            case 3: {
              if (opts.limits?.path != null && obj.path === opts.limits.path) {
                throw new MaxLengthError('Streaming decode error - repeated field "path" had too many elements')
              }

              yield {
                field: `${prefix}.path[]`,
                index: obj.path,
                value: reader.bytes()
              }

              obj.path++

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

  export interface BatchProofIndexFieldEvent {
    field: '$.index'
    value: number
  }

  export interface BatchProofCountFieldEvent {
    field: '$.count'
    value: number
  }

  export interface BatchProofPathFieldEvent {
    field: '$.path[]'
    index: number
    value: Uint8Array
  }

  export function encode (obj: Partial<BatchProof>): Uint8Array {
    return encodeMessage(obj, BatchProof.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<BatchProof>): BatchProof {
    return decodeMessage(buf, BatchProof.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<BatchProof>): Generator<BatchProofIndexFieldEvent | BatchProofCountFieldEvent | BatchProofPathFieldEvent> {
    return streamMessage(buf, BatchProof.codec(), opts)
  }
}

export interface Entry {
  id: string
  sender: string
  seq: bigint
  body: Uint8Array
  config: string[]
}

export namespace Entry {
  let _codec: Codec<Entry>

  export const codec = (): Codec<Entry> => {
    if (_codec == null) {
      _codec = message<Entry>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.id != null && obj.id !== '')) {
          w.uint32(10)
          w.string(obj.id)
        }

        if ((obj.sender != null && obj.sender !== '')) {
          w.uint32(18)
          w.string(obj.sender)
        }

        if ((obj.seq != null && obj.seq !== 0n)) {
          w.uint32(24)
          w.uint64(obj.seq)
        }

        if ((obj.body != null && obj.body.byteLength > 0)) {
          w.uint32(34)
          w.bytes(obj.body)
        }

        if (obj.config != null && obj.config.length > 0) {
          for (const value of obj.config) {
            w.uint32(42)
            w.string(value)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          id: '',
          sender: '',
          seq: 0n,
          body: uint8ArrayAlloc(0),
          config: []
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
              obj.sender = reader.string()
              break
            }
            case 3: {
              obj.seq = reader.uint64()
              break
            }
            case 4: {
              obj.body = reader.bytes()
              break
            }
            case 5: {
              if (opts.limits?.config != null && obj.config.length === opts.limits.config) {
                throw new MaxLengthError('Decode error - repeated field "config" had too many elements')
              }

              obj.config.push(reader.string())
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
          config: 0
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
                field: `${prefix}.sender`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.seq`,
                value: reader.uint64()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.body`,
                value: reader.bytes()
              }
              break
            }
            case 5: {
              if (opts.limits?.config != null && obj.config === opts.limits.config) {
                throw new MaxLengthError('Streaming decode error - repeated field "config" had too many elements')
              }

              yield {
                field: `${prefix}.config[]`,
                index: obj.config,
                value: reader.string()
              }

              obj.config++

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

  export interface EntryIdFieldEvent {
    field: '$.id'
    value: string
  }

  export interface EntrySenderFieldEvent {
    field: '$.sender'
    value: string
  }

  export interface EntrySeqFieldEvent {
    field: '$.seq'
    value: bigint
  }

  export interface EntryBodyFieldEvent {
    field: '$.body'
    value: Uint8Array
  }

  export interface EntryConfigFieldEvent {
    field: '$.config[]'
    index: number
    value: string
  }

  export function encode (obj: Partial<Entry>): Uint8Array {
    return encodeMessage(obj, Entry.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Entry>): Entry {
    return decodeMessage(buf, Entry.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Entry>): Generator<EntryIdFieldEvent | EntrySenderFieldEvent | EntrySeqFieldEvent | EntryBodyFieldEvent | EntryConfigFieldEvent> {
    return streamMessage(buf, Entry.codec(), opts)
  }
}

export interface Append {
  term: bigint
  prev: bigint
  entries: Entry[]
  commitIndex: bigint
  reset: boolean
  notice: boolean
}

export namespace Append {
  let _codec: Codec<Append>

  export const codec = (): Codec<Append> => {
    if (_codec == null) {
      _codec = message<Append>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.term != null && obj.term !== 0n)) {
          w.uint32(8)
          w.uint64(obj.term)
        }

        if ((obj.prev != null && obj.prev !== 0n)) {
          w.uint32(16)
          w.uint64(obj.prev)
        }

        if (obj.entries != null && obj.entries.length > 0) {
          for (const value of obj.entries) {
            w.uint32(26)
            Entry.codec().encode(value, w)
          }
        }

        if ((obj.commitIndex != null && obj.commitIndex !== 0n)) {
          w.uint32(32)
          w.uint64(obj.commitIndex)
        }

        if ((obj.reset != null && obj.reset !== false)) {
          w.uint32(40)
          w.bool(obj.reset)
        }

        if ((obj.notice != null && obj.notice !== false)) {
          w.uint32(48)
          w.bool(obj.notice)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          term: 0n,
          prev: 0n,
          entries: [],
          commitIndex: 0n,
          reset: false,
          notice: false
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.term = reader.uint64()
              break
            }
            case 2: {
              obj.prev = reader.uint64()
              break
            }
            case 3: {
              if (opts.limits?.entries != null && obj.entries.length === opts.limits.entries) {
                throw new MaxLengthError('Decode error - repeated field "entries" had too many elements')
              }

              obj.entries.push(Entry.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.entries$
              }))
              break
            }
            case 4: {
              obj.commitIndex = reader.uint64()
              break
            }
            case 5: {
              obj.reset = reader.bool()
              break
            }
            case 6: {
              obj.notice = reader.bool()
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
          entries: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.term`,
                value: reader.uint64()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.prev`,
                value: reader.uint64()
              }
              break
            }
            case 3: {
              if (opts.limits?.entries != null && obj.entries === opts.limits.entries) {
                throw new MaxLengthError('Streaming decode error - repeated field "entries" had too many elements')
              }

              for (const evt of Entry.codec().stream(reader, reader.uint32(), `${prefix}.entries[]`, {
                limits: opts.limits?.entries$
              })) {
                yield {
                  ...evt,
                  index: obj.entries
                }
              }

              obj.entries++

              break
            }
            case 4: {
              yield {
                field: `${prefix}.commitIndex`,
                value: reader.uint64()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.reset`,
                value: reader.bool()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.notice`,
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

  export interface AppendTermFieldEvent {
    field: '$.term'
    value: bigint
  }

  export interface AppendPrevFieldEvent {
    field: '$.prev'
    value: bigint
  }

  export interface AppendEntriesIdFieldEvent {
    field: '$.entries[].id'
    value: string
    index: number
  }

  export interface AppendEntriesSenderFieldEvent {
    field: '$.entries[].sender'
    value: string
    index: number
  }

  export interface AppendEntriesSeqFieldEvent {
    field: '$.entries[].seq'
    value: bigint
    index: number
  }

  export interface AppendEntriesBodyFieldEvent {
    field: '$.entries[].body'
    value: Uint8Array
    index: number
  }

  export interface AppendEntriesConfigFieldEvent {
    field: '$.entries[].config[]'
    index: number
    value: string
  }

  export interface AppendCommitIndexFieldEvent {
    field: '$.commitIndex'
    value: bigint
  }

  export interface AppendResetFieldEvent {
    field: '$.reset'
    value: boolean
  }

  export interface AppendNoticeFieldEvent {
    field: '$.notice'
    value: boolean
  }

  export function encode (obj: Partial<Append>): Uint8Array {
    return encodeMessage(obj, Append.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Append>): Append {
    return decodeMessage(buf, Append.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Append>): Generator<AppendTermFieldEvent | AppendPrevFieldEvent | AppendEntriesIdFieldEvent | AppendEntriesSenderFieldEvent | AppendEntriesSeqFieldEvent | AppendEntriesBodyFieldEvent | AppendEntriesConfigFieldEvent | AppendCommitIndexFieldEvent | AppendResetFieldEvent | AppendNoticeFieldEvent> {
    return streamMessage(buf, Append.codec(), opts)
  }
}

export interface AppendReply {
  term: bigint
  ok: boolean
  logTerm: bigint
  length: bigint
  commitIndex: bigint
}

export namespace AppendReply {
  let _codec: Codec<AppendReply>

  export const codec = (): Codec<AppendReply> => {
    if (_codec == null) {
      _codec = message<AppendReply>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.term != null && obj.term !== 0n)) {
          w.uint32(8)
          w.uint64(obj.term)
        }

        if ((obj.ok != null && obj.ok !== false)) {
          w.uint32(16)
          w.bool(obj.ok)
        }

        if ((obj.logTerm != null && obj.logTerm !== 0n)) {
          w.uint32(24)
          w.uint64(obj.logTerm)
        }

        if ((obj.length != null && obj.length !== 0n)) {
          w.uint32(32)
          w.uint64(obj.length)
        }

        if ((obj.commitIndex != null && obj.commitIndex !== 0n)) {
          w.uint32(40)
          w.uint64(obj.commitIndex)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          term: 0n,
          ok: false,
          logTerm: 0n,
          length: 0n,
          commitIndex: 0n
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.term = reader.uint64()
              break
            }
            case 2: {
              obj.ok = reader.bool()
              break
            }
            case 3: {
              obj.logTerm = reader.uint64()
              break
            }
            case 4: {
              obj.length = reader.uint64()
              break
            }
            case 5: {
              obj.commitIndex = reader.uint64()
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
                field: `${prefix}.term`,
                value: reader.uint64()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.ok`,
                value: reader.bool()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.logTerm`,
                value: reader.uint64()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.length`,
                value: reader.uint64()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.commitIndex`,
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

  export interface AppendReplyTermFieldEvent {
    field: '$.term'
    value: bigint
  }

  export interface AppendReplyOkFieldEvent {
    field: '$.ok'
    value: boolean
  }

  export interface AppendReplyLogTermFieldEvent {
    field: '$.logTerm'
    value: bigint
  }

  export interface AppendReplyLengthFieldEvent {
    field: '$.length'
    value: bigint
  }

  export interface AppendReplyCommitIndexFieldEvent {
    field: '$.commitIndex'
    value: bigint
  }

  export function encode (obj: Partial<AppendReply>): Uint8Array {
    return encodeMessage(obj, AppendReply.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<AppendReply>): AppendReply {
    return decodeMessage(buf, AppendReply.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<AppendReply>): Generator<AppendReplyTermFieldEvent | AppendReplyOkFieldEvent | AppendReplyLogTermFieldEvent | AppendReplyLengthFieldEvent | AppendReplyCommitIndexFieldEvent> {
    return streamMessage(buf, AppendReply.codec(), opts)
  }
}

export interface Collect {
  term: bigint
  commitIndex: bigint
}

export namespace Collect {
  let _codec: Codec<Collect>

  export const codec = (): Codec<Collect> => {
    if (_codec == null) {
      _codec = message<Collect>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.term != null && obj.term !== 0n)) {
          w.uint32(8)
          w.uint64(obj.term)
        }

        if ((obj.commitIndex != null && obj.commitIndex !== 0n)) {
          w.uint32(16)
          w.uint64(obj.commitIndex)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          term: 0n,
          commitIndex: 0n
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.term = reader.uint64()
              break
            }
            case 2: {
              obj.commitIndex = reader.uint64()
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
                field: `${prefix}.term`,
                value: reader.uint64()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.commitIndex`,
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

  export interface CollectTermFieldEvent {
    field: '$.term'
    value: bigint
  }

  export interface CollectCommitIndexFieldEvent {
    field: '$.commitIndex'
    value: bigint
  }

  export function encode (obj: Partial<Collect>): Uint8Array {
    return encodeMessage(obj, Collect.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Collect>): Collect {
    return decodeMessage(buf, Collect.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Collect>): Generator<CollectTermFieldEvent | CollectCommitIndexFieldEvent> {
    return streamMessage(buf, Collect.codec(), opts)
  }
}

export interface CollectReply {
  term: bigint
  logTerm: bigint
  length: bigint
  commitIndex: bigint
  entries: Entry[]
}

export namespace CollectReply {
  let _codec: Codec<CollectReply>

  export const codec = (): Codec<CollectReply> => {
    if (_codec == null) {
      _codec = message<CollectReply>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.term != null && obj.term !== 0n)) {
          w.uint32(8)
          w.uint64(obj.term)
        }

        if ((obj.logTerm != null && obj.logTerm !== 0n)) {
          w.uint32(16)
          w.uint64(obj.logTerm)
        }

        if ((obj.length != null && obj.length !== 0n)) {
          w.uint32(24)
          w.uint64(obj.length)
        }

        if ((obj.commitIndex != null && obj.commitIndex !== 0n)) {
          w.uint32(32)
          w.uint64(obj.commitIndex)
        }

        if (obj.entries != null && obj.entries.length > 0) {
          for (const value of obj.entries) {
            w.uint32(42)
            Entry.codec().encode(value, w)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          term: 0n,
          logTerm: 0n,
          length: 0n,
          commitIndex: 0n,
          entries: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.term = reader.uint64()
              break
            }
            case 2: {
              obj.logTerm = reader.uint64()
              break
            }
            case 3: {
              obj.length = reader.uint64()
              break
            }
            case 4: {
              obj.commitIndex = reader.uint64()
              break
            }
            case 5: {
              if (opts.limits?.entries != null && obj.entries.length === opts.limits.entries) {
                throw new MaxLengthError('Decode error - repeated field "entries" had too many elements')
              }

              obj.entries.push(Entry.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.entries$
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
          entries: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.term`,
                value: reader.uint64()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.logTerm`,
                value: reader.uint64()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.length`,
                value: reader.uint64()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.commitIndex`,
                value: reader.uint64()
              }
              break
            }
            case 5: {
              if (opts.limits?.entries != null && obj.entries === opts.limits.entries) {
                throw new MaxLengthError('Streaming decode error - repeated field "entries" had too many elements')
              }

              for (const evt of Entry.codec().stream(reader, reader.uint32(), `${prefix}.entries[]`, {
                limits: opts.limits?.entries$
              })) {
                yield {
                  ...evt,
                  index: obj.entries
                }
              }

              obj.entries++

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

  export interface CollectReplyTermFieldEvent {
    field: '$.term'
    value: bigint
  }

  export interface CollectReplyLogTermFieldEvent {
    field: '$.logTerm'
    value: bigint
  }

  export interface CollectReplyLengthFieldEvent {
    field: '$.length'
    value: bigint
  }

  export interface CollectReplyCommitIndexFieldEvent {
    field: '$.commitIndex'
    value: bigint
  }

  export interface CollectReplyEntriesIdFieldEvent {
    field: '$.entries[].id'
    value: string
    index: number
  }

  export interface CollectReplyEntriesSenderFieldEvent {
    field: '$.entries[].sender'
    value: string
    index: number
  }

  export interface CollectReplyEntriesSeqFieldEvent {
    field: '$.entries[].seq'
    value: bigint
    index: number
  }

  export interface CollectReplyEntriesBodyFieldEvent {
    field: '$.entries[].body'
    value: Uint8Array
    index: number
  }

  export interface CollectReplyEntriesConfigFieldEvent {
    field: '$.entries[].config[]'
    index: number
    value: string
  }

  export function encode (obj: Partial<CollectReply>): Uint8Array {
    return encodeMessage(obj, CollectReply.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<CollectReply>): CollectReply {
    return decodeMessage(buf, CollectReply.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<CollectReply>): Generator<CollectReplyTermFieldEvent | CollectReplyLogTermFieldEvent | CollectReplyLengthFieldEvent | CollectReplyCommitIndexFieldEvent | CollectReplyEntriesIdFieldEvent | CollectReplyEntriesSenderFieldEvent | CollectReplyEntriesSeqFieldEvent | CollectReplyEntriesBodyFieldEvent | CollectReplyEntriesConfigFieldEvent> {
    return streamMessage(buf, CollectReply.codec(), opts)
  }
}

export interface PreCollect {
  term: bigint
  members: number
  round: bigint
}

export namespace PreCollect {
  let _codec: Codec<PreCollect>

  export const codec = (): Codec<PreCollect> => {
    if (_codec == null) {
      _codec = message<PreCollect>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.term != null && obj.term !== 0n)) {
          w.uint32(8)
          w.uint64(obj.term)
        }

        if ((obj.members != null && obj.members !== 0)) {
          w.uint32(16)
          w.uint32(obj.members)
        }

        if ((obj.round != null && obj.round !== 0n)) {
          w.uint32(24)
          w.uint64(obj.round)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          term: 0n,
          members: 0,
          round: 0n
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.term = reader.uint64()
              break
            }
            case 2: {
              obj.members = reader.uint32()
              break
            }
            case 3: {
              obj.round = reader.uint64()
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
                field: `${prefix}.term`,
                value: reader.uint64()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.members`,
                value: reader.uint32()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.round`,
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

  export interface PreCollectTermFieldEvent {
    field: '$.term'
    value: bigint
  }

  export interface PreCollectMembersFieldEvent {
    field: '$.members'
    value: number
  }

  export interface PreCollectRoundFieldEvent {
    field: '$.round'
    value: bigint
  }

  export function encode (obj: Partial<PreCollect>): Uint8Array {
    return encodeMessage(obj, PreCollect.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PreCollect>): PreCollect {
    return decodeMessage(buf, PreCollect.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PreCollect>): Generator<PreCollectTermFieldEvent | PreCollectMembersFieldEvent | PreCollectRoundFieldEvent> {
    return streamMessage(buf, PreCollect.codec(), opts)
  }
}

export interface PreCollectReply {
  term: bigint
  granted: boolean
  round: bigint
}

export namespace PreCollectReply {
  let _codec: Codec<PreCollectReply>

  export const codec = (): Codec<PreCollectReply> => {
    if (_codec == null) {
      _codec = message<PreCollectReply>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.term != null && obj.term !== 0n)) {
          w.uint32(8)
          w.uint64(obj.term)
        }

        if ((obj.granted != null && obj.granted !== false)) {
          w.uint32(16)
          w.bool(obj.granted)
        }

        if ((obj.round != null && obj.round !== 0n)) {
          w.uint32(24)
          w.uint64(obj.round)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          term: 0n,
          granted: false,
          round: 0n
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.term = reader.uint64()
              break
            }
            case 2: {
              obj.granted = reader.bool()
              break
            }
            case 3: {
              obj.round = reader.uint64()
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
                field: `${prefix}.term`,
                value: reader.uint64()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.granted`,
                value: reader.bool()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.round`,
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

  export interface PreCollectReplyTermFieldEvent {
    field: '$.term'
    value: bigint
  }

  export interface PreCollectReplyGrantedFieldEvent {
    field: '$.granted'
    value: boolean
  }

  export interface PreCollectReplyRoundFieldEvent {
    field: '$.round'
    value: bigint
  }

  export function encode (obj: Partial<PreCollectReply>): Uint8Array {
    return encodeMessage(obj, PreCollectReply.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PreCollectReply>): PreCollectReply {
    return decodeMessage(buf, PreCollectReply.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PreCollectReply>): Generator<PreCollectReplyTermFieldEvent | PreCollectReplyGrantedFieldEvent | PreCollectReplyRoundFieldEvent> {
    return streamMessage(buf, PreCollectReply.codec(), opts)
  }
}

export interface Submit {
  term: bigint
  entries: Entry[]
}

export namespace Submit {
  let _codec: Codec<Submit>

  export const codec = (): Codec<Submit> => {
    if (_codec == null) {
      _codec = message<Submit>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.term != null && obj.term !== 0n)) {
          w.uint32(8)
          w.uint64(obj.term)
        }

        if (obj.entries != null && obj.entries.length > 0) {
          for (const value of obj.entries) {
            w.uint32(18)
            Entry.codec().encode(value, w)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          term: 0n,
          entries: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.term = reader.uint64()
              break
            }
            case 2: {
              if (opts.limits?.entries != null && obj.entries.length === opts.limits.entries) {
                throw new MaxLengthError('Decode error - repeated field "entries" had too many elements')
              }

              obj.entries.push(Entry.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.entries$
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
          entries: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.term`,
                value: reader.uint64()
              }
              break
            }
            case 2: {
              if (opts.limits?.entries != null && obj.entries === opts.limits.entries) {
                throw new MaxLengthError('Streaming decode error - repeated field "entries" had too many elements')
              }

              for (const evt of Entry.codec().stream(reader, reader.uint32(), `${prefix}.entries[]`, {
                limits: opts.limits?.entries$
              })) {
                yield {
                  ...evt,
                  index: obj.entries
                }
              }

              obj.entries++

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

  export interface SubmitTermFieldEvent {
    field: '$.term'
    value: bigint
  }

  export interface SubmitEntriesIdFieldEvent {
    field: '$.entries[].id'
    value: string
    index: number
  }

  export interface SubmitEntriesSenderFieldEvent {
    field: '$.entries[].sender'
    value: string
    index: number
  }

  export interface SubmitEntriesSeqFieldEvent {
    field: '$.entries[].seq'
    value: bigint
    index: number
  }

  export interface SubmitEntriesBodyFieldEvent {
    field: '$.entries[].body'
    value: Uint8Array
    index: number
  }

  export interface SubmitEntriesConfigFieldEvent {
    field: '$.entries[].config[]'
    index: number
    value: string
  }

  export function encode (obj: Partial<Submit>): Uint8Array {
    return encodeMessage(obj, Submit.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Submit>): Submit {
    return decodeMessage(buf, Submit.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Submit>): Generator<SubmitTermFieldEvent | SubmitEntriesIdFieldEvent | SubmitEntriesSenderFieldEvent | SubmitEntriesSeqFieldEvent | SubmitEntriesBodyFieldEvent | SubmitEntriesConfigFieldEvent> {
    return streamMessage(buf, Submit.codec(), opts)
  }
}

export interface LatencyRequest {
  round: bigint
}

export namespace LatencyRequest {
  let _codec: Codec<LatencyRequest>

  export const codec = (): Codec<LatencyRequest> => {
    if (_codec == null) {
      _codec = message<LatencyRequest>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.round != null && obj.round !== 0n)) {
          w.uint32(8)
          w.uint64(obj.round)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          round: 0n
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.round = reader.uint64()
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
                field: `${prefix}.round`,
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

  export interface LatencyRequestRoundFieldEvent {
    field: '$.round'
    value: bigint
  }

  export function encode (obj: Partial<LatencyRequest>): Uint8Array {
    return encodeMessage(obj, LatencyRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<LatencyRequest>): LatencyRequest {
    return decodeMessage(buf, LatencyRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<LatencyRequest>): Generator<LatencyRequestRoundFieldEvent> {
    return streamMessage(buf, LatencyRequest.codec(), opts)
  }
}

export interface Rtt {
  userId: string
  micros?: number
}

export namespace Rtt {
  let _codec: Codec<Rtt>

  export const codec = (): Codec<Rtt> => {
    if (_codec == null) {
      _codec = message<Rtt>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.userId != null && obj.userId !== '')) {
          w.uint32(10)
          w.string(obj.userId)
        }

        if (obj.micros != null) {
          w.uint32(16)
          w.uint32(obj.micros)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          userId: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.userId = reader.string()
              break
            }
            case 2: {
              obj.micros = reader.uint32()
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
                field: `${prefix}.userId`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.micros`,
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

  export interface RttUserIdFieldEvent {
    field: '$.userId'
    value: string
  }

  export interface RttMicrosFieldEvent {
    field: '$.micros'
    value: number
  }

  export function encode (obj: Partial<Rtt>): Uint8Array {
    return encodeMessage(obj, Rtt.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Rtt>): Rtt {
    return decodeMessage(buf, Rtt.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Rtt>): Generator<RttUserIdFieldEvent | RttMicrosFieldEvent> {
    return streamMessage(buf, Rtt.codec(), opts)
  }
}

export interface LatencyReport {
  round: bigint
  rtts: Rtt[]
}

export namespace LatencyReport {
  let _codec: Codec<LatencyReport>

  export const codec = (): Codec<LatencyReport> => {
    if (_codec == null) {
      _codec = message<LatencyReport>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.round != null && obj.round !== 0n)) {
          w.uint32(8)
          w.uint64(obj.round)
        }

        if (obj.rtts != null && obj.rtts.length > 0) {
          for (const value of obj.rtts) {
            w.uint32(18)
            Rtt.codec().encode(value, w)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          round: 0n,
          rtts: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.round = reader.uint64()
              break
            }
            case 2: {
              if (opts.limits?.rtts != null && obj.rtts.length === opts.limits.rtts) {
                throw new MaxLengthError('Decode error - repeated field "rtts" had too many elements')
              }

              obj.rtts.push(Rtt.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.rtts$
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
          rtts: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.round`,
                value: reader.uint64()
              }
              break
            }
            case 2: {
              if (opts.limits?.rtts != null && obj.rtts === opts.limits.rtts) {
                throw new MaxLengthError('Streaming decode error - repeated field "rtts" had too many elements')
              }

              for (const evt of Rtt.codec().stream(reader, reader.uint32(), `${prefix}.rtts[]`, {
                limits: opts.limits?.rtts$
              })) {
                yield {
                  ...evt,
                  index: obj.rtts
                }
              }

              obj.rtts++

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

  export interface LatencyReportRoundFieldEvent {
    field: '$.round'
    value: bigint
  }

  export interface LatencyReportRttsUserIdFieldEvent {
    field: '$.rtts[].userId'
    value: string
    index: number
  }

  export interface LatencyReportRttsMicrosFieldEvent {
    field: '$.rtts[].micros'
    value: number
    index: number
  }

  export function encode (obj: Partial<LatencyReport>): Uint8Array {
    return encodeMessage(obj, LatencyReport.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<LatencyReport>): LatencyReport {
    return decodeMessage(buf, LatencyReport.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<LatencyReport>): Generator<LatencyReportRoundFieldEvent | LatencyReportRttsUserIdFieldEvent | LatencyReportRttsMicrosFieldEvent> {
    return streamMessage(buf, LatencyReport.codec(), opts)
  }
}

export interface GroupFrame {
  groupId: string
  config?: Uint8Array
  preferred?: Uint8Array
  latencyRequest?: LatencyRequest
  latencyReport?: LatencyReport
  append?: Append
  appendReply?: AppendReply
  collect?: Collect
  collectReply?: CollectReply
  submit?: Submit
  rejoin?: boolean
  preCollect?: PreCollect
  preCollectReply?: PreCollectReply
}

export namespace GroupFrame {
  let _codec: Codec<GroupFrame>

  export const codec = (): Codec<GroupFrame> => {
    if (_codec == null) {
      _codec = message<GroupFrame>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.groupId != null && obj.groupId !== '')) {
          w.uint32(10)
          w.string(obj.groupId)
        }

        if (obj.config != null) {
          w.uint32(18)
          w.bytes(obj.config)
        }

        if (obj.preferred != null) {
          w.uint32(26)
          w.bytes(obj.preferred)
        }

        if (obj.latencyRequest != null) {
          w.uint32(34)
          LatencyRequest.codec().encode(obj.latencyRequest, w)
        }

        if (obj.latencyReport != null) {
          w.uint32(42)
          LatencyReport.codec().encode(obj.latencyReport, w)
        }

        if (obj.append != null) {
          w.uint32(50)
          Append.codec().encode(obj.append, w)
        }

        if (obj.appendReply != null) {
          w.uint32(58)
          AppendReply.codec().encode(obj.appendReply, w)
        }

        if (obj.collect != null) {
          w.uint32(66)
          Collect.codec().encode(obj.collect, w)
        }

        if (obj.collectReply != null) {
          w.uint32(74)
          CollectReply.codec().encode(obj.collectReply, w)
        }

        if (obj.submit != null) {
          w.uint32(82)
          Submit.codec().encode(obj.submit, w)
        }

        if (obj.rejoin != null) {
          w.uint32(88)
          w.bool(obj.rejoin)
        }

        if (obj.preCollect != null) {
          w.uint32(98)
          PreCollect.codec().encode(obj.preCollect, w)
        }

        if (obj.preCollectReply != null) {
          w.uint32(106)
          PreCollectReply.codec().encode(obj.preCollectReply, w)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          groupId: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.groupId = reader.string()
              break
            }
            case 2: {
              obj.config = reader.bytes()
              break
            }
            case 3: {
              obj.preferred = reader.bytes()
              break
            }
            case 4: {
              obj.latencyRequest = LatencyRequest.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.latencyRequest
              })
              break
            }
            case 5: {
              obj.latencyReport = LatencyReport.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.latencyReport
              })
              break
            }
            case 6: {
              obj.append = Append.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.append
              })
              break
            }
            case 7: {
              obj.appendReply = AppendReply.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.appendReply
              })
              break
            }
            case 8: {
              obj.collect = Collect.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.collect
              })
              break
            }
            case 9: {
              obj.collectReply = CollectReply.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.collectReply
              })
              break
            }
            case 10: {
              obj.submit = Submit.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.submit
              })
              break
            }
            case 11: {
              obj.rejoin = reader.bool()
              break
            }
            case 12: {
              obj.preCollect = PreCollect.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.preCollect
              })
              break
            }
            case 13: {
              obj.preCollectReply = PreCollectReply.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.preCollectReply
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
                field: `${prefix}.groupId`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.config`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.preferred`,
                value: reader.bytes()
              }
              break
            }
            case 4: {
              yield * LatencyRequest.codec().stream(reader, reader.uint32(), `${prefix}.latencyRequest`, {
                limits: opts.limits?.latencyRequest
              })

              break
            }
            case 5: {
              yield * LatencyReport.codec().stream(reader, reader.uint32(), `${prefix}.latencyReport`, {
                limits: opts.limits?.latencyReport
              })

              break
            }
            case 6: {
              yield * Append.codec().stream(reader, reader.uint32(), `${prefix}.append`, {
                limits: opts.limits?.append
              })

              break
            }
            case 7: {
              yield * AppendReply.codec().stream(reader, reader.uint32(), `${prefix}.appendReply`, {
                limits: opts.limits?.appendReply
              })

              break
            }
            case 8: {
              yield * Collect.codec().stream(reader, reader.uint32(), `${prefix}.collect`, {
                limits: opts.limits?.collect
              })

              break
            }
            case 9: {
              yield * CollectReply.codec().stream(reader, reader.uint32(), `${prefix}.collectReply`, {
                limits: opts.limits?.collectReply
              })

              break
            }
            case 10: {
              yield * Submit.codec().stream(reader, reader.uint32(), `${prefix}.submit`, {
                limits: opts.limits?.submit
              })

              break
            }
            case 11: {
              yield {
                field: `${prefix}.rejoin`,
                value: reader.bool()
              }
              break
            }
            case 12: {
              yield * PreCollect.codec().stream(reader, reader.uint32(), `${prefix}.preCollect`, {
                limits: opts.limits?.preCollect
              })

              break
            }
            case 13: {
              yield * PreCollectReply.codec().stream(reader, reader.uint32(), `${prefix}.preCollectReply`, {
                limits: opts.limits?.preCollectReply
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

  export interface GroupFrameGroupIdFieldEvent {
    field: '$.groupId'
    value: string
  }

  export interface GroupFrameConfigFieldEvent {
    field: '$.config'
    value: Uint8Array
  }

  export interface GroupFramePreferredFieldEvent {
    field: '$.preferred'
    value: Uint8Array
  }

  export interface GroupFrameLatencyRequestRoundFieldEvent {
    field: '$.latencyRequest.round'
    value: bigint
  }

  export interface GroupFrameLatencyReportRoundFieldEvent {
    field: '$.latencyReport.round'
    value: bigint
  }

  export interface GroupFrameLatencyReportRttsUserIdFieldEvent {
    field: '$.latencyReport.rtts[].userId'
    value: string
    index: number
  }

  export interface GroupFrameLatencyReportRttsMicrosFieldEvent {
    field: '$.latencyReport.rtts[].micros'
    value: number
    index: number
  }

  export interface GroupFrameAppendTermFieldEvent {
    field: '$.append.term'
    value: bigint
  }

  export interface GroupFrameAppendPrevFieldEvent {
    field: '$.append.prev'
    value: bigint
  }

  export interface GroupFrameAppendEntriesIdFieldEvent {
    field: '$.append.entries[].id'
    value: string
    index: number
  }

  export interface GroupFrameAppendEntriesSenderFieldEvent {
    field: '$.append.entries[].sender'
    value: string
    index: number
  }

  export interface GroupFrameAppendEntriesSeqFieldEvent {
    field: '$.append.entries[].seq'
    value: bigint
    index: number
  }

  export interface GroupFrameAppendEntriesBodyFieldEvent {
    field: '$.append.entries[].body'
    value: Uint8Array
    index: number
  }

  export interface GroupFrameAppendEntriesConfigFieldEvent {
    field: '$.append.entries[].config[]'
    index: number
    value: string
  }

  export interface GroupFrameAppendCommitIndexFieldEvent {
    field: '$.append.commitIndex'
    value: bigint
  }

  export interface GroupFrameAppendResetFieldEvent {
    field: '$.append.reset'
    value: boolean
  }

  export interface GroupFrameAppendNoticeFieldEvent {
    field: '$.append.notice'
    value: boolean
  }

  export interface GroupFrameAppendReplyTermFieldEvent {
    field: '$.appendReply.term'
    value: bigint
  }

  export interface GroupFrameAppendReplyOkFieldEvent {
    field: '$.appendReply.ok'
    value: boolean
  }

  export interface GroupFrameAppendReplyLogTermFieldEvent {
    field: '$.appendReply.logTerm'
    value: bigint
  }

  export interface GroupFrameAppendReplyLengthFieldEvent {
    field: '$.appendReply.length'
    value: bigint
  }

  export interface GroupFrameAppendReplyCommitIndexFieldEvent {
    field: '$.appendReply.commitIndex'
    value: bigint
  }

  export interface GroupFrameCollectTermFieldEvent {
    field: '$.collect.term'
    value: bigint
  }

  export interface GroupFrameCollectCommitIndexFieldEvent {
    field: '$.collect.commitIndex'
    value: bigint
  }

  export interface GroupFrameCollectReplyTermFieldEvent {
    field: '$.collectReply.term'
    value: bigint
  }

  export interface GroupFrameCollectReplyLogTermFieldEvent {
    field: '$.collectReply.logTerm'
    value: bigint
  }

  export interface GroupFrameCollectReplyLengthFieldEvent {
    field: '$.collectReply.length'
    value: bigint
  }

  export interface GroupFrameCollectReplyCommitIndexFieldEvent {
    field: '$.collectReply.commitIndex'
    value: bigint
  }

  export interface GroupFrameCollectReplyEntriesIdFieldEvent {
    field: '$.collectReply.entries[].id'
    value: string
    index: number
  }

  export interface GroupFrameCollectReplyEntriesSenderFieldEvent {
    field: '$.collectReply.entries[].sender'
    value: string
    index: number
  }

  export interface GroupFrameCollectReplyEntriesSeqFieldEvent {
    field: '$.collectReply.entries[].seq'
    value: bigint
    index: number
  }

  export interface GroupFrameCollectReplyEntriesBodyFieldEvent {
    field: '$.collectReply.entries[].body'
    value: Uint8Array
    index: number
  }

  export interface GroupFrameCollectReplyEntriesConfigFieldEvent {
    field: '$.collectReply.entries[].config[]'
    index: number
    value: string
  }

  export interface GroupFrameSubmitTermFieldEvent {
    field: '$.submit.term'
    value: bigint
  }

  export interface GroupFrameSubmitEntriesIdFieldEvent {
    field: '$.submit.entries[].id'
    value: string
    index: number
  }

  export interface GroupFrameSubmitEntriesSenderFieldEvent {
    field: '$.submit.entries[].sender'
    value: string
    index: number
  }

  export interface GroupFrameSubmitEntriesSeqFieldEvent {
    field: '$.submit.entries[].seq'
    value: bigint
    index: number
  }

  export interface GroupFrameSubmitEntriesBodyFieldEvent {
    field: '$.submit.entries[].body'
    value: Uint8Array
    index: number
  }

  export interface GroupFrameSubmitEntriesConfigFieldEvent {
    field: '$.submit.entries[].config[]'
    index: number
    value: string
  }

  export interface GroupFrameRejoinFieldEvent {
    field: '$.rejoin'
    value: boolean
  }

  export interface GroupFramePreCollectTermFieldEvent {
    field: '$.preCollect.term'
    value: bigint
  }

  export interface GroupFramePreCollectMembersFieldEvent {
    field: '$.preCollect.members'
    value: number
  }

  export interface GroupFramePreCollectRoundFieldEvent {
    field: '$.preCollect.round'
    value: bigint
  }

  export interface GroupFramePreCollectReplyTermFieldEvent {
    field: '$.preCollectReply.term'
    value: bigint
  }

  export interface GroupFramePreCollectReplyGrantedFieldEvent {
    field: '$.preCollectReply.granted'
    value: boolean
  }

  export interface GroupFramePreCollectReplyRoundFieldEvent {
    field: '$.preCollectReply.round'
    value: bigint
  }

  export function encode (obj: Partial<GroupFrame>): Uint8Array {
    return encodeMessage(obj, GroupFrame.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupFrame>): GroupFrame {
    return decodeMessage(buf, GroupFrame.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupFrame>): Generator<GroupFrameGroupIdFieldEvent | GroupFrameConfigFieldEvent | GroupFramePreferredFieldEvent | GroupFrameLatencyRequestRoundFieldEvent | GroupFrameLatencyReportRoundFieldEvent | GroupFrameLatencyReportRttsUserIdFieldEvent | GroupFrameLatencyReportRttsMicrosFieldEvent | GroupFrameAppendTermFieldEvent | GroupFrameAppendPrevFieldEvent | GroupFrameAppendEntriesIdFieldEvent | GroupFrameAppendEntriesSenderFieldEvent | GroupFrameAppendEntriesSeqFieldEvent | GroupFrameAppendEntriesBodyFieldEvent | GroupFrameAppendEntriesConfigFieldEvent | GroupFrameAppendCommitIndexFieldEvent | GroupFrameAppendResetFieldEvent | GroupFrameAppendNoticeFieldEvent | GroupFrameAppendReplyTermFieldEvent | GroupFrameAppendReplyOkFieldEvent | GroupFrameAppendReplyLogTermFieldEvent | GroupFrameAppendReplyLengthFieldEvent | GroupFrameAppendReplyCommitIndexFieldEvent | GroupFrameCollectTermFieldEvent | GroupFrameCollectCommitIndexFieldEvent | GroupFrameCollectReplyTermFieldEvent | GroupFrameCollectReplyLogTermFieldEvent | GroupFrameCollectReplyLengthFieldEvent | GroupFrameCollectReplyCommitIndexFieldEvent | GroupFrameCollectReplyEntriesIdFieldEvent | GroupFrameCollectReplyEntriesSenderFieldEvent | GroupFrameCollectReplyEntriesSeqFieldEvent | GroupFrameCollectReplyEntriesBodyFieldEvent | GroupFrameCollectReplyEntriesConfigFieldEvent | GroupFrameSubmitTermFieldEvent | GroupFrameSubmitEntriesIdFieldEvent | GroupFrameSubmitEntriesSenderFieldEvent | GroupFrameSubmitEntriesSeqFieldEvent | GroupFrameSubmitEntriesBodyFieldEvent | GroupFrameSubmitEntriesConfigFieldEvent | GroupFrameRejoinFieldEvent | GroupFramePreCollectTermFieldEvent | GroupFramePreCollectMembersFieldEvent | GroupFramePreCollectRoundFieldEvent | GroupFramePreCollectReplyTermFieldEvent | GroupFramePreCollectReplyGrantedFieldEvent | GroupFramePreCollectReplyRoundFieldEvent> {
    return streamMessage(buf, GroupFrame.codec(), opts)
  }
}

export interface MirrorPosition {
  groupId: string
  committed: bigint
}

export namespace MirrorPosition {
  let _codec: Codec<MirrorPosition>

  export const codec = (): Codec<MirrorPosition> => {
    if (_codec == null) {
      _codec = message<MirrorPosition>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.groupId != null && obj.groupId !== '')) {
          w.uint32(10)
          w.string(obj.groupId)
        }

        if ((obj.committed != null && obj.committed !== 0n)) {
          w.uint32(16)
          w.uint64(obj.committed)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          groupId: '',
          committed: 0n
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.groupId = reader.string()
              break
            }
            case 2: {
              obj.committed = reader.uint64()
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
                field: `${prefix}.groupId`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.committed`,
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

  export interface MirrorPositionGroupIdFieldEvent {
    field: '$.groupId'
    value: string
  }

  export interface MirrorPositionCommittedFieldEvent {
    field: '$.committed'
    value: bigint
  }

  export function encode (obj: Partial<MirrorPosition>): Uint8Array {
    return encodeMessage(obj, MirrorPosition.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<MirrorPosition>): MirrorPosition {
    return decodeMessage(buf, MirrorPosition.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<MirrorPosition>): Generator<MirrorPositionGroupIdFieldEvent | MirrorPositionCommittedFieldEvent> {
    return streamMessage(buf, MirrorPosition.codec(), opts)
  }
}

export interface MirrorPull {
  groups: MirrorPosition[]
}

export namespace MirrorPull {
  let _codec: Codec<MirrorPull>

  export const codec = (): Codec<MirrorPull> => {
    if (_codec == null) {
      _codec = message<MirrorPull>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.groups != null && obj.groups.length > 0) {
          for (const value of obj.groups) {
            w.uint32(10)
            MirrorPosition.codec().encode(value, w)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          groups: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.groups != null && obj.groups.length === opts.limits.groups) {
                throw new MaxLengthError('Decode error - repeated field "groups" had too many elements')
              }

              obj.groups.push(MirrorPosition.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.groups$
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
          groups: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.groups != null && obj.groups === opts.limits.groups) {
                throw new MaxLengthError('Streaming decode error - repeated field "groups" had too many elements')
              }

              for (const evt of MirrorPosition.codec().stream(reader, reader.uint32(), `${prefix}.groups[]`, {
                limits: opts.limits?.groups$
              })) {
                yield {
                  ...evt,
                  index: obj.groups
                }
              }

              obj.groups++

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

  export interface MirrorPullGroupsGroupIdFieldEvent {
    field: '$.groups[].groupId'
    value: string
    index: number
  }

  export interface MirrorPullGroupsCommittedFieldEvent {
    field: '$.groups[].committed'
    value: bigint
    index: number
  }

  export function encode (obj: Partial<MirrorPull>): Uint8Array {
    return encodeMessage(obj, MirrorPull.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<MirrorPull>): MirrorPull {
    return decodeMessage(buf, MirrorPull.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<MirrorPull>): Generator<MirrorPullGroupsGroupIdFieldEvent | MirrorPullGroupsCommittedFieldEvent> {
    return streamMessage(buf, MirrorPull.codec(), opts)
  }
}

export interface MirrorGroup {
  groupId: string
  config: Uint8Array
  preferred: Uint8Array
  after: bigint
  entries: Entry[]
  commitIndex: bigint
}

export namespace MirrorGroup {
  let _codec: Codec<MirrorGroup>

  export const codec = (): Codec<MirrorGroup> => {
    if (_codec == null) {
      _codec = message<MirrorGroup>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.groupId != null && obj.groupId !== '')) {
          w.uint32(10)
          w.string(obj.groupId)
        }

        if ((obj.config != null && obj.config.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.config)
        }

        if ((obj.preferred != null && obj.preferred.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.preferred)
        }

        if ((obj.after != null && obj.after !== 0n)) {
          w.uint32(32)
          w.uint64(obj.after)
        }

        if (obj.entries != null && obj.entries.length > 0) {
          for (const value of obj.entries) {
            w.uint32(42)
            Entry.codec().encode(value, w)
          }
        }

        if ((obj.commitIndex != null && obj.commitIndex !== 0n)) {
          w.uint32(48)
          w.uint64(obj.commitIndex)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          groupId: '',
          config: uint8ArrayAlloc(0),
          preferred: uint8ArrayAlloc(0),
          after: 0n,
          entries: [],
          commitIndex: 0n
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.groupId = reader.string()
              break
            }
            case 2: {
              obj.config = reader.bytes()
              break
            }
            case 3: {
              obj.preferred = reader.bytes()
              break
            }
            case 4: {
              obj.after = reader.uint64()
              break
            }
            case 5: {
              if (opts.limits?.entries != null && obj.entries.length === opts.limits.entries) {
                throw new MaxLengthError('Decode error - repeated field "entries" had too many elements')
              }

              obj.entries.push(Entry.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.entries$
              }))
              break
            }
            case 6: {
              obj.commitIndex = reader.uint64()
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
          entries: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.groupId`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.config`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.preferred`,
                value: reader.bytes()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.after`,
                value: reader.uint64()
              }
              break
            }
            case 5: {
              if (opts.limits?.entries != null && obj.entries === opts.limits.entries) {
                throw new MaxLengthError('Streaming decode error - repeated field "entries" had too many elements')
              }

              for (const evt of Entry.codec().stream(reader, reader.uint32(), `${prefix}.entries[]`, {
                limits: opts.limits?.entries$
              })) {
                yield {
                  ...evt,
                  index: obj.entries
                }
              }

              obj.entries++

              break
            }
            case 6: {
              yield {
                field: `${prefix}.commitIndex`,
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

  export interface MirrorGroupGroupIdFieldEvent {
    field: '$.groupId'
    value: string
  }

  export interface MirrorGroupConfigFieldEvent {
    field: '$.config'
    value: Uint8Array
  }

  export interface MirrorGroupPreferredFieldEvent {
    field: '$.preferred'
    value: Uint8Array
  }

  export interface MirrorGroupAfterFieldEvent {
    field: '$.after'
    value: bigint
  }

  export interface MirrorGroupEntriesIdFieldEvent {
    field: '$.entries[].id'
    value: string
    index: number
  }

  export interface MirrorGroupEntriesSenderFieldEvent {
    field: '$.entries[].sender'
    value: string
    index: number
  }

  export interface MirrorGroupEntriesSeqFieldEvent {
    field: '$.entries[].seq'
    value: bigint
    index: number
  }

  export interface MirrorGroupEntriesBodyFieldEvent {
    field: '$.entries[].body'
    value: Uint8Array
    index: number
  }

  export interface MirrorGroupEntriesConfigFieldEvent {
    field: '$.entries[].config[]'
    index: number
    value: string
  }

  export interface MirrorGroupCommitIndexFieldEvent {
    field: '$.commitIndex'
    value: bigint
  }

  export function encode (obj: Partial<MirrorGroup>): Uint8Array {
    return encodeMessage(obj, MirrorGroup.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<MirrorGroup>): MirrorGroup {
    return decodeMessage(buf, MirrorGroup.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<MirrorGroup>): Generator<MirrorGroupGroupIdFieldEvent | MirrorGroupConfigFieldEvent | MirrorGroupPreferredFieldEvent | MirrorGroupAfterFieldEvent | MirrorGroupEntriesIdFieldEvent | MirrorGroupEntriesSenderFieldEvent | MirrorGroupEntriesSeqFieldEvent | MirrorGroupEntriesBodyFieldEvent | MirrorGroupEntriesConfigFieldEvent | MirrorGroupCommitIndexFieldEvent> {
    return streamMessage(buf, MirrorGroup.codec(), opts)
  }
}

export interface MirrorForward {
  groupId: string
  id: string
  text: string
}

export namespace MirrorForward {
  let _codec: Codec<MirrorForward>

  export const codec = (): Codec<MirrorForward> => {
    if (_codec == null) {
      _codec = message<MirrorForward>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.groupId != null && obj.groupId !== '')) {
          w.uint32(10)
          w.string(obj.groupId)
        }

        if ((obj.id != null && obj.id !== '')) {
          w.uint32(18)
          w.string(obj.id)
        }

        if ((obj.text != null && obj.text !== '')) {
          w.uint32(26)
          w.string(obj.text)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          groupId: '',
          id: '',
          text: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.groupId = reader.string()
              break
            }
            case 2: {
              obj.id = reader.string()
              break
            }
            case 3: {
              obj.text = reader.string()
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
                field: `${prefix}.groupId`,
                value: reader.string()
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
            case 3: {
              yield {
                field: `${prefix}.text`,
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

  export interface MirrorForwardGroupIdFieldEvent {
    field: '$.groupId'
    value: string
  }

  export interface MirrorForwardIdFieldEvent {
    field: '$.id'
    value: string
  }

  export interface MirrorForwardTextFieldEvent {
    field: '$.text'
    value: string
  }

  export function encode (obj: Partial<MirrorForward>): Uint8Array {
    return encodeMessage(obj, MirrorForward.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<MirrorForward>): MirrorForward {
    return decodeMessage(buf, MirrorForward.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<MirrorForward>): Generator<MirrorForwardGroupIdFieldEvent | MirrorForwardIdFieldEvent | MirrorForwardTextFieldEvent> {
    return streamMessage(buf, MirrorForward.codec(), opts)
  }
}

export interface MirrorForwarded {
  groupId: string
  id: string
  ok: boolean
  error: string
}

export namespace MirrorForwarded {
  let _codec: Codec<MirrorForwarded>

  export const codec = (): Codec<MirrorForwarded> => {
    if (_codec == null) {
      _codec = message<MirrorForwarded>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.groupId != null && obj.groupId !== '')) {
          w.uint32(10)
          w.string(obj.groupId)
        }

        if ((obj.id != null && obj.id !== '')) {
          w.uint32(18)
          w.string(obj.id)
        }

        if ((obj.ok != null && obj.ok !== false)) {
          w.uint32(24)
          w.bool(obj.ok)
        }

        if ((obj.error != null && obj.error !== '')) {
          w.uint32(34)
          w.string(obj.error)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          groupId: '',
          id: '',
          ok: false,
          error: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.groupId = reader.string()
              break
            }
            case 2: {
              obj.id = reader.string()
              break
            }
            case 3: {
              obj.ok = reader.bool()
              break
            }
            case 4: {
              obj.error = reader.string()
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
                field: `${prefix}.groupId`,
                value: reader.string()
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
            case 3: {
              yield {
                field: `${prefix}.ok`,
                value: reader.bool()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.error`,
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

  export interface MirrorForwardedGroupIdFieldEvent {
    field: '$.groupId'
    value: string
  }

  export interface MirrorForwardedIdFieldEvent {
    field: '$.id'
    value: string
  }

  export interface MirrorForwardedOkFieldEvent {
    field: '$.ok'
    value: boolean
  }

  export interface MirrorForwardedErrorFieldEvent {
    field: '$.error'
    value: string
  }

  export function encode (obj: Partial<MirrorForwarded>): Uint8Array {
    return encodeMessage(obj, MirrorForwarded.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<MirrorForwarded>): MirrorForwarded {
    return decodeMessage(buf, MirrorForwarded.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<MirrorForwarded>): Generator<MirrorForwardedGroupIdFieldEvent | MirrorForwardedIdFieldEvent | MirrorForwardedOkFieldEvent | MirrorForwardedErrorFieldEvent> {
    return streamMessage(buf, MirrorForwarded.codec(), opts)
  }
}

export interface MirrorFrame {
  pull?: MirrorPull
  group?: MirrorGroup
  forward?: MirrorForward
  forwarded?: MirrorForwarded
}

export namespace MirrorFrame {
  let _codec: Codec<MirrorFrame>

  export const codec = (): Codec<MirrorFrame> => {
    if (_codec == null) {
      _codec = message<MirrorFrame>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.pull != null) {
          w.uint32(10)
          MirrorPull.codec().encode(obj.pull, w)
        }

        if (obj.group != null) {
          w.uint32(18)
          MirrorGroup.codec().encode(obj.group, w)
        }

        if (obj.forward != null) {
          w.uint32(26)
          MirrorForward.codec().encode(obj.forward, w)
        }

        if (obj.forwarded != null) {
          w.uint32(34)
          MirrorForwarded.codec().encode(obj.forwarded, w)
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
              obj.pull = MirrorPull.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.pull
              })
              break
            }
            case 2: {
              obj.group = MirrorGroup.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.group
              })
              break
            }
            case 3: {
              obj.forward = MirrorForward.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.forward
              })
              break
            }
            case 4: {
              obj.forwarded = MirrorForwarded.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.forwarded
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
              yield * MirrorPull.codec().stream(reader, reader.uint32(), `${prefix}.pull`, {
                limits: opts.limits?.pull
              })

              break
            }
            case 2: {
              yield * MirrorGroup.codec().stream(reader, reader.uint32(), `${prefix}.group`, {
                limits: opts.limits?.group
              })

              break
            }
            case 3: {
              yield * MirrorForward.codec().stream(reader, reader.uint32(), `${prefix}.forward`, {
                limits: opts.limits?.forward
              })

              break
            }
            case 4: {
              yield * MirrorForwarded.codec().stream(reader, reader.uint32(), `${prefix}.forwarded`, {
                limits: opts.limits?.forwarded
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

  export interface MirrorFramePullGroupsGroupIdFieldEvent {
    field: '$.pull.groups[].groupId'
    value: string
    index: number
  }

  export interface MirrorFramePullGroupsCommittedFieldEvent {
    field: '$.pull.groups[].committed'
    value: bigint
    index: number
  }

  export interface MirrorFrameGroupGroupIdFieldEvent {
    field: '$.group.groupId'
    value: string
  }

  export interface MirrorFrameGroupConfigFieldEvent {
    field: '$.group.config'
    value: Uint8Array
  }

  export interface MirrorFrameGroupPreferredFieldEvent {
    field: '$.group.preferred'
    value: Uint8Array
  }

  export interface MirrorFrameGroupAfterFieldEvent {
    field: '$.group.after'
    value: bigint
  }

  export interface MirrorFrameGroupEntriesIdFieldEvent {
    field: '$.group.entries[].id'
    value: string
    index: number
  }

  export interface MirrorFrameGroupEntriesSenderFieldEvent {
    field: '$.group.entries[].sender'
    value: string
    index: number
  }

  export interface MirrorFrameGroupEntriesSeqFieldEvent {
    field: '$.group.entries[].seq'
    value: bigint
    index: number
  }

  export interface MirrorFrameGroupEntriesBodyFieldEvent {
    field: '$.group.entries[].body'
    value: Uint8Array
    index: number
  }

  export interface MirrorFrameGroupEntriesConfigFieldEvent {
    field: '$.group.entries[].config[]'
    index: number
    value: string
  }

  export interface MirrorFrameGroupCommitIndexFieldEvent {
    field: '$.group.commitIndex'
    value: bigint
  }

  export interface MirrorFrameForwardGroupIdFieldEvent {
    field: '$.forward.groupId'
    value: string
  }

  export interface MirrorFrameForwardIdFieldEvent {
    field: '$.forward.id'
    value: string
  }

  export interface MirrorFrameForwardTextFieldEvent {
    field: '$.forward.text'
    value: string
  }

  export interface MirrorFrameForwardedGroupIdFieldEvent {
    field: '$.forwarded.groupId'
    value: string
  }

  export interface MirrorFrameForwardedIdFieldEvent {
    field: '$.forwarded.id'
    value: string
  }

  export interface MirrorFrameForwardedOkFieldEvent {
    field: '$.forwarded.ok'
    value: boolean
  }

  export interface MirrorFrameForwardedErrorFieldEvent {
    field: '$.forwarded.error'
    value: string
  }

  export function encode (obj: Partial<MirrorFrame>): Uint8Array {
    return encodeMessage(obj, MirrorFrame.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<MirrorFrame>): MirrorFrame {
    return decodeMessage(buf, MirrorFrame.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<MirrorFrame>): Generator<MirrorFramePullGroupsGroupIdFieldEvent | MirrorFramePullGroupsCommittedFieldEvent | MirrorFrameGroupGroupIdFieldEvent | MirrorFrameGroupConfigFieldEvent | MirrorFrameGroupPreferredFieldEvent | MirrorFrameGroupAfterFieldEvent | MirrorFrameGroupEntriesIdFieldEvent | MirrorFrameGroupEntriesSenderFieldEvent | MirrorFrameGroupEntriesSeqFieldEvent | MirrorFrameGroupEntriesBodyFieldEvent | MirrorFrameGroupEntriesConfigFieldEvent | MirrorFrameGroupCommitIndexFieldEvent | MirrorFrameForwardGroupIdFieldEvent | MirrorFrameForwardIdFieldEvent | MirrorFrameForwardTextFieldEvent | MirrorFrameForwardedGroupIdFieldEvent | MirrorFrameForwardedIdFieldEvent | MirrorFrameForwardedOkFieldEvent | MirrorFrameForwardedErrorFieldEvent> {
    return streamMessage(buf, MirrorFrame.codec(), opts)
  }
}
