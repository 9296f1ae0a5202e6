/**
 * A customer's touchpoints for the GDPR export and the staff 360; erasure is journeys' own eraseTouchpoints.
 */
import { asc, desc, eq } from 'drizzle-orm'
import type { Tx } from '../../platform/db.js'
import { touchpoints } from './schema.js'

type TouchpointRow = typeof touchpoints.$inferSelect

function toTouchpoint(t: TouchpointRow) {
  return {
    id: t.id,
    kind: t.kind,
    deviceId: t.deviceId,
    channelId: t.channelId,
    locationId: t.locationId,
    subjectType: t.subjectType,
    subjectId: t.subjectId,
    data: t.data,
    occurredAt: t.occurredAt.toISOString(),
  }
}

export type CustomerTouchpoint = ReturnType<typeof toTouchpoint>

/** Every touchpoint of the customer, oldest first (the whole timeline). */
export async function exportCustomerTouchpoints(tx: Tx, customerId: string): Promise<CustomerTouchpoint[]> {
  // Relies on touchpoints_customer_idx (customer_id, occurred_at, id).
  const rows = await tx.select().from(touchpoints).where(eq(touchpoints.customerId, customerId)).orderBy(asc(touchpoints.occurredAt), asc(touchpoints.id))
  return rows.map(toTouchpoint)
}

/** The customer's latest touchpoints on every channel, newest first. */
export async function listRecentTouchpoints(tx: Tx, input: { customerId: string; limit: number }): Promise<CustomerTouchpoint[]> {
  // Relies on touchpoints_customer_idx, read backwards.
  const rows = await tx
    .select()
    .from(touchpoints)
    .where(eq(touchpoints.customerId, input.customerId))
    .orderBy(desc(touchpoints.occurredAt), desc(touchpoints.id))
    .limit(input.limit)
  return rows.map(toTouchpoint)
}
