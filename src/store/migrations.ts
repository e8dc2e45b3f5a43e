import { DM_MIGRATION } from '../dm/migration.js'

/**
 * Numbered schema migrations. Append only: a shipped migration is never edited, a change
 * is a new entry. Each runs in its own transaction together with the version bump, in
 * version order. Capabilities own their migrations in their own folder and list them here.
 */
import { FEED_MIGRATION } from '../feed/migration.js'
import { GROUP_MIGRATION } from '../group/migration.js'
import { IDENTITY_CLAIM_MIGRATION } from '../identity/migration.js'

export const MIGRATIONS: ReadonlyArray<{ version: number, sql: string }> = [
  {
    version: 1,
    sql: `
      CREATE TABLE accounts (
        username TEXT PRIMARY KEY,
        user_key BLOB NOT NULL UNIQUE,
        keystore BLOB NOT NULL,          -- SignedRecord of the password-encrypted keystore
        profile BLOB,                    -- SignedRecord of the newest profile we published
        created_at INTEGER NOT NULL,
        last_login_at INTEGER
      ) STRICT;
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;
    `
  },
  FEED_MIGRATION,
  DM_MIGRATION,
  GROUP_MIGRATION,
  IDENTITY_CLAIM_MIGRATION
]
