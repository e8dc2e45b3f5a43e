import type { OptionSpec } from '../args.js'

/** What a client command gets: the node it talks to, its token, and its parsed arguments. */
export interface ClientContext {
  /** the node's API address, HOST:PORT */
  api: string
  /** the token saved for that node, if any */
  token: string | undefined
  values: Record<string, any>
  positionals: string[]
  /** prints `human`, or `json` when --json was given */
  print: (human: string, json: unknown) => void
  /** the positional at `index`, or a UsageError naming `what` */
  need: (index: number, what: string) => string
  /**
   * the positionals from `index` on as one text, or all of standard input when they are
   * just `-`; a UsageError naming `what` when there is none
   */
  text: (index: number, what: string) => Promise<string>
}

/** One client command: `parley NAME ...`. */
export interface ClientCommand {
  /** lines for the usage text, e.g. `post TEXT                          publish a post` */
  usage: string[]
  /** options besides the common --api and --json */
  options?: OptionSpec
  run: (ctx: ClientContext) => Promise<void>
}

export type CommandTable = Record<string, ClientCommand>
