import { chmod, mkdir, readFile, unlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { ParleyError } from '../kernel/index.js'

const LOCK_FILE = 'parley.lock'

/** Another node runs on this data folder (two nodes on one folder would share a peer id and fork the user's feed). */
export class DataFolderInUseError extends ParleyError {
  static override readonly code = 'data_folder_in_use'
  override readonly name = 'DataFolderInUseError'
}

export interface DataFolderLock {
  /** removes the lock file; harmless when called again */
  release: () => Promise<void>
}

/**
 * Claims a node's data folder for this process: a lock file made with O_EXCL that names
 * the process. A lock whose process is gone (a node that was SIGKILLed, a machine that
 * crashed) is taken over; one whose process runs, in this process included, is refused
 * with DataFolderInUseError.
 */
export async function lockDataFolder (dataDir: string): Promise<DataFolderLock> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 })
  // mkdir's mode applies only to a folder it makes: one made beforehand (`mkdir ~/.parley`,
  // 0755 under the usual umask) would let anyone on the machine list the folder
  await chmod(dataDir, 0o700)
  const path = join(dataDir, LOCK_FILE)
  for (let attempt = 0; ; attempt++) {
    try {
      await writeFile(path, `${process.pid}\n`, { flag: 'wx', mode: 0o600 })
      break
    } catch (err: any) {
      if (err.code !== 'EEXIST' || attempt > 0) throw lockError(err, dataDir, path)
      const holder = Number.parseInt(await readFile(path, 'utf8').catch(() => ''), 10)
      if (Number.isInteger(holder) && holder > 0 && isRunning(holder)) {
        throw new DataFolderInUseError(`another Parley node (process ${holder}) is using the data folder ${dataDir}; stop it first, or give this node a folder of its own with --data`)
      }
      await unlink(path).catch(() => {}) // stale: its process is gone
    }
  }
  let released = false
  return {
    release: async () => {
      if (released) return
      released = true
      await unlink(path).catch(() => {})
    }
  }
}

function isRunning (pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err: any) {
    return err.code === 'EPERM' // it exists but belongs to someone else
  }
}

function lockError (err: any, dataDir: string, path: string): Error {
  if (err.code === 'EEXIST') return new DataFolderInUseError(`another Parley node is starting on the data folder ${dataDir} (${path})`)
  return err
}
