import { UsageError } from '../args.js'
import { callApi } from '../client.js'
import type { CommandTable } from './types.js'

function when (ms: number): string {
  return ms > 0 ? new Date(ms).toISOString() : 'never'
}

/** The devices of the logged-in account (GET /api/devices, DELETE /api/devices/:deviceId). */
export const deviceCommands: CommandTable = {
  devices: {
    usage: [
      'devices                            the devices of your account (any number online at once)',
      'devices remove DEVICE_ID           take a device off your account: its session ends, it cannot log in again',
      'devices link                       a code for a new device: run parley link USERNAME CODE on it within 10 minutes'
    ],
    run: async (ctx) => {
      const sub = ctx.positionals[0]
      if (sub === 'remove') {
        const id = ctx.need(1, 'DEVICE_ID')
        await callApi(ctx.api, 'DELETE', `/api/devices/${encodeURIComponent(id)}`, { token: ctx.token })
        ctx.print(`removed device ${id}`, { ok: true, deviceId: id })
        return
      }
      if (sub === 'link') {
        const { code, expiresAt } = await callApi(ctx.api, 'POST', '/api/devices/link', { token: ctx.token, body: {} })
        ctx.print(`link code: ${code}\non the new device: parley link USERNAME ${code}   (valid until ${when(expiresAt)}, 5 tries; keep this node online)`, { code, expiresAt })
        return
      }
      if (sub != null) throw new UsageError(`devices takes no argument, "remove DEVICE_ID" or "link", not "${sub}"`)
      const devices = await callApi(ctx.api, 'GET', '/api/devices', { token: ctx.token })
      ctx.print(devices.map((d: any) => `${d.deviceId}${d.current === true ? ' (this device)' : ''}  ${d.name === '' ? '(unnamed)' : d.name}, added ${when(d.addedAt)}, last seen ${when(d.lastSeen)}`).join('\n'), devices)
    }
  }
}
