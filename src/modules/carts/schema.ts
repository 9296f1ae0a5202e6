import { sql } from 'drizzle-orm'
import { check, index, integer, pgTable, primaryKey, text, timestamp, unique, uniqueIndex, type AnyPgColumn } from 'drizzle-orm/pg-core'
import { devices, staffUsers } from '../auth/schema.js'
import { productVariants } from '../catalog/schema.js'
import { channels } from '../channels/schema.js'
import { customers } from '../customers/schema.js'
import { locations } from '../locations/schema.js'
import { coupons } from '../promotions/schema.js'

/** Lifecycle states; the transitions between them live in policies.ts (CART_TRANSITIONS). */
/** merged: an anonymous cart whose lines went into the customer's open cart when the shopper logged in. */
export const CART_STATUSES = ['open', 'checked_out', 'merged'] as const
export type CartStatus = (typeof CART_STATUSES)[number]

// Built from CART_STATUSES so that a new state is one line in the list above (and one in the transition table).
const statusList = sql.raw(CART_STATUSES.map((status) => `'${status}'`).join(', '))

/**
 * One passer-by's turn at a shared kiosk (kiosk-sessions.ts): what the kiosk device does is tagged with it, and the
 * kiosk reads only what its open session created. At most one open session per kiosk (kiosk_sessions_open_key).
 */
export const kioskSessions = pgTable(
  'kiosk_sessions',
  {
    id: text().primaryKey(),
    deviceId: text()
      .notNull()
      .references(() => devices.id),
    startedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** Every cart write of the kiosk in the session moves it on (reads do not); idle past KIOSK_SESSION_IDLE_MINUTES, the session is over. */
    lastActiveAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    endedAt: timestamp({ withTimezone: true }),
  },
  (t) => [uniqueIndex('kiosk_sessions_open_key').on(t.deviceId).where(sql`${t.endedAt} is null`)],
)

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
    /** The kiosk session that opened or claimed the cart: a shared kiosk uses it only during that session. */
    kioskSessionId: text().references(() => kioskSessions.id),
    createdByStaffId: text().references(() => staffUsers.id),
    /** The store chosen for click-and-collect; availability is then checked there. */
    pickupLocationId: text().references(() => locations.id),
    status: text({ enum: CART_STATUSES }).notNull().default('open'),
    orderId: text(),
    /** The open cart this one was merged into (status merged). */
    mergedIntoCartId: text().references((): AnyPgColumn => carts.id),
    /** The seller or phone agent serving the cart now (a handoff to a store or the phone channel records them). */
    sellerStaffId: text().references(() => staffUsers.id),
    /** A short code the shopper shows a seller or a kiosk to hand the cart over; unique while set. */
    handoffCode: text(),
    handoffCodeExpiresAt: timestamp({ withTimezone: true }),
    currency: text().notNull().default('EUR'),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** Raised by the omni_bump_version trigger on every UPDATE: the ETag, compared with If-Match. */
    version: integer().notNull().default(1),
  },
  (t) => [
    check('carts_status_check', sql`${t.status} in (${statusList})`),
    check('carts_order_check', sql`${t.status} <> 'checked_out' or ${t.orderId} is not null`),
    check('carts_merged_check', sql`${t.status} <> 'merged' or ${t.mergedIntoCartId} is not null`),
    check('carts_handoff_code_check', sql`(${t.handoffCode} is null) = (${t.handoffCodeExpiresAt} is null)`),
    uniqueIndex('carts_handoff_code_key').on(t.handoffCode).where(sql`${t.handoffCode} is not null`),
    check('carts_currency_check', sql`${t.currency} ~ '^[A-Z]{3}$'`),
    // "My carts" for a customer and for a device, usually filtered on the open one.
    index('carts_customer_status_idx').on(t.customerId, t.status),
    index('carts_device_status_idx').on(t.deviceId, t.status),
    index('carts_channel_idx').on(t.channelId),
    index('carts_kiosk_session_idx').on(t.kioskSessionId),
    // List filter ?createdFrom=/createdTo= (?channelId= uses carts_channel_idx).
    index('carts_created_at_idx').on(t.createdAt),
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

/**
 * Codes entered on a cart (cart-coupons.ts); checked and priced on every view, redeemed at checkout. The coupon's
 * rules are promotions'; which codes a cart holds, and in what order, is the cart's.
 */
export const cartCoupons = pgTable(
  'cart_coupons',
  {
    cartId: text()
      .notNull()
      .references(() => carts.id, { onDelete: 'cascade' }),
    couponId: text()
      .notNull()
      .references(() => coupons.id, { onDelete: 'cascade' }),
    addedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ name: 'cart_coupons_pkey', columns: [t.cartId, t.couponId] }), index('cart_coupons_coupon_idx').on(t.couponId)],
)

/** A customer's wishlist, shared by every channel: one row per variant. */
export const wishlistItems = pgTable(
  'wishlist_items',
  {
    customerId: text()
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    variantId: text()
      .notNull()
      .references(() => productVariants.id),
    /** Where it was added (web, app, a store's tablet…). */
    channelId: text().references(() => channels.id),
    addedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ name: 'wishlist_items_pkey', columns: [t.customerId, t.variantId] }), index('wishlist_items_customer_idx').on(t.customerId, t.addedAt)],
)
