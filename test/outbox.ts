/**
 * Outbox rows of types outside the catalogue, for tests of the outbox machinery itself (SSE, webhooks, erasure):
 * emit() accepts only catalogued types with their payloads, so these are written as emit writes them, by hand.
 */
import type { Tx } from '../src/platform/db.js'
import type { EventScope } from '../src/platform/events.js'
import { newId } from '../src/platform/ids.js'
import { outboxEvents } from '../src/platform/schema.js'

/** Writes an event of any type in the caller's transaction; returns its id. */
export async function emitTestEvent(tx: Tx, type: string, payload: Record<string, unknown>, scope: EventScope = {}): Promise<string> {
  const id = newId('evt')
  await tx.insert(outboxEvents).values({ id, type, payload, locationId: scope.locationId ?? null, customerId: scope.customerId ?? null })
  return id
}
