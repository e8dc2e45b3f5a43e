import type { Migration } from '../store/index.js'

/** Tables of a mailbox replica holder: crates held for others, and acknowledged ids (version 3, shipped with direct messages). */
const MAILBOX_SQL = `
  CREATE TABLE mailbox_crates (
    mailbox BLOB NOT NULL,             -- 32-byte mailbox key the crate is addressed to
    crate_id BLOB NOT NULL,
    crate BLOB NOT NULL,               -- the encoded Crate exactly as deposited
    size INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,       -- ms; min(crate expiry, deposit time + TTL)
    stored_at INTEGER NOT NULL,
    PRIMARY KEY (mailbox, crate_id)
  ) STRICT;
  CREATE INDEX mailbox_crates_expiry ON mailbox_crates (expires_at);
  CREATE TABLE mailbox_tombstones (
    mailbox BLOB NOT NULL,
    crate_id BLOB NOT NULL,
    expires_at INTEGER NOT NULL,       -- kept as long as the crate could still circulate
    PRIMARY KEY (mailbox, crate_id)
  ) STRICT;
`

/** The mailbox layer's migrations (its part of version 3). */
export const MAILBOX_MIGRATIONS: readonly Migration[] = [{ version: 3, sql: MAILBOX_SQL }]
