import type { Migration } from '../store/index.js'

/** Schema version 2: feeds (entries, remote-log blocks, authors, notifications). */
const FEED_MIGRATION: Migration = {
  version: 2,
  sql: `
    CREATE TABLE feed_entries (
      author BLOB NOT NULL,
      seq INTEGER NOT NULL,
      cid BLOB NOT NULL UNIQUE,          -- CIDv1 raw of bytes
      wall INTEGER NOT NULL,             -- HLC timestamp: wall ms
      counter INTEGER NOT NULL,          -- HLC timestamp: counter
      kind TEXT NOT NULL,                -- post, follow, unfollow
      text TEXT,                         -- post text
      target BLOB,                       -- follow/unfollow: the followed user's key
      target_name TEXT,
      bytes BLOB NOT NULL,               -- the SignedEntry as received
      fetched_at INTEGER NOT NULL,       -- when this node stored it (retention clock)
      pinned INTEGER NOT NULL DEFAULT 0, -- 1: never expires
      PRIMARY KEY (author, seq)
    ) STRICT;
    CREATE INDEX feed_entries_time ON feed_entries (wall, counter);
    CREATE INDEX feed_entries_target ON feed_entries (target) WHERE target IS NOT NULL;
    CREATE TABLE feed_blocks (
      cid BLOB PRIMARY KEY,              -- remote-log pages and pushed entry blocks
      author BLOB,
      data BLOB NOT NULL,
      fetched_at INTEGER NOT NULL,
      pinned INTEGER NOT NULL DEFAULT 0
    ) STRICT;
    CREATE TABLE feed_authors (
      user_key BLOB PRIMARY KEY,
      username TEXT,
      mode TEXT,                         -- own feeds: remote-log layout
      pointer BLOB,                      -- newest valid IPNS head pointer seen
      head_page BLOB                     -- CID of the newest head page known
    ) STRICT;
    CREATE TABLE feed_notifications (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      recipient BLOB NOT NULL,
      kind TEXT NOT NULL,                -- follow, unfollow
      from_key BLOB NOT NULL,
      from_name TEXT,
      at INTEGER NOT NULL,               -- wall ms of the entry
      entry_cid BLOB NOT NULL,
      UNIQUE (recipient, entry_cid)
    ) STRICT;
  `
}

/**
 * Schema version 7: an account's feed is one chain per device. Entries name their chain's
 * device ('' for the chains written before devices: the account's first chain), and the
 * key becomes (author, device, seq). SQLite cannot change a primary key in place: the
 * table is copied.
 */
const FEED_DEVICES_MIGRATION: Migration = {
  version: 7,
  sql: `
    CREATE TABLE feed_entries_v7 (
      author BLOB NOT NULL,
      device TEXT NOT NULL DEFAULT '',   -- peer id of the device whose chain holds the entry
      seq INTEGER NOT NULL,              -- per (author, device) chain
      cid BLOB NOT NULL UNIQUE,
      wall INTEGER NOT NULL,
      counter INTEGER NOT NULL,
      kind TEXT NOT NULL,
      text TEXT,
      target BLOB,
      target_name TEXT,
      bytes BLOB NOT NULL,
      fetched_at INTEGER NOT NULL,
      pinned INTEGER NOT NULL DEFAULT 0,
      PRIMARY KEY (author, device, seq)
    ) STRICT;
    INSERT INTO feed_entries_v7 (author, device, seq, cid, wall, counter, kind, text, target, target_name, bytes, fetched_at, pinned)
      SELECT author, '', seq, cid, wall, counter, kind, text, target, target_name, bytes, fetched_at, pinned FROM feed_entries;
    DROP TABLE feed_entries;
    ALTER TABLE feed_entries_v7 RENAME TO feed_entries;
    CREATE INDEX feed_entries_time ON feed_entries (wall, counter);
    CREATE INDEX feed_entries_target ON feed_entries (target) WHERE target IS NOT NULL;
  `
}

/** The feed layer's migrations (versions 2 and 7). */
export const FEED_MIGRATIONS: readonly Migration[] = [FEED_MIGRATION, FEED_DEVICES_MIGRATION]
