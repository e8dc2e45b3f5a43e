import { readFileSync } from 'node:fs'

/**
 * kad-dht's table of 65,536 precomputed key prefixes (`generated-prefix-list.js`: for each
 * 16-bit prefix, a 32-bit value whose SHA-256 key starts with it), which its routing-table
 * refresh looks up to make a random key in a given bucket. As the array literal kad-dht ships
 * it costs every node 1 MiB of heap (the literal's boilerplate and the array) and 388 KiB of
 * the bundle's source, kept as a string for good, from start-up on. The bundle
 * (rolldown.config.js, kadPrefixes) stores it instead as 256 KiB of little-endian uint32s in
 * `kad-prefixes.bin` next to itself, read on the first lookup: kad-dht's refresh calls this.
 */

/** the file the bundle's build writes next to the bundle and to this module */
export const KAD_PREFIXES_FILE = 'kad-prefixes.bin'

let prefixes: Uint32Array | undefined

/** the prefix for `index` (0-65535), as kad-dht's GENERATED_PREFIXES[index] */
export function kadPrefixAt (index: number): number {
  if (prefixes == null) {
    const bytes = readFileSync(new URL(`./${KAD_PREFIXES_FILE}`, import.meta.url))
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    prefixes = new Uint32Array(bytes.byteLength / 4)
    for (let i = 0; i < prefixes.length; i++) prefixes[i] = view.getUint32(i * 4, true)
  }
  return prefixes[index]
}
