import { sql } from 'drizzle-orm'
import { check, index, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core'
import { citext, customers } from '../customers/schema.js'
import { channels } from '../channels/schema.js'
import { locations } from '../locations/schema.js'

/** Staff accounts. Store roles are bound to locations through staff_locations; integrations log in with keys only. */
export const staffUsers = pgTable(
  'staff_users',
  {
    id: text().primaryKey(),
    email: citext().notNull().unique(),
    displayName: text().notNull(),
    role: text({ enum: ['admin', 'store_manager', 'store_associate', 'call_centre_agent', 'integration'] }).notNull(),
    passwordHash: text(),
    disabledAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('staff_users_role_check', sql`${t.role} in ('admin', 'store_manager', 'store_associate', 'call_centre_agent', 'integration')`)],
)

export const staffLocations = pgTable(
  'staff_locations',
  {
    staffUserId: text()
      .notNull()
      .references(() => staffUsers.id, { onDelete: 'cascade' }),
    locationId: text()
      .notNull()
      .references(() => locations.id),
  },
  (t) => [primaryKey({ columns: [t.staffUserId, t.locationId] })],
)

/** An anonymous shopper's device; its carts and activity join a customer once identified. */
export const devices = pgTable(
  'devices',
  {
    id: text().primaryKey(),
    customerId: text().references(() => customers.id),
    /**
     * Set for a shared kiosk registered by store staff: its anonymous activity belongs to every passer-by, so it never
     * joins a customer, and only it may claim carts on its kiosk channel.
     */
    kioskChannelId: text().references(() => channels.id),
    userAgent: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('devices_customer_idx').on(t.customerId)],
)

/** Bearer tokens, stored as SHA-256 hashes only. Revoking sets revoked_at; the next request with it is a 401. */
export const accessTokens = pgTable(
  'access_tokens',
  {
    id: text().primaryKey(),
    tokenHash: text().notNull().unique(),
    subjectKind: text({ enum: ['staff', 'integration', 'customer', 'device'] }).notNull(),
    subjectId: text().notNull(),
    /** For integration keys: the permissions granted. */
    scopes: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    label: text(),
    expiresAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('access_tokens_subject_kind_check', sql`${t.subjectKind} in ('staff', 'integration', 'customer', 'device')`),
    index('access_tokens_subject_idx').on(t.subjectKind, t.subjectId),
  ],
)
