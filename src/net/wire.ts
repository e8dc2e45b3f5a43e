import { decodeMessage, encodeMessage, message, streamMessage } from 'protons-runtime'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface TimeAnswer {
  wallMs: bigint
}

export namespace TimeAnswer {
  let _codec: Codec<TimeAnswer>

  export const codec = (): Codec<TimeAnswer> => {
    if (_codec == null) {
      _codec = message<TimeAnswer>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.wallMs != null && obj.wallMs !== 0n)) {
          w.uint32(8)
          w.uint64(obj.wallMs)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          wallMs: 0n
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.wallMs = reader.uint64()
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
                field: `${prefix}.wallMs`,
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

  export interface TimeAnswerWallMsFieldEvent {
    field: '$.wallMs'
    value: bigint
  }

  export function encode (obj: Partial<TimeAnswer>): Uint8Array {
    return encodeMessage(obj, TimeAnswer.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<TimeAnswer>): TimeAnswer {
    return decodeMessage(buf, TimeAnswer.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<TimeAnswer>): Generator<TimeAnswerWallMsFieldEvent> {
    return streamMessage(buf, TimeAnswer.codec(), opts)
  }
}
