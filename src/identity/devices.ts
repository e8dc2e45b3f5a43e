import { MAX_ADDRS_PER_DEVICE, MAX_DEVICES, MAX_DEVICE_NAME_LENGTH, MAX_REMOVED_DEVICES } from './constants.js'
import type { Device, Profile, RemovedDevice } from './wire.js'

/**
 * The device list of an account's profile. Several devices publish the one profile record,
 * each from what it last saw, so a device never writes a list from its own copy alone: it
 * merges the newest profile it can find with its own (`mergeProfiles`), and the merge loses
 * nothing either side knew. Devices merge by peer id (the earliest `addedAt`, the newest
 * `lastSeen`, name and addresses from whoever saw the device last); removals are a set that
 * only grows, and a removed device is never listed again, whatever a stale profile says.
 */

/** What the API shows of one device (GET /api/devices). */
export interface DeviceView {
  deviceId: string
  name: string
  addedAt: number
  lastSeen: number
  /** the device this node is */
  current: boolean
}

export function deviceViews (profile: Profile, me: string): DeviceView[] {
  return profile.devices.map((d) => ({ deviceId: d.peerId, name: d.name, addedAt: Number(d.addedAt), lastSeen: Number(d.lastSeen), current: d.peerId === me }))
}

/** A device's name as the profile keeps it: trimmed, at most MAX_DEVICE_NAME_LENGTH characters. */
export function deviceName (name: string): string {
  return [...name.trim()].slice(0, MAX_DEVICE_NAME_LENGTH).join('')
}

function mergeDevice (a: Device, b: Device): Device {
  const newer = b.lastSeen > a.lastSeen ? b : a
  return {
    peerId: a.peerId,
    addrs: newer.addrs.slice(0, MAX_ADDRS_PER_DEVICE),
    addedAt: a.addedAt < b.addedAt ? a.addedAt : b.addedAt,
    name: newer.name !== '' ? newer.name : (a.name !== '' ? a.name : b.name),
    lastSeen: newer.lastSeen
  }
}

/** The removals of both lists, each device once at its earliest removal, the newest MAX_REMOVED_DEVICES kept. */
export function mergeRemoved (...lists: RemovedDevice[][]): RemovedDevice[] {
  const byId = new Map<string, RemovedDevice>()
  for (const r of lists.flat()) {
    const held = byId.get(r.peerId)
    if (held == null || r.removedAt < held.removedAt) byId.set(r.peerId, r)
  }
  return [...byId.values()].sort((x, y) => Number(x.removedAt - y.removedAt)).slice(-MAX_REMOVED_DEVICES)
}

/**
 * The union of the device lists of `a` and `b` without the removed ones, in the order of
 * first addition, at most MAX_DEVICES (the most recently seen kept).
 */
export function mergeDevices (lists: Device[][], removed: RemovedDevice[]): Device[] {
  const gone = new Set(removed.map((r) => r.peerId))
  const byId = new Map<string, Device>()
  for (const d of lists.flat()) {
    if (gone.has(d.peerId)) continue
    const held = byId.get(d.peerId)
    byId.set(d.peerId, held == null ? d : mergeDevice(held, d))
  }
  const devices = [...byId.values()]
  if (devices.length > MAX_DEVICES) {
    const keep = new Set([...devices].sort((x, y) => Number(y.lastSeen - x.lastSeen)).slice(0, MAX_DEVICES).map((d) => d.peerId))
    return devices.filter((d) => keep.has(d.peerId)).sort(byAddedAt)
  }
  return devices.sort(byAddedAt)
}

function byAddedAt (x: Device, y: Device): number {
  return x.addedAt === y.addedAt ? (x.peerId < y.peerId ? -1 : 1) : (x.addedAt < y.addedAt ? -1 : 1)
}

/**
 * The profile `mine` after merging what another device published (`seen`): the devices and
 * removals of both, the rest from `mine`, and a sequence number above both.
 */
export function mergeProfiles (mine: Profile, seen: Profile | undefined): Profile {
  if (seen == null) return mine
  const removed = mergeRemoved(mine.removed, seen.removed)
  return {
    ...mine,
    devices: mergeDevices([mine.devices, seen.devices], removed),
    removed,
    seq: (seen.seq > mine.seq ? seen.seq : mine.seq) + 1n
  }
}

/** Whether `peerId` was removed from the account this profile describes. */
export function isRemoved (profile: Profile | undefined, peerId: string): boolean {
  return profile?.removed.some((r) => r.peerId === peerId) === true
}
