import { useEffect, useState } from 'react'
import { renderSVG } from 'uqr'
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

/** How often the list is read again (a new device shows up in the account's profile within a presence refresh). */
const DEVICES_REFRESH_MS = 5_000

/** The devices of the account, any number online at once; another one can be removed. */
export function DevicesPage (): ReactNode {
  const { token, user } = useSession()
  const devices = useLoad(async () => api<Device[]>('GET', '/api/devices', token), 'devices')
  // a device joins or leaves through the profile in the network: look again now and then
  useEffect(() => {
    const timer = setInterval(devices.reload, DEVICES_REFRESH_MS)
    return () => { clearInterval(timer) }
  }, [devices.reload])
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
  const [link, setLink] = useState<{ code: string, expiresAt: number } | null>(null)
  const newCode = async (): Promise<void> => {
    setError(null)
    try {
      setLink(await api<{ code: string, expiresAt: number }>('POST', '/api/devices/link', token, {}))
    } catch (err) {
      setError(describeError(err))
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
      <section className="card stack" aria-labelledby="link-heading">
        <h2 id="link-heading">Link a new device</h2>
        <p className="muted small">On the new node, choose "Link this node to your account" on its login page (or run <code>parley link {user?.username ?? 'USERNAME'} CODE</code>) and enter the code. Keep this device online until it is done: the new one gets your follows, messages and groups from it.</p>
        {link != null && (
          <div className="row" data-testid="link-code">
            <span className="qr" aria-hidden="true" dangerouslySetInnerHTML={{ __html: renderSVG(`parley:link?user=${user?.username ?? ''}&code=${link.code}`, { border: 1 }) }} />
            <span>
              <strong className="code" aria-label="Link code">{link.code}</strong>
              <br /><span className="muted small">valid until <Time ms={link.expiresAt} />, for 5 tries; a new code voids this one</span>
            </span>
          </div>
        )}
        <div className="row">
          <button type="button" className={link == null ? '' : 'secondary'} onClick={() => { void newCode() }}>{link == null ? 'Show a link code' : 'New code'}</button>
        </div>
      </section>
    </main>
  )
}
