import { DatabaseSync } from 'node:sqlite'

/**
 * Gives the free memory inside glibc's malloc arenas back to the system: glibc's
 * `malloc_trim`, which Node does not expose. After a burst (1,000 DMs, posts and group
 * messages, `npm run bench path`) the sender's main arena held about 11 MiB of freed
 * memory (array buffer backing stores, compiler zones, OpenSSL and SQLite allocations)
 * that stayed resident for good: `free` returns memory to the system only from the top of
 * the heap, and one live allocation above the freed ones pins it. `malloc_trim` also
 * releases whole free pages in the middle (`madvise(MADV_DONTNEED)`), in every arena.
 *
 * How it is called without a native addon: SQLite's extension loader (node:sqlite's
 * `loadExtension`, on a private in-memory connection that runs no SQL) `dlopen`s
 * `libc.so.6`, the C library already loaded into the process, and calls the named entry
 * point as `int entry(sqlite3 *db, char **error, const sqlite3_api_routines *api)`. Called
 * that way `malloc_trim(size_t pad)` gets the connection's address as `pad`; the pad only
 * says how much free memory to keep at the top of the main heap (that much, more than the
 * heap holds, keeps the top as it is: `free` trims it by itself past 128 KiB) and the
 * pages in the middle are released whatever it is; the other arguments are ignored (the
 * x86-64 and AArch64 calling conventions pass them in registers). `malloc_trim` returns 1
 * when it released memory, which SQLite reports as "error during initialization" and
 * 0 when there was none, which SQLite takes as a loaded extension; either way closing the
 * connection drops the handle (`dlclose` of an already loaded library only counts it down).
 * Anywhere else (musl, macOS, Windows, Node's permission model) the load fails in another
 * way, and the node stops trying.
 */

/** what the loader says when `malloc_trim` returned 1: it released memory */
const RELEASED = 'error during initialization'

let available = process.platform === 'linux' && process.env.PARLEY_MALLOC_TRIM !== '0'

/**
 * Runs `malloc_trim` once (a few ms for tens of MiB). Returns whether it ran: false where
 * glibc's `malloc_trim` cannot be reached, or with PARLEY_MALLOC_TRIM=0 (a switch for
 * `npm run bench memory-options` to measure the difference; default on).
 */
export function trimMalloc (): boolean {
  if (!available) return false
  let db: DatabaseSync | undefined
  try {
    db = new DatabaseSync(':memory:', { allowExtension: true })
    db.loadExtension('libc.so.6', 'malloc_trim')
    return true
  } catch (err) {
    if ((err as Error).message.startsWith(RELEASED)) return true
    available = false
    return false
  } finally {
    db?.close()
  }
}
