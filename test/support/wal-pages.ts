/**
 * Which b-trees a piece of work writes, read from the WAL: every commit appends one frame
 * (a 24-byte header and the page) per page it changed, so the frames written between two
 * points are the pages that work cost. Counted structurally, not timed: a test can assert
 * the b-trees one DM insert touches, and bench dm-pages lists them per commit.
 */
import { readFileSync } from 'node:fs'
import type { DatabaseSync } from 'node:sqlite'

const WAL_HEADER = 32
const FRAME_HEADER = 24

export interface WalCommit {
  /** the pages of the commit's frames, in the order written */
  pages: number[]
}

/**
 * Empties the WAL (a TRUNCATE checkpoint), so the next commits start at its first frame.
 * The node's own checkpoint is passive and at most every 10 s: it does not reset the file.
 */
export function resetWal (db: DatabaseSync): void {
  db.exec('PRAGMA wal_checkpoint(TRUNCATE)')
}

/** The commits in the WAL file at `walPath`, oldest first (frames of an unfinished one left out). */
export function walCommits (walPath: string): WalCommit[] {
  let bytes: Buffer
  try {
    bytes = readFileSync(walPath)
  } catch {
    return []
  }
  if (bytes.length < WAL_HEADER) return []
  const pageSize = bytes.readUInt32BE(8)
  const salt = [bytes.readUInt32BE(16), bytes.readUInt32BE(20)]
  const commits: WalCommit[] = []
  let pages: number[] = []
  for (let at = WAL_HEADER; at + FRAME_HEADER + pageSize <= bytes.length; at += FRAME_HEADER + pageSize) {
    // a frame of an earlier generation of the file (before a reset) carries the old salt
    if (bytes.readUInt32BE(at + 8) !== salt[0] || bytes.readUInt32BE(at + 12) !== salt[1]) break
    pages.push(bytes.readUInt32BE(at))
    if (bytes.readUInt32BE(at + 4) !== 0) {
      commits.push({ pages })
      pages = []
    }
  }
  return commits
}

/** The b-tree (table or index name, as dbstat names it) each page of the database belongs to. */
export function pageOwners (db: DatabaseSync): Map<number, string> {
  const rows = db.prepare('SELECT name, pageno FROM dbstat').all() as Array<{ name: string, pageno: number }>
  return new Map(rows.map((r) => [r.pageno, r.name]))
}

/** The b-trees a commit wrote, one entry per page ('?' for a page no b-tree holds now, e.g. freed). */
export function btreesOf (commit: WalCommit, owners: Map<number, string>): string[] {
  return commit.pages.map((page) => owners.get(page) ?? (page === 1 ? 'sqlite_schema' : '?'))
}
