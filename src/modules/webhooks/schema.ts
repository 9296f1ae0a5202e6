import { sql } from 'drizzle-orm'
import { boolean, check, index, integer, jsonb, pgTable, text, timestamp, unique } from 'drizzle-orm/pg-core'

export const SIGNATURE_SCHEMES = ['stripe', 'standard-webhooks'] as const
export type SignatureScheme = (typeof SIGNATURE_SCHEMES)[number]

/** An endpoint that receives signed POSTs for the event types it names. */
export const webhookSubscriptions = pgTable(
  'webhook_subscriptions',
  {
    id: text().primaryKey(),
    url: text().notNull(),
    description: text(),
    /** Exact types (`catalog.product_created`), prefixes (`orders.*`) or `*`. */
    eventTypes: text().array().notNull(),
    /** The signing key. It has to be readable to sign with, so it is stored as is and never returned after creation or rotation. */
    secret: text().notNull(),
    /** After a rotation, the old key also signs until it expires, so that receivers can switch without losing deliveries. */
    previousSecret: text(),
    previousSecretExpiresAt: timestamp({ withTimezone: true }),
    active: boolean().notNull().default(true),
    /** How deliveries are signed (signature.ts); endpoints created before the choice existed keep Stripe's. */
    signatureScheme: text({ enum: SIGNATURE_SCHEMES }).notNull().default('stripe'),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** Raised by the omni_bump_version trigger on every UPDATE: the ETag, compared with If-Match. */
    version: integer().notNull().default(1),
  },
  (t) => [
    check('webhook_subscriptions_url_check', sql`${t.url} ~ '^https?://'`),
    check('webhook_subscriptions_event_types_check', sql`cardinality(${t.eventTypes}) > 0`),
    check('webhook_subscriptions_signature_scheme_check', sql`${t.signatureScheme} in ('stripe', 'standard-webhooks')`),
    // The fan-out joins every event batch with the active subscriptions.
    index('webhook_subscriptions_active_idx')
      .on(t.createdAt)
      .where(sql`${t.active}`),
  ],
)

export const DELIVERY_STATUSES = ['pending', 'delivering', 'delivered', 'failed'] as const
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number]

/** One event for one subscription: at most one row per pair, however often the fan-out sees the event. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: text().primaryKey(),
    subscriptionId: text()
      .notNull()
      .references(() => webhookSubscriptions.id, { onDelete: 'cascade' }),
    /** The outbox event id, sent as Omnicanal-Event-Id on every attempt; no foreign key, since the outbox is pruned. */
    eventId: text().notNull(),
    eventType: text().notNull(),
    /** The body to send, `{ id, type, occurredAt, data }`, copied so that retries outlive the outbox. */
    payload: jsonb().$type<{ id: string; type: string; occurredAt: string; data: Record<string, unknown> }>().notNull(),
    status: text({ enum: DELIVERY_STATUSES }).notNull().default('pending'),
    /** Attempts started so far; it also fences a claim, so that a node whose lease was retaken cannot record a result. */
    attempts: integer().notNull().default(0),
    /** When a pending delivery is due, or when a delivering claim's lease runs out (then another node retakes it). */
    nextAttemptAt: timestamp({ withTimezone: true }).defaultNow(),
    lastStatusCode: integer(),
    lastError: text(),
    deliveredAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('webhook_deliveries_subscription_event_unique').on(t.subscriptionId, t.eventId),
    check('webhook_deliveries_status_check', sql`${t.status} in ('pending', 'delivering', 'delivered', 'failed')`),
    check('webhook_deliveries_due_check', sql`(${t.status} in ('pending', 'delivering')) = (${t.nextAttemptAt} is not null)`),
    // The sender's claim: due rows only, oldest first.
    index('webhook_deliveries_due_idx')
      .on(t.nextAttemptAt)
      .where(sql`${t.status} in ('pending', 'delivering')`),
    index('webhook_deliveries_subscription_idx').on(t.subscriptionId, t.id),
  ],
)

/** The log of every attempt that finished, successful or not. */
export const webhookDeliveryAttempts = pgTable(
  'webhook_delivery_attempts',
  {
    id: text().primaryKey(),
    deliveryId: text()
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: 'cascade' }),
    attempt: integer().notNull(),
    statusCode: integer(),
    error: text(),
    durationMs: integer().notNull(),
    attemptedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('webhook_delivery_attempts_delivery_attempt_unique').on(t.deliveryId, t.attempt)],
)
