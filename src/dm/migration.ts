import type { Migration } from '../store/index.js'

/** Migration 3 (with the mailbox's part): direct messages (conversations, per-recipient state). */
const DM_MIGRATION: Migration = {
  version: 3,
  sql: `
    CREATE TABLE dm_messages (
      owner TEXT NOT NULL,               -- local username whose conversation this is
      sender_key BLOB NOT NULL,          -- Ed25519 user key of the sender
      id TEXT NOT NULL,                  -- message id chosen by the sender
      sender TEXT NOT NULL,              -- sender username
      recipients TEXT NOT NULL,          -- JSON array of recipient usernames
      text TEXT NOT NULL,
      timestamp INTEGER NOT NULL,        -- sender's clock, strictly increasing per sender
      outgoing INTEGER NOT NULL,         -- 1 when owner sent it
      received_at INTEGER NOT NULL,
      read_at INTEGER,                   -- incoming: when owner opened the conversation
      receipt_sent INTEGER NOT NULL DEFAULT 0, -- incoming: 0 none, 1 delivered, 2 read sent back
      PRIMARY KEY (owner, sender_key, id)
    ) STRICT;
    CREATE TABLE dm_conversations (
      owner TEXT NOT NULL,
      peer TEXT NOT NULL,                -- the other user: the sender, or one recipient
      sender_key BLOB NOT NULL,
      id TEXT NOT NULL,
      timestamp INTEGER NOT NULL,
      PRIMARY KEY (owner, peer, sender_key, id)
    ) STRICT;
    CREATE INDEX dm_conversations_order ON dm_conversations (owner, peer, timestamp);
    CREATE TABLE dm_recipients (
      owner TEXT NOT NULL,
      id TEXT NOT NULL,                  -- an outgoing message id
      recipient TEXT NOT NULL,
      recipient_key BLOB,
      status TEXT NOT NULL,              -- sending, stored, delivered, read, failed
      stored_on INTEGER NOT NULL DEFAULT 0,
      updated_at INTEGER NOT NULL,
      PRIMARY KEY (owner, id, recipient)
    ) STRICT;
  `
}

/** Version 6: the path each recipient's delivery took (direct, relayed, mailbox). */
const DELIVERY_PATH_MIGRATION: Migration = {
  version: 6,
  sql: 'ALTER TABLE dm_recipients ADD COLUMN path TEXT;  -- direct, relayed, mailbox; NULL before the crate left'
}

/**
 * Migration 6 (with the mailbox's part): what this node's users need to be admitted at
 * other users' mailboxes: the stamp minted for each recipient mailbox, and the grant each
 * recipient sent (with the depositor key it names).
 */
const ADMISSION_MIGRATION: Migration = {
  version: 6,
  sql: `
    CREATE TABLE dm_admissions (
      owner TEXT NOT NULL,               -- local username
      mailbox BLOB NOT NULL,             -- the recipient's mailbox key
      stamp BLOB,                        -- stamp for the owner's derived depositor key there
      stamp_bits INTEGER NOT NULL DEFAULT 0,
      grant_secret BLOB,                 -- depositor seed the recipient granted
      grant BLOB,                        -- the recipient's encoded MailboxGrant for it
      grant_expires_at INTEGER NOT NULL DEFAULT 0,
      PRIMARY KEY (owner, mailbox)
    ) STRICT;
  `
}

/**
 * Version 8: what this device owes the account's other devices (sync-queue.ts), written in
 * the transaction of the outgoing message or read mark, so a crash before the copy left
 * loses nothing.
 */
const DEVICE_SYNC_MIGRATION: Migration = {
  version: 8,
  sql: `
    CREATE TABLE dm_device_sync (
      seq INTEGER PRIMARY KEY,           -- queue order
      owner TEXT NOT NULL,               -- local username
      kind TEXT NOT NULL,                -- sent (a sent copy) or read (a read mark)
      ref TEXT,                          -- sent: the outgoing message id (the copy is built when it leaves)
      payload BLOB,                      -- read: the encoded DmPayload
      done TEXT NOT NULL DEFAULT '[]',   -- JSON peer ids of the devices that took it
      created_at INTEGER NOT NULL
    ) STRICT;
    CREATE UNIQUE INDEX dm_device_sync_sent ON dm_device_sync (owner, ref) WHERE kind = 'sent';
    CREATE INDEX dm_device_sync_order ON dm_device_sync (owner, seq);
  `
}

/**
 * Version 9: the tables every DM writes keyed by their natural key alone (WITHOUT ROWID), so
 * a row is one b-tree entry instead of a table row plus a primary-key index entry: one DM
 * wrote 10 pages (WAL frames) at the sender's first commit and 5 at the receiver's, now 4
 * and 2 (test/dm/pages.test.ts).
 * - dm_messages, dm_recipients: the same columns and key. Rows hold the text (100-300 bytes
 *   for most messages; SQLite's guide for WITHOUT ROWID is under ~1/20 of a 4 KiB page, and a
 *   long text spills to overflow pages as in a rowid table).
 * - dm_conversations: keyed (owner, peer, timestamp, sender_key, id), the order a
 *   conversation is read in, which made dm_conversations_order redundant. A message has one
 *   timestamp, so the old key (owner, peer, sender_key, id) stays unique.
 * - dm_device_sync: keyed (owner, seq), seq numbered per owner by the queue (sync-queue.ts);
 *   no index on ref: the one sent row of a message is found by its seq, or (a resumed send,
 *   rare) by a scan of the account's queue, at most MAX_DEVICE_SYNC_ROWS rows.
 * Every row is copied; the seq of a queued row is kept.
 */
const NATURAL_KEYS_MIGRATION: Migration = {
  version: 9,
  sql: `
    CREATE TABLE dm_messages_v9 (
      owner TEXT NOT NULL,
      sender_key BLOB NOT NULL,
      id TEXT NOT NULL,
      sender TEXT NOT NULL,
      recipients TEXT NOT NULL,
      text TEXT NOT NULL,
      timestamp INTEGER NOT NULL,
      outgoing INTEGER NOT NULL,
      received_at INTEGER NOT NULL,
      read_at INTEGER,
      receipt_sent INTEGER NOT NULL DEFAULT 0,
      PRIMARY KEY (owner, sender_key, id)
    ) STRICT, WITHOUT ROWID;
    INSERT INTO dm_messages_v9 (owner, sender_key, id, sender, recipients, text, timestamp, outgoing, received_at, read_at, receipt_sent)
      SELECT owner, sender_key, id, sender, recipients, text, timestamp, outgoing, received_at, read_at, receipt_sent FROM dm_messages;
    DROP TABLE dm_messages;
    ALTER TABLE dm_messages_v9 RENAME TO dm_messages;

    CREATE TABLE dm_conversations_v9 (
      owner TEXT NOT NULL,
      peer TEXT NOT NULL,
      timestamp INTEGER NOT NULL,
      sender_key BLOB NOT NULL,
      id TEXT NOT NULL,
      PRIMARY KEY (owner, peer, timestamp, sender_key, id)
    ) STRICT, WITHOUT ROWID;
    INSERT INTO dm_conversations_v9 (owner, peer, timestamp, sender_key, id)
      SELECT owner, peer, timestamp, sender_key, id FROM dm_conversations;
    DROP TABLE dm_conversations;
    ALTER TABLE dm_conversations_v9 RENAME TO dm_conversations;

    CREATE TABLE dm_recipients_v9 (
      owner TEXT NOT NULL,
      id TEXT NOT NULL,
      recipient TEXT NOT NULL,
      recipient_key BLOB,
      status TEXT NOT NULL,
      stored_on INTEGER NOT NULL DEFAULT 0,
      updated_at INTEGER NOT NULL,
      path TEXT,
      PRIMARY KEY (owner, id, recipient)
    ) STRICT, WITHOUT ROWID;
    INSERT INTO dm_recipients_v9 (owner, id, recipient, recipient_key, status, stored_on, updated_at, path)
      SELECT owner, id, recipient, recipient_key, status, stored_on, updated_at, path FROM dm_recipients;
    DROP TABLE dm_recipients;
    ALTER TABLE dm_recipients_v9 RENAME TO dm_recipients;

    CREATE TABLE dm_device_sync_v9 (
      owner TEXT NOT NULL,
      seq INTEGER NOT NULL,
      kind TEXT NOT NULL,
      ref TEXT,
      payload BLOB,
      done TEXT NOT NULL DEFAULT '[]',
      created_at INTEGER NOT NULL,
      PRIMARY KEY (owner, seq)
    ) STRICT, WITHOUT ROWID;
    INSERT INTO dm_device_sync_v9 (owner, seq, kind, ref, payload, done, created_at)
      SELECT owner, seq, kind, ref, payload, done, created_at FROM dm_device_sync;
    DROP TABLE dm_device_sync;
    ALTER TABLE dm_device_sync_v9 RENAME TO dm_device_sync;
  `
}

/** The direct-message layer's migrations (its parts of versions 3 and 6, 8 and 9). */
export const DM_MIGRATIONS: readonly Migration[] = [DM_MIGRATION, DELIVERY_PATH_MIGRATION, ADMISSION_MIGRATION, DEVICE_SYNC_MIGRATION, NATURAL_KEYS_MIGRATION]
