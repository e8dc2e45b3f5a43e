/**
 * Accounts keep their signed name claim, so the node can keep it alive in the DHT while
 * the user is logged out (`AccountService.republishStored`).
 */
export const IDENTITY_CLAIM_MIGRATION = {
  version: 5,
  sql: `
    ALTER TABLE accounts ADD COLUMN claim BLOB;  -- SignedRecord of the user's name claim
  `
}
