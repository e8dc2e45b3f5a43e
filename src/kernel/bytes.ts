/**
 * A map key for bytes (a user key, a CID's bytes): the bytes as a latin1 string, one
 * character a byte, without copying them. Cheaper than hex or base-N for keys looked up on
 * every message.
 */
export function bytesKey (bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1')
}
