import { createInterface } from 'node:readline'

/**
 * The password for register and login: --password, else PARLEY_PASSWORD, else asked for
 * on the terminal without echo, else read as one line from standard input.
 */
export async function readPassword (flag: string | undefined): Promise<string> {
  if (flag != null) return flag
  if (process.env.PARLEY_PASSWORD != null) return process.env.PARLEY_PASSWORD
  return readSecretLine('password')
}

/** One line asked for on the terminal as `what: ` without echo, or read from standard input when it is not a terminal. */
export async function readSecretLine (what: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: process.stdin.isTTY })
  if (process.stdin.isTTY) {
    process.stderr.write(`${what}: `)
    ;(rl as any)._writeToOutput = () => {} // no echo
  }
  try {
    const line = await new Promise<string>((resolve, reject) => {
      rl.once('line', resolve)
      rl.once('close', () => { reject(new Error(`no ${what} given`)) })
    })
    if (process.stdin.isTTY) process.stderr.write('\n')
    return line
  } finally {
    rl.close()
  }
}
