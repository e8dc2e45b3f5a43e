import { DM_MIGRATIONS } from '../dm/index.js'
import { FEED_MIGRATIONS } from '../feed/index.js'
import { GROUP_MIGRATIONS } from '../group/index.js'
import { IDENTITY_MIGRATIONS } from '../identity/index.js'
import { MAILBOX_MIGRATIONS } from '../mailbox/index.js'
import { NET_MIGRATIONS } from '../net/index.js'
import type { Migration } from '../store/index.js'

/** Every capability's migrations, as the node's database applies them (src/store/migrations.ts). */
export const PARLEY_MIGRATIONS: readonly Migration[] = [
  ...IDENTITY_MIGRATIONS,
  ...FEED_MIGRATIONS,
  ...MAILBOX_MIGRATIONS,
  ...DM_MIGRATIONS,
  ...GROUP_MIGRATIONS,
  ...NET_MIGRATIONS
]
