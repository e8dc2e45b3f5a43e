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

/** The direct-message layer's migrations (its parts of versions 3 and 6, and 8). */
export const DM_MIGRATIONS: readonly Migration[] = [DM_MIGRATION, DELIVERY_PATH_MIGRATION, ADMISSION_MIGRATION, DEVICE_SYNC_MIGRATION]
