/**
 * GDPR erasure of platform data: the personal fields of outbox event payloads (which SSE replays and webhooks copy)
 * and the stored responses of a person's idempotent requests. Modules call these from the customers module's
 * erasure, in its one transaction; the JSON scrub is also used by webhooks for the delivery copies of those events.
 */
import { inArray, sql, type SQL } from 'drizzle-orm'
import type { Tx } from './db.js'
import { idempotencyKeys, outboxEvents } from './schema.js'

/** Keys whose whole value goes when it is a flat object: a contact or an address, whatever fields it has. */
const CONTAINER_KEYS = ['contact', 'address', 'shippingAddress', 'billingAddress', 'deliveryAddress', 'customer']

/** Keys whose scalar value goes, at any depth: contact details, names, address parts, postal codes, free text. */
const LEAF_KEYS = [
  'email',
  'phone',
  'mobile',
  'firstName',
  'lastName',
  'fullName',
  'first_name',
  'last_name',
  'name',
  'line1',
  'line2',
  'city',
  'postalCode',
  'postal_code',
  'zip',
  'note',
  'notes',
  'reasonNote',
  'comment',
  'message',
  'wording',
]

// jsonb::text is canonical (`"key": value`, one space after the colon), so a key and its value are found by pattern.
// A JSON string is `"` then non-quote-or-escape characters or escaped pairs, then `"`; a key inside a string value
// appears as \"key\" and never matches. Values become JSON null, so the text stays valid JSON.
const CONTAINER_PATTERN = `("(?:${CONTAINER_KEYS.join('|')})"): \\{[^{}]*\\}`
const LEAF_PATTERN = `("(?:${LEAF_KEYS.join('|')})"): (?:"(?:[^"\\\\]|\\\\.)*"|-?[0-9][0-9.eE+-]*)`

/** A jsonb expression: `json` with every personal field (see the key lists above) set to null, at any depth. */
export function scrubbedJson(json: SQL): SQL {
  return sql`regexp_replace(regexp_replace((${json})::text, ${CONTAINER_PATTERN}, '\\1: null', 'gi'), ${LEAF_PATTERN}, '\\1: null', 'gi')::jsonb`
}

/** True (as SQL) when `json` holds a personal field that scrubbedJson would clear. */
export function holdsPersonalJson(json: SQL): SQL {
  return sql`((${json})::text ~* ${CONTAINER_PATTERN} or (${json})::text ~* ${LEAF_PATTERN})`
}

/**
 * Rewrites, in one statement, the payload of every outbox event about these customers so that no personal field is
 * left; events keep their id, type and position, so readers and consumers are undisturbed. Returns how many changed.
 */
export async function scrubCustomerEvents(tx: Tx, customerIds: readonly string[]): Promise<number> {
  if (customerIds.length === 0) return 0
  // outbox_events_customer_idx (partial, on customer_id) finds them.
  const scrubbed = await tx
    .update(outboxEvents)
    .set({ payload: scrubbedJson(sql`${outboxEvents.payload}`) })
    .where(sql`${inArray(outboxEvents.customerId, [...customerIds])} and ${holdsPersonalJson(sql`${outboxEvents.payload}`)}`)
    .returning({ id: outboxEvents.id })
  return scrubbed.length
}

/**
 * Deletes the stored answers of requests these actors sent with an Idempotency-Key (a registration or a checkout
 * answer holds a name, an email, an address). The record of the request running now has no answer yet and stays.
 */
export async function eraseIdempotencyRecords(tx: Tx, actorIds: readonly string[]): Promise<number> {
  if (actorIds.length === 0) return 0
  const deleted = await tx
    .delete(idempotencyKeys)
    .where(sql`${inArray(idempotencyKeys.scope, [...actorIds])} and ${idempotencyKeys.responseStatus} is not null`)
    .returning({ key: idempotencyKeys.key })
  return deleted.length
}
