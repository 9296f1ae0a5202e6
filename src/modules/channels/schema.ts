import { sql } from 'drizzle-orm'
import { boolean, check, index, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core'
import { locations } from '../locations/schema.js'

export const CHANNEL_KINDS = ['web', 'mobile_app', 'store', 'kiosk', 'marketplace', 'phone', 'catalogue'] as const
export type ChannelKind = (typeof CHANNEL_KINDS)[number]

/** Where a sale happens. A store channel and each kiosk belong to one store location; the others to none. */
export const channels = pgTable(
  'channels',
  {
    id: text().primaryKey(),
    code: text().notNull().unique(),
    name: text().notNull(),
    kind: text({ enum: CHANNEL_KINDS }).notNull(),
    locationId: text().references(() => locations.id),
    active: boolean().notNull().default(true),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** Raised by the omni_bump_version trigger on every UPDATE: the ETag, compared with If-Match. */
    version: integer().notNull().default(1),
  },
  (t) => [
    check('channels_kind_check', sql`${t.kind} in ('web', 'mobile_app', 'store', 'kiosk', 'marketplace', 'phone', 'catalogue')`),
    check('channels_location_check', sql`(${t.kind} in ('store', 'kiosk')) = (${t.locationId} is not null)`),
    index('channels_location_idx').on(t.locationId),
  ],
)

/**
 * The locations a channel may fulfil from, best first (lowest priority number). A channel with no row here may
 * fulfil from every active location.
 */
export const channelFulfilmentLocations = pgTable(
  'channel_fulfilment_locations',
  {
    channelId: text()
      .notNull()
      .references(() => channels.id, { onDelete: 'cascade' }),
    locationId: text()
      .notNull()
      .references(() => locations.id),
    priority: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.channelId, t.locationId] }), check('channel_fulfilment_locations_priority_check', sql`${t.priority} >= 0`)],
)
