/**
 * A network partition between processes: ann, ben and cat each on a public host of a NAT
 * lab (network namespaces, test/support/nat-lab.ts), and the group's host cut off the lab's
 * internet while everyone, the cut-off host too, goes on writing; then the link comes back.
 */
import { rm } from 'node:fs/promises'
import { NatLab, canBuildLab } from '../support/nat-lab.js'
import { bootstrapAddr, publicNodeArgs, startLabNode } from '../support/nat-network.js'
import { tempDir, waitFor } from '../support/nodes.js'
import { stopNodeProcess } from '../support/processes.js'
import { CHAOS_USERS, chaosPassword } from './scenario.js'
import { Workload, ask } from './workload.js'
import type { LabHost } from '../support/nat-lab.js'
import type { NodeProcess } from '../support/processes.js'
import type { ChaosScenario } from './scenario.js'

interface LabUser {
  name: string
  user: string
  host: LabHost
  data: string
  api: string
  args: string[]
  token: string
  node: NodeProcess | null
}

export const partition: ChaosScenario = {
  name: 'partition (the host cut off)',
  unavailable: () => canBuildLab() ? undefined : 'needs root, ip and nft for network namespaces',
  run: async (ctx) => {
    const lab = new NatLab(`pc${process.pid % 10000}`)
    const users: LabUser[] = []
    try {
      for (const name of CHAOS_USERS) {
        const host = lab.addPublicHost(name)
        const data = await tempDir('parley-chaos-lab-')
        users.push({ name, user: name, host, data, api: `unix:${data}/api.sock`, args: publicNodeArgs(host), token: '', node: null })
      }
      users[0].node = await startLabNode(lab, users[0], [], ctx.scale.nodeEnv)
      const bootstrap = [bootstrapAddr(users[0])]
      await Promise.all(users.slice(1).map(async (u) => { u.node = await startLabNode(lab, u, bootstrap, ctx.scale.nodeEnv) }))
      for (const u of users) ctx.watch.add(u.node!, u.user)
      for (const u of users) {
        await waitFor(async () => {
          const answer = await ask(u, 'POST', '/api/register', { username: u.user, password: chaosPassword(u.user) })
          if (answer.status === 201) u.token = answer.body.token
          return answer.status === 201
        }, 60_000, `${u.user} to register`, 500)
      }
      const work = new Workload(users, ctx.scale.writeTimeoutMs)
      await work.setup()
      let round = 0
      await work.round(round++)
      for (let i = 0; i < ctx.scale.faults; i++) {
        const hostUser = (await work.host())?.user
        const host = users.find((u) => u.user === hostUser) ?? users[0]
        ctx.log(`cutting ${host.user} off`)
        lab.setOnline(host.name, false)
        const end = Date.now() + ctx.scale.faultMs
        do await work.round(round++)
        while (Date.now() < end)
        lab.setOnline(host.name, true)
        ctx.log(`${host.user} back`)
        await work.round(round++)
      }
      const counts = await work.settle(ctx.scale.settleMs)
      return { counts, notes: work.summary() }
    } finally {
      await ctx.watch.close()
      await Promise.all(users.map(async (u) => { if (u.node != null) await stopNodeProcess(u.node) }))
      lab.destroy()
      await Promise.all(users.map(async (u) => rm(u.data, { recursive: true, force: true })))
    }
  }
}
