import { sql } from 'drizzle-orm'
import { bigint, boolean, check, index, integer, jsonb, pgSequence, pgTable, text, timestamp } from 'drizzle-orm/pg-core'
import { staffUsers } from '../auth/schema.js'
import { productVariants } from '../catalog/schema.js'
import { channels } from '../channels/schema.js'
import { customers } from '../customers/schema.js'
import { locations } from '../locations/schema.js'
import { orderLines, orders } from '../orders/schema.js'
import { sqlList } from '../../platform/sql.js'
import { moneyTotal } from '../../platform/money.js'

export const RETURN_STATUSES = ['requested', 'received', 'refunded', 'cancelled'] as const
export type ReturnStatus = (typeof RETURN_STATUSES)[number]

/** in_store: goods handed in at a store counter; mail: the customer's self-service RMA; phone: an RMA taken by the call centre. */
export const RETURN_METHODS = ['in_store', 'mail', 'phone'] as const
export type ReturnMethod = (typeof RETURN_METHODS)[number]

export const REFUND_METHODS = ['original_payment', 'store_credit'] as const
export type RefundMethod = (typeof REFUND_METHODS)[number]

export const RETURN_REASONS = ['wrong_size', 'not_as_described', 'damaged', 'changed_mind', 'late', 'other'] as const
export type ReturnReason = (typeof RETURN_REASONS)[number]

export const ITEM_CONDITIONS = ['resellable', 'damaged'] as const
export type ItemCondition = (typeof ITEM_CONDITIONS)[number]


export interface ReturnVatLine {
  rate: number
  gross: number
  net: number
  vat: number
}

export interface ReturnRefund {
  paymentId: string | null
  method: string
  amount: number
}

/** Human-friendly return numbers (RMA), shared by every channel and node. */
export const returnNumberSeq = pgSequence('return_number_seq', { startWith: 500001 })

export const returns = pgTable(
  'returns',
  {
    id: text().primaryKey(),
    number: bigint({ mode: 'number' })
      .notNull()
      .default(sql`nextval('return_number_seq')`),
    orderId: text()
      .notNull()
      .references(() => orders.id),
    /** Copied from the order so that visibility and event scoping need no join. */
    customerId: text().references(() => customers.id),
    /** Where the return was taken: a store channel, the phone channel, or the order's own channel for a mail return. */
    channelId: text()
      .notNull()
      .references(() => channels.id),
    /** The store where goods were handed in, or the warehouse/store that received a parcel; null until received. */
    receivingLocationId: text().references(() => locations.id),
    method: text({ enum: RETURN_METHODS }).notNull(),
    status: text({ enum: RETURN_STATUSES }).notNull(),
    refundMethod: text({ enum: REFUND_METHODS }).notNull(),
    currency: text().notNull(),
    /** Value of the returned units as paid (tax included). */
    goodsTotal: moneyTotal().notNull(),
    /** Delivery fee given back: only when the return brings the last unit of the order back. */
    shippingRefund: moneyTotal().notNull().default(0),
    /** goodsTotal + shippingRefund: what the customer is owed. */
    total: moneyTotal().notNull(),
    /** Part of `total` spent on the exchange order (its `exchange` tender). */
    exchangeAmount: moneyTotal().notNull().default(0),
    /** Part of `total` paid back by refundMethod. */
    refundedAmount: moneyTotal().notNull().default(0),
    vatBreakdown: jsonb().$type<ReturnVatLine[]>().notNull(),
    /** What each tender gave back: card to the acquirer, cash at the till, or store credit. */
    refunds: jsonb().$type<ReturnRefund[]>().notNull().default([]),
    exchangeOrderId: text().references(() => orders.id),
    /** Printed on the parcel of a mail or phone return. */
    labelReference: text(),
    windowOverridden: boolean().notNull().default(false),
    overrideNote: text(),
    note: text(),
    takenByStaffId: text().references(() => staffUsers.id),
    receivedByStaffId: text().references(() => staffUsers.id),
    actorKind: text().notNull(),
    actorId: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    receivedAt: timestamp({ withTimezone: true }),
    refundedAt: timestamp({ withTimezone: true }),
    cancelledAt: timestamp({ withTimezone: true }),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('returns_status_check', sql`${t.status} in (${sqlList(RETURN_STATUSES)})`),
    check('returns_method_check', sql`${t.method} in (${sqlList(RETURN_METHODS)})`),
    check('returns_refund_method_check', sql`${t.refundMethod} in (${sqlList(REFUND_METHODS)})`),
    check(
      'returns_amounts_check',
      sql`${t.goodsTotal} >= 0 and ${t.shippingRefund} >= 0 and ${t.total} = ${t.goodsTotal} + ${t.shippingRefund} and ${t.exchangeAmount} >= 0 and ${t.refundedAmount} >= 0 and ${t.exchangeAmount} + ${t.refundedAmount} <= ${t.total}`,
    ),
    // A refunded return has settled everything it owed, and received goods were received somewhere.
    check('returns_settled_check', sql`${t.status} <> 'refunded' or ${t.exchangeAmount} + ${t.refundedAmount} = ${t.total}`),
    check('returns_received_check', sql`${t.status} not in ('received', 'refunded') or ${t.receivingLocationId} is not null`),
    check('returns_override_check', sql`not ${t.windowOverridden} or ${t.overrideNote} is not null`),
    index('returns_order_idx').on(t.orderId, t.id),
    index('returns_customer_idx').on(t.customerId, t.id),
    // Staff lists: returns received at a store, optionally by status.
    index('returns_location_status_idx').on(t.receivingLocationId, t.status, t.id),
    index('returns_status_idx').on(t.status, t.id),
    // List filters: ?channelId= and ?createdFrom=/createdTo=.
    index('returns_channel_created_idx').on(t.channelId, t.createdAt),
    index('returns_created_at_idx').on(t.createdAt),
  ],
)

export const returnLines = pgTable(
  'return_lines',
  {
    id: text().primaryKey(),
    returnId: text()
      .notNull()
      .references(() => returns.id, { onDelete: 'cascade' }),
    orderLineId: text()
      .notNull()
      .references(() => orderLines.id),
    variantId: text()
      .notNull()
      .references(() => productVariants.id),
    sku: text().notNull(),
    quantity: integer().notNull(),
    reason: text({ enum: RETURN_REASONS }).notNull(),
    reasonNote: text(),
    /** Known once the goods are in hand; null while a mail or phone return is only requested. */
    condition: text({ enum: ITEM_CONDITIONS }),
    restocked: boolean().notNull().default(false),
    /** Tax-inclusive unit price the order line was sold at (before its discounts). */
    unitRefund: integer().notNull(),
    /** What these units give back: their share of the order line as paid, discounts taken off (orders' paidShare). */
    refundAmount: moneyTotal().notNull().default(0),
    vatRate: integer().notNull(),
  },
  (t) => [
    check('return_lines_quantity_check', sql`${t.quantity} > 0`),
    check('return_lines_unit_refund_check', sql`${t.unitRefund} >= 0`),
    check('return_lines_refund_amount_check', sql`${t.refundAmount} >= 0`),
    check('return_lines_reason_check', sql`${t.reason} in (${sqlList(RETURN_REASONS)})`),
    check('return_lines_condition_check', sql`${t.condition} is null or ${t.condition} in (${sqlList(ITEM_CONDITIONS)})`),
    check('return_lines_restocked_check', sql`not ${t.restocked} or ${t.condition} = 'resellable'`),
    index('return_lines_return_idx').on(t.returnId),
    index('return_lines_order_line_idx').on(t.orderLineId),
  ],
)

/** Every status change of a return, with who did it. */
export const returnHistory = pgTable(
  'return_history',
  {
    id: text().primaryKey(),
    returnId: text()
      .notNull()
      .references(() => returns.id, { onDelete: 'cascade' }),
    fromStatus: text(),
    toStatus: text().notNull(),
    actorKind: text().notNull(),
    actorId: text(),
    note: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('return_history_return_idx').on(t.returnId, t.id)],
)

/** How long after hand-over a channel's orders may be returned; a channel without a row uses the default window. */
export const returnPolicies = pgTable(
  'return_policies',
  {
    channelId: text()
      .primaryKey()
      .references(() => channels.id, { onDelete: 'cascade' }),
    windowDays: integer().notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('return_policies_window_check', sql`${t.windowDays} between 0 and 3650`)],
)
