import { sql } from 'drizzle-orm'
import { boolean, check, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core'
import { sqlList } from '../../platform/sql.js'
import { channels } from '../channels/schema.js'
import { customers } from '../customers/schema.js'
import { moneyTotal } from '../../platform/money.js'

export const PROMOTION_KINDS = ['percent_off', 'amount_off', 'buy_x_get_y', 'bundle_price', 'free_shipping'] as const
export const PROMOTION_STATUSES = ['active', 'paused', 'archived'] as const
export type PromotionStatus = (typeof PROMOTION_STATUSES)[number]

/**
 * A promotion as the back office defines it. `definition` holds the kind's own fields (percent, amount, target, buy,
 * get, productIds, price) exactly as the engine's PromotionRule names them; the shared fields are columns so that SQL
 * can select the active ones. `usedCount` moves only by guarded updates (never past `usageLimit`).
 */
export const promotions = pgTable(
  'promotions',
  {
    id: text().primaryKey(),
    name: text().notNull(),
    description: text(),
    kind: text({ enum: PROMOTION_KINDS }).notNull(),
    definition: jsonb().$type<Record<string, unknown>>().notNull(),
    priority: integer().notNull().default(100),
    stacking: text({ enum: ['exclusive', 'combinable'] }).notNull().default('combinable'),
    startsAt: timestamp({ withTimezone: true }),
    endsAt: timestamp({ withTimezone: true }),
    /** Empty: every channel. */
    channelIds: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    segment: jsonb().$type<{ groupCodes?: string[]; loyaltyTiers?: string[]; firstOrderOnly?: boolean }>().notNull().default({}),
    minSubtotal: integer(),
    /** Orders that may use it in all (null: unlimited); a cancelled or fully returned order gives its use back. */
    usageLimit: integer(),
    usedCount: integer().notNull().default(0),
    /** Orders one customer may use it on (null: unlimited). */
    perCustomerLimit: integer(),
    /** Applies only to a cart holding one of its coupons. */
    requiresCoupon: boolean().notNull().default(false),
    status: text({ enum: PROMOTION_STATUSES }).notNull().default('active'),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** Raised by the omni_bump_version trigger on every UPDATE: the ETag, compared with If-Match. */
    version: integer().notNull().default(1),
  },
  (t) => [
    check('promotions_kind_check', sql`${t.kind} in (${sqlList(PROMOTION_KINDS)})`),
    check('promotions_status_check', sql`${t.status} in (${sqlList(PROMOTION_STATUSES)})`),
    check('promotions_stacking_check', sql`${t.stacking} in ('exclusive', 'combinable')`),
    check('promotions_window_check', sql`${t.startsAt} is null or ${t.endsAt} is null or ${t.endsAt} > ${t.startsAt}`),
    check('promotions_usage_check', sql`${t.usedCount} >= 0 and (${t.usageLimit} is null or ${t.usedCount} <= ${t.usageLimit})`),
    check('promotions_limits_check', sql`(${t.usageLimit} is null or ${t.usageLimit} > 0) and (${t.perCustomerLimit} is null or ${t.perCustomerLimit} > 0)`),
    check('promotions_min_subtotal_check', sql`${t.minSubtotal} is null or ${t.minSubtotal} >= 0`),
    index('promotions_status_idx').on(t.status, t.priority),
  ],
)

/** Uses of a promotion by one customer, for per-customer limits (guarded upsert, never past the limit). */
export const promotionCustomerUses = pgTable(
  'promotion_customer_uses',
  {
    promotionId: text()
      .notNull()
      .references(() => promotions.id, { onDelete: 'cascade' }),
    customerId: text()
      .notNull()
      .references(() => customers.id),
    uses: integer().notNull().default(0),
  },
  (t) => [primaryKey({ name: 'promotion_customer_uses_pkey', columns: [t.promotionId, t.customerId] }), check('promotion_customer_uses_uses_check', sql`${t.uses} >= 0`)],
)

/** A bulk generation of codes (a contest's 500 codes): what was asked, so that the codes can be exported again. */
export const couponBatches = pgTable(
  'coupon_batches',
  {
    id: text().primaryKey(),
    promotionId: text()
      .notNull()
      .references(() => promotions.id),
    name: text().notNull(),
    prefix: text(),
    quantity: integer().notNull(),
    maxUsesPerCode: integer(),
    perCustomerLimit: integer(),
    expiresAt: timestamp({ withTimezone: true }),
    createdByKind: text().notNull(),
    createdById: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('coupon_batches_quantity_check', sql`${t.quantity} between 1 and 100000`), index('coupon_batches_promotion_idx').on(t.promotionId)],
)

export const COUPON_STATUSES = ['active', 'disabled'] as const

/**
 * A code that unlocks a promotion on any channel. Codes are stored upper-case without spaces and compared so.
 * `usedCount` moves only by guarded updates: never past `maxUses` (1 = single-use; null = unlimited).
 */
export const coupons = pgTable(
  'coupons',
  {
    id: text().primaryKey(),
    code: text().notNull(),
    promotionId: text()
      .notNull()
      .references(() => promotions.id),
    batchId: text().references(() => couponBatches.id),
    /** A voucher for one customer (a loyalty reward, a goodwill gesture): nobody else may use it. */
    customerId: text().references(() => customers.id),
    maxUses: integer(),
    perCustomerLimit: integer(),
    usedCount: integer().notNull().default(0),
    expiresAt: timestamp({ withTimezone: true }),
    status: text({ enum: COUPON_STATUSES }).notNull().default('active'),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** Raised by the omni_bump_version trigger on every UPDATE: the ETag, compared with If-Match. */
    version: integer().notNull().default(1),
  },
  (t) => [
    uniqueIndex('coupons_code_key').on(t.code),
    check('coupons_code_check', sql`${t.code} ~ '^[A-Z0-9][A-Z0-9-]{2,39}$'`),
    check('coupons_status_check', sql`${t.status} in (${sqlList(COUPON_STATUSES)})`),
    check('coupons_usage_check', sql`${t.usedCount} >= 0 and (${t.maxUses} is null or ${t.usedCount} <= ${t.maxUses})`),
    check('coupons_limits_check', sql`(${t.maxUses} is null or ${t.maxUses} > 0) and (${t.perCustomerLimit} is null or ${t.perCustomerLimit} > 0)`),
    index('coupons_promotion_idx').on(t.promotionId),
    index('coupons_batch_idx').on(t.batchId),
    index('coupons_customer_idx').on(t.customerId),
  ],
)

/** Uses of a coupon by one customer, for per-customer limits (guarded upsert). */
export const couponCustomerUses = pgTable(
  'coupon_customer_uses',
  {
    couponId: text()
      .notNull()
      .references(() => coupons.id, { onDelete: 'cascade' }),
    customerId: text()
      .notNull()
      .references(() => customers.id),
    uses: integer().notNull().default(0),
  },
  (t) => [primaryKey({ name: 'coupon_customer_uses_pkey', columns: [t.couponId, t.customerId] }), check('coupon_customer_uses_uses_check', sql`${t.uses} >= 0`)],
)

export const REDEMPTION_STATUSES = ['redeemed', 'released'] as const

/**
 * What each promotion took off an order (the order's discounts, with the promotion's name and kind as they were),
 * and the use it counted: released (use given back) when the order is cancelled or every unit comes back.
 */
export const promotionRedemptions = pgTable(
  'promotion_redemptions',
  {
    id: text().primaryKey(),
    orderId: text().notNull(),
    promotionId: text()
      .notNull()
      .references(() => promotions.id),
    couponId: text().references(() => coupons.id),
    couponCode: text(),
    customerId: text().references(() => customers.id),
    channelId: text()
      .notNull()
      .references(() => channels.id),
    name: text().notNull(),
    kind: text({ enum: PROMOTION_KINDS }).notNull(),
    level: text({ enum: ['items', 'order', 'shipping'] }).notNull(),
    amount: moneyTotal().notNull(),
    status: text({ enum: REDEMPTION_STATUSES }).notNull().default('redeemed'),
    releaseReason: text(),
    redeemedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    releasedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex('promotion_redemptions_order_promotion_key').on(t.orderId, t.promotionId),
    check('promotion_redemptions_amount_check', sql`${t.amount} > 0`),
    check('promotion_redemptions_status_check', sql`${t.status} in (${sqlList(REDEMPTION_STATUSES)})`),
    check('promotion_redemptions_level_check', sql`${t.level} in ('items', 'order', 'shipping')`),
    index('promotion_redemptions_promotion_idx').on(t.promotionId, t.redeemedAt),
    index('promotion_redemptions_coupon_idx').on(t.couponId),
    index('promotion_redemptions_customer_idx').on(t.customerId),
  ],
)
