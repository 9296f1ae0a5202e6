import { sql } from 'drizzle-orm'
import { check, index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core'
import { sqlList } from '../../platform/sql.js'
import { devices } from '../auth/schema.js'
import { channels } from '../channels/schema.js'
import { customers } from '../customers/schema.js'
import { locations } from '../locations/schema.js'

/** Every kind of touchpoint the timeline shows; shoppers' apps may report only the first two (see policies.ts). */
export const TOUCHPOINT_KINDS = [
  'product_view',
  'search',
  'cart_created',
  'cart_changed',
  'cart_handed_off',
  'cart_merged',
  'checkout',
  'order_placed',
  'order_cancelled',
  'order_collected',
  'order_delivered',
  'return_created',
  'return_received',
  'store_visit',
  'kiosk_session',
  'service_contact',
  'message_sent',
  'message_opened',
  'wishlist_changed',
  'identified',
] as const
export type TouchpointKind = (typeof TOUCHPOINT_KINDS)[number]

/**
 * One touchpoint of a person on any channel. Anonymous activity carries the device only; it joins the profile
 * (customer_id set) when the shopper is identified.
 */
export const touchpoints = pgTable(
  'touchpoints',
  {
    id: text().primaryKey(),
    customerId: text().references(() => customers.id, { onDelete: 'cascade' }),
    deviceId: text().references(() => devices.id),
    kind: text().$type<TouchpointKind>().notNull(),
    channelId: text().references(() => channels.id),
    locationId: text().references(() => locations.id),
    /** What it is about: a product, a search, a cart, an order, a return… */
    subjectType: text(),
    subjectId: text(),
    data: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    occurredAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('touchpoints_kind_check', sql`${t.kind} in (${sqlList(TOUCHPOINT_KINDS)})`),
    check('touchpoints_owner_check', sql`${t.customerId} is not null or ${t.deviceId} is not null`),
    // The timeline: newest first, keyset-paged on (occurred_at, id).
    index('touchpoints_customer_idx').on(t.customerId, t.occurredAt, t.id),
    // Anonymous activity waiting to join a profile.
    index('touchpoints_device_idx').on(t.deviceId, t.occurredAt).where(sql`${t.customerId} is null`),
  ],
)
