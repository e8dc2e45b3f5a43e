/**
 * A small real file system that can be filled: a tmpfs mounted on a temp folder (needs
 * root; `canMountTmpfs` says whether this process may). Tests of full-disk behaviour put a
 * node's data folder on it and fill the rest with a filler file.
 */
import { execFileSync } from 'node:child_process'
import { closeSync, openSync, writeSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { tempDir } from './nodes.js'

export interface Tmpfs {
  /** the mount point */
  path: string
  /** writes a filler file until the file system answers ENOSPC; resolves to the bytes written */
  fill: () => number
  /** deletes the filler file: the space is back */
  free: () => Promise<void>
  /** unmounts and removes the mount point; harmless when done already */
  unmount: () => Promise<void>
}

export function canMountTmpfs (): boolean {
  return process.platform === 'linux' && process.getuid?.() === 0
}

export async function mountTmpfs (sizeBytes: number): Promise<Tmpfs> {
  const path = await tempDir('parley-tmpfs-')
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeBytes}`, 'tmpfs', path])
  const filler = join(path, 'filler')
  let mounted = true
  return {
    path,
    fill: () => {
      const fd = openSync(filler, 'a')
      let written = 0
      try {
        // big writes first, then small ones for the last partly used pages
        for (const size of [1 << 16, 512, 1]) {
          const chunk = Buffer.alloc(size, 0xaa)
          try {
            for (;;) written += writeSync(fd, chunk)
          } catch (err) {
            if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err
          }
        }
      } finally {
        closeSync(fd)
      }
      return written
    },
    free: async () => { await rm(filler, { force: true }) },
    unmount: async () => {
      if (mounted) execFileSync('umount', ['-l', path])
      mounted = false
      await rm(path, { recursive: true, force: true })
    }
  }
}
