import { sql } from 'drizzle-orm'
import { check, index, integer, pgTable, text, timestamp, unique } from 'drizzle-orm/pg-core'
import { devices, staffUsers } from '../auth/schema.js'
import { productVariants } from '../catalog/schema.js'
import { channels } from '../channels/schema.js'
import { customers } from '../customers/schema.js'
import { locations } from '../locations/schema.js'

/** Lifecycle states; the transitions between them live in policies.ts (CART_TRANSITIONS). */
export const CART_STATUSES = ['open', 'checked_out'] as const
export type CartStatus = (typeof CART_STATUSES)[number]

// Built from CART_STATUSES so that a new state is one line in the list above (and one in the transition table).
const statusList = sql.raw(CART_STATUSES.map((status) => `'${status}'`).join(', '))

/**
 * A shopper's or a seller's basket on one channel. Owned by a customer, an anonymous device, or neither (a store
 * walk-in opened by staff, recorded in created_by_staff_id).
 */
export const carts = pgTable(
  'carts',
  {
    id: text().primaryKey(),
    channelId: text()
      .notNull()
      .references(() => channels.id),
    customerId: text().references(() => customers.id),
    deviceId: text().references(() => devices.id),
    createdByStaffId: text().references(() => staffUsers.id),
    /** The store chosen for click-and-collect; availability is then checked there. */
    pickupLocationId: text().references(() => locations.id),
    status: text({ enum: CART_STATUSES }).notNull().default('open'),
    orderId: text(),
    currency: text().notNull().default('EUR'),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('carts_status_check', sql`${t.status} in (${statusList})`),
    check('carts_order_check', sql`${t.status} <> 'checked_out' or ${t.orderId} is not null`),
    check('carts_currency_check', sql`${t.currency} ~ '^[A-Z]{3}$'`),
    // "My carts" for a customer and for a device, usually filtered on the open one.
    index('carts_customer_status_idx').on(t.customerId, t.status),
    index('carts_device_status_idx').on(t.deviceId, t.status),
    index('carts_channel_idx').on(t.channelId),
  ],
)

/** One variant in a cart. unit_price is the tax-inclusive price the shopper last saw (acknowledged on every write). */
export const cartLines = pgTable(
  'cart_lines',
  {
    id: text().primaryKey(),
    cartId: text()
      .notNull()
      .references(() => carts.id, { onDelete: 'cascade' }),
    variantId: text()
      .notNull()
      .references(() => productVariants.id),
    quantity: integer().notNull(),
    unitPrice: integer().notNull(),
    addedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('cart_lines_quantity_check', sql`${t.quantity} between 1 and 99`),
    check('cart_lines_unit_price_check', sql`${t.unitPrice} >= 0`),
    // One line per variant: adding it again is an upsert on this key. Also serves "lines of a cart".
    unique('cart_lines_cart_variant_key').on(t.cartId, t.variantId),
  ],
)
