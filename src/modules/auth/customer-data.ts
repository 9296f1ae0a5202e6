/**
 * A customer's devices and sessions, for the GDPR export and erasure. Token hashes never leave this module: the
 * export lists sessions by id and dates only.
 */
import { and, asc, eq, inArray, isNotNull, isNull, or, sql } from 'drizzle-orm'
import type { Tx } from '../../platform/db.js'
import { accessTokens, devices } from './schema.js'

export interface CustomerDevicesExport {
  devices: { id: string; userAgent: string | null; createdAt: string }[]
  sessions: { id: string; subjectKind: string; subjectId: string; createdAt: string; expiresAt: string | null; revokedAt: string | null }[]
}

/** The devices linked to these customers (their anonymous activity is theirs too). */
export async function customerDeviceIds(tx: Tx, customerIds: readonly string[]): Promise<string[]> {
  if (customerIds.length === 0) return []
  // Relies on devices_customer_idx.
  const rows = await tx
    .select({ id: devices.id })
    .from(devices)
    .where(inArray(devices.customerId, [...customerIds]))
  return rows.map((row) => row.id)
}

/**
 * These devices less the shared kiosks among them: a kiosk's anonymous activity and sessions belong to every
 * passer-by, so no customer's export or erasure reaches them (even had one been linked to her before it was a rule).
 */
export async function withoutKioskDevices(tx: Tx, deviceIds: readonly string[]): Promise<string[]> {
  if (deviceIds.length === 0) return []
  const kiosks = await tx
    .select({ id: devices.id })
    .from(devices)
    .where(and(inArray(devices.id, [...deviceIds]), isNotNull(devices.kioskChannelId)))
  const shared = new Set(kiosks.map((row) => row.id))
  return deviceIds.filter((id) => !shared.has(id))
}

/** The customer's devices (id, user agent, date) and the sessions of the customer and those devices, without hashes. */
export async function exportCustomerDevices(tx: Tx, input: { customerId: string; deviceIds: readonly string[] }): Promise<CustomerDevicesExport> {
  const deviceIds = [...input.deviceIds]
  const deviceRows = deviceIds.length === 0 ? [] : await tx.select().from(devices).where(inArray(devices.id, deviceIds)).orderBy(asc(devices.createdAt))
  const sessionRows = await tx
    .select({
      id: accessTokens.id,
      subjectKind: accessTokens.subjectKind,
      subjectId: accessTokens.subjectId,
      createdAt: accessTokens.createdAt,
      expiresAt: accessTokens.expiresAt,
      revokedAt: accessTokens.revokedAt,
    })
    .from(accessTokens)
    .where(
      or(
        and(eq(accessTokens.subjectKind, 'customer'), eq(accessTokens.subjectId, input.customerId)),
        deviceIds.length === 0 ? undefined : and(eq(accessTokens.subjectKind, 'device'), inArray(accessTokens.subjectId, deviceIds)),
      ),
    )
    .orderBy(asc(accessTokens.createdAt))
  return {
    devices: deviceRows.map((d) => ({ id: d.id, userAgent: d.userAgent, createdAt: d.createdAt.toISOString() })),
    sessions: sessionRows.map((s) => ({
      id: s.id,
      subjectKind: s.subjectKind,
      subjectId: s.subjectId,
      createdAt: s.createdAt.toISOString(),
      expiresAt: s.expiresAt?.toISOString() ?? null,
      revokedAt: s.revokedAt?.toISOString() ?? null,
    })),
  }
}

/**
 * Logs the customers out everywhere (every live token of theirs is revoked: the next request with one is a 401) and
 * unlinks their devices, which forget their user agent. Device tokens stay valid: a device may be a shop's kiosk,
 * and once unlinked its anonymous session carries nothing of hers. Returns the counts.
 */
export async function eraseCustomerAccess(tx: Tx, customerIdList: readonly string[]): Promise<{ tokensRevoked: number; devicesUnlinked: number }> {
  const customerIds = [...customerIdList]
  if (customerIds.length === 0) return { tokensRevoked: 0, devicesUnlinked: 0 }
  // Relies on access_tokens_subject_idx (subject_kind, subject_id).
  const revoked = await tx
    .update(accessTokens)
    .set({ revokedAt: sql`now()` })
    .where(and(isNull(accessTokens.revokedAt), eq(accessTokens.subjectKind, 'customer'), inArray(accessTokens.subjectId, customerIds)))
    .returning({ id: accessTokens.id })
  const unlinked = await tx
    .update(devices)
    .set({ customerId: null, userAgent: null })
    .where(inArray(devices.customerId, customerIds))
    .returning({ id: devices.id })
  return { tokensRevoked: revoked.length, devicesUnlinked: unlinked.length }
}
