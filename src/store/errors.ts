import { ParleyError } from '../kernel/index.js'

/**
 * The disk under the data folder is full (SQLITE_FULL, ENOSPC, EDQUOT). Nothing was
 * written; what was acknowledged before is intact, and the same request succeeds once
 * space is freed.
 */
export class StorageFullError extends ParleyError {
  static override readonly code = 'storage_full'
  override readonly name = 'StorageFullError'
}

/** Reading or writing the data folder failed at the operating system (SQLITE_IOERR, EIO). */
export class StorageIoError extends ParleyError {
  static override readonly code = 'storage_io_error'
  override readonly name = 'StorageIoError'
}

// SQLite's primary result codes (https://sqlite.org/rescode.html); an extended code
// (SQLITE_IOERR_WRITE = 778, ...) carries its primary code in the low byte
const SQLITE_IOERR = 10
const SQLITE_FULL = 13

/**
 * The storage fault `err` is, as a StorageFullError or StorageIoError with `err` as its
 * cause; undefined for anything else (a constraint, a bug). Recognises node:sqlite's
 * errors (`errcode`) and Node's file system errors (`code`), also one level down a
 * `cause`. A storage fault passed in is returned as it is.
 */
export function storageFault (err: unknown, depth = 0): StorageFullError | StorageIoError | undefined {
  if (err instanceof StorageFullError || err instanceof StorageIoError) return err
  if (typeof err !== 'object' || err == null) return undefined
  const { errcode, errstr, code, message } = err as { errcode?: unknown, errstr?: unknown, code?: unknown, message?: unknown }
  if (typeof errcode === 'number') {
    const reason = typeof errstr === 'string' ? errstr : String(message)
    if ((errcode & 0xff) === SQLITE_FULL) return new StorageFullError(`storage full: ${reason}; free space on the data folder's disk`, { cause: err })
    if ((errcode & 0xff) === SQLITE_IOERR) return new StorageIoError(`storage I/O error: ${reason} (SQLite code ${errcode})`, { cause: err })
  }
  if (code === 'ENOSPC' || code === 'EDQUOT') return new StorageFullError(`storage full: ${String(message)}; free space on the data folder's disk`, { cause: err })
  if (code === 'EIO') return new StorageIoError(`storage I/O error: ${String(message)}`, { cause: err })
  return depth === 0 ? storageFault((err as { cause?: unknown }).cause, 1) : undefined
}
