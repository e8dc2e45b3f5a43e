import type { Migration } from '../store/index.js'

/**
 * Schema version 6: libp2p's datastore (src/net/sqlite-datastore.ts): the peer store and
 * the DHT records and provider records the node holds. `held_for` names the peer a record
 * is held for (the first peer that put it; a provider record's provider), with `kind`
 * 'record' or 'provider'; both are NULL for the node's own entries. `stored_at` is the
 * last write, in ms since the epoch.
 */
const DATASTORE_MIGRATION: Migration = {
  version: 6,
  sql: `
    CREATE TABLE net_datastore (
      key TEXT PRIMARY KEY,
      value BLOB NOT NULL,
      held_for TEXT,
      kind TEXT,
      stored_at INTEGER NOT NULL
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX net_datastore_held ON net_datastore (kind, held_for, stored_at) WHERE held_for IS NOT NULL;
  `
}

/** The network layer's migrations (version 6). */
export const NET_MIGRATIONS: readonly Migration[] = [DATASTORE_MIGRATION]
