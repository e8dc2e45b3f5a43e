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

/**
 * Version 6: each held crate's depositor key and whether an owner's grant admitted it, so
 * a holder counts shares per depositor and keeps room for granted crates. Crates held
 * before keep an empty depositor (one shared, stamped share).
 */
const ADMISSION_SQL = `
  ALTER TABLE mailbox_crates ADD COLUMN depositor BLOB NOT NULL DEFAULT x'';
  ALTER TABLE mailbox_crates ADD COLUMN granted INTEGER NOT NULL DEFAULT 0;
  CREATE INDEX mailbox_crates_depositor ON mailbox_crates (mailbox, depositor);
`

/** The mailbox layer's migrations (its part of versions 3 and 6). */
export const MAILBOX_MIGRATIONS: readonly Migration[] = [{ version: 3, sql: MAILBOX_SQL }, { version: 6, sql: ADMISSION_SQL }]
