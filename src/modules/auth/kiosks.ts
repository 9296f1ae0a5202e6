/**
 * Shared in-store kiosks: a device that store staff register on a kiosk channel (devices.kiosk_channel_id), unlike the
 * anonymous device a shopper's phone or laptop gets from POST /v1/auth/anonymous.
 *
 * Invariants:
 * - Only an admin (or an integration holding locations:update) or a manager of the channel's store registers one, on
 *   an active channel of kind 'kiosk'; the kiosk channel of a device is set at creation and never changes.
 * - Its activity belongs to every passer-by: logging in on it links nothing to the customer (service.ts linkDevice),
 *   an erasure never reaches it (customer-data.ts withoutKioskDevices), and only it claims carts on its own channel
 *   (carts/policies.ts claimRefusal).
 */
import { canActAt, type Actor } from '../../platform/auth.js'
import type { Tx } from '../../platform/db.js'
import { newId } from '../../platform/ids.js'
import { getChannel } from '../channels/service.js'
import { notAKioskChannel, notTheKioskStore } from './errors.js'
import { devices } from './schema.js'
import { issueToken } from './tokens.js'

/** A kiosk stays bolted to its counter for a long time; staff register it again (a new device) after a year. */
export const KIOSK_TOKEN_TTL_DAYS = 365

export interface KioskDevice {
  deviceId: string
  kioskChannelId: string
  token: string
  tokenType: 'Bearer'
  expiresAt: string | null
}

/** Registers a new kiosk device on the kiosk channel and issues its token (shown once). */
export async function registerKioskDevice(tx: Tx, input: { channelId: string; actor: Actor; userAgent: string | null }): Promise<KioskDevice> {
  // 404 channel-not-found for an unknown id; channels are public, so the kind and store checks may answer plainly.
  const channel = await getChannel(tx, input.channelId)
  if (channel.kind !== 'kiosk') throw notAKioskChannel(channel.id, 'kind')
  if (!channel.active) throw notAKioskChannel(channel.id, 'inactive')
  if (channel.locationId === null || !canActAt(input.actor, channel.locationId)) throw notTheKioskStore(channel.id)
  const deviceId = newId('dev')
  await tx.insert(devices).values({ id: deviceId, kioskChannelId: channel.id, userAgent: input.userAgent?.slice(0, 500) ?? null })
  const issued = await issueToken(tx, { subjectKind: 'device', subjectId: deviceId, ttlHours: KIOSK_TOKEN_TTL_DAYS * 24, label: `kiosk ${channel.code}` })
  return { deviceId, kioskChannelId: channel.id, token: issued.token, tokenType: 'Bearer', expiresAt: issued.expiresAt?.toISOString() ?? null }
}
