/**
 * Every client command, by name. A capability adds its commands as one table in its own
 * file and one spread here.
 */
import { accountCommands } from './account.js'
import { feedCommands } from './feed.js'
import { messageCommands } from './messages.js'
import { groupCommands } from './group.js'
import { backupCommands } from './backup.js'
import { deviceCommands } from './devices.js'
import type { CommandTable } from './types.js'

export const CLIENT_COMMANDS: CommandTable = {
  ...accountCommands,
  ...feedCommands,
  ...messageCommands,
  ...groupCommands,
  ...backupCommands,
  ...deviceCommands
}

export type { ClientCommand, ClientContext, CommandTable } from './types.js'
