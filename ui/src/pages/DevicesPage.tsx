import { useState } from 'react'
import { EmptyState, Loadable } from '../components/Notes.tsx'
import { Time } from '../components/Time.tsx'
import { useLoad } from '../hooks.ts'
import { api, describeError } from '../api.ts'
import { useSession } from '../session.tsx'
import type { ReactNode } from 'react'

interface Device {
  deviceId: string
  name: string
  addedAt: number
  lastSeen: number
  current: boolean
}

/** The devices of the account, any number online at once; another one can be removed. */
export function DevicesPage (): ReactNode {
  const { token } = useSession()
  const devices = useLoad(async () => api<Device[]>('GET', '/api/devices', token), 'devices')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState<string | null>(null)
  const remove = async (device: Device): Promise<void> => {
    if (!confirm(`Remove ${device.name === '' ? 'this device' : device.name} from your account? It is logged out and cannot log in again.`)) return
    setBusy(device.deviceId)
    setError(null)
    try {
      await api('DELETE', `/api/devices/${encodeURIComponent(device.deviceId)}`, token)
      devices.reload()
    } catch (err) {
      setError(describeError(err))
    } finally {
      setBusy(null)
    }
  }
  return (
    <main id="main" tabIndex={-1}>
      <h1>Devices</h1>
      <p className="muted">Every node you logged in on. All of them can be online at once and post to your one feed.</p>
      {error != null && <p role="alert" className="error">{error}</p>}
      <Loadable data={devices.data} error={devices.error} what="devices" feature="Devices">
        {(list) => list.length === 0
          ? <EmptyState title="No devices.">Log in on another node with your password to add it.</EmptyState>
          : (
            <ul className="cards" aria-label="Devices">
              {list.map((d) => (
                <li key={d.deviceId} className="card row between">
                  <span>
                    <strong>{d.name === '' ? 'Unnamed device' : d.name}</strong>{d.current ? ' (this device)' : ''}
                    <br /><code className="small">{d.deviceId}</code>
                    <br /><span className="muted small">added <Time ms={d.addedAt} />{d.lastSeen > 0 ? <>, last seen <Time ms={d.lastSeen} /></> : null}</span>
                  </span>
                  {!d.current && (
                    <button type="button" className="secondary small" disabled={busy === d.deviceId} onClick={() => { void remove(d) }}>
                      {busy === d.deviceId ? 'Removing…' : 'Remove'}
                    </button>
                  )}
                </li>
              ))}
            </ul>
            )}
      </Loadable>
    </main>
  )
}
