/**
 * GDPR erasure of webhook data: deliveries copy an event's payload (so that retries outlive the outbox), and those
 * copies lose their personal fields with the events themselves.
 */
import { sql } from 'drizzle-orm'
import type { Tx } from '../../platform/db.js'
import { holdsPersonalJson, scrubbedJson } from '../../platform/erasure.js'
import { webhookDeliveries } from './schema.js'

/**
 * Scrubs the payload of every delivery (queued, failed or already sent: all are our copies) of an event about these
 * customers, found by the outbox scope or, once the outbox was pruned, by the payload's own customerId.
 * Returns how many deliveries changed.
 */
export async function scrubCustomerDeliveries(tx: Tx, customerIds: readonly string[]): Promise<number> {
  if (customerIds.length === 0) return 0
  const ids = [...customerIds]
  const about = sql`(${webhookDeliveries.eventId} in (select id from outbox_events where customer_id in ${ids})
    or ${webhookDeliveries.payload} -> 'data' ->> 'customerId' in ${ids})`
  const scrubbed = await tx
    .update(webhookDeliveries)
    .set({ payload: scrubbedJson(sql`${webhookDeliveries.payload}`), updatedAt: sql`now()` })
    .where(sql`${about} and ${holdsPersonalJson(sql`${webhookDeliveries.payload}`)}`)
    .returning({ id: webhookDeliveries.id })
  return scrubbed.length
}
