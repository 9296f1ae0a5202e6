/** Platform tables: idempotency records and the transactional outbox. No business data lives here. */
import { sql } from 'drizzle-orm'
import { bigint, bigserial, customType, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core'

/** PostgreSQL's 64-bit transaction id (PG 13+), carried as a decimal string. */
export const xid8 = customType<{ data: string; driverData: string }>({ dataType: () => 'xid8' })

export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    /** Who sent it: the actor id, or `anonymous`; keys of different callers never collide. */
    scope: text().notNull(),
    key: text().notNull(),
    method: text().notNull(),
    path: text().notNull(),
    requestHash: text().notNull(),
    responseStatus: integer(),
    responseBody: jsonb(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.key] }), index('idempotency_keys_expires_at_idx').on(t.expiresAt)],
)

export const outboxEvents = pgTable(
  'outbox_events',
  {
    /** Stable public id: webhook receivers deduplicate on it and SSE clients resume from it. */
    id: text().primaryKey(),
    /** The writing transaction: readers only take events older than every running transaction, so none is skipped. */
    txid: xid8()
      .notNull()
      .default(sql`pg_current_xact_id()`),
    position: bigserial({ mode: 'number' }).notNull(),
    type: text().notNull(),
    payload: jsonb().notNull(),
    locationId: text(),
    customerId: text(),
    occurredAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('outbox_events_txid_position_idx').on(t.txid, t.position),
    index('outbox_events_occurred_at_idx').on(t.occurredAt),
    // A GDPR erasure scrubs the events about one customer.
    index('outbox_events_customer_idx').on(t.customerId).where(sql`${t.customerId} is not null`),
  ],
)

/** Durable readers of the outbox (webhook fan-out, read models): each keeps its own cursor, one node at a time. */
export const outboxConsumers = pgTable('outbox_consumers', {
  name: text().primaryKey(),
  lastTxid: xid8().notNull().default(sql`'0'::xid8`),
  lastPosition: bigint({ mode: 'number' }).notNull().default(0),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
})

/**
 * HMAC keys for signed links (a cart sent to oneself, later short links), one per purpose, created on first use and
 * shared by every node through the database; rotating means inserting a newer key and verifying against both.
 */
export const signingKeys = pgTable('signing_keys', {
  purpose: text().primaryKey(),
  secret: text().notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
})
