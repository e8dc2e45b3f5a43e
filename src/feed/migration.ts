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

/** The feed layer's migrations (version 2). */
export const FEED_MIGRATIONS: readonly Migration[] = [FEED_MIGRATION]
