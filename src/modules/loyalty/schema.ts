import { sql } from 'drizzle-orm'
import { boolean, check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core'
import { sqlList } from '../../platform/sql.js'
import { customers } from '../customers/schema.js'
import { coupons, promotions } from '../promotions/schema.js'
import { moneyTotal } from '../../platform/money.js'

/** The programme's one row of settings (id is always 'default'). */
export const loyaltySettings = pgTable(
  'loyalty_settings',
  {
    id: text().primaryKey().default('default'),
    /** Points earned per whole euro (currency unit) of goods paid, after discounts, shipping excluded. */
    pointsPerUnit: integer().notNull().default(1),
    currency: text().notNull().default('EUR'),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('loyalty_settings_singleton_check', sql`${t.id} = 'default'`), check('loyalty_settings_rate_check', sql`${t.pointsPerUnit} between 0 and 1000`)],
)

/** A tier: reached when the points earned and kept (lifetime) reach its threshold. */
export const loyaltyTiers = pgTable(
  'loyalty_tiers',
  {
    code: text().primaryKey(),
    name: jsonb().$type<{ fr: string; en: string }>().notNull(),
    threshold: integer().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('loyalty_tiers_code_check', sql`${t.code} ~ '^[a-z0-9][a-z0-9_-]{0,39}$'`),
    check('loyalty_tiers_threshold_check', sql`${t.threshold} >= 0`),
    uniqueIndex('loyalty_tiers_threshold_key').on(t.threshold),
  ],
)

/**
 * A customer's balances, moved only together with a ledger entry by guarded updates; the CHECKs are the last line of
 * defence. `available` can be spent; `pending` waits for the return window of its orders; `lifetime` (earned and
 * kept) sets the tier.
 */
export const loyaltyAccounts = pgTable(
  'loyalty_accounts',
  {
    customerId: text()
      .primaryKey()
      .references(() => customers.id),
    available: moneyTotal().notNull().default(0),
    pending: moneyTotal().notNull().default(0),
    lifetime: moneyTotal().notNull().default(0),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('loyalty_accounts_balances_check', sql`${t.available} >= 0 and ${t.pending} >= 0 and ${t.lifetime} >= 0`)],
)

export const LOYALTY_ENTRY_KINDS = ['earn_pending', 'earn_confirmed', 'earn_reversed', 'redeem', 'redeem_reversed', 'adjust'] as const
export type LoyaltyEntryKind = (typeof LOYALTY_ENTRY_KINDS)[number]

/** The ledger: every change of a balance, with why, who, and the order, return or reward it came from. */
export const loyaltyEntries = pgTable(
  'loyalty_entries',
  {
    id: text().primaryKey(),
    customerId: text()
      .notNull()
      .references(() => customers.id),
    kind: text({ enum: LOYALTY_ENTRY_KINDS }).notNull(),
    availableDelta: moneyTotal().notNull().default(0),
    pendingDelta: moneyTotal().notNull().default(0),
    lifetimeDelta: moneyTotal().notNull().default(0),
    orderId: text(),
    returnId: text(),
    rewardId: text(),
    couponId: text(),
    channelId: text(),
    note: text(),
    actorKind: text().notNull(),
    actorId: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('loyalty_entries_kind_check', sql`${t.kind} in (${sqlList(LOYALTY_ENTRY_KINDS)})`),
    check('loyalty_entries_delta_check', sql`${t.availableDelta} <> 0 or ${t.pendingDelta} <> 0 or ${t.lifetimeDelta} <> 0`),
    index('loyalty_entries_customer_idx').on(t.customerId, t.id),
    // An order earns once and is confirmed once; a return reverses once.
    uniqueIndex('loyalty_entries_earn_key')
      .on(t.orderId, t.kind)
      .where(sql`${t.kind} in ('earn_pending', 'earn_confirmed')`),
    uniqueIndex('loyalty_entries_return_key')
      .on(t.returnId)
      .where(sql`${t.kind} = 'earn_reversed'`),
  ],
)

/** A reward of the catalogue: points exchanged for a voucher (a single-use coupon of `promotionId`, for her only). */
export const loyaltyRewards = pgTable(
  'loyalty_rewards',
  {
    id: text().primaryKey(),
    name: jsonb().$type<{ fr: string; en: string }>().notNull(),
    pointsCost: integer().notNull(),
    promotionId: text()
      .notNull()
      .references(() => promotions.id),
    voucherValidDays: integer().notNull().default(90),
    active: boolean().notNull().default(true),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('loyalty_rewards_cost_check', sql`${t.pointsCost} > 0`), check('loyalty_rewards_validity_check', sql`${t.voucherValidDays} between 1 and 3650`)],
)

/** The vouchers a customer took for her points: which coupon each redemption produced. */
export const loyaltyVouchers = pgTable(
  'loyalty_vouchers',
  {
    couponId: text()
      .primaryKey()
      .references(() => coupons.id),
    customerId: text()
      .notNull()
      .references(() => customers.id),
    rewardId: text()
      .notNull()
      .references(() => loyaltyRewards.id),
    points: integer().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('loyalty_vouchers_customer_idx').on(t.customerId), check('loyalty_vouchers_points_check', sql`${t.points} > 0`)],
)
