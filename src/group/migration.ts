import type { Migration } from '../store/index.js'

/** Schema of group chats (migration 4): each member's copy of the group log and its core state. */
const GROUP_MIGRATION: Migration = {
  version: 4,
  sql: `
    CREATE TABLE groups (
      id TEXT PRIMARY KEY,
      owner TEXT NOT NULL,               -- user id of the local member
      config BLOB NOT NULL,              -- creator-signed GroupConfig (SignedBlob)
      preferred BLOB,                    -- creator-signed PreferredHosts; NULL until started
      term INTEGER NOT NULL DEFAULT 0,
      voted_for TEXT,
      log_term INTEGER NOT NULL DEFAULT 0,
      commit_index INTEGER NOT NULL DEFAULT 0,
      last_seq INTEGER NOT NULL DEFAULT 0,
      created_at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX groups_by_owner ON groups (owner);
    CREATE TABLE group_log (
      group_id TEXT NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
      position INTEGER NOT NULL,         -- 1-based
      id TEXT NOT NULL,
      sender TEXT NOT NULL,
      seq INTEGER NOT NULL,
      body BLOB NOT NULL,                -- sender-signed EntryContent (SignedBlob)
      config TEXT,                       -- a membership change: JSON list of member user ids
      PRIMARY KEY (group_id, position)
    ) STRICT;
    CREATE TABLE group_outbox (
      group_id TEXT NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
      seq INTEGER NOT NULL,
      id TEXT NOT NULL,
      body BLOB NOT NULL,
      config TEXT,
      PRIMARY KEY (group_id, seq)
    ) STRICT;
  `
}

/** The group layer's migrations (version 4). */
export const GROUP_MIGRATIONS: readonly Migration[] = [GROUP_MIGRATION]
