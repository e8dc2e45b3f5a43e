import type { Migration } from '../store/index.js'

/** Schema version 1: accounts on this node (their keystores and published records) and node settings. */
const ACCOUNTS_MIGRATION: Migration = {
  version: 1,
  // the SQL text is kept byte for byte as shipped (sqlite_master stores it; test/fixtures/db.test.ts)
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
}

/**
 * Accounts keep their signed name claim, so the node can keep it alive in the DHT while
 * the user is logged out (`AccountService.republishStored`).
 */
const IDENTITY_CLAIM_MIGRATION: Migration = {
  version: 5,
  sql: `
    ALTER TABLE accounts ADD COLUMN claim BLOB;  -- SignedRecord of the user's name claim
  `
}

/** The identity layer's migrations (versions 1 and 5). */
export const IDENTITY_MIGRATIONS: readonly Migration[] = [ACCOUNTS_MIGRATION, IDENTITY_CLAIM_MIGRATION]
