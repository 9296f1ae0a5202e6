import { sql } from 'drizzle-orm'
import { bigint, boolean, check, index, integer, jsonb, pgSequence, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core'
import { devices, staffUsers } from '../auth/schema.js'
import { kioskSessions } from '../carts/schema.js'
import { productVariants } from '../catalog/schema.js'
import { channels } from '../channels/schema.js'
import { customers } from '../customers/schema.js'
import { locations } from '../locations/schema.js'
import { sqlList } from '../../platform/sql.js'
import { moneyTotal } from '../../platform/money.js'

export const ORDER_STATUSES = ['placed', 'paid', 'allocated', 'picking', 'ready_for_pickup', 'shipped', 'partially_fulfilled', 'delivered', 'collected', 'closed', 'cancelled'] as const
export type OrderStatus = (typeof ORDER_STATUSES)[number]

export const FULFILMENT_METHODS = ['ship', 'click_and_collect', 'reserve_in_store', 'ship_from_store', 'endless_aisle', 'in_store'] as const
export type FulfilmentMethod = (typeof FULFILMENT_METHODS)[number]

export const FULFILMENT_STATUSES = ['allocated', 'picking', 'in_transit', 'ready_for_pickup', 'shipped', 'delivered', 'collected', 'cancelled'] as const
export type FulfilmentStatus = (typeof FULFILMENT_STATUSES)[number]

/** `exchange`: the value of goods returned in an exchange, paying for the new items (never offered over HTTP). */
export const PAYMENT_METHODS = ['card', 'cash', 'card_terminal', 'store_credit', 'gift_card', 'exchange'] as const
export type PaymentMethod = (typeof PAYMENT_METHODS)[number]

export const PAYMENT_STATUSES = ['requires_action', 'authorized', 'captured', 'partially_refunded', 'refunded', 'voided', 'declined'] as const
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number]


export interface PostalAddress {
  name: string
  line1: string
  line2?: string | null
  postalCode: string
  city: string
  country: string
  phone?: string | null
}

export interface OrderContact {
  email: string | null
  phone: string | null
  firstName: string | null
  lastName: string | null
}

export interface VatBreakdownLine {
  rate: number
  gross: number
  net: number
  vat: number
}

/** Human-friendly order numbers, shared by every channel and node. */
export const orderNumberSeq = pgSequence('order_number_seq', { startWith: 100001 })

export const orders = pgTable(
  'orders',
  {
    id: text().primaryKey(),
    number: bigint({ mode: 'number' })
      .notNull()
      .default(sql`nextval('order_number_seq')`),
    channelId: text()
      .notNull()
      .references(() => channels.id),
    placedChannelKind: text().notNull(),
    /** The store of a store or kiosk channel where the order was placed. */
    placedLocationId: text().references(() => locations.id),
    placedByStaffId: text().references(() => staffUsers.id),
    deviceId: text().references(() => devices.id),
    /** Placed at a shared kiosk in this session: the kiosk reads the order only while the session lasts. */
    kioskSessionId: text().references(() => kioskSessions.id),
    /**
     * Placed by an anonymous device (guest checkout). That device keeps reading the order (redacted) even once the
     * order joins the customer its contact names; a device that merely carried a logged-in customer's cart does not.
     */
    guestCheckout: boolean().notNull().default(false),
    customerId: text().references(() => customers.id),
    contact: jsonb().$type<OrderContact>().notNull(),
    cartId: text(),
    status: text({ enum: ORDER_STATUSES }).notNull(),
    currency: text().notNull(),
    subtotal: moneyTotal().notNull(),
    /** Promotions taken off the goods (the sum of the lines' discountTotal); shipping discounts are in shippingTotal. */
    discountTotal: moneyTotal().notNull().default(0),
    /** The delivery fee charged, after any free-shipping promotion (shippingDiscount). */
    shippingTotal: moneyTotal().notNull(),
    shippingDiscount: moneyTotal().notNull().default(0),
    taxTotal: moneyTotal().notNull(),
    total: moneyTotal().notNull(),
    vatBreakdown: jsonb().$type<VatBreakdownLine[]>().notNull(),
    shippingAddress: jsonb().$type<PostalAddress>(),
    attributedLocationId: text().references(() => locations.id),
    attributionReason: text().notNull(),
    /** An unpaid order (reserve-in-store, a payment awaiting 3-D Secure) is cancelled and its stock released after this. */
    holdExpiresAt: timestamp({ withTimezone: true }),
    note: text(),
    cancelReason: text(),
    placedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('orders_status_check', sql`${t.status} in (${sqlList(ORDER_STATUSES)})`),
    check(
      'orders_totals_check',
      sql`${t.total} = ${t.subtotal} - ${t.discountTotal} + ${t.shippingTotal} and ${t.subtotal} >= 0 and ${t.discountTotal} between 0 and ${t.subtotal} and ${t.shippingTotal} >= 0 and ${t.shippingDiscount} >= 0 and ${t.taxTotal} >= 0`,
    ),
    uniqueIndex('orders_number_key').on(t.number),
    // One order per cart: a checkout retried without an Idempotency-Key cannot place a second order.
    uniqueIndex('orders_cart_key').on(t.cartId),
    index('orders_customer_idx').on(t.customerId, t.placedAt),
    index('orders_attributed_location_idx').on(t.attributedLocationId, t.placedAt),
    index('orders_placed_location_idx').on(t.placedLocationId, t.placedAt),
    index('orders_kiosk_session_idx').on(t.kioskSessionId),
    // List filters: ?channelId= and ?createdFrom=/createdTo= (on placed_at).
    index('orders_channel_placed_idx').on(t.channelId, t.placedAt),
    index('orders_placed_at_idx').on(t.placedAt),
    index('orders_hold_idx')
      .on(t.holdExpiresAt)
      .where(sql`${t.holdExpiresAt} is not null`),
  ],
)

export const orderLines = pgTable(
  'order_lines',
  {
    id: text().primaryKey(),
    orderId: text()
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    position: integer().notNull(),
    variantId: text()
      .notNull()
      .references(() => productVariants.id),
    productId: text().notNull(),
    sku: text().notNull(),
    title: jsonb().$type<{ fr: string; en: string }>().notNull(),
    options: jsonb().$type<Record<string, string>>().notNull(),
    quantity: integer().notNull(),
    /** Tax-inclusive unit price as it was at checkout. */
    unitPrice: integer().notNull(),
    vatRate: integer().notNull(),
    lineTotal: moneyTotal().notNull(),
    /** What promotions took off this line (its item discounts and its share of order discounts); paid = lineTotal − discountTotal. */
    discountTotal: moneyTotal().notNull().default(0),
    /** Each promotion's share of discountTotal. */
    discounts: jsonb().$type<{ promotionId: string; amount: number }[]>().notNull().default([]),
    /** The price list that set unitPrice, or null for the catalogue price. */
    priceListId: text(),
    /** Units taken back by returns; the returns module moves it through a guarded update. */
    returnedQuantity: integer().notNull().default(0),
  },
  (t) => [
    check('order_lines_quantity_check', sql`${t.quantity} > 0`),
    check('order_lines_total_check', sql`${t.lineTotal} = ${t.unitPrice}::bigint * ${t.quantity}`),
    check('order_lines_discount_check', sql`${t.discountTotal} between 0 and ${t.lineTotal}`),
    check('order_lines_returned_check', sql`${t.returnedQuantity} between 0 and ${t.quantity}`),
    index('order_lines_order_idx').on(t.orderId, t.position),
  ],
)

export const fulfilments = pgTable(
  'fulfilments',
  {
    id: text().primaryKey(),
    orderId: text()
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    method: text({ enum: FULFILMENT_METHODS }).notNull(),
    status: text({ enum: FULFILMENT_STATUSES }).notNull(),
    /** Where the stock is taken from. */
    sourceLocationId: text()
      .notNull()
      .references(() => locations.id),
    /** The store where the customer collects (click-and-collect, reserve-in-store, endless aisle to a store). */
    pickupLocationId: text().references(() => locations.id),
    /** Units travel from the source to the pickup store with this stock transfer. */
    transferId: text(),
    routingReason: text().notNull(),
    pickupCode: text(),
    /** Wrong pickup codes tried in a row (pickup-codes.ts); PICKUP_ATTEMPTS of them lock the handover. */
    pickupFailures: integer().notNull().default(0),
    /** Set when the handover locked; only a manager clears it. */
    pickupLockedAt: timestamp({ withTimezone: true }),
    carrier: text(),
    trackingNumber: text(),
    shippingFee: integer().notNull().default(0),
    capturedAt: timestamp({ withTimezone: true }),
    handledByStaffId: text().references(() => staffUsers.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('fulfilments_method_check', sql`${t.method} in (${sqlList(FULFILMENT_METHODS)})`),
    check('fulfilments_status_check', sql`${t.status} in (${sqlList(FULFILMENT_STATUSES)})`),
    check('fulfilments_pickup_failures_check', sql`${t.pickupFailures} >= 0`),
    check('fulfilments_pickup_check', sql`(${t.method} in ('click_and_collect', 'reserve_in_store')) <= (${t.pickupLocationId} is not null)`),
    index('fulfilments_order_idx').on(t.orderId),
    // Store work queues: what a location must pick, and what waits for collection there.
    index('fulfilments_source_status_idx').on(t.sourceLocationId, t.status),
    index('fulfilments_pickup_status_idx').on(t.pickupLocationId, t.status),
  ],
)

export const fulfilmentLines = pgTable(
  'fulfilment_lines',
  {
    fulfilmentId: text()
      .notNull()
      .references(() => fulfilments.id, { onDelete: 'cascade' }),
    orderLineId: text()
      .notNull()
      .references(() => orderLines.id, { onDelete: 'cascade' }),
    quantity: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.fulfilmentId, t.orderLineId] }), check('fulfilment_lines_quantity_check', sql`${t.quantity} > 0`)],
)

/** One tender of an order. Card numbers are never stored: only the brand and last four digits. */
export const payments = pgTable(
  'payments',
  {
    id: text().primaryKey(),
    orderId: text()
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    method: text({ enum: PAYMENT_METHODS }).notNull(),
    provider: text().notNull(),
    providerReference: text(),
    status: text({ enum: PAYMENT_STATUSES }).notNull(),
    amount: moneyTotal().notNull(),
    capturedAmount: moneyTotal().notNull().default(0),
    refundedAmount: moneyTotal().notNull().default(0),
    currency: text().notNull(),
    cardBrand: text(),
    cardLast4: text(),
    /** Cash: what the customer handed over; the change is tendered − amount. */
    tenderedAmount: moneyTotal(),
    takenAtLocationId: text().references(() => locations.id),
    takenByStaffId: text().references(() => staffUsers.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('payments_method_check', sql`${t.method} in (${sqlList(PAYMENT_METHODS)})`),
    check('payments_status_check', sql`${t.status} in (${sqlList(PAYMENT_STATUSES)})`),
    check('payments_amounts_check', sql`${t.amount} > 0 and ${t.capturedAmount} between 0 and ${t.amount} and ${t.refundedAmount} between 0 and ${t.capturedAmount}`),
    check('payments_tendered_check', sql`${t.tenderedAmount} is null or ${t.tenderedAmount} >= ${t.amount}`),
    index('payments_order_idx').on(t.orderId),
    // Till reports: what a store's till took over a session or a day (tills module, orders/takings.ts).
    index('payments_taken_at_idx').on(t.takenAtLocationId, t.createdAt),
  ],
)

/** Every call to a payment provider (authorise, capture, refund, void) with its outcome: the payment's own ledger. */
export const paymentOperations = pgTable(
  'payment_operations',
  {
    id: text().primaryKey(),
    paymentId: text()
      .notNull()
      .references(() => payments.id, { onDelete: 'cascade' }),
    kind: text({ enum: ['authorize', 'capture', 'refund', 'void'] }).notNull(),
    amount: moneyTotal().notNull(),
    outcome: text({ enum: ['succeeded', 'failed', 'requires_action'] }).notNull(),
    providerReference: text(),
    /** Sent to the provider, so that a retried call is not done twice there. */
    idempotencyKey: text().notNull(),
    reason: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('payment_operations_idempotency_key').on(t.idempotencyKey), index('payment_operations_payment_idx').on(t.paymentId)],
)

/** Every status change of an order or of one of its fulfilments, with who did it. */
export const orderHistory = pgTable(
  'order_history',
  {
    id: text().primaryKey(),
    orderId: text()
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    fulfilmentId: text(),
    fromStatus: text(),
    toStatus: text().notNull(),
    actorKind: text().notNull(),
    actorId: text(),
    note: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('order_history_order_idx').on(t.orderId, t.id)],
)
